package services

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

func mustParse(t *testing.T, in string) *File {
	t.Helper()
	f, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// linesWith returns the lines that have a warning with the code, in order.
func linesWith(f *File, code string) []int {
	var lines []int
	for _, w := range f.Warnings {
		if w.Code == code {
			lines = append(lines, w.Line)
		}
	}
	return lines
}

func warningsFor(f *File, code string) []Warning {
	var ws []Warning
	for _, w := range f.Warnings {
		if w.Code == code {
			ws = append(ws, w)
		}
	}
	return ws
}

// pad8000 is comment lines that push what follows past the first 8000
// bytes, where a NUL byte makes the whole input binary data.
var pad8000 = strings.Repeat("# "+strings.Repeat("-", 97)+"\n", 81)

const padLines = 81

// Every warning code is found where it must be and nowhere else: the inputs
// mix lines that must warn with near misses that must not.
func TestWarningCodes(t *testing.T) {
	t.Parallel()
	aliases := func(n int) string {
		a := make([]string, n)
		for i := range a {
			a[i] = "a" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		}
		return strings.Join(a, " ")
	}
	line127 := "x 1/tcp # " + strings.Repeat("c", 127-len("x 1/tcp # "))
	line128 := "y 1/tcp # " + strings.Repeat("c", 128-len("y 1/tcp # "))
	tests := []struct {
		code    string
		in      string
		want    []int // lines with the code
		entries int   // entries expected from the input
	}{
		{WarnMissingProto, "foo 80\nbar 81/\nbaz 82// x\nok 83/tcp\n", []int{1, 2, 3}, 1},
		{WarnBadPort, "a x/tcp\nb 70000/tcp\nc\nd 80,tcp\ne +80/tcp\nf 65536/udp\nok 65535/tcp\nzero 0/udp\nlead 080/tcp\n", []int{1, 2, 3, 4, 5, 6}, 3},
		{WarnPortRange, "x11 6000-6063/tcp/udp\nircu 6665-6669/tcp\nx11 6000/tcp\nbad -80/tcp\nwide 1-1024/tcp/udp\nback 9-8/tcp\nbig 1-65536/tcp\n", []int{1, 2, 5}, 128 + 5 + 1},
		{WarnUnknownProto, "rtmp 1/ddp\nnatd 8668/divert\nmanet 269/ucp\na 1/tcp\nb 1/udp\nc 1/sctp\nd 1/dccp\n", []int{1, 2, 3}, 7},
		{WarnOtherProto, "rtmp 1/ddp\na 1/tcp\nb 1/udp\nc 1/sctp\nd 1/dccp\ne 2/SCTP\nf 3/tcp/sctp\n", []int{4, 5, 6, 7}, 8},
		{WarnNoName, "                 24/udp     # any private mail system\n\t        1023/udp        # Reserved\n24/tcp\n 6000-6063/tcp\nfoo 24/udp\n 3com-tsmux 106/tcp\n914c/g 211/tcp\n", []int{1, 2, 3, 4}, 3},
		{WarnMergedProto, "tcpmux 1/tcp/udp\ndiscard 9/tcp/udp/sctp/dccp\necho 7/tcp\n", []int{1, 2}, 7},
		{WarnDuplicateName, "sql-net 66/tcp\nsql-net 150/tcp\nsql-net 150/udp\nfoo 5/tcp bar\nbaz 6/tcp bar\nqux 5/tcp foo\nsql-net 66/udp\n", []int{2, 5, 7}, 7},
		{WarnDuplicateEntry, "a 1/tcp\nb 2/tcp\na 1/tcp\na 1/udp\nb 2/tcp x\nb 2/tcp x\nb 2/tcp\nb 2/tcp y x\n", []int{3, 6, 7}, 8},
		{WarnSharedPort, "http 80/tcp www\nwww 80/tcp\nhttp 80/udp\nfoo 80/udp\nhttp 80/tcp\nwww-http 80/tcp\n", []int{2, 4, 6}, 6},
		{WarnCommaInName, "a,b 1/tcp\nc 2/tcp d,e\nf 3/tcp # g,h\n", []int{1, 2}, 3},
		{WarnMixedCase, "CAIlic 216/tcp\nx 2/tcp Foo\ny 3/TCP\nz 4/tcp\nöl 5/tcp\n", []int{1, 2, 3}, 5},
		{WarnNumericName, "1234 80/tcp\nx 81/tcp 99\n3com-tsmux 106/tcp\n1a 82/tcp\n+80 83/tcp\ny 84/tcp -5\n-x 85/tcp\n- 86/tcp\n", []int{1, 2, 5, 6}, 8},
		{WarnSignName, "-  1775/tcp\nx 2/tcp +\n-x 3/tcp\n+1 4/tcp\ny 5/tcp --\n", []int{1, 2}, 5},
		{WarnLongName, "abcdefghijklmnop 1/tcp\nabcdefghijklmno 2/tcp\nx 3/tcp abcdefghijklmnopqrstuvwxyz\n", []int{1, 3}, 3},
		{WarnLongLine, line127 + "\n" + line128 + "\n" + line127 + "\r\n" + "# " + strings.Repeat("-", 200) + "\n", []int{2, 3, 4}, 3},
		{WarnTooManyAliases, "a 1/tcp " + aliases(34) + "\nb 2/tcp " + aliases(35) + "\n", []int{2}, 2},
		{WarnInvalidUTF8, "foo 1/tcp # Andreas \xd6man\nbar 2/tcp # Jos\u00e9\n# caf\xe9\n", []int{1, 3}, 2},
		{WarnNULByte, pad8000 + "foo\x00bar 1/tcp\nbaz 2/tcp\n# \x00\n", []int{padLines + 1, padLines + 3}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			f := mustParse(t, tt.in)
			if got := linesWith(f, tt.code); !slices.Equal(got, tt.want) {
				t.Errorf("%s on lines %v, want %v\nwarnings: %+v", tt.code, got, tt.want, f.Warnings)
			}
			if len(f.Entries) != tt.entries {
				t.Errorf("%d entries, want %d: %+v", len(f.Entries), tt.entries, f.Entries)
			}
			for _, w := range f.Warnings {
				if w.Msg == "" || strings.ContainsAny(w.Msg, "\n\r") || strings.HasSuffix(w.Msg, ".") {
					t.Errorf("bad message %q", w.Msg)
				}
				if w.Msg[0] >= 'A' && w.Msg[0] <= 'Z' {
					t.Errorf("message %q starts upper case", w.Msg)
				}
			}
		})
	}
}

