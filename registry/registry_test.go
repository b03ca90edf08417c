package registry

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// counts is what a real registry file holds: records and rows per kind.
type counts struct {
	rows                                                             int
	assigned, nameOnly, reserved, unassigned, deregistered, nameless int
	date                                                             string
}

// realCounts are the figures for every CSV in shared/data/iana. Totals,
// nameless rows (reserved+unassigned+deregistered+nameless) and name-only
// rows match the independent counts in shared/data/iana/SOURCES.md.
var realCounts = map[string]counts{
	"2014-07-09": {13521, 11388, 786, 543, 777, 11, 16, "2014-07-09"},
	"2015-02-05": {13614, 11428, 800, 575, 784, 11, 16, "2015-02-05"},
	"2017-08-24": {14020, 11583, 889, 683, 838, 11, 16, "2017-08-24"},
	"2018-02-21": {14062, 11600, 907, 691, 837, 11, 16, "2018-02-21"},
	"2019-12-31": {14178, 11623, 954, 729, 845, 11, 16, "2019-12-31"},
	"2020-07-29": {14238, 11644, 966, 743, 858, 11, 16, "2020-07-29"},
	"2021-05-06": {14279, 11656, 979, 755, 862, 11, 16, "2021-05-06"},
	"2022-07-18": {14373, 11703, 999, 772, 872, 11, 16, "2022-07-18"},
	"2023-10-26": {14428, 11718, 1026, 781, 876, 11, 16, "2023-10-26"},
	"2024-08-13": {14451, 11718, 1039, 789, 878, 11, 16, "2024-08-13"},
	"2025-09-22": {14485, 11726, 1052, 798, 882, 11, 16, "2025-09-22"},
	"2026-04-09": {14512, 11732, 1058, 810, 885, 11, 16, "2026-04-09"},
}

// sourcesNoName and sourcesNameNoPort are SOURCES.md's "rows w/o service
// name" and "name but no port" columns, counted there by another script.
var sourcesNoName = map[string]int{"2014-07-09": 1347, "2015-02-05": 1386, "2017-08-24": 1548, "2018-02-21": 1555,
	"2019-12-31": 1601, "2020-07-29": 1628, "2021-05-06": 1644, "2022-07-18": 1671, "2023-10-26": 1684,
	"2024-08-13": 1694, "2025-09-22": 1707, "2026-04-09": 1722}

// rawFiles returns the raw IANA CSVs kept in testdata (gzipped): every
// clone has them.
func rawFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	gz, _ := filepath.Glob("testdata/service-names-port-numbers_*.csv.gz")
	for _, p := range gz {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[dateOf(p)] = b
	}
	if len(files) < 2 {
		t.Fatalf("found %d raw registry files, want at least the 2 in testdata", len(files))
	}
	return files
}

func dateOf(path string) string {
	b := filepath.Base(path)
	b = strings.TrimPrefix(b, "service-names-port-numbers_")
	return b[:10]
}

// sharedFiles returns every CSV in ../../shared/data/iana, the project's
// workspace, and skips the test in a clone, which does not have it.
func sharedFiles(t testing.TB) map[string][]byte {
	t.Helper()
	shared, _ := filepath.Glob(sharedIANA + "/service-names-port-numbers_*.csv")
	if len(shared) == 0 {
		t.Skipf("%s not found (it is in the project's workspace, not in a clone): the CSVs in testdata are tested, these are skipped", sharedIANA)
	}
	files := map[string][]byte{}
	for _, p := range shared {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[dateOf(p)] = b
	}
	return files
}

func TestParseRealFiles(t *testing.T) {
	t.Parallel()
	t.Run("testdata", func(t *testing.T) { testParseRealFiles(t, rawFiles(t)) })
	t.Run("shared", func(t *testing.T) { testParseRealFiles(t, sharedFiles(t)) })
}

