package registry

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// sharedIANA holds the real registry files of the project's workspace; a
// user's clone has only testdata.
const sharedIANA = "../../shared/data/iana"

// xmlFiles returns the raw registry XMLs to test, by date: the two kept
// gzipped in testdata always, and every XML in sharedIANA when it exists.
var xmlFiles = sync.OnceValue(func() map[string][]byte {
	files := map[string][]byte{}
	gz, _ := filepath.Glob("testdata/service-names-port-numbers_*.xml.gz")
	for _, p := range gz {
		files[dateOf(p)] = gunzip(p)
	}
	shared, _ := filepath.Glob(sharedIANA + "/service-names-port-numbers_*.xml")
	for _, p := range shared {
		b, err := os.ReadFile(p)
		if err != nil {
			panic(err)
		}
		files[dateOf(p)] = b
	}
	return files
})

func gunzip(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		panic(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic(err)
	}
	return b
}

// rawXML returns the XML of date, skipping the test when only the shared
// folder has it.
func rawXML(t testing.TB, date string) []byte {
	t.Helper()
	raw, ok := xmlFiles()[date]
	if !ok {
		t.Skipf("%s/service-names-port-numbers_%s.xml not found (it is in the project's workspace, not in a clone): skipping", sharedIANA, date)
	}
	return raw
}

type parsed struct {
	reg *Registry
	err error
}

var xmlParsed sync.Map // date -> *parsed; each XML is parsed once per test binary

// parsedXML is the registry of the XML of date, parsed once and shared by
// the tests, which must not modify it.
func parsedXML(t testing.TB, date string) *Registry {
	t.Helper()
	raw := rawXML(t, date)
	v, _ := xmlParsed.LoadOrStore(date, sync.OnceValue(func() parsed {
		reg, err := ParseXMLNamed(bytes.NewReader(raw), date+".xml")
		return parsed{reg, err}
	}))
	p := v.(func() parsed)()
	if p.err != nil {
		t.Fatal(p.err)
	}
	return p.reg
}

func xmlDates(t testing.TB) []string {
	dates := slices.Sorted(func(yield func(string) bool) {
		for d := range xmlFiles() {
			if !yield(d) {
				return
			}
		}
	})
	if len(dates) < 8 {
		t.Logf("%s not found: testing the %d XMLs in testdata only", sharedIANA, len(dates))
	}
	return dates
}

// xmlCounts is what a real registry XML holds.
type xmlCounts struct {
	rows                                                             int
	assigned, nameOnly, reserved, unassigned, deregistered, nameless int
	persons, kept                                                    int // <person>s listed; those the rows refer to
	date                                                             string
}

// realXMLCounts are the figures for every XML in shared/data/iana. Records
// and persons listed match SOURCES.md; TestParseXMLCounts recounts them from
// the raw bytes without the parser.
var realXMLCounts = map[string]xmlCounts{
	"2013-02-18": {13219, 11277, 727, 450, 738, 11, 16, 4677, 4668, "2013-02-18"},
	"2015-01-09": {13610, 11427, 799, 574, 783, 11, 16, 4981, 4961, "2015-01-09"},
	"2018-02-21": {14062, 11600, 907, 691, 837, 11, 16, 5337, 5293, "2018-02-21"},
	"2020-07-29": {14238, 11644, 966, 743, 858, 11, 16, 5458, 5407, "2020-07-29"},
	// <updated> says 2022-07-19; the newest record date is 2022-07-18.
	"2022-07-19": {14373, 11703, 999, 772, 872, 11, 16, 5496, 5495, "2022-07-18"},
	"2024-08-13": {14451, 11718, 1039, 789, 878, 11, 16, 5557, 5556, "2024-08-13"},
	"2026-04-09": {14512, 11732, 1058, 810, 885, 11, 16, 5598, 5598, "2026-04-09"},
	"2026-08-17": {14533, 11739, 1070, 809, 888, 11, 16, 5615, 5615, "2026-08-17"},
}

var reDescription = regexp.MustCompile(`^\s*<description>\s*([^<]*)`)

