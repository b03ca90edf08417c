package diff

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
)

const header = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

// smallRegistry is a hand-made registry with one row of each situation.
const smallRegistry = header +
	"http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
	"http,80,udp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
	"www,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
	"www,80,udp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
	"ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,\n" +
	"ssh,22,udp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,\n" +
	"msp,18,tcp,Message Send Protocol (historic),[Rina_Nethaniel],[Rina_Nethaniel],,,,,,\n" +
	"device,801,tcp,,,,,,,,,\n" +
	",855-859,,Unassigned,,,,,,,,\n" +
	",1008,udp,Possibly used by Sun Solaris????,,,,,,,,\n" +
	",1023,tcp,Reserved,,,,,,,,\n" +
	"CAIlic,216,tcp,Computer Associates Int'l License Server,[Chuck_Spitz],[Chuck_Spitz],,,,,,\n" +
	"newsvc,4242,tcp,A service assigned in 2025,[Someone],[Someone],2025-06-01,,,,,\n" +
	"newsvc,4242,udp,A service assigned in 2025,[Someone],[Someone],2025-06-01,,,,,\n"

func check(t *testing.T, file string, opts Options) *Report {
	t.Helper()
	reg, err := registry.Parse(strings.NewReader(smallRegistry))
	if err != nil {
		t.Fatal(err)
	}
	sf, err := services.Parse(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	return Check(reg, sf, opts)
}

// complete is a file that has every assigned row of smallRegistry.
const complete = "http 80/tcp www\nhttp 80/udp\nssh 22/tcp\nssh 22/udp\nmsp 18/tcp\ndevice 801/tcp\nCAIlic 216/tcp\nnewsvc 4242/tcp\nnewsvc 4242/udp\n"

// The complete file holds "CAIlic": the parser warns that Go's resolver
// cannot find a mixed-case name, a malformed finding in most cases below.
func TestCheckCategories(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file string
		want       map[Category]int
		message    string // a finding's message must contain this
	}{
		{"only vague and historic in a complete file", complete, map[Category]int{Malformed: 1, Vague: 1, Historic: 1}, "device 801/tcp maps to a vague registry entry (no-description, no-registrant, no-reference)"},
		{"one recent assignment missing",
			strings.Replace(complete, "newsvc 4242/tcp\nnewsvc 4242/udp\n", "", 1),
			map[Category]int{Malformed: 1, Vague: 1, Historic: 1, Missing: 1}, "newsvc 4242/tcp,udp is assigned by IANA, registered or changed 2025-06-01"},
		{"a sibling name is no mismatch", strings.Replace(complete, "http 80/tcp www", "www 80/tcp", 1), map[Category]int{Malformed: 1, Vague: 1, Historic: 1}, ""},
		{"an alias that matches is no mismatch", strings.Replace(complete, "http 80/tcp www", "web 80/tcp http", 1), map[Category]int{Malformed: 1, Vague: 1, Historic: 1}, ""},
		{"name mismatch", strings.Replace(complete, "http 80/tcp www", "web 80/tcp", 1), map[Category]int{Malformed: 1, Vague: 1, Historic: 1, NameMismatch: 1}, `web 80/tcp: the registry names 80/tcp "http" or "www"`},
		{"port mismatch", complete + "ssh 2222/tcp\n", map[Category]int{Malformed: 2, Vague: 1, Historic: 1, PortMismatch: 1}, "ssh 2222/tcp: the registry assigns ssh to port 22/tcp"},
		{"local-only in an unassigned range", complete + "foo 856/tcp\n", map[Category]int{Malformed: 1, Vague: 1, Historic: 1, LocalOnly: 1}, "foo 856/tcp is not assigned by IANA: the port is unassigned (inside 855-859)"},
		{"local-only on a reserved port", complete + "foo 1023/tcp\n", map[Category]int{Malformed: 1, Vague: 1, Historic: 1, LocalOnly: 1}, "the port is reserved"},
		{"local-only in the dynamic range", complete + "foo 50000/udp\n", map[Category]int{Malformed: 1, Vague: 1, Historic: 1, LocalOnly: 1}, "dynamic range"},
		{"local-only with no row", complete + "dircproxy 57000/tcp\nfido 5000/tcp\n", map[Category]int{Malformed: 1, Vague: 1, Historic: 1, LocalOnly: 2}, "fido 5000/tcp is not assigned by IANA: the registry has no row for it"},
		{"case only", strings.Replace(complete, "CAIlic", "Cailic", 1), map[Category]int{Malformed: 1, Vague: 1, Historic: 1, CaseOnly: 1}, `differs only in case from the registry's "CAIlic"`},
		{"the lower-case form is a match", strings.Replace(complete, "CAIlic", "cailic", 1), map[Category]int{Vague: 1, Historic: 1}, ""},
		{"nameless vague port", complete + "sunthing 1008/udp\n", map[Category]int{Malformed: 1, Vague: 2, Historic: 1}, `sunthing 1008/udp sits on a port the registry describes only as "Possibly used by Sun Solaris????"`},
		{"malformed", complete + "broken 99999/tcp\n", map[Category]int{Vague: 1, Historic: 1, Malformed: 2}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := check(t, tc.file, Options{})
			for _, c := range Categories {
				if rep.Summary[c] != tc.want[c] {
					t.Errorf("%s = %d, want %d", c, rep.Summary[c], tc.want[c])
				}
			}
			if tc.message != "" {
				found := false
				for _, f := range rep.Findings {
					found = found || strings.Contains(f.Message, tc.message)
				}
				if !found {
					t.Errorf("no finding says %q; findings: %+v", tc.message, rep.Findings)
				}
			}
		})
	}
}

