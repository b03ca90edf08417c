package registry

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Reason is a sign that a registry row is vague: it does not say clearly
// what uses the port or who answers for it.
type Reason string

// The vague reasons, each explainable in one line (see [Reason.Explain]).
const (
	ReasonNameless      Reason = "nameless"       // a port with text but no service name
	ReasonHedged        Reason = "hedged"         // text that hedges: "possibly", "unknown", "????"
	ReasonNoDescription Reason = "no-description" // an empty description
	ReasonNoRegistrant  Reason = "no-registrant"  // no assignee, no contact
	ReasonConflict      Reason = "conflict"       // the notes report a conflict on the port
	ReasonNoReference   Reason = "no-reference"   // no reference
	ReasonRepeatsName   Reason = "repeats-name"   // a description that only repeats the name
	ReasonUnauthorized  Reason = "unauthorized"   // unauthorized use reported
	ReasonStaleContact  Reason = "stale-contact"  // every person named is unknown or not updated in 15 years
)

var reasonText = map[Reason]string{
	ReasonNameless:      "the port has text but no service name",
	ReasonHedged:        "the description hedges (possibly, unknown, may be, ????, TBD)",
	ReasonNoDescription: "the description is empty",
	ReasonNoRegistrant:  "no assignee or contact says who answers for it",
	ReasonConflict:      "the notes report a conflict on the port",
	ReasonNoReference:   "no reference documents it",
	ReasonRepeatsName:   "the description only repeats the service name",
	ReasonUnauthorized:  "unauthorized use of the port is reported",
	ReasonStaleContact:  "every person it names is unknown, undated, or not updated in 15 years",
}

// reasonWeight is each reason's share of a score; the package doc (Vague
// rows) says how the weights were set.
var reasonWeight = map[Reason]int{
	ReasonNameless: 3, ReasonHedged: 3,
	ReasonNoDescription: 2, ReasonNoRegistrant: 2, ReasonConflict: 2,
	ReasonNoReference: 1, ReasonRepeatsName: 1, ReasonUnauthorized: 1, ReasonStaleContact: 1,
}

// AllReasons lists every reason, in the order reports list them: heaviest
// first.
var AllReasons = []Reason{ReasonNameless, ReasonHedged, ReasonNoDescription, ReasonNoRegistrant,
	ReasonConflict, ReasonNoReference, ReasonRepeatsName, ReasonUnauthorized, ReasonStaleContact}

// Explain says in one line what the reason means.
func (r Reason) Explain() string { return reasonText[r] }

// Weight is the reason's share of a vagueness score: positive.
func (r Reason) Weight() int { return reasonWeight[r] }

// Credit is a sign that a registry row is documented.
type Credit string

// The credits, each explainable in one line (see [Credit.Explain]).
const (
	CreditRFC        Credit = "rfc"        // an RFC reference
	CreditDraft      Credit = "draft"      // an Internet-Draft reference
	CreditRegistrant Credit = "registrant" // a registrant the people data knows by name or organisation
	CreditDescribed  Credit = "described"  // a description that says more than the name
	CreditRecent     Credit = "recent"     // registered or modified in the last 10 years
)

var creditText = map[Credit]string{
	CreditRFC:        "an RFC documents it",
	CreditDraft:      "an Internet-Draft documents it",
	CreditRegistrant: "a person the people data knows by name or organisation answers for it",
	CreditDescribed:  "the description says more than the service name",
	CreditRecent:     "registered or modified in the 10 years before the registry's date",
}

var creditWeight = map[Credit]int{
	CreditRFC: -3, CreditDraft: -2, CreditRegistrant: -2, CreditDescribed: -1, CreditRecent: -1,
}

// AllCredits lists every credit, in the order reports list them.
var AllCredits = []Credit{CreditRFC, CreditDraft, CreditRegistrant, CreditDescribed, CreditRecent}

// Explain says in one line what the credit means.
func (c Credit) Explain() string { return creditText[c] }

// Weight is the credit's share of a vagueness score: negative.
func (c Credit) Weight() int { return creditWeight[c] }

// SignNoPeople marks the evidence that says a row's contacts were not
// judged, for want of people data.
const SignNoPeople = "no-people-data"

const (
	// VagueThreshold is the score from which a row is vague by default.
	VagueThreshold = 4
	// StaleContactYears is how long before the registry's date a person's
	// record must have been updated for a row not to be stale-contact.
	StaleContactYears = 15
	// RecentYears is how long before the registry's date a registration
	// or modification counts as recent.
	RecentYears = 10
)

