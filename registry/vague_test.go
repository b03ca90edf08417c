package registry

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// findRow returns the one-port row name port/proto of reg (proto NoProto
// for a row with none).
func findRow(t *testing.T, reg *Registry, port int, proto Protocol, name string) *Entry {
	t.Helper()
	for i := range reg.Entries {
		e := &reg.Entries[i]
		if e.Ports.Contains(port) && e.Proto == proto && e.Name == name && e.Ports.Len() == 1 {
			return e
		}
	}
	t.Fatalf("no row %s %d/%s", name, port, proto)
	return nil
}

func evidenceText(as Assessment) string {
	var s []string
	for _, ev := range as.Evidence {
		s = append(s, ev.Sign+": "+ev.Text)
	}
	return strings.Join(s, "; ")
}

// TestVagueFlagged: the rows the issue names as truly vague are vague by
// default, for the reasons they show, with the evidence in words.
func TestVagueFlagged(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	a := reg.Assessor()
	blank := []Reason{ReasonNoDescription, ReasonNoRegistrant, ReasonNoReference}
	for _, tc := range []struct {
		port     int
		proto    Protocol
		name     string
		want     []Reason
		score    int
		evidence []string
	}{
		{1008, UDP, "", []Reason{ReasonNameless, ReasonHedged, ReasonNoRegistrant, ReasonNoReference}, 9,
			[]string{"no service name", `hedges: "Possibly", "????"`, "no registrant or contact", "no reference"}},
		{2825, NoProto, "", []Reason{ReasonNameless, ReasonHedged, ReasonNoRegistrant, ReasonNoReference}, 9,
			[]string{`hedges: "Possibly"`}},
		{801, TCP, "device", blank, 5, []string{"no description"}},
		{801, UDP, "device", blank, 5, nil},
		{997, TCP, "maitrd", blank, 5, nil},
		{997, UDP, "maitrd", blank, 5, nil},
		{998, TCP, "busboy", blank, 5, nil},
		{999, TCP, "garcon", blank, 5, nil},
		{2049, TCP, "shilp", []Reason{ReasonNoDescription, ReasonNoRegistrant, ReasonConflict, ReasonNoReference}, 7,
			[]string{`reports a conflict: "<== NOTE Conflict on 2049 !"`}},
		{41, TCP, "graphics", []Reason{ReasonNoRegistrant, ReasonNoReference, ReasonRepeatsName}, 4,
			[]string{`description "Graphics" only repeats the name`}},
	} {
		e := findRow(t, reg, tc.port, tc.proto, tc.name)
		as := a.Assess(e)
		if !as.Vague || as.Score != tc.score || !slices.Equal(as.Reasons, tc.want) {
			t.Errorf("%s: vague %v, score %d, reasons %v; want vague, %d, %v", e.Label(), as.Vague, as.Score, as.Reasons, tc.score, tc.want)
		}
		for _, want := range tc.evidence {
			if !slices.ContainsFunc(as.Evidence, func(ev Evidence) bool { return ev.Text == want }) {
				t.Errorf("%s: no evidence %q in %s", e.Label(), want, evidenceText(as))
			}
		}
		sum := 0
		for _, ev := range as.Evidence {
			sum += ev.Weight
		}
		if sum != as.Score {
			t.Errorf("%s: evidence weighs %d, score is %d", e.Label(), sum, as.Score)
		}
	}
}

// TestVagueNotFlagged: well-known services, and every row with an RFC
// reference and a named registrant, are not vague by default.
func TestVagueNotFlagged(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	a := reg.Assessor()
	known := []string{"ssh", "http", "https", "domain", "smtp", "imap", "ldap"}
	seen := map[string]int{}
	documented := 0
	for i := range reg.Entries {
		e := &reg.Entries[i]
		as := a.Assess(e)
		if slices.Contains(known, e.Name) {
			seen[e.Name]++
			if as.Vague {
				t.Errorf("%s is vague: score %d, %s", e.Label(), as.Score, evidenceText(as))
			}
		}
		if slices.Contains(as.Credits, CreditRFC) && slices.Contains(as.Credits, CreditRegistrant) {
			documented++
			if as.Vague {
				t.Errorf("%s has an RFC and a named registrant, and is vague: %s", e.Label(), evidenceText(as))
			}
		}
	}
	for _, n := range known {
		if seen[n] == 0 {
			t.Errorf("no %s row", n)
		}
	}
	t.Logf("%d rows with an RFC and a named registrant", documented)
	if documented < 100 {
		t.Errorf("only %d rows with an RFC and a named registrant", documented)
	}

	// The evidence against, in words.
	sctp := a.Assess(findRow(t, reg, 22, SCTP, "ssh"))
	for _, want := range []string{`description "SSH" only repeats the name`, "RFC 9260", "registrant Randall Stewart", "modified 2022-02-07"} {
		if !slices.ContainsFunc(sctp.Evidence, func(ev Evidence) bool { return ev.Text == want }) {
			t.Errorf("ssh 22/sctp: no evidence %q in %s", want, evidenceText(sctp))
		}
	}
	// IESG and the IETF Chair are roles, not persons: they do not go stale.
	if http := a.Assess(findRow(t, reg, 80, TCP, "http")); slices.Contains(http.Reasons, ReasonStaleContact) {
		t.Errorf("http 80/tcp is stale-contact: %s", evidenceText(http))
	}
}