func testParseRealFiles(t *testing.T, files map[string][]byte) {
	for date, raw := range files {
		t.Run(date, func(t *testing.T) {
			want, ok := realCounts[date]
			if !ok {
				t.Fatalf("no expected counts for %s: add them to realCounts", date)
			}
			reg, err := Parse(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			c := reg.Counts()
			got := counts{len(reg.Entries), c[Assigned], c[NameOnly], c[Reserved], c[Unassigned], c[Deregistered], c[Nameless], reg.Date().String()}
			if got != want {
				t.Errorf("counts:\n got %+v\nwant %+v", got, want)
			}
			if n := c[Reserved] + c[Unassigned] + c[Deregistered] + c[Nameless]; n != sourcesNoName[date] {
				t.Errorf("rows without a name = %d, SOURCES.md says %d", n, sourcesNoName[date])
			}
			sum := 0
			for _, n := range c {
				sum += n
			}
			if sum != len(reg.Entries) {
				t.Errorf("kinds add up to %d, want %d rows", sum, len(reg.Entries))
			}

			// parse -> write -> parse gives equal entries; writing is deterministic.
			var w1, w2 bytes.Buffer
			if err := reg.WriteCSV(&w1); err != nil {
				t.Fatal(err)
			}
			again, err := Parse(bytes.NewReader(w1.Bytes()))
			if err != nil {
				t.Fatalf("reading back the written CSV: %v", err)
			}
			if !reflect.DeepEqual(reg.Entries, again.Entries) {
				t.Fatal("parse -> write -> parse changed the entries")
			}
			if err := again.WriteCSV(&w2); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
				t.Fatal("writing the same registry twice gave different bytes")
			}
			if bytes.Contains(w1.Bytes(), []byte("\r")) {
				t.Error("written CSV holds a carriage return; want LF only")
			}

			// The compact form round-trips too.
			var cb bytes.Buffer
			if err := reg.WriteCompact(&cb); err != nil {
				t.Fatal(err)
			}
			compact, err := ParseCompact(cb.String())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(reg.Entries, compact.Entries) {
				t.Fatal("compact round trip changed the entries")
			}
		})
	}
}

// realRegistry parses the testdata CSV of date.
func realRegistry(t testing.TB, date string) *Registry {
	t.Helper()
	reg, err := Parse(bytes.NewReader(rawFiles(t)[date]))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestInputOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	raw := rawFiles(t)["2026-04-09"]
	reg, err := Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	// Reverse the records (keeping the header first) and reorder columns.
	lines := reg.Entries
	rev := make([]Entry, len(lines))
	for i := range lines {
		rev[len(lines)-1-i] = lines[i]
	}
	var buf bytes.Buffer
	buf.WriteString("Assignment Notes,Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Known Unauthorized Uses\r\n")
	for _, e := range rev {
		writeRecord(&buf, e.Notes, e.Name, e.Ports.String(), string(e.Proto), e.Description, e.Assignee, e.Contact,
			e.Registered.String(), e.Modified.String(), e.Reference, e.ServiceCode, e.UnauthorizedUse)
	}
	again, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reg.Entries, again.Entries) {
		t.Fatal("reversed rows and reordered columns gave different entries")
	}
}

func writeRecord(buf *bytes.Buffer, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('"')
		buf.WriteString(strings.ReplaceAll(f, `"`, `""`))
		buf.WriteByte('"')
	}
	buf.WriteString("\r\n")
}

const header = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