// TestCheckVagueIsTheModels: check's vague category is what `regdiff
// vague` lists by default, row for row.
func TestCheckVagueIsTheModels(t *testing.T) {
	t.Parallel()
	reg, err := registry.Parse(strings.NewReader(smallRegistry +
		"graphics,41,tcp,Graphics,,,,,,,,\n" + // repeats the name, nobody, no reference: vague
		"ssh,22,sctp,SSH,[Randall_Stewart],[Randall_Stewart],,2022-02-07,[RFC9260],,,\n" + // repeats the name, with an RFC: not
		"domain,53,udp,Domain Name Server,[Paul_Mockapetris],[Paul_Mockapetris],,,,,,\n")) // a registrant, no reference: not
	if err != nil {
		t.Fatal(err)
	}
	a := reg.Assessor()
	judge := NewJudge(reg)
	vague := 0
	for i := range reg.Entries {
		e := &reg.Entries[i]
		if e.Kind != registry.Assigned || strings.ContainsAny(e.Name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			continue
		}
		if h, _ := registry.Historic(e); h {
			continue
		}
		sf, err := services.Parse(strings.NewReader(e.Name + " " + e.Ports.String() + "/" + string(e.Proto) + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := a.Assess(e).Vague
		if want {
			vague++
		}
		if got := Check(reg, sf, Options{}).Summary[Vague] == 1; got != want {
			t.Errorf("check %s: vague %v, the model says %v", e.Label(), got, want)
		}
		if got := judge.Listener(e.Ports.Lo(), e.Proto, nil, false).Verdict == ListenVague; got != want {
			t.Errorf("listening on %s: vague %v, the model says %v", e.Label(), got, want)
		}
	}
	if vague != 2 { // device, graphics
		t.Errorf("%d vague rows, want 2", vague)
	}
}

func TestCheckFiltersMalformed(t *testing.T) {
	t.Parallel()
	file := "Foo 856/tcp\nbad 99999/tcp\nBar 4000/udp\n"
	count := func(opts Options) int { return check(t, file, opts).Summary[Malformed] }
	if n := count(Options{}); n != 3 {
		t.Errorf("no filter: %d malformed, want 3 (two mixed-case names, a bad port)", n)
	}
	if n := count(Options{Range: registry.Ports(0, 1000)}); n != 1 {
		t.Errorf("--range 0-1000: %d malformed, want Foo's only", n)
	}
	if n := count(Options{Protocols: []registry.Protocol{registry.UDP}}); n != 1 {
		t.Errorf("--proto udp: %d malformed, want Bar's only", n)
	}
}

func TestCheckFilters(t *testing.T) {
	t.Parallel()
	file := "foo 856/tcp\n"
	// http (tcp+udp: one finding), ssh, msp, device, CAIlic, newsvc.
	if rep := check(t, file, Options{}); rep.Summary[Missing] != 6 {
		t.Errorf("missing = %d, want 6: %+v", rep.Summary[Missing], rep.Findings)
	}
	rep := check(t, file, Options{Only: []Category{LocalOnly}})
	if len(rep.Findings) != 1 || rep.Findings[0].Category != LocalOnly {
		t.Errorf("--only local-only: %+v", rep.Findings)
	}
	rep = check(t, file, Options{Protocols: []registry.Protocol{registry.UDP}})
	for _, f := range rep.Findings {
		if f.Category != Missing || strings.Join(f.Protocols, ",") != "udp" {
			t.Errorf("--proto udp kept %+v", f)
		}
	}
	rep = check(t, file, Options{Range: registry.Ports(0, 100)})
	for _, f := range rep.Findings {
		if p := f.port; p > 100 {
			t.Errorf("--range 0-100 kept port %d", p)
		}
	}
	if rep.Summary[Missing] != 3 { // http, ssh, msp
		t.Errorf("missing in 0-100 = %d, want 3: %+v", rep.Summary[Missing], rep.Findings)
	}
}

// TestCheckRealFiles runs the check on every real services file: it must
// not fail, and a full-registry file must find far fewer missing entries
// than a curated one.
func TestCheckRealFiles(t *testing.T) {
	t.Parallel()
	reg := committedRegistry(t)
	missing := map[string]int{}
	for _, name := range []string{"debian-netbase-6.4", "arch-iana-etc", "freebsd-12-stable-r358870", "macos-files-972", "suse12-netcfg", "centos7-setup-2.8.71", "alpine-baselayout-2.x"} {
		sf := realFile(t, name)
		rep := Check(reg, sf, Options{})
		total := 0
		for _, n := range rep.Summary {
			total += n
		}
		if total != len(rep.Findings) {
			t.Errorf("%s: summary adds up to %d, findings %d", name, total, len(rep.Findings))
		}
		missing[name] = rep.Summary[Missing]
		t.Logf("%s: %d entries, %v", name, rep.Entries, rep.Summary)
		checkPerCategory(t, name, reg, sf)
	}
	// A range line of two protocols (Wireshark's syntax) gives findings of
	// one category on one line, which the report orders by port, not as
	// the line's entries come (every tcp port, then every udp port): the
	// first few of a category can end inside the line.
	sf, err := services.Parse(strings.NewReader("a 1/tcp\nb 2/tcp\nc 5000-5060/tcp/udp\nd 7/udp\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkPerCategory(t, "a range line", reg, sf)
	if missing["arch-iana-etc"]*5 > missing["debian-netbase-6.4"] {
		t.Errorf("arch (generated from IANA) misses %d, debian (curated) %d: want far fewer for arch", missing["arch-iana-etc"], missing["debian-netbase-6.4"])
	}
}

// checkPerCategory checks that PerCategory builds the first findings of
// each category, the same as the whole report's first ones, and counts
// them all.
func checkPerCategory(t *testing.T, name string, reg *registry.Registry, sf *services.File) {
	t.Helper()
	for _, opts := range []Options{{PerCategory: 10}, {PerCategory: 1}, {PerCategory: 3}, {PerCategory: 3, Only: []Category{Missing, NameMismatch}, Range: registry.Ports(1, 1023)}} {
		whole := Check(reg, sf, Options{Only: opts.Only, Range: opts.Range})
		cut := Check(reg, sf, opts)
		if !maps.Equal(cut.Summary, whole.Summary) || cut.Entries != whole.Entries {
			t.Errorf("%s, %d per category: summary %v, want %v", name, opts.PerCategory, cut.Summary, whole.Summary)
		}
		want := firstOfEach(whole.Findings, opts.PerCategory)
		if !reflect.DeepEqual(cut.Findings, want) {
			t.Errorf("%s, %d per category: %d findings differ from the whole report's first %d", name, opts.PerCategory, len(cut.Findings), len(want))
		}
	}
}

// TestCheckAnyOrder: rows a caller put out of canonical order give the
// report their sorted copy gives, and stay as the caller left them.
func TestCheckAnyOrder(t *testing.T) {
	t.Parallel()
	reg := committedRegistry(t)
	sf := realFile(t, "debian-netbase-6.4")
	want := Check(reg, sf, Options{})
	shuffled := slices.Clone(reg.Entries)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	before := slices.Clone(shuffled)
	got := Check(&registry.Registry{Entries: shuffled, People: reg.People}, sf, Options{})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shuffled rows: summary %v, want %v", got.Summary, want.Summary)
	}
	if !reflect.DeepEqual(shuffled, before) {
		t.Error("Check reordered the caller's rows")
	}
}

// realFile is a real services file of testdata/services, parsed.
func realFile(tb testing.TB, name string) *services.File {
	tb.Helper()
	f, err := os.Open("../testdata/services/" + name + ".services")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sf, err := services.Parse(f)
	if err != nil {
		tb.Fatal(err)
	}
	return sf
}

// committedRegistry is a committed snapshot's registry, read as IANA's CSV.
func committedRegistry(tb testing.TB) *registry.Registry {
	tb.Helper()
	raw, err := os.ReadFile("../snapshots/2026-04-09.csv")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := registry.Parse(strings.NewReader(string(raw)))
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

func BenchmarkCheck(b *testing.B) {
	reg := committedRegistry(b)
	sf := realFile(b, "suse12-netcfg")
	b.ReportAllocs()
	for b.Loop() {
		Check(reg, sf, Options{})
	}
}

// TestSortFindingsIsStable: sorting positions and permuting in place gives
// what a stable sort of the findings gives.
func TestSortFindingsIsStable(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		fs := make([]Finding, rnd.IntN(60))
		for i := range fs {
			fs[i] = Finding{Category: Categories[rnd.IntN(len(Categories))], Line: rnd.IntN(4), port: rnd.IntN(3), Message: strconv.Itoa(i)}
		}
		want := slices.Clone(fs)
		rank := map[Category]int{}
		for i, c := range Categories {
			rank[c] = i
		}
		slices.SortStableFunc(want, func(a, b Finding) int {
			return cmp.Or(cmp.Compare(rank[a.Category], rank[b.Category]), cmp.Compare(a.Line, b.Line), b.newest.Compare(a.newest), cmp.Compare(a.port, b.port))
		})
		sortFindings(fs)
		for i := range fs {
			if fs[i].Message != want[i].Message {
				t.Fatalf("position %d: finding %s, a stable sort puts %s there", i, fs[i].Message, want[i].Message)
			}
		}
	}
}

func TestParseCategories(t *testing.T) {
	t.Parallel()
	got, err := ParseCategories([]string{"missing", " Vague "})
	if err != nil || !slices.Equal(got, []Category{Missing, Vague}) {
		t.Errorf("ParseCategories = %v, %v", got, err)
	}
	if _, err := ParseCategories([]string{"missing", "bogus"}); err == nil || !strings.Contains(err.Error(), `unknown category "bogus"`) {
		t.Errorf("bogus: %v", err)
	}
}

func TestFirstOfEach(t *testing.T) {
	t.Parallel()
	var fs []Finding
	for _, c := range []Category{Malformed, Malformed, Malformed, NameMismatch, NameMismatch, NameMismatch, Missing} {
		fs = append(fs, Finding{Category: c, Line: len(fs)})
	}
	var lines []int
	for _, f := range firstOfEach(fs, 2) {
		lines = append(lines, f.Line)
	}
	if want := []int{0, 1, 3, 4, 6}; !slices.Equal(lines, want) {
		t.Errorf("kept lines %v, want %v", lines, want)
	}
}

// TestCheckMissingJoinsSplitGroups: names that fold alike only outside
// ASCII are one group even when canonical order puts another name between
// their rows, as a map by folded name and port groups them.
func TestCheckMissingJoinsSplitGroups(t *testing.T) {
	t.Parallel()
	reg, err := registry.Parse(strings.NewReader(header +
		"Ωx,5000,tcp,Omega X,[A],[A],2020-01-01,,,,,\n" +
		"Ωz,5000,udp,Omega Z,[A],[A],2021-01-01,,,,,\n" +
		"ωx,5000,sctp,omega x,[A],[A],2022-01-01,,,,,\n" +
		"other,5001,tcp,Other,[A],[A],2019-01-01,,,,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range reg.Entries {
		names = append(names, e.Name+"/"+string(e.Proto))
	}
	if want := []string{"Ωx/tcp", "Ωz/udp", "ωx/sctp", "other/tcp"}; !slices.Equal(names, want) {
		t.Fatalf("canonical order %v, want %v (the test needs Ωz between the two others)", names, want)
	}
	sf, err := services.Parse(strings.NewReader("unrelated 9/tcp\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, per := range []int{0, 1} {
		rep := Check(reg, sf, Options{Only: []Category{Missing}, PerCategory: per})
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Name+" "+strings.Join(f.Protocols, ","))
		}
		want := []string{"Ωx tcp,sctp", "Ωz udp", "other tcp"} // newest first: Ωx's group holds 2022
		if per == 1 {
			want = want[:1]
		}
		if rep.Summary[Missing] != 3 || !slices.Equal(got, want) {
			t.Errorf("%d per category: %d missing, findings %q; want 3 and %q", per, rep.Summary[Missing], got, want)
		}
	}
}

// TestByPort holds the index's binary searches to the rows of every port
// listed the plain way, each range spelt out, on a real registry and on
// one of overlapping ranges.
func TestByPort(t *testing.T) {
	t.Parallel()
	real := committedRegistry(t)
	overlapping := registry.New([]registry.Entry{
		{Name: "a", Ports: registry.Ports(10, 20), Proto: registry.TCP},
		{Name: "b", Ports: registry.Ports(12, 12), Proto: registry.TCP},
		{Name: "c", Ports: registry.Ports(12, 30), Proto: registry.UDP},
		{Name: "d", Ports: registry.Ports(15, 15), Proto: registry.TCP},
		{Name: "e", Ports: registry.Ports(0, 65535)},
		{Name: "f", Ports: registry.Ports(65535, 65535), Proto: registry.TCP},
		{Name: "g", Ports: registry.Ports(14, 16), Proto: registry.TCP},
		{Name: "h", Proto: registry.TCP}, // no port
	})
	for name, reg := range map[string]*registry.Registry{"real": real, "overlapping": overlapping} {
		want := make([][]int32, registry.MaxPort+1)
		for i, e := range reg.Entries {
			if e.HasPort() {
				for p := e.Ports.Lo(); p <= e.Ports.Hi(); p++ {
					want[p] = append(want[p], int32(i))
				}
			}
		}
		ix := newIndex(reg)
		for p := range want {
			if got := ix.byPort(p, nil); !slices.Equal(got, want[p]) {
				t.Fatalf("%s: byPort(%d) = %v, want %v", name, p, got, want[p])
			}
		}
	}
}