// countRaw counts rows and persons in the raw XML with plain byte searches,
// independently of the parser.
func countRaw(raw []byte) (c xmlCounts) {
	peopleAt := bytes.Index(raw, []byte("<people>"))
	referred := map[string]bool{}
	for rest := raw[:peopleAt]; ; {
		i := bytes.Index(rest, []byte("<record"))
		if i < 0 {
			break
		}
		n := bytes.Index(rest[i:], []byte("</record>"))
		r := rest[i : i+n]
		rest = rest[i+n:]
		c.rows++
		name, number := bytes.Contains(r, []byte("<name>")), bytes.Contains(r, []byte("<number>"))
		desc := ""
		if d := bytes.Index(r, []byte("<description>")); d >= 0 {
			if m := reDescription.FindSubmatch(r[d:]); m != nil {
				desc = strings.ToLower(string(m[1]))
			}
		}
		switch {
		case name && number:
			c.assigned++
		case name:
			c.nameOnly++
		case strings.HasPrefix(desc, "reserved"), strings.HasPrefix(desc, "iana reserved"):
			c.reserved++
		case strings.HasPrefix(desc, "unassigned"):
			c.unassigned++
		default:
			c.deregistered++ // with nameless: told apart by Classify only
		}
		for _, ref := range bytes.Split(r, []byte(`type="person" data="`))[1:] {
			referred[string(ref[:bytes.IndexByte(ref, '"')])] = true
		}
	}
	for _, p := range bytes.Split(raw[peopleAt:], []byte(`<person id="`))[1:] {
		c.persons++
		if referred[string(p[:bytes.IndexByte(p, '"')])] {
			c.kept++
		}
	}
	return c
}

func TestParseXMLCounts(t *testing.T) {
	t.Parallel()
	for _, date := range xmlDates(t) {
		t.Run(date, func(t *testing.T) {
			t.Parallel()
			want, ok := realXMLCounts[date]
			if !ok {
				t.Fatalf("no expected counts for %s: add them to realXMLCounts", date)
			}
			reg := parsedXML(t, date)
			c := reg.Counts()
			got := xmlCounts{len(reg.Entries), c[Assigned], c[NameOnly], c[Reserved], c[Unassigned], c[Deregistered], c[Nameless],
				bytes.Count(rawXML(t, date), []byte("<person ")), len(reg.People), reg.Date().String()}
			// persons listed is counted here from the bytes, as the parser
			// keeps only those referred to; countRaw counts it another way.
			if got != want {
				t.Errorf("counts:\n got %+v\nwant %+v", got, want)
			}
			raw := countRaw(rawXML(t, date))
			if raw.rows != want.rows || raw.assigned != want.assigned || raw.nameOnly != want.nameOnly ||
				raw.reserved != want.reserved || raw.unassigned != want.unassigned ||
				raw.deregistered != want.deregistered+want.nameless || raw.persons != want.persons || raw.kept != want.kept {
				t.Errorf("the raw XML recounted gives %+v, want %+v", raw, want)
			}
			if !slices.IsSortedFunc(reg.People, comparePerson) {
				t.Error("people are not sorted by id")
			}
			for i := range reg.Entries {
				for _, id := range reg.Entries[i].PersonIDs() {
					if _, ok := reg.Person(id); !ok && want.kept == want.persons {
						t.Errorf("%s: person %q not found", reg.Entries[i].Label(), id)
					}
				}
			}
		})
	}
}

// csvOf names the CSV holding the same registry state as an XML.
var csvOf = map[string]string{
	"2018-02-21": "2018-02-21",
	"2020-07-29": "2020-07-29",
	"2022-07-19": "2022-07-18", // SOURCES.md: the CSV's newest record is a day older than <updated>
	"2024-08-13": "2024-08-13",
	"2026-04-09": "2026-04-09",
}

// whitespaceOnly is how many rows of each pair differ only in the white
// space of free text (equal under Canon): IANA's CSV generator has rendered
// the XML's line breaks in three ways. ParseXML follows the current one
// (2025 on), so the newest pair matches byte for byte.
//   - 2018: the CSV kept the XML pretty printer's wraps (" \n      "),
//     which it has joined into one space since 2025;
//   - 2020 to 2024: it wrote <br/> as a blank ("whois++ IANA assigned...",
//     now "whois++\nIANA assigned...") and joined lines around it.
var whitespaceOnly = map[string]int{"2018-02-21": 15, "2020-07-29": 184, "2022-07-19": 184, "2024-08-13": 186, "2026-04-09": 0}