// The real files are clean of most codes; the codes that need odd input
// must not fire on ordinary lines.
func TestNoWarningsOnCleanInput(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "# header\n\ntcpmux\t\t  1/tcp\t   #TCP Port Service Multiplexer\nsystat 11/tcp users # Active Users\n3com-tsmux 106/tcp\nsql*net 66/tcp sql-net\nwhois++ 63/tcp\nz39.50 210/tcp z3950 wais\nkerberos-sec 88/udp kerberos # krb5 # Kerberos (v5)\n")
	if len(f.Warnings) != 0 {
		t.Fatalf("warnings: %+v", f.Warnings)
	}
	if len(f.Entries) != 7 {
		t.Fatalf("%d entries", len(f.Entries))
	}
}

func TestMessages(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "sql-net 66/tcp\nfoo 1/tcp\nsql-net 150/tcp\nsql-net 151/tcp\nbar 70000/tcp\n")
	dup := warningsFor(f, WarnDuplicateName)
	if len(dup) != 2 {
		t.Fatalf("duplicate-name: %+v", dup)
	}
	for _, w := range dup {
		if !strings.Contains(w.Msg, "glibc and musl use the first (line 1), Go's net package the last (line 4, port 151)") {
			t.Errorf("duplicate-name message: %q", w.Msg)
		}
	}
	bad := warningsFor(f, WarnBadPort)
	if len(bad) != 1 || !strings.Contains(bad[0].Msg, "glibc truncates it to 4464") {
		t.Errorf("bad-port: %+v", bad)
	}

	// Go ignores port 0, so its pick is the last nonzero port.
	f = mustParse(t, "x 5/tcp\nx 0/tcp\n")
	if w := warningsFor(f, WarnDuplicateName); len(w) != 1 || !strings.Contains(w[0].Msg, "the last (line 1, port 5)") {
		t.Errorf("port 0: %+v", w)
	}

	f = mustParse(t, "x 1/tcp abcdefghijklmnopqrstuvwxyz\n")
	if w := warningsFor(f, WarnLongName); len(w) != 1 || !strings.Contains(w[0].Msg, "Go's resolver never finds") {
		t.Errorf("long-name: %+v", w)
	}
	f = mustParse(t, "x 1/tcp abcdefghijklmnop\n")
	if w := warningsFor(f, WarnLongName); len(w) != 1 || strings.Contains(w[0].Msg, "Go") {
		t.Errorf("long-name: %+v", w)
	}
}

