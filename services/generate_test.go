package services

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/registry"
)

const csvHeader = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

func genFrom(t *testing.T, rows string, opts GenerateOptions) (*Generated, string) {
	t.Helper()
	reg, err := registry.Parse(strings.NewReader(csvHeader + rows))
	if err != nil {
		t.Fatal(err)
	}
	g := Generate(reg, opts)
	var b bytes.Buffer
	if _, err := g.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return g, b.String()
}

var genRows = "shilp,2049,tcp,,,,,,,,,<== NOTE Conflict on 2049 !\n" +
	"nfs,2049,tcp,Network File System - Sun Microsystems,[Brent_Callaghan],[Brent_Callaghan],,,,,,\n" +
	"http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
	"www,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\"This is a duplicate of the \"\"http\"\" service\"\n" +
	"www-http,80,tcp,World Wide Web HTTP,[Tim_Berners_Lee],,,,,,,\"This is a duplicate of the \"\"http\"\" service\"\n" +
	"http,80,udp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
	"CAIlic,216,tcp,Computer Associates Int'l License Server,[Chuck_Spitz],,,,,,,\n" +
	"x11,6000-6063,tcp,X Window System,[Stephen_Gildea],,,,,,,\n" +
	"http-alt,591,tcp,FileMaker - HTTP Alternate,[Clay_Maeckel],,,,,,,\n" +
	"http-alt,8080,tcp,HTTP Alternate (see port 80),[Stephen_Casner],,,,,,,\n" +
	"longdesc,4000,tcp," + "a very long description " + strings.Repeat("that goes on ", 20) + ",[X],,,,,,,\n" +
	"rdp,,,,,,,,,,,\n" +
	",855-859,,Unassigned,,,,,,,,\n" +
	",1008,udp,Possibly used by Sun Solaris????,,,,,,,,\n" +
	"sctponly,9999,sctp,SCTP only,[Y],,,,,,,\n"

func TestGenerate(t *testing.T) {
	t.Parallel()
	g, out := genFrom(t, genRows, GenerateOptions{Header: []string{"a header"}})
	want := []string{
		"# a header",
		"http            80/tcp www www-http # World Wide Web HTTP",
		"http            80/udp          # World Wide Web HTTP",
		"cailic          216/tcp         # Computer Associates Int'l License Server",
		"http-alt        591/tcp         # FileMaker - HTTP Alternate",
		"nfs             2049/tcp shilp  # Network File System - Sun Microsystems",
		"x11             6000/tcp        # X Window System",
	}
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, bad := range []string{"8080/tcp", "855", "1008", "rdp", "sctponly", "6001/tcp"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q", bad)
		}
	}
	if len(g.Notes) != 1 || !strings.Contains(g.Notes[0], "left out 8080/tcp: its names stand at other ports (http-alt is at 591/tcp)") {
		t.Errorf("notes = %q", g.Notes)
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) >= 128 {
			t.Errorf("line of %d bytes: %q", len(line), line)
		}
	}
	if !strings.Contains(out, "longdesc        4000/tcp        # a very long description that goes on") || !strings.Contains(out, "...\n") {
		t.Error("the long description was not cut with an ellipsis")
	}
	// Deterministic, and lint-clean.
	if _, again := genFrom(t, genRows, GenerateOptions{Header: []string{"a header"}}); again != out {
		t.Error("two runs gave different bytes")
	}
	f, err := Parse(strings.NewReader(out))
	if err != nil || len(f.Warnings) > 0 {
		t.Errorf("generated file: %v, warnings %+v", err, f.Warnings)
	}
}