// contentDiffs are the rows whose CSV and XML of the same date differ in
// content, not rendering: IANA replaced a draft by its RFC without touching
// any date, between the two downloads (SOURCES.md, quirk 14).
var contentDiffs = map[string][]string{
	"2020-07-29": {`convert (tcp): reference: csv "[RFC8803]", xml "[RFC-ietf-tcpm-converters-19]"`},
	"2026-04-09": {`udpstp 24601/udp: reference: csv "[RFC9946]", xml "[RFC-ietf-ippm-capacity-protocol-25]"`},
}

func TestParseXMLMatchesCSV(t *testing.T) {
	t.Parallel()
	ran := 0
	for _, date := range xmlDates(t) {
		csvDate, ok := csvOf[date]
		if !ok {
			continue
		}
		csvRaw, ok := rawCSV(csvDate)
		if !ok {
			continue
		}
		ran++
		t.Run(date, func(t *testing.T) {
			fromCSV, err := Parse(bytes.NewReader(csvRaw))
			if err != nil {
				t.Fatal(err)
			}
			fromXML := parsedXML(t, date)
			if len(fromCSV.Entries) != len(fromXML.Entries) {
				t.Fatalf("csv has %d rows, xml %d", len(fromCSV.Entries), len(fromXML.Entries))
			}
			ws := 0
			var content []string
			for i := range fromCSV.Entries {
				c, x := fromCSV.Entries[i], fromXML.Entries[i]
				if c == x {
					continue
				}
				if canonText(c) == canonText(x) {
					ws++
					continue
				}
				content = append(content, describeDiff(c, x)...)
			}
			if ws != whitespaceOnly[date] {
				t.Errorf("%d rows differ in white space only, want %d", ws, whitespaceOnly[date])
			}
			if !slices.Equal(content, contentDiffs[date]) {
				t.Errorf("rows differing in content:\n got %q\nwant %q", content, contentDiffs[date])
			}
		})
	}
	if ran == 0 {
		t.Fatal("no pair of CSV and XML of the same date found; testdata should hold the 2026-04-09 pair")
	}
}

// rawCSV is the CSV of date from testdata or sharedIANA.
func rawCSV(date string) ([]byte, bool) {
	if b, err := os.ReadFile(sharedIANA + "/service-names-port-numbers_" + date + ".csv"); err == nil {
		return b, true
	}
	p := "testdata/service-names-port-numbers_" + date + ".csv.gz"
	if _, err := os.Stat(p); err != nil {
		return nil, false
	}
	return gunzip(p), true
}

func canonText(e Entry) Entry {
	e.Description, e.Notes, e.Reference, e.UnauthorizedUse = Canon(e.Description), Canon(e.Notes), Canon(e.Reference), Canon(e.UnauthorizedUse)
	return e
}

func describeDiff(c, x Entry) []string {
	var out []string
	cf := fields(c)
	for i, f := range fields(x) {
		if f != cf[i] {
			out = append(out, c.Label()+": "+strings.ToLower(Header[i][:1])+Header[i][1:]+": csv "+quote(cf[i])+", xml "+quote(f))
		}
	}
	return out
}

func fields(e Entry) []string {
	return []string{e.Name, e.Ports.String(), string(e.Proto), e.Description, e.Assignee, e.Contact,
		e.Registered.String(), e.Modified.String(), e.Reference, e.ServiceCode, e.UnauthorizedUse, e.Notes}
}

func quote(s string) string { return `"` + Clip(s, 60) + `"` }