// Evidence is one sign the model found on a row, in words.
type Evidence struct {
	// Sign is a [Reason], a [Credit], or [SignNoPeople].
	Sign string `json:"sign"`
	// Weight is the sign's share of the score: positive for vagueness,
	// negative for documentation, 0 for a note.
	Weight int `json:"weight"`
	// Text is what the row shows: "no reference", "RFC 9260", "registrant
	// Joe Touch", "contact Jon Postel: record undated".
	Text string `json:"text"`
}

// Assessment is the model's judgement of one row.
type Assessment struct {
	signs    int        // how many signs of vagueness, even when Reasons is not filled
	Score    int        `json:"score"`
	Vague    bool       `json:"vague"` // Score >= VagueThreshold, and not both an RFC and a named registrant
	Reasons  []Reason   `json:"reasons"`
	Credits  []Credit   `json:"credits"`
	Evidence []Evidence `json:"evidence"`
}

// Assessor judges the rows of one registry: the people data and the
// registry's date are part of the judgement.
type Assessor struct {
	people      People
	hasPeople   bool
	staleBefore Date // a person updated before this is stale
	recentSince Date // a row registered or modified since this is recent
}

// Assessor returns the judge of r's rows. It reads r's date, one pass over
// the rows: make one per registry, not one per row.
func (r *Registry) Assessor() *Assessor {
	a := &Assessor{people: r.People, hasPeople: len(r.People) > 0}
	// A registry with no dates (a test's, a hand-made one) has no "recent"
	// and no age limit: undated and missing persons are still stale.
	if d := r.Date(); d.Year > StaleContactYears {
		a.staleBefore = Date{d.Year - StaleContactYears, d.Month, d.Day}
		a.recentSince = Date{d.Year - RecentYears, d.Month, d.Day}
	}
	return a
}

// Assess weighs the signs of e. Only assigned and nameless rows are judged:
// reserved, unassigned and deregistered rows say exactly what they are, and
// name-only rows hold no port; their assessment is empty.
func (a *Assessor) Assess(e *Entry) Assessment { return a.assess(e, true) }

// JudgedAlike reports whether a and b differ at most in their ports and
// protocol, which neither the assessment nor [Historic] reads: mostly a
// service's tcp and udp rows, which a services file lists one after the
// other. A caller judging rows in turn can keep the verdict on the last.
func JudgedAlike(a, b *Entry) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.Description == b.Description && a.Assignee == b.Assignee &&
		a.Contact == b.Contact && a.Registered == b.Registered && a.Modified == b.Modified &&
		a.Reference == b.Reference && a.UnauthorizedUse == b.UnauthorizedUse && a.Notes == b.Notes
}

// Judge is [Assessor.Assess] reduced to its verdict: whether e is vague by
// default and, if it is, why. It is what check and listening ask of every
// row they match, at a fraction of the cost.
func (a *Assessor) Judge(e *Entry) (vague bool, reasons []Reason) {
	as := a.assess(e, false)
	return as.Vague, as.Reasons
}

