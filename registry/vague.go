package registry

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Reason is why a registry row is vague: it does not say clearly what uses
// the port or who answers for it.
type Reason string

// The vague reasons, each explainable in one line (see [Reason.Explain]).
const (
	ReasonNameless      Reason = "nameless"       // a port with text but no service name
	ReasonHedged        Reason = "hedged"         // text that hedges: "possibly", "unknown", "????"
	ReasonNoDescription Reason = "no-description" // an empty description
	ReasonRepeatsName   Reason = "repeats-name"   // a description that only repeats the name
	ReasonNoRegistrant  Reason = "no-registrant"  // no assignee, no contact, no reference
	ReasonUnauthorized  Reason = "unauthorized"   // unauthorized use reported
	ReasonConflict      Reason = "conflict"       // the notes report a conflict on the port
)

var reasonText = map[Reason]string{
	ReasonNameless:      "the port has text but no service name",
	ReasonHedged:        "the text hedges (possibly, unknown, may be, ????, TBD)",
	ReasonNoDescription: "the description is empty",
	ReasonRepeatsName:   "the description only repeats the service name",
	ReasonNoRegistrant:  "no assignee, contact or reference says who answers for it",
	ReasonUnauthorized:  "unauthorized use of the port is reported",
	ReasonConflict:      "the notes report a conflict on the port",
}

// reasonWeight ranks reasons: the higher the sum, the vaguer the row.
var reasonWeight = map[Reason]int{
	ReasonNameless: 3, ReasonHedged: 3, ReasonNoDescription: 2, ReasonNoRegistrant: 2,
	ReasonConflict: 2, ReasonUnauthorized: 1, ReasonRepeatsName: 1,
}

// JoinReasons writes reasons as "nameless, hedged".
func JoinReasons(rs []Reason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// Explain says in one line what the reason means.
func (r Reason) Explain() string { return reasonText[r] }

// Weight is the reason's share of a vagueness score.
func (r Reason) Weight() int { return reasonWeight[r] }

// hedgeWords are the words of uncertainty in registry text, matched
// case-insensitively as whole words, plus "may be" and "????" anywhere. They
// were chosen from the real registry: "Possibly used by Sun Solaris????"
// (1008/udp), "(unassigned) Possibly assigned", "TBD" placeholders, "may be
// used". Matching is a word scan, not a regexp: the check runs it on every
// matched row, and a case-folding regexp was most of its time.
var hedgeWords = []string{"possibly", "unknown", "maybe", "tbd", "unclear", "uncertain", "probably"}

func hedged(s string) bool {
	if strings.Contains(s, "????") {
		return true
	}
	prev := ""
	found := false
	eachWord(s, func(w string) bool {
		for _, h := range hedgeWords {
			if len(w) == len(h) && strings.EqualFold(w, h) {
				found = true
			}
		}
		if strings.EqualFold(prev, "may") && strings.EqualFold(w, "be") {
			found = true
		}
		prev = w
		return !found
	})
	return found
}

// hasWord reports whether s holds word, compared case-insensitively.
func hasWord(s, word string) bool {
	found := false
	eachWord(s, func(w string) bool {
		found = len(w) == len(word) && strings.EqualFold(w, word)
		return !found
	})
	return found
}

// eachWord calls fn with each run of ASCII letters in s until fn returns
// false.
func eachWord(s string, fn func(string) bool) {
	start := -1
	for i := 0; i <= len(s); i++ {
		letter := i < len(s) && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z')
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			if !fn(s[start:i]) {
				return
			}
			start = -1
		}
	}
}

// VagueReasons returns why a row with a port is vague, or nothing. Only
// assigned and nameless rows can be vague: reserved, unassigned and
// deregistered rows say exactly what they are.
func VagueReasons(e *Entry) []Reason {
	if e.Kind != Assigned && e.Kind != Nameless {
		return nil
	}
	var rs []Reason
	if e.Kind == Nameless {
		rs = append(rs, ReasonNameless)
	}
	// Only the description: notes hedge about other things ("these TXT
	// keys may be omitted", iax 4569), not about who uses the port.
	if hedged(e.Description) {
		rs = append(rs, ReasonHedged)
	}
	desc := Canon(e.Description)
	switch {
	case desc == "":
		rs = append(rs, ReasonNoDescription)
	case e.Name != "" && strings.EqualFold(desc, e.Name):
		rs = append(rs, ReasonRepeatsName)
	}
	if strings.TrimSpace(e.Assignee) == "" && strings.TrimSpace(e.Contact) == "" && strings.TrimSpace(e.Reference) == "" {
		rs = append(rs, ReasonNoRegistrant)
	}
	if strings.TrimSpace(e.UnauthorizedUse) != "" {
		rs = append(rs, ReasonUnauthorized)
	}
	if hasWord(e.Notes, "conflict") || hasWord(e.Description, "conflict") {
		rs = append(rs, ReasonConflict)
	}
	return rs
}