// The rendering rules, each on a small document.
func TestParseXMLRendering(t *testing.T) {
	t.Parallel()
	const head = "<?xml version='1.0' encoding='UTF-8'?>\n<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
	const tail = "\n  <people>\n    <person id=\"Jon_Postel\">\n      <name>Jon Postel</name>\n      <uri>mailto:postel&amp;isi.edu</uri>\n      <updated>1998-10</updated>\n    </person>\n    <person id=\"Nobody\"><name>Never Referred To</name></person>\n  </people>\n</registry>\n"
	for _, tc := range []struct {
		name, record string
		want         Entry
	}{
		{"assigned, bare person is assignee and contact",
			`<record><name>echo</name><protocol>tcp</protocol><xref type="person" data="Jon_Postel"/><description>Echo</description><number>7</number></record>`,
			Entry{Name: "echo", Ports: Port(7), Proto: TCP, Description: "Echo", Assignee: "[Jon_Postel]", Contact: "[Jon_Postel]"}},
		{"assignee element, contact and references in document order",
			`<record date="2009-12" updated="2021-10-01"><name>exp1</name><protocol>udp</protocol><assignee>
      <xref type="person" data="IESG"/>
    </assignee>
    <xref type="person" data="IETF_Chair"/><xref type="note" data="1"/><description>RFC3692-style Experiment 1</description>
    <xref type="rfc" data="rfc4727"/><xref type="draft" data="RFC-ietf-emailcore-rfc5321bis-43"/><number>1021</number>
    <xref type="uri" data="https://example.com/spec"/><xref type="uri" data="https://example.com/tr">TR-352</xref><xref type="text">n/a</xref>
    <xref type="rfc" data="rfc8765">RFC8765, Section 6.1</xref></record>`,
			Entry{Name: "exp1", Ports: Port(1021), Proto: UDP, Description: "RFC3692-style Experiment 1", Assignee: "[IESG]", Contact: "[IETF_Chair]",
				Registered: Date{2009, 12, 0}, Modified: Date{2021, 10, 1},
				Reference: "[1][RFC4727][RFC-ietf-emailcore-rfc5321bis-43][https://example.com/spec][TR-352][n/a][RFC8765, Section 6.1]"}},
		{"inline xref in description and note, br, entities, trimming",
			` <record><name> brski-reg-cmp </name><protocol>tcp</protocol><description> Bootstrapping
registrar (LCMPP) <xref type="rfc" data="rfc9483"/></description><note>whois++<br/><br/>
IANA &amp; &lt;you&gt;, previously by <xref type="person" data="Jon_Postel"/></note></record>`,
			Entry{Name: "brski-reg-cmp", Proto: TCP, Description: "Bootstrapping\nregistrar (LCMPP) [RFC9483]", Notes: "whois++\nIANA & <you>, previously by [Jon_Postel]"}},
		{"wrapped lines are joined, IANA's own breaks kept",
			"<record><number>2083</number><protocol>udp</protocol><description>Unassigned</description><note>assigned by IANA for \n      \"RadSec\", an early\nimplementation\n      of RADIUS/TLS</note></record>",
			Entry{Ports: Port(2083), Proto: UDP, Description: "Unassigned", Notes: "assigned by IANA for \"RadSec\", an early\nimplementation\n      of RADIUS/TLS"}},
		{"paragraphs",
			"<record><name>wot</name><description>W3C WoT</description><note>\n      <paragraph>Defined TXT keys:</paragraph>\n      <paragraph>td: path\n      of it.</paragraph>\n    </note></record>",
			Entry{Name: "wot", Description: "W3C WoT", Notes: "Defined TXT keys:\n              td: path\n      of it."}},
		{"range, no protocol, service code, unauthorized use",
			`<record><description>Unassigned</description><number>855-859</number><sc>1145656131</sc><unauthorized>seen on 856</unauthorized></record>`,
			Entry{Ports: Ports(855, 859), Description: "Unassigned", ServiceCode: "1145656131", UnauthorizedUse: "seen on 856"}},
		{"carriage returns written as character references",
			"<record><name>x</name><description>a&#13;\nb&#13;c</description></record>",
			Entry{Name: "x", Description: "a\nb\nc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, err := ParseXML(strings.NewReader(head + tc.record + tail))
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			want.Kind = Classify(want.Name, want.Ports, want.Description)
			if len(reg.Entries) != 1 || reg.Entries[0] != want {
				t.Errorf("got  %#v\nwant %#v", reg.Entries, want)
			}
			// Only referred persons are kept.
			_, postel := reg.Person("Jon_Postel")
			if _, ok := reg.Person("Nobody"); ok || postel != strings.Contains(tc.record, "Jon_Postel") {
				t.Errorf("people = %v", reg.People)
			}
		})
	}
}

