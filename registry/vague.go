package registry

import (
	"regexp"
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

// Explain says in one line what the reason means.
func (r Reason) Explain() string { return reasonText[r] }

// Weight is the reason's share of a vagueness score.
func (r Reason) Weight() int { return reasonWeight[r] }

// hedges are the words and marks of uncertainty in registry text, matched
// case-insensitively on word boundaries ("????" anywhere). They were chosen
// from the real registry: "Possibly used by Sun Solaris????" (1008/udp),
// "(unassigned) Possibly assigned", "TBD" placeholders, "may be used".
var hedgeRE = regexp.MustCompile(`(?i)\?\?\?\?|\b(possibly|unknown|may be|maybe|tbd|to be determined|unclear|uncertain|probably)\b`)

var conflictRE = regexp.MustCompile(`(?i)\bconflict\b`)

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
	if hedgeRE.MatchString(e.Description) || hedgeRE.MatchString(e.Notes) {
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
	if conflictRE.MatchString(e.Notes) || conflictRE.MatchString(e.Description) {
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
	if e.Name == "" || !(historicRE.MatchString(e.Description) || historicRE.MatchString(e.Notes)) {
		return false, ""
	}
	if m := aliasToRE.FindStringSubmatch(e.Notes); m != nil {
		replacement = m[1]
	}
	return true, replacement
}
