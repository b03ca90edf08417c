package report

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
	"github.com/regdiff/regdiff/snapshots"
	"golang.org/x/net/html"
)

const (
	storeDir   = "../snapshots"
	debianFile = "../testdata/services/debian-netbase-6.4.services"
	maxPage    = 1_500_000 // bytes
)

// source is what a report is made from: the newest snapshot of the
// repository's store, the deltas of the whole store, and optionally the
// check of a services file.
type source struct {
	reg    *registry.Registry
	list   []snapshots.Snapshot
	deltas []snapshots.Step
}

// indexDir is the store index's folder for this test run; TestMain removes it.
var indexDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if indexDir != "" {
		os.RemoveAll(indexDir)
	}
	os.Exit(code)
}

var repoStore = sync.OnceValues(func() (*source, error) {
	st := snapshots.Open(storeDir)
	dir, err := os.MkdirTemp("", "regdiff-report-index-")
	if err != nil {
		return nil, err
	}
	indexDir = dir
	st.IndexDir = dir
	ix, err := st.Index()
	if err != nil {
		return nil, err
	}
	s := &source{list: ix.Snapshots(), deltas: ix.Steps()}
	if s.reg, err = s.list[len(s.list)-1].Load(); err != nil {
		return nil, err
	}
	return s, nil
})

// testOverview is the report of the repository's store, with the check of
// file when it is not "".
func testOverview(t testing.TB, file string) *Overview {
	t.Helper()
	src, err := repoStore()
	if err != nil {
		t.Fatal(err)
	}
	name := src.list[len(src.list)-1].Name
	var check *Check
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sf, err := services.ParseNamed(f, file)
		if err != nil {
			t.Fatal(err)
		}
		check = &Check{File: file, Registry: name, Report: diff.Check(src.reg, sf, diff.Options{})}
	}
	return NewOverview(src.reg, name, registry.NoProto, storeDir, src.list, src.deltas, check)
}

func renderPage(t testing.TB, r *Overview) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.HTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPageStructure parses the page and checks it against the analyses:
// every port is one cell of each map, of the status the gaps analysis
// gives it; the ports ringed are the findings'; nothing is fetched from
// elsewhere; the page is small.
func TestPageStructure(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"", debianFile} {
		t.Run("file="+file, func(t *testing.T) {
			r := testOverview(t, file)
			page := renderPage(t, r)
			t.Logf("page: %d bytes", len(page))
			if len(page) > maxPage {
				t.Errorf("page is %d bytes, want under %d", len(page), maxPage)
			}
			doc, err := html.Parse(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			checkSelfContained(t, doc)

			src, _ := repoStore()
			status, vague := src.reg.PortStatus(registry.NoProto), src.reg.VaguePorts(registry.NoProto)
			for _, m := range []struct {
				id     string
				within registry.PortRange
			}{{"map-system", registry.System.Bounds()}, {"map-all", registry.Ports(0, registry.MaxPort)}} {
				svg := byID(doc, m.id)
				if svg == nil {
					t.Fatalf("no svg#%s", m.id)
				}
				cells := countCells(t, svg, m.within.Len())
				want := registry.CountStatus(status, m.within)
				nVague := 0
				for p := m.within.Lo(); p <= m.within.Hi(); p++ {
					if vague[p] || status[p] == registry.StatusNameless {
						nVague++ // a nameless port is drawn vague
					}
				}
				for s, c := range map[registry.Status]Cell{registry.StatusReserved: CellReserved, registry.StatusUnassigned: CellUnassigned,
					registry.StatusDeregistered: CellDeregistered, registry.StatusDynamic: CellDynamic} {
					if cells[c] != want[s] {
						t.Errorf("%s: %d %s cells, the gaps analysis has %d", m.id, cells[c], c, want[s])
					}
				}
				if cells[CellAssigned]+cells[CellVague] != want[registry.StatusAssigned]+want[registry.StatusNameless] || cells[CellVague] != nVague {
					t.Errorf("%s: %d assigned and %d vague cells; the gaps analysis has %d assigned and %d nameless ports, %d of them vague",
						m.id, cells[CellAssigned], cells[CellVague], want[registry.StatusAssigned], want[registry.StatusNameless], nVague)
				}
				if m.id == "map-all" && (cells[CellVague] == 0 || cells[CellDeregistered] == 0) {
					t.Errorf("%s: cells %v: want some of every status", m.id, cells)
				}
				if r.Check != nil {
					checkMarks(t, svg, r, m.within)
				}
			}
			checkData(t, doc, r)
		})
	}
}