func mustParse(t *testing.T, csv string) *Registry {
	t.Helper()
	reg, err := Parse(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestParseQuirks(t *testing.T) {
	t.Parallel()
	csv := "\xef\xbb\xbf" + strings.ReplaceAll(header, "\n", "\r\n") +
		"whoispp,63,tcp,\"whois++\n\n\nIANA assigned this well-formed service name as a replacement for \"\"whois++\"\".\",,,2009-12,,,,,\r\n" +
		",855-859,,Unassigned,,,,,,,,\r\n" +
		",1008,udp,Possibly used by Sun Solaris????,,,,,,,,\r\n" +
		"x11,6000-6063,tcp,X Window System,[Stephen_Gildea],[Stephen_Gildea],,,,,Known Unauthorized Use on port 6003,\r\n" +
		"rdp,,,,,,,,,,,\r\n" +
		"rdp,,,,,,,,,,,\r\n" +
		"Apple Remote Desktop (Net Assistant),3283,tcp,Net Assistant,,,,,,,,\r\n"
	reg := mustParse(t, csv)
	if len(reg.Entries) != 7 {
		t.Fatalf("got %d entries, want 7 (the duplicate rdp row is kept)", len(reg.Entries))
	}
	w := reg.Name("WHOISPP")
	if len(w) != 1 {
		t.Fatalf("Name(WHOISPP) = %d rows, want 1", len(w))
	}
	if want := "whois++\n\n\nIANA assigned this well-formed service name as a replacement for \"whois++\"."; w[0].Description != want {
		t.Errorf("description = %q, want %q", w[0].Description, want)
	}
	if got := Canon(w[0].Description); got != `whois++ IANA assigned this well-formed service name as a replacement for "whois++".` {
		t.Errorf("Canon = %q", got)
	}
	if w[0].Registered != (Date{2009, 12, 0}) || w[0].Registered.String() != "2009-12" {
		t.Errorf("month-only date = %v", w[0].Registered)
	}
	for _, tc := range []struct {
		port  int
		label string
		kind  Kind
	}{
		{856, "855-859", Unassigned},
		{1008, "1008/udp", Nameless},
		{6010, "x11 6000-6063/tcp", Assigned},
		{3283, "Apple Remote Desktop (Net Assistant) 3283/tcp", Assigned},
	} {
		got := reg.Port(tc.port)
		if len(got) != 1 || got[0].Label() != tc.label || got[0].Kind != tc.kind {
			t.Errorf("Port(%d) = %v, want one %s row %q", tc.port, got, tc.kind, tc.label)
		}
	}
	if got := reg.Port(860); len(got) != 0 {
		t.Errorf("Port(860) = %v, want nothing", got)
	}
	if got := reg.Name("rdp"); len(got) != 2 || got[0].Kind != NameOnly {
		t.Errorf("Name(rdp) = %v, want two name-only rows", got)
	}
	if got := reg.Range(Ports(850, 1010)); len(got) != 2 {
		t.Errorf("Range(850-1010) = %d rows, want 2", len(got))
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, csv, want string
	}{
		{"port too big", header + "a,1,tcp,,,,,,,,,\nfoo,70000,tcp,,,,,,,,,\n", `line 3 (record 2): bad port number "70000": 70000 is above the highest port, 65535`},
		{"reversed range", header + "foo,12-3,tcp,,,,,,,,,\n", `line 2 (record 1): bad port range "12-3": the first port is above the last`},
		{"not a number", header + "foo,eighty,tcp,,,,,,,,,\n", `line 2 (record 1): bad port number "eighty"`},
		{"unknown protocol", header + "foo,80,quic,,,,,,,,,\n", `unknown transport protocol "quic"`},
		{"bad date", header + "foo,80,tcp,,,,2020-13-01,,,,,\n", `registration date: bad date "2020-13-01"`},
		{"neither name nor port", header + ",,tcp,Reserved,,,,,,,,\n", "neither a service name nor a port number"},
		{"short record", header + "foo,80,tcp\n", "line 2 (record 1): malformed CSV: wrong number of fields"},
		{"cut off in a quoted field", header + "foo,80,tcp,\"never closed,,,,,,,,\n", `line 2 (record 1): malformed CSV: extraneous or missing " in quoted-field`},
		{"missing column", strings.Replace(header, ",Assignment Notes", "", 1) + "foo,80,tcp,,,,,,,,\n", `line 1: missing column "Assignment Notes"`},
		{"unknown column", strings.Replace(header, "Assignment Notes", "Comments", 1), `line 1: unexpected column "Comments"`},
		{"html page", "<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n", `line 1: unexpected column "<!DOCTYPE html>"`},
		{"empty", "", "line 1: empty input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.csv))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\n does not contain %q", err, tc.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
		})
	}
}

func TestParseNamed(t *testing.T) {
	t.Parallel()
	_, err := ParseNamed(strings.NewReader(header+"foo,70000,tcp,,,,,,,,,\n"), "x.csv")
	if err == nil || !strings.HasPrefix(err.Error(), "x.csv:2 (record 1): bad port number") {
		t.Errorf("err = %v, want it to start with the file and line", err)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, ports, desc string
		want              Kind
	}{
		{"http", "80", "World Wide Web HTTP", Assigned},
		{"rdp", "", "", NameOnly},
		{"", "0", "Reserved", Reserved},
		{"", "1023", "IANA Reserved", Reserved},
		{"", "1024", "Reserved - IANA", Reserved},
		{"", "855-859", "Unassigned", Unassigned},
		{"", "114", "unassigned", Unassigned},
		{"", "15", "Unassigned [was netstat]", Unassigned},
		{"", "1", "De-registered", Deregistered},
		{"", "1", "Decomissioned Port 04/14/00, ms", Deregistered},
		{"", "1008", "Possibly used by Sun Solaris????", Nameless},
		{"", "1", "(unassigned) Possibly assigned", Nameless},
		{"", "24", "any private mail system", Nameless},
		{"stun-behaviors", "5349", "Reserved for a future enhancement of STUN-BEHAVIOR", Assigned},
	} {
		pr, err := ParsePortRange(tc.ports)
		if err != nil {
			t.Fatal(err)
		}
		if got := Classify(tc.name, pr, tc.desc); got != tc.want {
			t.Errorf("Classify(%q, %q, %q) = %s, want %s", tc.name, tc.ports, tc.desc, got, tc.want)
		}
	}
}

func TestPortRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		lo, hi  int
		class   Class
		wantErr bool
	}{
		{"80", 80, 80, System, false},
		{" 855-859 ", 855, 859, System, false},
		{"0", 0, 0, System, false},
		{"1023-1024", 1023, 1024, Mixed, false},
		{"49152", 49152, 49152, Dynamic, false},
		{"65535", 65535, 65535, Dynamic, false},
		{"65536", 0, 0, 0, true},
		{"70000", 0, 0, 0, true},
		{"12-3", 0, 0, 0, true},
		{"-5", 0, 0, 0, true},
		{"5-", 0, 0, 0, true},
		{"+80", 0, 0, 0, true},
		{"1-2-3", 0, 0, 0, true},
		{"123456", 0, 0, 0, true},
	} {
		pr, err := ParsePortRange(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParsePortRange(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		if err == nil && (pr.Lo() != tc.lo || pr.Hi() != tc.hi || pr.Class() != tc.class) {
			t.Errorf("ParsePortRange(%q) = %d-%d %s, want %d-%d %s", tc.in, pr.Lo(), pr.Hi(), pr.Class(), tc.lo, tc.hi, tc.class)
		}
	}
	if none, _ := ParsePortRange(""); !none.IsNone() || none.Contains(0) || none.Len() != 0 {
		t.Error("empty port is not 'no port'")
	}
	for _, c := range []Class{System, User, Dynamic} {
		b := c.Bounds()
		if ClassOf(b.Lo()) != c || ClassOf(b.Hi()) != c || (b.Lo() > 0 && ClassOf(b.Lo()-1) == c) {
			t.Errorf("class %s bounds %s disagree with ClassOf", c, b)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"2021-10-01": "2021-10-01", "2009-12": "2009-12", "": "", " 1992-07 ": "1992-07"} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"2021-1-01", "21-10-01", "2021-00-01", "2021-10-32", "2021/10/01", "yesterday", "2021-10-01T00"} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) succeeded", in)
		}
	}
	a, _ := ParseDate("2009-12")
	b, _ := ParseDate("2009-12-01")
	if !a.Before(b) || b.Before(a) {
		t.Error("a month-only date must sort before the days of its month")
	}
}