func TestVagueStaleContact(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	a := reg.Assessor()
	// Paul Mockapetris's record is undated: domain is stale-contact, and
	// still not vague.
	dom := a.Assess(findRow(t, reg, 53, UDP, "domain"))
	if !slices.Contains(dom.Reasons, ReasonStaleContact) || dom.Vague ||
		!slices.ContainsFunc(dom.Evidence, func(ev Evidence) bool { return ev.Text == "contact Paul Mockapetris: record undated" }) {
		t.Errorf("domain 53/udp: %v, %s", dom.Vague, evidenceText(dom))
	}

	// Made-up rows against made-up people, the registry dated 2026-08-17.
	reg2 := &Registry{
		Entries: []Entry{{Name: "now", Ports: Port(5), Proto: TCP, Kind: Assigned, Modified: Date{2026, 8, 17}}},
		People: People{
			{ID: "Edge", Name: "Edge Person", Updated: Date{2011, 8, 17}},
			{ID: "Fresh", Name: "Fresh Person", Updated: Date{2020, 1, 1}},
			{ID: "IESG", Org: "IESG", URI: "mailto:iesg&ietf.org"},
			{ID: "Old", Name: "Old Person", Updated: Date{2011, 8, 16}},
			{ID: "Undated", Name: "Undated Person"},
		},
	}
	a2 := reg2.Assessor()
	for _, tc := range []struct {
		contact  string
		modified Date
		stale    string // the evidence, or "" for not stale
	}{
		{"[Old]", Date{}, "contact Old Person last updated 2011-08-16"},
		{"[Edge]", Date{}, ""},
		{"[Fresh]", Date{}, ""},
		{"[IESG]", Date{}, ""},
		{"[Gone]", Date{}, "contact Gone not in the people data"},
		{"[Old][Fresh]", Date{}, ""},
		{"[Old][Gone]", Date{}, "contact Old Person last updated 2011-08-16; contact Gone not in the people data"},
		{"[Undated]", Date{}, "contact Undated Person: record undated"},
		{"[Undated]", Date{2005, 3, 0}, "contact Undated Person: record undated, row last changed 2005-03"},
		{"[Undated]", Date{2022, 2, 7}, ""},
		{"[Old]", Date{2022, 2, 7}, "contact Old Person last updated 2011-08-16"},
	} {
		as := a2.Assess(&Entry{Name: "x", Ports: Port(9), Proto: TCP, Kind: Assigned, Description: "x", Contact: tc.contact, Modified: tc.modified})
		got := ""
		for _, ev := range as.Evidence {
			if ev.Sign == string(ReasonStaleContact) {
				got = ev.Text
			}
		}
		if got != tc.stale {
			t.Errorf("contact %s, modified %s: stale evidence %q, want %q", tc.contact, tc.modified, got, tc.stale)
		}
	}
}

// TestVagueWithoutPeople: a registry read from the CSV has no people; the
// model neither flags nor credits contacts there, and says so.
func TestVagueWithoutPeople(t *testing.T) {
	t.Parallel()
	reg, err := Parse(bytes.NewReader(rawFiles(t)["2026-04-09"]))
	if err != nil {
		t.Fatal(err)
	}
	a := reg.Assessor()
	for i := range reg.Entries {
		e := &reg.Entries[i]
		as := a.Assess(e)
		if slices.Contains(as.Reasons, ReasonStaleContact) || slices.Contains(as.Credits, CreditRegistrant) {
			t.Fatalf("%s: contacts judged without people data: %s", e.Label(), evidenceText(as))
		}
		says := slices.ContainsFunc(as.Evidence, func(ev Evidence) bool { return ev.Sign == SignNoPeople && ev.Weight == 0 })
		if (e.Kind == Assigned || e.Kind == Nameless) && len(e.PersonIDs()) > 0 != says {
			t.Fatalf("%s names %v; says it has no people data: %v", e.Label(), e.PersonIDs(), says)
		}
	}
	// The rows of the issue are vague all the same.
	for _, tc := range []struct {
		port  int
		proto Protocol
		name  string
	}{{1008, UDP, ""}, {801, TCP, "device"}, {997, TCP, "maitrd"}, {998, TCP, "busboy"}, {999, TCP, "garcon"}, {2825, NoProto, ""}} {
		if as := a.Assess(findRow(t, reg, tc.port, tc.proto, tc.name)); !as.Vague {
			t.Errorf("%s %d/%s is not vague without people: %s", tc.name, tc.port, tc.proto, evidenceText(as))
		}
	}
	if as := a.Assess(findRow(t, reg, 389, TCP, "ldap")); as.Vague {
		t.Errorf("ldap is vague without people: %s", evidenceText(as))
	}
}