func TestComments(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "tcpmux\t\t  1/tcp\t   #TCP Port Service Multiplexer\n"+
		"kerberos-sec 88/tcp kerberos # krb5 # Kerberos (v5)\n"+
		"systat 11/tcp users#Active Users\n"+
		"echo 7/tcp\n"+
		"daytime 13/tcp #\n"+
		"discard 9/tcp sink null   #   \t\n")
	want := []struct {
		name    string
		aliases []string
		comment string
	}{
		{"tcpmux", nil, "TCP Port Service Multiplexer"},
		{"kerberos-sec", []string{"kerberos"}, "krb5 # Kerberos (v5)"},
		{"systat", []string{"users"}, "Active Users"},
		{"echo", nil, ""},
		{"daytime", nil, ""},
		{"discard", []string{"sink", "null"}, ""},
	}
	if len(f.Entries) != len(want) {
		t.Fatalf("%d entries: %+v", len(f.Entries), f.Entries)
	}
	for i, w := range want {
		e := f.Entries[i]
		if e.Name != w.name || !reflect.DeepEqual(e.Aliases, w.aliases) || e.Comment() != w.comment || e.Line != i+1 {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
}

func TestCommentedOutNotResurrected(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "#ftp             21/udp          fsp fspd\n"+
		"#\t\t 24/tcp\t   any private mail system\n"+
		"########### PORT 90 also being used unofficially by Pointcast #########\n"+
		"##########      106        Unauthorized use by insecure poppassd protocol\n"+
		"   # indented comment 25/tcp\n"+
		"http 80/tcp www\n")
	if len(f.Entries) != 1 || f.Entries[0].Name != "http" || f.Entries[0].Line != 6 {
		t.Fatalf("entries: %+v", f.Entries)
	}
	if len(f.Warnings) != 0 {
		t.Fatalf("warnings: %+v", f.Warnings)
	}
}