// countCells sums the ports of each status's rects, failing on a port
// drawn twice or not at all.
func countCells(t *testing.T, svg *html.Node, ports int) map[Cell]int {
	t.Helper()
	n, _ := strconv.Atoi(attr(svg, "data-cols"))
	if n*n != ports {
		t.Fatalf("svg#%s: %d columns for %d ports", attr(svg, "id"), n, ports)
	}
	drawn := make([]bool, ports)
	cells := map[Cell]int{}
	for g := range svg.Descendants() {
		st := attr(g, "data-status")
		if g.Data != "g" || st == "" {
			continue
		}
		for r := range g.ChildNodes() {
			if r.Type != html.ElementNode {
				continue
			}
			x, y, w, h := num(t, r, "x"), num(t, r, "y"), num(t, r, "width"), num(t, r, "height")
			for j := y; j < y+h; j++ {
				for i := x; i < x+w; i++ {
					if i < 0 || i >= n || j < 0 || j >= n || drawn[j*n+i] {
						t.Fatalf("svg#%s: %s rect %d,%d %dx%d is off the grid or over another", attr(svg, "id"), st, x, y, w, h)
					}
					drawn[j*n+i] = true
				}
			}
			cells[Cell(st)] += w * h
		}
	}
	if i := slices.Index(drawn, false); i >= 0 {
		t.Errorf("svg#%s: port %d has no cell", attr(svg, "id"), i)
	}
	return cells
}

// checkMarks compares the ports ringed in each category with the ports of
// the findings.
func checkMarks(t *testing.T, svg *html.Node, r *Overview, within registry.PortRange) {
	t.Helper()
	n, _ := strconv.Atoi(attr(svg, "data-cols"))
	got := map[string]map[int]bool{}
	for g := range svg.Descendants() {
		cat := attr(g, "data-category")
		if g.Data != "g" || cat == "" {
			continue
		}
		got[cat] = map[int]bool{}
		// A ring is around its ports where a port is a dot, inside
		// them where it is a square (see newGrid).
		in := -1.0
		if n == 32 {
			in = 0.12
		}
		for r := range g.ChildNodes() {
			x, _ := strconv.ParseFloat(attr(r, "x"), 64)
			y, _ := strconv.ParseFloat(attr(r, "y"), 64)
			w, _ := strconv.ParseFloat(attr(r, "width"), 64)
			lo, row, width := int(math.Round(x-in)), int(math.Round(y-in)), int(math.Round(w+2*in))
			for i := lo; i < lo+width; i++ {
				got[cat][within.Lo()+row*n+i] = true
			}
		}
	}
	for _, c := range diff.Categories {
		want := map[int]bool{}
		for _, f := range r.Check.Findings {
			if pr, err := registry.ParsePortRange(f.Port); f.Category == c && err == nil && !pr.IsNone() {
				for p := pr.Lo(); p <= pr.Hi(); p++ {
					if within.Contains(p) {
						want[p] = true
					}
				}
			}
		}
		if len(got[string(c)]) != len(want) {
			t.Errorf("svg#%s: %d ports ringed as %s, the check has %d", attr(svg, "id"), len(got[string(c)]), c, len(want))
		}
		for p := range want {
			if !got[string(c)][p] {
				t.Errorf("svg#%s: port %d of a %s finding is not ringed", attr(svg, "id"), p, c)
				break
			}
		}
	}
}