func TestParseXMLErrors(t *testing.T) {
	t.Parallel()
	const head = "<?xml version='1.0' encoding='UTF-8'?>\n<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
	const people = "<people><person id=\"a\"><name>A</name></person></people>\n"
	for _, tc := range []struct {
		name, xml, want string
		is              error
	}{
		{"empty", "", "x.xml:1: the document is cut short: no root element", ErrIncomplete},
		{"html", "<!DOCTYPE html>\n<html><body>oops</body></html>", `x.xml:2: root element is <html id="">`, ErrNotRegistryXML},
		{"other registry", "<registry xmlns=\"http://www.iana.org/assignments\" id=\"protocol-numbers\"></registry>", `x.xml:1: root element is <registry id="protocol-numbers">`, ErrNotRegistryXML},
		{"no people", head + "<record><name>a</name></record>\n</registry>\n", "x.xml:4: the document is cut short: no <people> section before </registry>", ErrIncomplete},
		{"no records", head + people + "</registry>\n", "x.xml:4: no <record> in the registry", ErrNotRegistryXML},
		{"cut in a record", head + "<record><name>a</name>\n<descr", "x.xml:4 (record 1): the document is cut short: input ends inside <record>", ErrIncomplete},
		{"cut after people", head + "<record><name>a</name></record>\n" + people, "x.xml:5: the document is cut short: input ends inside <registry>", ErrIncomplete},
		{"bad port", head + "<record><name>a</name>\n<number>70000</number>\n</record>" + people + "</registry>", `x.xml:4 (record 1): <number>: bad port number "70000"`, nil},
		{"bad protocol", head + "<record><name>a</name><protocol>quic</protocol></record>" + people + "</registry>", `x.xml:3 (record 1): <protocol>: unknown transport protocol "quic"`, nil},
		{"bad date", head + "<record date=\"2020-13-01\"><name>a</name></record>" + people + "</registry>", `x.xml:3 (record 1): <record date="2020-13-01">: registration date: bad date`, nil},
		{"neither name nor number", head + "<record><description>Reserved</description></record>" + people + "</registry>", "x.xml:3 (record 1): <record> has neither a <name> nor a <number>", nil},
		{"unknown element", head + "<record><name>a</name>\n<contact>b</contact></record>" + people + "</registry>", "x.xml:4 (record 1): unexpected element <contact> in <record>", ErrNotRegistryXML},
		{"unknown attribute", head + "<record hidden=\"yes\"><name>a</name></record>" + people + "</registry>", `x.xml:3 (record 1): unexpected attribute "hidden" of <record>`, ErrNotRegistryXML},
		{"twice", head + "<record><name>a</name><name>b</name></record>" + people + "</registry>", "x.xml:3 (record 1): <name> appears twice in <record>", nil},
		{"mismatched end", head + "<record><name>a</description></record>" + people + "</registry>", "x.xml:3 (record 1): malformed XML: element <name> closed by </description>", nil},
		{"bad entity", head + "<record><name>a &nbsp; b</name></record>" + people + "</registry>", "x.xml:3 (record 1): malformed XML in <name>: invalid character entity &nbsp;", nil},
		{"prefixed element", head + "<x:record xmlns:x=\"y\"></x:record>" + people + "</registry>", "x.xml:3: unexpected element <x:record>", ErrNotRegistryXML},
		{"second root", head + "<record><name>a</name></record>" + people + "</registry>\n<registry/>", "x.xml:5: a second root element <registry> after </registry>", nil},
		{"person without id", head + "<record><name>a</name></record><people><person><name>A</name></person></people></registry>", "x.xml:3: <person> without an id", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, err := ParseXMLNamed(strings.NewReader(tc.xml), "x.xml")
			if err == nil || reg != nil {
				t.Fatalf("got %v, %v; want an error", reg, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q\n does not start with %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %q", err, tc.is)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
		})
	}
}

var allCuts = flag.Bool("allcuts", false, "TestParseXMLRefusesCuts: make every cut in the whole 3.9 MB XML, not in an abridged copy (takes a minute)")

// TestParseXMLRefusesCuts cuts the newest XML at about 300 offsets, spread
// over the document and dense in its last 2% (the end of <people>), and
// wants every cut refused as incomplete, with the file, line and element in
// the message. Parsing 300 prefixes of 3.9 MB takes a minute, so unless
// -allcuts is given, all but a few cuts are made in an abridged copy: the
// real document with the records and persons in its middle left out (whole
// elements, so it still parses whole).
func TestParseXMLRefusesCuts(t *testing.T) {
	t.Parallel()
	raw := rawXML(t, "2026-08-17")
	check := func(doc []byte, at int) {
		t.Helper()
		reg, err := ParseXMLNamed(bytes.NewReader(doc[:at]), "cut.xml")
		switch {
		case err == nil:
			t.Errorf("cut at %d of %d: parsed %d rows, want an error", at, len(doc), len(reg.Entries))
		case !errors.Is(err, ErrIncomplete):
			t.Errorf("cut at %d: %v does not say the document is cut", at, err)
		case !regexp.MustCompile(`^cut\.xml:\d+: |^cut\.xml:\d+ \(record \d+\): `).MatchString(err.Error()):
			t.Errorf("cut at %d: %q does not name file and line", at, err)
		case at > 200 && !strings.Contains(err.Error(), "<"):
			t.Errorf("cut at %d: %q names no element", at, err)
		}
	}
	// A few cuts of the real document, at its most telling places.
	for _, s := range []string{"</people>", "</registry>"} {
		i := bytes.LastIndex(raw, []byte(s))
		check(raw, i)
		check(raw, i+3)
	}

	doc := raw
	if !*allCuts {
		doc = abridge(t, raw)
		if reg, err := ParseXML(bytes.NewReader(doc)); err != nil || len(reg.Entries) != 200 || len(reg.People) == 0 {
			t.Fatalf("the abridged document does not parse whole: %v", err)
		}
	}
	end := len(bytes.TrimRight(doc, " \n")) // cutting trailing white space cuts nothing
	var cuts []int
	for i := range 200 {
		cuts = append(cuts, i*end/200)
	}
	tail := end * 98 / 100
	for i := range 100 {
		cuts = append(cuts, tail+i*(end-tail)/100)
	}
	cuts = append(cuts, end-1)
	for _, at := range cuts {
		check(doc, at)
	}
	if len(cuts) < 300 {
		t.Fatalf("only %d cuts", len(cuts))
	}
}

// abridge keeps the head of the document, its first and last 100 records,
// and the first and last 50 persons.
func abridge(t *testing.T, raw []byte) []byte {
	t.Helper()
	keep := func(b []byte, open, close string, n int) []byte {
		first := 0
		for range n {
			first += bytes.Index(b[first:], []byte(close)) + len(close)
		}
		last := len(b)
		for range n {
			last = bytes.LastIndex(b[:last], []byte(open))
		}
		if first <= 0 || last < first {
			t.Fatalf("cannot abridge at %s", open)
		}
		return append(append(slices.Clip(b[:first]), '\n'), b[last:]...)
	}
	peopleAt := bytes.Index(raw, []byte("<people>"))
	firstRecord := bytes.Index(raw, []byte("<record"))
	records := keep(raw[firstRecord:peopleAt], "<record", "</record>", 100)
	people := keep(raw[peopleAt:], "<person ", "</person>", 50)
	return slices.Concat(raw[:firstRecord], records, people)
}

// BenchmarkParseXML is the newest registry XML (3.9 MB) through ParseXML:
// the path of an import or fetch of the XML.
func BenchmarkParseXML(b *testing.B) {
	raw := rawXML(b, "2026-08-17")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseXML(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkXMLRawToken is the floor of BenchmarkParseXML: encoding/xml
// reading the same bytes token by token, doing nothing with them.
func BenchmarkXMLRawToken(b *testing.B) {
	raw := rawXML(b, "2026-08-17")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(raw))
		for {
			if _, err := d.RawToken(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