func TestGenerateOptions(t *testing.T) {
	t.Parallel()
	_, out := genFrom(t, genRows, GenerateOptions{ExpandRanges: true, AllPorts: true, Protocols: []registry.Protocol{registry.TCP, registry.SCTP}})
	for _, w := range []string{"x11             6063/tcp", "http-alt        8080/tcp", "sctponly        9999/sctp"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if strings.Contains(out, "/udp") {
		t.Error("udp written though not asked for")
	}
	_, out = genFrom(t, genRows, GenerateOptions{Preset: "common"})
	if !strings.Contains(out, "80/tcp") || strings.Contains(out, "2049/tcp") || strings.Contains(out, "6000/tcp") {
		t.Errorf("common preset:\n%s", out)
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	g, _ := genFrom(t, genRows, GenerateOptions{})
	local, err := Parse(strings.NewReader("" +
		"http 80/tcp www\n" + // the registry's own: nothing to do
		"fsp 80/udp fspd\n" + // local names at a registry port: aliases
		"dircproxy 57000/tcp # Detachable IRC Proxy\n" + // local only: kept
		"nfs 2050/tcp\n" + // the registry gives nfs 2049: a conflict
		"x11-1 6001/tcp\n" + // inside x11's range, not generated: kept
		"rtmp 1/ddp\n" + // not a registry protocol: dropped
		"http-alt 8080/tcp webcache\n")) // the registry gives http-alt 591 and 8080: the file's choice wins
	if err != nil {
		t.Fatal(err)
	}
	conflicts := g.Merge(local, "local")
	if len(conflicts) != 1 || !strings.Contains(conflicts[0], "local:4: nfs is at 2050/tcp here, but the registry gives it 2049/tcp") {
		t.Errorf("conflicts = %q", conflicts)
	}
	var b bytes.Buffer
	g.WriteTo(&b)
	out := b.String()
	for _, w := range []string{"http            80/udp fsp fspd", "# Local additions", "dircproxy       57000/tcp       # Detachable IRC Proxy", "x11-1           6001/tcp",
		"http-alt        8080/tcp webcache # HTTP Alternate (see port 80)"} {
		if !strings.Contains(out, w) {
			t.Errorf("merged output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "2050") || strings.Contains(out, "ddp") || strings.Contains(out, "591/tcp") {
		t.Errorf("merged output kept a conflict or a ddp line:\n%s", out)
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	reg, err := registry.Parse(strings.NewReader(csvHeader + genRows))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Generate(reg, GenerateOptions{})
	}
}

// What Merge adds stays within generate's limits: aliases that do not fit
// go to continuation lines, long names to Kept, entries on protocols not
// written nowhere.
func TestMergeLimits(t *testing.T) {
	t.Parallel()
	g, _ := genFrom(t, genRows, GenerateOptions{})
	var aliases []string
	for i := range 40 {
		aliases = append(aliases, "web"+strconv.Itoa(i))
	}
	local, err := Parse(strings.NewReader("" +
		"http 80/tcp " + strings.Join(aliases, " ") + " a-local-name-of-25-bytes\n" +
		"amqp 5672/sctp # the registry's, on a protocol not written\n" +
		"myapp 9999/sctp\n" +
		"- 1775/tcp\n" +
		"Longer-Than-Fifteen 7000/tcp # kept as written\n" +
		"x11 6000-6063/tcp # a range: one conflict, not 63\n" +
		"wide 6100-6101/tcp\n" +
		"lat 7001/tcp # Andreas \xd6man\n"))
	if err != nil {
		t.Fatal(err)
	}
	conflicts := g.Merge(local, "f")
	if len(conflicts) != 2 || !strings.Contains(conflicts[0], "f:6: x11 is at 6001/tcp here, but the registry gives it 6000/tcp") ||
		!strings.Contains(conflicts[1], "f:7: wide stands at several ports on this line; kept 6100/tcp, the first") {
		t.Errorf("conflicts %q", conflicts)
	}
	var b bytes.Buffer
	g.WriteTo(&b)
	out := b.String()
	f, err := Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	kept := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "# Local names kept") })
	if kept < 0 {
		t.Fatalf("no kept section:\n%s", out)
	}
	for _, w := range f.Warnings {
		if w.Line <= kept+1 {
			t.Errorf("line %d: %s: %s", w.Line, w.Code, w.Msg)
		}
	}
	// Every name is found at its port: continuation lines repeat
	// "http 80/tcp" with the next aliases.
	at := map[string]int{}
	for _, e := range f.Entries {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			at[n+"/"+e.Proto] = e.Port
		}
	}
	for _, n := range append(aliases, "www", "www-http", "http") {
		if at[n+"/tcp"] != 80 {
			t.Errorf("%s/tcp is at %d", n, at[n+"/tcp"])
		}
	}
	if at["a-local-name-of-25-bytes/tcp"] != 80 || at["Longer-Than-Fifteen/tcp"] != 7000 {
		t.Errorf("long names: %v %v", at["a-local-name-of-25-bytes/tcp"], at["Longer-Than-Fifteen/tcp"])
	}
	if !strings.Contains(out, "\nhttp            80/tcp www www-http web0 web1") || !strings.Contains(out, "\nhttp            80/tcp web") {
		t.Errorf("no continuation line:\n%s", out)
	}
	if !strings.Contains(out, "\nlat             7001/tcp        # Andreas ?man\n") || !strings.Contains(out, "\nLonger-Than-Fifteen 7000/tcp # kept as written\n") {
		t.Errorf("local lines:\n%s", out)
	}
	for _, bad := range []string{"/sctp", "1775", "6001"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q", bad)
		}
	}
	notes := strings.Join(g.Notes, "\n")
	if !strings.Contains(notes, "f: left out its entries on protocols not written (2 on sctp)") || !strings.Contains(notes, `f:4: left out the name "-" of 1775/tcp`) {
		t.Errorf("notes:\n%s", notes)
	}
}

// BenchmarkMergeManyAliases merges a services file with one line of
// 200,000 aliases (1.39 MB, within MaxLineBytes): parse, merge and write.
// It was quadratic, 51 s for a 1.5 MB line; it is now linear.
func BenchmarkMergeManyAliases(b *testing.B) {
	reg, err := registry.Parse(strings.NewReader(csvHeader + genRows))
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("http 80/tcp")
	for i := range 200000 {
		sb.WriteString(" a" + strconv.Itoa(i))
	}
	sb.WriteString("\n")
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		local, err := Parse(strings.NewReader(in))
		if err != nil {
			b.Fatal(err)
		}
		g := Generate(reg, GenerateOptions{})
		g.Merge(local, "f")
		if _, err := g.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