// checkData decodes the script's data and compares it with the report.
func checkData(t *testing.T, doc *html.Node, r *Overview) {
	t.Helper()
	s := byID(doc, "map-data")
	if s == nil || s.FirstChild == nil {
		t.Fatal("no script#map-data")
	}
	var d pageData
	if err := json.Unmarshal([]byte(s.FirstChild.Data), &d); err != nil {
		t.Fatalf("script#map-data: %v", err)
	}
	ports, cells := 0, r.Map.cells()
	for i := 0; i < len(d.Runs); i += 3 {
		if d.Runs[i] != ports {
			t.Fatalf("data: run %d starts at %d, want %d", i/3, d.Runs[i], ports)
		}
		if d.Statuses[d.Runs[i+2]] != cells[ports] {
			t.Fatalf("data: port %d is %s, the map says %s", ports, d.Statuses[d.Runs[i+2]], cells[ports])
		}
		ports = d.Runs[i+1] + 1
	}
	if ports != registry.MaxPort+1 {
		t.Errorf("data: runs end at %d", ports)
	}
	names := map[int]string{}
	for i := 0; i < len(d.NameRuns); i += 3 {
		for p := d.NameRuns[i]; p <= d.NameRuns[i+1]; p++ {
			names[p] = d.Names[d.NameRuns[i+2]]
		}
	}
	for port, want := range map[int]string{80: "http", 1008: "Possibly used by Sun Solaris????", 6042: "x11", 856: ""} {
		if names[port] != want {
			t.Errorf("data: port %d is named %q, want %q", port, names[port], want)
		}
	}
}

var (
	urlRE    = regexp.MustCompile(`(?i)url\(\s*['"]?\s*([^'")\s]*)`)
	importRE = regexp.MustCompile(`(?i)@import`)
)

// checkSelfContained fails on anything the page would load: a reference
// that is not a fragment of the page itself, a CSS import or a url() that
// is not a fragment, a link or an embed.
func checkSelfContained(t *testing.T, doc *html.Node) {
	t.Helper()
	for n := range doc.Descendants() {
		if n.Type == html.TextNode && n.Parent != nil && n.Parent.Data == "style" {
			checkCSS(t, "<style>", n.Data)
		}
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "link", "iframe", "img", "object", "embed", "image", "use", "audio", "video", "source", "base":
			t.Errorf("<%s> in the page: it would load something", n.Data)
		}
		for _, a := range n.Attr {
			switch strings.ToLower(a.Key) {
			case "src", "href", "action", "formaction", "poster", "srcset", "background", "data":
				if !strings.HasPrefix(a.Val, "#") {
					t.Errorf("<%s %s=%q>: a reference outside the page", n.Data, a.Key, a.Val)
				}
			case "style", "fill", "stroke", "filter", "mask", "clip-path":
				checkCSS(t, "<"+n.Data+" "+a.Key+">", a.Val)
			}
		}
	}
}

func checkCSS(t *testing.T, where, css string) {
	t.Helper()
	if importRE.MatchString(css) {
		t.Errorf("%s: @import", where)
	}
	for _, m := range urlRE.FindAllStringSubmatch(css, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("%s: url(%s) is not a fragment of the page", where, m[1])
		}
	}
}

func byID(doc *html.Node, id string) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == id {
			return n
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func num(t *testing.T, n *html.Node, key string) int {
	t.Helper()
	v, err := strconv.Atoi(attr(n, key))
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.Data, key, attr(n, key), err)
	}
	return v
}

// TestPageWithoutHistory: a store with no snapshots still gives a page,
// which says why it has no history.
func TestPageWithoutHistory(t *testing.T) {
	t.Parallel()
	src, err := repoStore()
	if err != nil {
		t.Fatal(err)
	}
	r := NewOverview(src.reg, "embedded", registry.TCP, "/nowhere", nil, nil, nil)
	page := string(renderPage(t, r))
	for _, want := range []string{"holds no snapshots", "port statuses over tcp", `id="map-all"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="chart-changes"`) {
		t.Error("a chart of changes with no snapshots")
	}
}

// BenchmarkHTML renders the page of the repository's store with the
// check of a services file.
func BenchmarkHTML(b *testing.B) {
	r := testOverview(b, debianFile)
	for b.Loop() {
		if err := r.HTML(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}