// assess is Assess, with the evidence in words only when words is set.
// Signs are taken in the order reports list them (AllReasons, AllCredits,
// then the note), so nothing needs sorting.
func (a *Assessor) assess(e *Entry, words bool) Assessment {
	var as Assessment
	if e.Kind != Assigned && e.Kind != Nameless {
		return as
	}
	// Reasons and credits gather on the stack, and reach the heap once:
	// check judges every row a services file matches.
	var reasons [9]Reason
	var credits [5]Credit
	nr, nc := 0, 0
	flag := func(r Reason, text func() string) {
		reasons[nr], nr = r, nr+1
		as.Score += r.Weight()
		if words {
			as.Evidence = append(as.Evidence, Evidence{string(r), r.Weight(), text()})
		}
	}
	credit := func(c Credit, text func() string) {
		credits[nc], nc = c, nc+1
		as.Score += c.Weight()
		if words {
			as.Evidence = append(as.Evidence, Evidence{string(c), c.Weight(), text()})
		}
	}

	desc := Canon(e.Description)
	// Only the description hedges: notes hedge about other things ("these
	// TXT keys may be omitted", iax 4569), not about who uses the port.
	hedging := hedged(desc)
	repeats := desc != "" && e.Name != "" && onlyName(desc, e.Name)
	described := desc != "" && !hedging && !repeats
	noRegistrant := strings.TrimSpace(e.Assignee) == "" && strings.TrimSpace(e.Contact) == ""
	var rfcs, drafts int
	if e.Reference != "" {
		for _, ref := range parseRefs(e.Reference) {
			switch ref.Type {
			case RefRFC:
				rfcs++
			case RefDraft:
				drafts++
			}
		}
	}
	recent := ""
	if !a.recentSince.IsZero() {
		switch {
		case !e.Modified.Before(a.recentSince):
			recent = "modified " + e.Modified.String()
		case !e.Registered.Before(a.recentSince):
			recent = "registered " + e.Registered.String()
		}
	}

	if e.Kind == Nameless {
		flag(ReasonNameless, func() string { return "no service name" })
	}
	if hedging {
		flag(ReasonHedged, func() string { return "hedges: " + quoteAll(hedges(desc)) })
	}
	if desc == "" {
		flag(ReasonNoDescription, func() string { return "no description" })
	}
	if noRegistrant {
		flag(ReasonNoRegistrant, func() string { return "no registrant or contact" })
	}
	for _, t := range [...]string{e.Notes, e.Description} {
		if hasWord(t, "conflict") {
			flag(ReasonConflict, func() string { return fmt.Sprintf("reports a conflict: %q", around(Canon(t), "conflict", 60)) })
			break
		}
	}
	if strings.TrimSpace(e.Reference) == "" {
		flag(ReasonNoReference, func() string { return "no reference" })
	}
	if repeats {
		flag(ReasonRepeatsName, func() string { return fmt.Sprintf("description %q only repeats the name", Clip(desc, 40)) })
	}
	if strings.TrimSpace(e.UnauthorizedUse) != "" {
		flag(ReasonUnauthorized, func() string {
			return fmt.Sprintf("unauthorized use reported: %q", Clip(Canon(e.UnauthorizedUse), 50))
		})
	}

	// The persons the row names: those the people data knows by name or
	// organisation are credited; stale-contact when every one is stale.
	// They move the score by +1 at most: a verdict that needs no evidence
	// skips them when the rest leaves the row short of the threshold by
	// more than that.
	var ids, named []string
	people := a.hasPeople
	if !words {
		rest := as.Score
		for _, w := range [...]struct {
			on bool
			c  Credit
		}{{rfcs > 0, CreditRFC}, {drafts > 0, CreditDraft}, {described, CreditDescribed}, {recent != "", CreditRecent}} {
			if w.on {
				rest += w.c.Weight()
			}
		}
		people = people && rest+ReasonStaleContact.Weight() >= VagueThreshold
	}
	if !noRegistrant && (people || words) {
		ids = e.PersonIDs()
	}
	if people && len(ids) > 0 {
		// An undated record's age is unknown; the row's own newest date
		// stands for it: a row IANA changed recently names a contact IANA
		// accepted then (the SCTP rows of RFC 9260, 2022).
		rowDate := e.Registered
		if rowDate.Before(e.Modified) {
			rowDate = e.Modified
		}
		var stale []string
		for _, id := range ids {
			p, ok := a.people.Lookup(id)
			who := id
			if ok && (p.Name != "" || p.Org != "") {
				who = cmp.Or(p.Name, p.Org)
				named = append(named, who)
			}
			switch {
			case !ok:
				stale = append(stale, "contact "+id+" not in the people data")
			case standingBody(p):
				// The IESG, the IETF Chair, IANA: roles, whose record
				// does not age with a person.
			case p.Updated.IsZero() && rowDate.IsZero():
				stale = append(stale, "contact "+who+": record undated")
			case p.Updated.IsZero():
				if rowDate.Before(a.staleBefore) {
					stale = append(stale, "contact "+who+": record undated, row last changed "+rowDate.String())
				}
			case p.Updated.Before(a.staleBefore):
				stale = append(stale, "contact "+who+" last updated "+p.Updated.String())
			}
		}
		if len(stale) == len(ids) {
			flag(ReasonStaleContact, func() string { return strings.Join(stale, "; ") })
		}
	}

	if rfcs > 0 {
		credit(CreditRFC, func() string { return strings.Join(refsOf(e.Reference, RefRFC), ", ") })
	}
	if drafts > 0 {
		credit(CreditDraft, func() string { return "draft " + strings.Join(refsOf(e.Reference, RefDraft), ", ") })
	}
	if len(named) > 0 {
		credit(CreditRegistrant, func() string { return "registrant " + strings.Join(named, ", ") })
	}
	if described {
		credit(CreditDescribed, func() string { return fmt.Sprintf("description %q", Clip(desc, 40)) })
	}
	if recent != "" {
		credit(CreditRecent, func() string { return recent })
	}
	if words && !a.hasPeople && len(ids) > 0 {
		as.Evidence = append(as.Evidence, Evidence{SignNoPeople, 0,
			fmt.Sprintf("no people data (a registry read from CSV): %s neither flagged nor credited", strings.Join(ids, ", "))})
	}

	documented := rfcs > 0 && len(named) > 0
	as.Vague = as.Score >= VagueThreshold && !documented
	as.signs = nr
	switch {
	case words:
		// Empty lists, not null, in JSON.
		as.Reasons = append([]Reason{}, reasons[:nr]...)
		as.Credits = append([]Credit{}, credits[:nc]...)
		if as.Evidence == nil {
			as.Evidence = []Evidence{}
		}
	case as.Vague:
		as.Reasons = slices.Clone(reasons[:nr])
	}
	return as
}