func TestRegistryVague(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	system := Ports(0, 1023)
	rows, below := reg.Vague(VagueFilter{Within: system})
	all, none := reg.Vague(VagueFilter{Within: system, All: true})
	if none != 0 || len(rows)+below != len(all) || len(rows) == 0 {
		t.Fatalf("default %d rows + %d below, --all %d rows (%d below)", len(rows), below, len(all), none)
	}
	t.Logf("0-1023: %d vague rows, %d more with a sign", len(rows), below)
	if rows[0].Label() != "1008/udp" {
		t.Errorf("vaguest row is %s, want 1008/udp", rows[0].Label())
	}
	for i, r := range rows {
		if !r.Vague || i > 0 && r.Score > rows[i-1].Score {
			t.Fatalf("row %d %s (score %d, vague %v) out of order", i, r.Label(), r.Score, r.Vague)
		}
	}
	stale, _ := reg.Vague(VagueFilter{Within: system, All: true, Reasons: []Reason{ReasonStaleContact}})
	for _, r := range stale {
		if !slices.Contains(r.Reasons, ReasonStaleContact) {
			t.Fatalf("%s listed for stale-contact: %v", r.Label(), r.Reasons)
		}
	}
	if len(stale) == 0 {
		t.Error("no stale-contact row in 0-1023")
	}
	udp, _ := reg.Vague(VagueFilter{Within: system, Proto: UDP})
	for _, r := range udp {
		if r.Proto != UDP && r.Proto != NoProto {
			t.Fatalf("%s listed for udp", r.Label())
		}
	}
}

func TestHedgesAndOnlyName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Possibly used by Sun Solaris????", []string{"Possibly", "????"}},
		{"may be used; maybe not, unknown", []string{"may be", "maybe", "unknown"}},
		{"Mayberry", nil},
	} {
		if got := hedges(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("hedges(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		desc, name string
		want       bool
	}{
		{"SNMP", "snmp", true},
		{"NETSC", "netsc-prod", true},
		{"Mobile IP Agent", "mobileip-agent", true},
		{"XYZ Server", "xyz", true},
		{"Applix ac", "applix", false},
		{"The Secure Shell (SSH) Protocol", "ssh", false},
		{"Ariel 2", "ariel2", true},
	} {
		if got := onlyName(tc.desc, tc.name); got != tc.want {
			t.Errorf("onlyName(%q, %q) = %v", tc.desc, tc.name, got)
		}
	}
}

func TestHistoric(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	if h, repl := Historic(findRow(t, reg, 63, TCP, "whois++")); !h || repl != "whoispp" {
		t.Errorf("Historic(whois++) = %v, %q; want true, whoispp", h, repl)
	}
	if h, _ := Historic(findRow(t, reg, 18, TCP, "msp")); !h {
		t.Error("msp (historic) is not historic")
	}
	if h, _ := Historic(findRow(t, reg, 80, TCP, "http")); h {
		t.Error("http is historic")
	}
	// Every form historicRE knows passes the cheap test before it.
	for _, d := range []string{"Deregistered 2020-01-01", "De-registered", "removed on 2020-01-01", "Foo (historic)", "now historic"} {
		if h, _ := Historic(&Entry{Name: "x", Description: d}); !h {
			t.Errorf("%q is not historic", d)
		}
	}
}

// TestJudgeIsAssess: Judge's shortcut (no people, no evidence, when they
// cannot change the verdict) gives Assess's verdict on every real row.
func TestJudgeIsAssess(t *testing.T) {
	t.Parallel()
	csv, err := Parse(bytes.NewReader(rawFiles(t)["2026-04-09"]))
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range []*Registry{parsedXML(t, "2026-08-17"), csv} {
		a := reg.Assessor()
		for i := range reg.Entries {
			e := &reg.Entries[i]
			as := a.Assess(e)
			vague, rs := a.Judge(e)
			if vague != as.Vague || vague && !slices.Equal(rs, as.Reasons) {
				t.Fatalf("%s: Judge %v %v, Assess %v %v", e.Label(), vague, rs, as.Vague, as.Reasons)
			}
		}
	}
}

// TestJudgedAlike holds the assessment and Historic to what JudgedAlike
// promises the callers that reuse verdicts: a row moved to another port
// and protocol is judged as it was, on every row of a real registry, with
// its people.
func TestJudgedAlike(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	a := reg.Assessor()
	for i := range reg.Entries {
		e := &reg.Entries[i]
		moved := *e
		moved.Ports, moved.Proto = Ports(40000, 40001), DCCP
		if !JudgedAlike(e, &moved) || !JudgedAlike(&moved, e) {
			t.Fatalf("%s: not judged alike once moved", e.Label())
		}
		if got, want := a.Assess(&moved), a.Assess(e); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s moved: assessed %+v, want %+v", e.Label(), got, want)
		}
		h, r := Historic(&moved)
		if wh, wr := Historic(e); h != wh || r != wr {
			t.Fatalf("%s moved: historic %v %q, want %v %q", e.Label(), h, r, wh, wr)
		}
	}
	other := reg.Entries[0]
	other.Notes += "."
	if JudgedAlike(&reg.Entries[0], &other) {
		t.Error("rows of different notes judged alike")
	}
}