func TestMergedProtocols(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "discard\t9/tcp/udp/sctp/dccp\tsink # Discard\n")
	if len(f.Entries) != 4 {
		t.Fatalf("entries: %+v", f.Entries)
	}
	for i, proto := range []string{"tcp", "udp", "sctp", "dccp"} {
		e := f.Entries[i]
		if e.Proto != proto || e.Line != 1 || e.Port != 9 || e.Name != "discard" || e.Comment() != "Discard" ||
			!slices.Equal(e.Aliases, []string{"sink"}) {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	// Entries of one line do not share their Aliases.
	f.Entries[0].Aliases[0] = "changed"
	if f.Entries[1].Aliases[0] != "sink" {
		t.Error("entries of one line share their aliases")
	}
	if got := linesWith(f, WarnMergedProto); !slices.Equal(got, []int{1}) {
		t.Errorf("merged-proto on %v", got)
	}
}

func TestNmap(t *testing.T) {
	t.Parallel()
	in := "# Fields in this file are: Service name, portnum/protocol, open-frequency, optional comments\n#\n" +
		"tcpmux\t1/tcp\t0.001995\t# TCP Port Service Multiplexer [rfc-1078] | TCP Port Service Multiplexer\n" +
		"tcpmux\t1/udp\t0.001236\t# TCP Port Service Multiplexer\n" +
		"compressnet\t2/tcp\t0.000013\t# Management Utility\n" +
		"unknown\t4/tcp\t0.000477\n" +
		"BackOrifice\t31337/udp\t0.001\n" +
		"odd\t5/tcp\n" +
		"unknown\t6/tcp\t0.000502\n" +
		"unknown\t8/udp\t0.000013\n"
	f := mustParse(t, in)
	if !f.Nmap {
		t.Fatal("nmap layout not detected")
	}
	want := []float64{0.001995, 0.001236, 0.000013, 0.001, 0}
	if len(f.Entries) != len(want) {
		t.Fatalf("entries: %+v", f.Entries)
	}
	for i, e := range f.Entries {
		if e.Freq != want[i] || e.Aliases != nil {
			t.Errorf("entry %d: freq %v aliases %q, want freq %v and no aliases", i, e.Freq, e.Aliases, want[i])
		}
	}
	if f.Entries[0].Comment() != "TCP Port Service Multiplexer [rfc-1078] | TCP Port Service Multiplexer" {
		t.Errorf("comment %q", f.Entries[0].Comment())
	}
	// "unknown" is no service: its ports are unnamed, summed up in one
	// warning, and the name does not count as one at three ports.
	if len(f.Unnamed) != 3 || f.Unnamed[0].Port != 4 || f.Unnamed[2].Proto != "udp" || f.Unnamed[1].Freq != 0.000502 {
		t.Errorf("unnamed: %+v", f.Unnamed)
	}
	if got := linesWith(f, WarnNmapUnknown); !slices.Equal(got, []int{6}) || !strings.HasPrefix(f.Warnings[0].Msg, `3 entries are named "unknown"`) {
		t.Errorf("nmap-unknown on %v: %+v", got, f.Warnings)
	}
	if n := len(linesWith(f, WarnDuplicateName)); n != 0 {
		t.Errorf("%d duplicate-name warnings", n)
	}
	if f.EntryLines != 8 || f.Empty() {
		t.Errorf("EntryLines = %d", f.EntryLines)
	}

	// A float-looking alias in an ordinary file stays an alias, and
	// "unknown" is a name like any other.
	f = mustParse(t, "z39.50 210/tcp z3950 wais\nfoo 1/tcp 0.5\nbar 2/tcp\nbaz 3/tcp x\nunknown 4/tcp\n")
	if f.Nmap {
		t.Fatal("ordinary file taken for nmap")
	}
	if got := f.Entries[1].Aliases; !slices.Equal(got, []string{"0.5"}) || f.Entries[1].Freq != 0 {
		t.Errorf("aliases %q freq %v", got, f.Entries[1].Freq)
	}
	if len(f.Entries) != 5 || len(f.Unnamed) != 0 {
		t.Errorf("unknown in an ordinary file: %+v", f.Unnamed)
	}
}

// The fixture in nmap-services layout reads as nmap: no frequency becomes
// an alias, and its many "unknown" ports are one warning.
func TestNmapFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../testdata/services/layouts/nmap-services-layout.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, string(raw))
	if !f.Nmap {
		t.Fatal("not taken for nmap-services")
	}
	for _, e := range append(slices.Clone(f.Entries), f.Unnamed...) {
		if e.Freq == 0 && !strings.Contains(e.Text, "0.000000") || len(e.Aliases) > 0 {
			t.Errorf("line %d: freq %v, aliases %q", e.Line, e.Freq, e.Aliases)
		}
	}
	if len(f.Unnamed) == 0 || len(linesWith(f, WarnNmapUnknown)) != 1 {
		t.Errorf("%d unnamed, warnings %+v", len(f.Unnamed), f.Warnings)
	}
	for _, e := range f.Entries {
		if e.Name == "unknown" {
			t.Errorf("line %d: unknown is an entry", e.Line)
		}
	}
}

func TestParseFreq(t *testing.T) {
	t.Parallel()
	for tok, want := range map[string]bool{"0.001995": true, "1.0": true, "0.": true, ".5": true, "1.5": false, "1": false,
		"1e-3": false, "NaN": false, "z39.50": false, ".": false, "0..1": false, "-0.1": false} {
		if _, ok := parseFreq(tok); ok != want {
			t.Errorf("parseFreq(%q) ok = %v, want %v", tok, ok, want)
		}
	}
}

func TestBytes(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "foo 1/tcp # Andreas \xd6man\nb\xe9r 2/tcp\n"+pad8000+"n\x00l 3/tcp\n")
	if f.Entries[0].Comment() != "Andreas \xd6man" || f.Entries[0].Text != "foo 1/tcp # Andreas \xd6man" {
		t.Errorf("latin-1 comment not kept: %q", f.Entries[0].Comment())
	}
	if f.Entries[1].Name != "b\xe9r" {
		t.Errorf("latin-1 name not kept: %q", f.Entries[1].Name)
	}
	if f.Entries[2].Name != "n\x00l" {
		t.Errorf("nul name not kept: %q", f.Entries[2].Name)
	}
}