// VagueScore sums the weights of reasons.
func VagueScore(rs []Reason) int {
	n := 0
	for _, r := range rs {
		n += r.Weight()
	}
	return n
}

// historicRE finds the ways IANA marks a named row as no longer in use:
// "Message Send Protocol (historic)", "This entry is now historic, not usable
// for use with many common service discovery mechanisms", a description of
// "De-Registered".
var historicRE = regexp.MustCompile(`(?i)\(historic\)|\bnow historic\b|^\s*de-?registered\b|^\s*removed\b`)

var aliasToRE = regexp.MustCompile(`(?i)alias to "([^"]+)"`)

// Historic reports whether a named row is marked historic or de-registered,
// and the name IANA says replaces it ("whoispp" for "whois++"), if any.
func Historic(e *Entry) (historic bool, replacement string) {
	// Every form historicRE knows holds one of these words: a cheap test
	// first, the regexp only then.
	maybe := func(s string) bool {
		return hasWord(s, "historic") || hasWord(s, "registered") || hasWord(s, "removed")
	}
	if e.Name == "" || !(maybe(e.Description) || maybe(e.Notes)) {
		return false, ""
	}
	if !(historicRE.MatchString(e.Description) || historicRE.MatchString(e.Notes)) {
		return false, ""
	}
	if m := aliasToRE.FindStringSubmatch(e.Notes); m != nil {
		replacement = m[1]
	}
	return true, replacement
}

// Doubtful keeps the reasons that make a row doubtful to rely on: no name,
// hedging text, or neither a description nor a registrant (801 "device").
// An old row with a registrant but no description, a description that
// repeats the name, or a past unauthorized use is not doubtful on its own.
func Doubtful(e *Entry) []Reason {
	rs := VagueReasons(e)
	both := slices.Contains(rs, ReasonNoDescription) && slices.Contains(rs, ReasonNoRegistrant)
	var out []Reason
	for _, r := range rs {
		switch {
		case r == ReasonNameless, r == ReasonHedged:
			out = append(out, r)
		case both && (r == ReasonNoDescription || r == ReasonNoRegistrant):
			out = append(out, r)
		}
	}
	return out
}

// AllReasons lists every reason, in the order reports list them.
var AllReasons = []Reason{ReasonNameless, ReasonHedged, ReasonNoDescription,
	ReasonNoRegistrant, ReasonConflict, ReasonUnauthorized, ReasonRepeatsName}

// ParseReasons reads reason names.
func ParseReasons(names []string) ([]Reason, error) {
	var out []Reason
	for _, n := range names {
		if !slices.Contains(AllReasons, Reason(n)) {
			return nil, fmt.Errorf("unknown reason %q: want %s", n, JoinReasons(AllReasons))
		}
		out = append(out, Reason(n))
	}
	return out, nil
}

// VagueRow is a vague row with its reasons and score.
type VagueRow struct {
	Entry
	Class   Class    `json:"class"`
	Reasons []Reason `json:"reasons"`
	Score   int      `json:"score"`
}

// VagueFilter narrows [Registry.Vague]: rows with any of Reasons (all when
// empty), overlapping Within, on Proto (any when NoProto).
type VagueFilter struct {
	Reasons []Reason
	Within  PortRange
	Proto   Protocol
}

// Vague lists the vague rows that pass the filter, vaguest first, then in
// registry order.
func (r *Registry) Vague(f VagueFilter) []VagueRow {
	out := []VagueRow{}
	for i := range r.Entries {
		e := &r.Entries[i]
		if !e.Ports.Overlaps(f.Within) || !e.On(f.Proto) {
			continue
		}
		rs := VagueReasons(e)
		if len(rs) == 0 || (f.Reasons != nil && !slices.ContainsFunc(rs, func(r Reason) bool { return slices.Contains(f.Reasons, r) })) {
			continue
		}
		out = append(out, VagueRow{Entry: *e, Class: e.Ports.Class(), Reasons: rs, Score: VagueScore(rs)})
	}
	slices.SortStableFunc(out, func(a, b VagueRow) int { return cmp.Compare(b.Score, a.Score) })
	return out
}

// CountReasons counts the rows that have each reason.
func CountReasons(rows []VagueRow) map[Reason]int {
	m := map[Reason]int{}
	for _, r := range rows {
		for _, rs := range r.Reasons {
			m[rs]++
		}
	}
	return m
}
