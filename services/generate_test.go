package services

import (
	"bytes"
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