// refsOf returns the references of one type in s, as evidence: "RFC 9260",
// "RFC 8765, Section 6.1", "draft-ietf-...".
func refsOf(s, typ string) []string {
	var out []string
	for _, ref := range parseRefs(s) {
		if ref.Type == typ {
			if typ == RefRFC {
				ref.Data = "RFC " + strings.TrimSpace(ref.Data[3:])
			}
			out = append(out, ref.Data)
		}
	}
	return out
}

// standingBody reports whether a person record is a body of the Internet
// standards process (IESG, IETF Chair, IANA, a working group's chairs),
// known by its mail domain.
func standingBody(p Person) bool {
	_, domain, ok := strings.Cut(p.Email(), "@")
	if !ok {
		return false
	}
	domain = strings.ToLower(domain)
	for _, d := range [...]string{"ietf.org", "iab.org", "irtf.org", "iana.org", "rfc-editor.org"} {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return false
}

// hedgeWords are the words of uncertainty in registry text, matched
// case-insensitively as whole words, plus "may be" and "????" anywhere. They
// were chosen from the real registry: "Possibly used by Sun Solaris????"
// (1008/udp), "(unassigned) Possibly assigned", "TBD" placeholders, "may be
// used". Matching is a word scan, not a regexp: the check runs it on every
// matched row, and a case-folding regexp was most of its time.
var hedgeWords = []string{"possibly", "unknown", "maybe", "tbd", "unclear", "uncertain", "probably"}

// hedged reports whether s hedges, as [hedges] would find, stopping at the
// first hedge.
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

// hedges returns the hedging words of s as written, in order, without
// repeats: "Possibly", "????".
func hedges(s string) []string {
	var out []string
	add := func(w string) {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	prev := ""
	eachWord(s, func(w string) bool {
		for _, h := range hedgeWords {
			if len(w) == len(h) && strings.EqualFold(w, h) {
				add(w)
			}
		}
		if strings.EqualFold(prev, "may") && strings.EqualFold(w, "be") {
			add(prev + " " + w)
		}
		prev = w
		return true
	})
	if strings.Contains(s, "????") {
		add("????")
	}
	return out
}

func quoteAll(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}

// around returns up to n characters of s centred on the first
// case-insensitive occurrence of word, with "…" where it cut.
func around(s, word string, n int) string {
	i := strings.Index(strings.ToLower(s), word)
	if i < 0 || len(s) <= n {
		return Clip(s, n)
	}
	lo := max(0, i-n/2)
	hi := min(len(s), lo+n)
	lo = max(0, hi-n)
	// Cut on spaces so as not to split a word, or a UTF-8 sequence.
	if lo > 0 {
		if j := strings.IndexByte(s[lo:], ' '); j >= 0 && lo+j < i {
			lo += j + 1
		}
	}
	if hi < len(s) {
		if j := strings.LastIndexByte(s[:hi], ' '); j > i+len(word) {
			hi = j
		}
	}
	out := s[lo:hi]
	if lo > 0 {
		out = "…" + out
	}
	if hi < len(s) {
		out += "…"
	}
	return out
}

// fillerWords add nothing to a name: "XYZ Server" says no more than "xyz".
var fillerWords = []string{"a", "an", "the", "of", "for", "and", "service", "server", "protocol", "port", "daemon"}

// onlyName reports whether desc says nothing but name: every word of desc
// is a word of the name, the whole name, or filler. "SNMP" for snmp, "NETSC"
// for netsc-prod, "Remote-KIS" for remote-kis, "Mobile IP Agent" for
// mobileip-agent; not "Applix ac" for applix.
func onlyName(desc, name string) bool {
	if sameAlnum(desc, name) {
		return true
	}
	only := true
	eachAlnum(desc, func(w string) bool {
		only = sameAlnum(w, name) || slices.ContainsFunc(fillerWords, func(f string) bool { return strings.EqualFold(w, f) })
		eachAlnum(name, func(part string) bool {
			only = only || strings.EqualFold(w, part)
			return !only
		})
		return only
	})
	return only
}

// sameAlnum reports whether a and b have the same ASCII letters and digits
// in the same order, ignoring case and everything else: "Mobile IP Agent"
// and "mobileip-agent".
func sameAlnum(a, b string) bool {
	alnum := func(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' }
	i, j := 0, 0
	for {
		for i < len(a) && !alnum(a[i]) {
			i++
		}
		for j < len(b) && !alnum(b[j]) {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i]|0x20 != b[j]|0x20 {
			return false
		}
		i++
		j++
	}
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
func eachWord(s string, fn func(string) bool) { eachRun(s, false, fn) }

// eachAlnum calls fn with each run of ASCII letters and digits in s until
// fn returns false.
func eachAlnum(s string, fn func(string) bool) { eachRun(s, true, fn) }

func eachRun(s string, digits bool, fn func(string) bool) {
	start := -1
	for i := 0; i <= len(s); i++ {
		in := i < len(s) && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z' || digits && s[i] >= '0' && s[i] <= '9')
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			if !fn(s[start:i]) {
				return
			}
			start = -1
		}
	}
}

// JoinReasons writes reasons as "nameless, hedged".
func JoinReasons(rs []Reason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// historicRE finds the ways IANA marks a named row as no longer in use:
// "Message Send Protocol (historic)", "This entry is now historic, not usable
// for use with many common service discovery mechanisms", a description of
// "De-Registered".
var historicRE = lazyRegexp(`(?i)\(historic\)|\bnow historic\b|^\s*de-?registered\b|^\s*removed\b`)

var aliasToRE = lazyRegexp(`(?i)alias to "([^"]+)"`)

// Historic reports whether a named row is marked historic or de-registered,
// and the name IANA says replaces it ("whoispp" for "whois++"), if any.
func Historic(e *Entry) (historic bool, replacement string) {
	// Every form historicRE knows holds one of these words: a cheap test
	// first, the regexp only then.
	maybe := func(s string) (found bool) {
		eachWord(s, func(w string) bool {
			switch len(w) {
			case len("historic"):
				found = strings.EqualFold(w, "historic")
			case len("registered"):
				found = strings.EqualFold(w, "registered")
			case len("deregistered"):
				found = strings.EqualFold(w, "deregistered")
			case len("removed"):
				found = strings.EqualFold(w, "removed")
			}
			return !found
		})
		return found
	}
	if e.Name == "" || !(maybe(e.Description) || maybe(e.Notes)) {
		return false, ""
	}
	if !(historicRE().MatchString(e.Description) || historicRE().MatchString(e.Notes)) {
		return false, ""
	}
	if m := aliasToRE().FindStringSubmatch(e.Notes); m != nil {
		replacement = m[1]
	}
	return true, replacement
}

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

// VagueRow is a row with its assessment.
type VagueRow struct {
	Entry
	Class Class `json:"class"`
	Assessment
}

// VagueFilter narrows [Registry.Vague]: rows with any of Reasons (all when
// empty), overlapping Within, on Proto (any when NoProto). By default only
// vague rows ([Assessment.Vague]) pass; with All, every row with a reason.
type VagueFilter struct {
	Reasons []Reason
	Within  PortRange
	Proto   Protocol
	All     bool
}

// Vague lists the rows that pass the filter, vaguest first, then in
// registry order. below counts the rows the filter would take with All
// that it left out for their score: 0 with All.
func (r *Registry) Vague(f VagueFilter) (rows []VagueRow, below int) {
	rows = []VagueRow{}
	a := r.Assessor()
	for i := range r.Entries {
		e := &r.Entries[i]
		if e.Kind != Assigned && e.Kind != Nameless || !e.Ports.Overlaps(f.Within) || !e.On(f.Proto) {
			continue
		}
		// The verdict first, without the evidence in words, when only the
		// vague rows are listed: most rows are not, and the words are most
		// of an assessment's cost.
		as := a.assess(e, f.All || f.Reasons != nil)
		if as.signs == 0 && as.Evidence == nil {
			// The fast verdict skips the people when they cannot make the
			// row vague; stale-contact may still be its only sign.
			as = a.Assess(e)
		}
		if as.signs == 0 || (f.Reasons != nil && !slices.ContainsFunc(as.Reasons, func(r Reason) bool { return slices.Contains(f.Reasons, r) })) {
			continue
		}
		if !as.Vague && !f.All {
			below++
			continue
		}
		if as.Evidence == nil {
			as = a.Assess(e)
		}
		rows = append(rows, VagueRow{Entry: *e, Class: e.Ports.Class(), Assessment: as})
	}
	slices.SortStableFunc(rows, func(a, b VagueRow) int { return cmp.Compare(b.Score, a.Score) })
	return rows, below
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