func TestSiblingsAndProto(t *testing.T) {
	t.Parallel()
	reg := mustParse(t, header+
		"http,80,tcp,World Wide Web HTTP,,,,,,,,\n"+
		"http,80,udp,World Wide Web HTTP,,,,,,,,\n"+
		"www,80,tcp,World Wide Web HTTP,,,,,,,,\n"+
		"www-http,80,tcp,World Wide Web HTTP,,,,,,,,\n"+
		"http,80,sctp,HTTP,,,,,,,,\n")
	http := reg.Name("HTTP")
	if len(http) != 3 {
		t.Fatalf("Name(HTTP) = %d rows, want 3", len(http))
	}
	sib := reg.Siblings(http[0]) // 80/tcp
	if len(sib) != 2 || sib[0].Name != "www" || sib[1].Name != "www-http" {
		t.Errorf("Siblings(http 80/tcp) = %v, want www and www-http", sib)
	}
}

func TestCanon(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                   "",
		"plain text":         "plain text",
		"whois++\n\n\nIANA":  "whois++ IANA",
		"  lead and trail  ": "lead and trail",
		"a\r\n  b\tc":        "a b c",
		"double  space":      "double space",
		"non\u00a0breaking":  "non breaking",
		"FORTÉ":              "FORTÉ",
	} {
		if got := Canon(in); got != want {
			t.Errorf("Canon(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompactErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "nope", compactMagic + "a\x1f", compactMagic + strings.Repeat("x\x1f", 13) + "\x1e"} {
		if _, err := ParseCompact(in); err == nil {
			t.Errorf("ParseCompact(%q) succeeded", in)
		}
	}
	reg := &Registry{Entries: []Entry{{Name: "bad\x1ename", Ports: Port(1), Kind: Assigned}}}
	if err := reg.WriteCompact(io.Discard); err == nil {
		t.Error("WriteCompact wrote a separator byte inside a field")
	}
}

// TestIsSorted holds IsSorted to slices.IsSortedFunc with Compare: on a
// real registry, and on it with neighbours swapped.
func TestIsSorted(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../snapshots/2026-04-09.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := ParseCanonical(f, f.Name(), -1)
	if err != nil {
		t.Fatal(err)
	}
	rows := reg.Entries
	if !IsSorted(rows) || !IsSorted(nil) {
		t.Fatal("a parsed registry is not sorted")
	}
	for i := 1; i < len(rows); i += 97 {
		rows[i-1], rows[i] = rows[i], rows[i-1]
		if got, want := IsSorted(rows), slices.IsSortedFunc(rows, Compare); got != want || got {
			t.Errorf("rows %d and %d swapped: IsSorted %v, IsSortedFunc %v", i-1, i, got, want)
		}
		rows[i-1], rows[i] = rows[i], rows[i-1]
	}
}