func TestLineEnds(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "http 80/tcp www\r\nftp 21/tcp # File Transfer\r\n\r\n# c\r\nssh 22/tcp")
	if f.Lines != 5 {
		t.Errorf("Lines = %d, want 5", f.Lines)
	}
	want := []Entry{
		{Line: 1, Name: "http", Port: 80, Proto: "tcp", Aliases: []string{"www"}, Text: "http 80/tcp www"},
		{Line: 2, Name: "ftp", Port: 21, Proto: "tcp", Text: "ftp 21/tcp # File Transfer"},
		{Line: 5, Name: "ssh", Port: 22, Proto: "tcp", Text: "ssh 22/tcp"},
	}
	if !reflect.DeepEqual(f.Entries, want) {
		t.Errorf("entries:\n%+v\nwant\n%+v", f.Entries, want)
	}

	for in, lines := range map[string]int{"": 0, "\n": 1, "a 1/tcp": 1, "a 1/tcp\n": 1, "a 1/tcp\n\n": 2, "# x\n#y": 2} {
		if f := mustParse(t, in); f.Lines != lines {
			t.Errorf("%q: Lines = %d, want %d", in, f.Lines, lines)
		}
	}
}

func TestReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	f, err := Parse(iotest.ErrReader(boom))
	if !errors.Is(err, boom) || f != nil {
		t.Fatalf("got %v, %v", f, err)
	}
	var fe *FormatError
	if errors.As(err, &fe) {
		t.Fatal("a read error is not a FormatError")
	}
}

func TestWarningText(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "foo 80\r\nbar 1/tcp\n")
	if len(f.Warnings) != 1 || f.Warnings[0].Text != "foo 80" || f.Warnings[0].Line != 1 {
		t.Fatalf("warnings: %+v", f.Warnings)
	}
}

// Hostile inputs stay linear: many names on one port (the duplicate-entry
// check) and many aliases on one line (the per-line dedup of lookup keys).
func TestLinear(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	const n = 20000
	for i := range n {
		b.WriteString("n" + strconv.Itoa(i) + " 1/tcp\n")
	}
	b.WriteString("x 2/tcp")
	for i := range n {
		b.WriteString(" a" + strconv.Itoa(i))
	}
	b.WriteString("\n")
	f := mustParse(t, b.String())
	if len(f.Entries) != n+1 || len(linesWith(f, WarnSharedPort)) != n-1 || len(f.Entries[n].Aliases) != n {
		t.Fatalf("%d entries, %d shared-port", len(f.Entries), len(linesWith(f, WarnSharedPort)))
	}
}

// A Wireshark-style file: each line stands for every port and protocol it
// writes, all on the line's number.
func TestWiresharkFixture(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../testdata/services/layouts/wireshark-layout.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, string(raw))
	checkInvariants(t, f)
	perLine := map[int]int{}
	for _, e := range f.Entries {
		perLine[e.Line]++
	}
	want := map[int]int{4: 2, 5: 2, 6: 4, 7: 4, 8: 3, 9: 3, 10: 2, 11: 2, 12: 128, 13: 5}
	if len(f.Entries) != 155 || !reflect.DeepEqual(perLine, want) {
		t.Errorf("%d entries, per line %v, want %v", len(f.Entries), perLine, want)
	}
	if got := linesWith(f, WarnPortRange); !slices.Equal(got, []int{12, 13}) {
		t.Errorf("port-range on %v", got)
	}
	if got := linesWith(f, WarnMergedProto); !slices.Equal(got, []int{4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Errorf("merged-proto on %v", got)
	}
	// The ports of a range do not clash with each other.
	if n := len(linesWith(f, WarnDuplicateName)); n != 0 {
		t.Errorf("%d duplicate-name warnings", n)
	}
	x11 := f.Entries[len(f.Entries)-5-64]
	if x11.Name != "x11" || x11.Port != 6000 || x11.Proto != "udp" || x11.Comment() != "X Window System" {
		t.Errorf("first x11/udp entry: %+v", x11)
	}
}
