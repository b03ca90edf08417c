package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
)

// The page is one file that opens from disk: its styles, its one small
// script and its data are inline, and every picture is SVG drawn here. The
// maps merge the ports of one status on one grid row into one rect, so the
// 65,536 ports take a few thousand elements; hover looks a port up in the
// embedded data instead of in per-port elements.
//
//go:embed html.tmpl
var pageTemplate string

// page is parsed when first used: not on every start of the binary.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"join":   func(s []string) string { return strings.Join(s, "") },
		"commas": func(s []string) string { return strings.Join(s, ",") },
	}).Parse(pageTemplate))
})

// CellColors are the map's colors, from the Okabe-Ito palette, which
// people with every common color-vision deficiency tell apart; the system
// ports grid adds patterns to the statuses that are easy to confuse.
var CellColors = map[Cell]string{
	CellAssigned:     "#0072b2", // blue
	CellVague:        "#cc79a7", // reddish purple
	CellReserved:     "#56b4e9", // sky blue
	CellDeregistered: "#d55e00", // vermillion
	CellUnassigned:   "#f0e442", // yellow: free to request
	CellDynamic:      "#bbbbbb", // grey: never assigned
}

// seriesKey is one series of a chart: its key in the data, its label and
// its color.
type seriesKey struct{ Key, Label, Color string }

// patterned are the statuses the system ports grid draws with a pattern
// over their color, so that they differ in more than hue.
var patterned = map[Cell]bool{CellVague: true, CellReserved: true, CellDeregistered: true}

// changeColors color the stacked bars of changes per snapshot.
var changeColors = []seriesKey{
	{"added", "added", "#009e73"},
	{"removed", "removed", "#d55e00"},
	{"renamed", "renamed", "#56b4e9"},
	{"deassigned", "de-assigned", "#000000"},
}

// kindColors color the lines of rows by kind.
var kindColors = map[registry.Kind]string{
	registry.Assigned: "#0072b2", registry.NameOnly: "#009e73", registry.Reserved: "#56b4e9",
	registry.Unassigned: "#e69f00", registry.Deregistered: "#d55e00", registry.Nameless: "#cc79a7",
}

// The findings table lists every finding about the file's own lines, and
// this many of the missing ones: the file lacks thousands, and the JSON
// has them all.
const missingRows = 100

// HTML writes the report as one self-contained HTML page.
func (r *Overview) HTML(w io.Writer) error {
	v := &pageView{R: r, Colors: map[string]string{}, Proto: r.Map.protoText()}
	for c, color := range CellColors {
		v.Colors[string(c)] = color
	}
	v.Title = "regdiff report: registry " + r.Registry
	if r.Check != nil {
		v.Title += ", " + r.Check.File
	}
	marks := r.marks()
	v.System = newGrid("map-system", "the system ports 0-1023", &r.Map, 0, 32, 16, marks)
	v.All = newGrid("map-all", "all 65,536 ports", &r.Map, 0, 256, 2, marks)
	for _, c := range Cells {
		v.Legend = append(v.Legend, legendItem{c, CellColors[c], r.Map.Counts[c], r.Map.SystemCounts[c], cellMeaning[c]})
	}
	v.Data = r.pageData(marks)
	if len(r.Timeline.Snapshots) > 0 {
		v.From, v.To = r.Timeline.Snapshots[0].Date, r.Timeline.Snapshots[len(r.Timeline.Snapshots)-1].Date
		v.Kinds = kindCharts(r.Timeline.Snapshots)
		v.Changes = changesChart(r.Timeline.Snapshots)
		v.ChangeKeys = changeColors
	}
	if r.Check != nil {
		v.Findings = findingsView(r.Check, marks)
	}
	return page().Execute(w, v)
}

var cellMeaning = map[Cell]string{
	CellAssigned:     "a service holds the port",
	CellVague:        "assigned only by doubtful rows: no name, hedging text, or neither description nor registrant",
	CellReserved:     "IANA reserves the port",
	CellDeregistered: "the assignment was withdrawn (de-registered, removed)",
	CellUnassigned:   "free: IANA can assign it",
	CellDynamic:      "49152-65535: never assigned, for ephemeral use",
}

type pageView struct {
	Title       string
	Proto       string
	From, To    string // dates of the oldest and newest snapshot
	R           *Overview
	Colors      map[string]string
	Legend      []legendItem
	System, All grid
	Data        pageData
	Kinds       []chart
	Changes     *chart
	ChangeKeys  []seriesKey
	Findings    *findings
}

type legendItem struct {
	Status        Cell
	Color         string
	Count, System int
	Meaning       string
}

// grid is a map of n×n ports from first, px pixels a port.
type grid struct {
	ID, Caption    string
	First, N, Size int
	Groups         []rectGroup
	Marks          []markGroup
	Stroke         int // of the marks, in pixels
}

type rectGroup struct {
	Key   string // the status
	Fill  string // its color, or its pattern
	Rects []cellRect
}

// markGroup outlines the ports of the findings of one category.
type markGroup struct {
	Key    string // the category
	Hidden bool   // shown at a click: missing ports cover the map
	Rects  []box
}

type cellRect struct{ X, Y, W, H int }

// rows cuts the n×n grid of ports from first into runs of one key on one
// grid row, per key; ports keyOf leaves out (false) are in no run.
func rows[K comparable](first, n int, keyOf func(port int) (K, bool)) map[K][]cellRect {
	out := map[K][]cellRect{}
	for y := range n {
		x := 0
		for x < n {
			k, ok := keyOf(first + y*n + x)
			end := x + 1
			for end < n {
				k2, ok2 := keyOf(first + y*n + end)
				if ok2 != ok || k2 != k {
					break
				}
				end++
			}
			if ok {
				out[k] = append(out[k], cellRect{x, y, end - x, 1})
			}
			x = end
		}
	}
	return out
}

func newGrid(id, caption string, m *PortMap, first, n, px int, marks map[diff.Category][]int) grid {
	g := grid{ID: id, Caption: caption, First: first, N: n, Size: n * px, Stroke: 1}
	cells := m.cells()
	byCell := rows(first, n, func(port int) (Cell, bool) { return cells[port], true })
	for _, c := range Cells {
		if len(byCell[c]) == 0 {
			continue
		}
		fill := CellColors[c]
		if px >= 8 && patterned[c] {
			fill = "url(#pat-" + string(c) + ")"
		}
		g.Groups = append(g.Groups, rectGroup{Key: string(c), Fill: fill, Rects: byCell[c]})
	}
	// A mark rings its ports: around them where a port is a dot, inside
	// them where a port is a square.
	in := -1.0
	if px >= 8 {
		in, g.Stroke = 0.12, 2
	}
	last := first + n*n - 1
	for _, c := range diff.Categories {
		set := map[int]bool{}
		for _, p := range marks[c] {
			if p >= first && p <= last {
				set[p] = true
			}
		}
		if len(set) == 0 {
			continue
		}
		mg := markGroup{Key: string(c), Hidden: c == diff.Missing}
		for _, r := range rows(first, n, func(port int) (bool, bool) { return true, set[port] })[true] {
			mg.Rects = append(mg.Rects, box{round2(float64(r.X) + in), round2(float64(r.Y) + in), round2(float64(r.W) - 2*in), round2(float64(r.H) - 2*in)})
		}
		g.Marks = append(g.Marks, mg)
	}
	return g
}

// marks lists, per category, the ports of the check's findings, in order.
func (r *Overview) marks() map[diff.Category][]int {
	if r.Check == nil {
		return nil
	}
	out := map[diff.Category][]int{}
	for _, f := range r.Check.Findings {
		pr, err := registry.ParsePortRange(f.Port)
		if err != nil || pr.IsNone() {
			continue
		}
		for p := pr.Lo(); p <= pr.Hi(); p++ {
			out[f.Category] = append(out[f.Category], p)
		}
	}
	for c, ps := range out {
		slices.Sort(ps)
		out[c] = slices.Compact(ps)
	}
	return out
}

// pageData is what the page's script looks ports up in: runs of status
// and of name as flat [lo, hi, index] triples into Statuses and Names,
// and the ports of each finding category.
type pageData struct {
	Statuses []Cell           `json:"statuses"`
	Runs     []int            `json:"runs"`
	Names    []string         `json:"names"`
	NameRuns []int            `json:"name_runs"`
	Marks    map[string][]int `json:"marks"`
}

func (r *Overview) pageData(marks map[diff.Category][]int) pageData {
	d := pageData{Statuses: Cells, Marks: map[string][]int{}}
	for _, run := range r.Map.Runs {
		d.Runs = append(d.Runs, run.Ports.Lo(), run.Ports.Hi(), slices.Index(Cells, run.Status))
	}
	index := map[string]int{}
	for _, n := range r.Map.Names {
		i, ok := index[n.Name]
		if !ok {
			i = len(d.Names)
			index[n.Name] = i
			d.Names = append(d.Names, n.Name)
		}
		d.NameRuns = append(d.NameRuns, n.Ports.Lo(), n.Ports.Hi(), i)
	}
	for c, ps := range marks {
		d.Marks[string(c)] = ps
	}
	return d
}

// chart is an SVG chart: a plot area and what is drawn on it, in pixels.
type chart struct {
	ID, Title, Desc string
	W, H            int
	Plot            box
	Grid            []string // grid lines, each a path
	Texts           []label
	Paths           []path
	Bars            []bar
	Dots            []dot
}

type box struct{ X, Y, W, H float64 }

type label struct {
	X, Y   float64
	Text   string
	Anchor string // start, middle, end
	Class  string
}

type path struct{ D, Color string }

type bar struct {
	X, Y, W, H float64
	Color      string
	Title      string
}

type dot struct {
	X, Y  float64
	Color string
	Title string
}

// timeAxis maps dates to x from January 1st of the first year to January
// 1st of the year after the last, with a tick each year.
type timeAxis struct {
	from, to time.Time
	x0, w    float64
}

func newTimeAxis(points []TimelinePoint, x0, w float64) timeAxis {
	first, last := dateOf(points[0].Date), dateOf(points[len(points)-1].Date)
	return timeAxis{time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC), time.Date(last.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC), x0, w}
}

func (a timeAxis) x(t time.Time) float64 {
	return a.x0 + a.w*float64(t.Sub(a.from))/float64(a.to.Sub(a.from))
}

// ticks draws the year ticks under the plot, labelled every step years.
func (a timeAxis) ticks(c *chart, step int) {
	for y := a.from.Year(); y <= a.to.Year(); y++ {
		x := round1(a.x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)))
		c.Grid = append(c.Grid, fmt.Sprintf("M%v %vV%v", x, c.Plot.Y, c.Plot.Y+c.Plot.H))
		if y%step == 0 && y < a.to.Year() {
			mid := round1(a.x(time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC)))
			c.Texts = append(c.Texts, label{mid, c.Plot.Y + c.Plot.H + 14, strconv.Itoa(y), "middle", "tick"})
		}
	}
}

// scale cuts lo to hi into at least two whole steps of a round size,
// about parts of them, from a multiple of the step at or below lo.
func scale(lo, hi float64, parts int) (from, step float64, n int) {
	step = niceStep((hi - lo) / float64(parts))
	from = math.Floor(lo/step) * step
	return from, step, max(2, int(math.Ceil((hi-from)/step)))
}

// niceStep rounds v up to a whole step of 1, 2 or 5 times a power of ten.
func niceStep(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Other counts the real changes that are not added, removed, renamed or
// de-assigned: moves, other status changes, changed fields, ranges.
func (c *SnapshotChanges) Other() int {
	n := 0
	for _, t := range diff.ChangeTypes {
		n += c.Summary[t]
	}
	return n - c.Added - c.Removed - c.Renamed - c.Deassigned
}

// yTicks draws horizontal grid lines and labels from lo to hi.
func yTicks(c *chart, lo, hi float64, n int, y func(float64) float64) {
	for i := 0; i <= n; i++ {
		v := lo + (hi-lo)*float64(i)/float64(n)
		yy := round1(y(v))
		c.Grid = append(c.Grid, fmt.Sprintf("M%v %vH%v", c.Plot.X, yy, c.Plot.X+c.Plot.W))
		c.Texts = append(c.Texts, label{c.Plot.X - 4, yy + 4, strconv.FormatFloat(v, 'f', -1, 64), "end", "tick"})
	}
}

// kindCharts draws the rows of each kind per snapshot, one small chart a
// kind, each with its own scale: assigned rows are thousands, nameless
// ones a dozen.
func kindCharts(points []TimelinePoint) []chart {
	var out []chart
	for _, k := range registry.Kinds() {
		c := chart{ID: "kind-" + k.String(), Title: k.String() + " rows", W: 380, H: 150, Plot: box{48, 12, 320, 104}}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range points {
			v := float64(p.Kinds[k.String()])
			lo, hi = min(lo, v), max(hi, v)
		}
		// A scale of whole steps around the values, not from zero, so a
		// change of a few rows shows; a flat line runs in the middle.
		if hi == lo {
			lo, hi = lo-1, hi+1
		}
		lo, step, n := scale(lo, hi, 2)
		hi = lo + float64(n)*step
		c.Desc = fmt.Sprintf("%s rows per snapshot, %s: from %d to %d", k, points[0].Date+" to "+points[len(points)-1].Date, points[0].Kinds[k.String()], points[len(points)-1].Kinds[k.String()])
		ax := newTimeAxis(points, c.Plot.X, c.Plot.W)
		ax.ticks(&c, 3)
		y := func(v float64) float64 { return c.Plot.Y + c.Plot.H - c.Plot.H*(v-lo)/(hi-lo) }
		yTicks(&c, lo, hi, n, y)
		var d strings.Builder
		for i, p := range points {
			v := p.Kinds[k.String()]
			x, yy := round1(ax.x(dateOf(p.Date))), round1(y(float64(v)))
			fmt.Fprintf(&d, "%s%v %v", map[bool]string{true: "M", false: "L"}[i == 0], x, yy)
			c.Dots = append(c.Dots, dot{x, yy, kindColors[k], fmt.Sprintf("%s: %d %s rows", p.Name, v, k)})
		}
		c.Paths = append(c.Paths, path{d.String(), kindColors[k]})
		out = append(out, c)
	}
	return out
}

// changesChart draws the changes from each snapshot to the next as stacked
// bars at the snapshot's date. Snapshots days apart would overlap: a bar is
// pushed right of the one before it when it must be.
func changesChart(points []TimelinePoint) *chart {
	c := &chart{ID: "changes", Title: "changes per snapshot", W: 780, H: 260, Plot: box{48, 12, 716, 214}}
	top := 0
	for _, p := range points {
		if ch := p.Changes; ch != nil {
			top = max(top, ch.Added+ch.Removed+ch.Renamed+ch.Deassigned)
		}
	}
	_, step, n := scale(0, float64(top), 4)
	hi := step * float64(n)
	ax := newTimeAxis(points, c.Plot.X, c.Plot.W)
	ax.ticks(c, 1)
	y := func(v float64) float64 { return c.Plot.Y + c.Plot.H - c.Plot.H*v/hi }
	yTicks(c, 0, hi, n, y)
	const bw = 7.0
	next := math.Inf(-1)
	total := 0
	for _, p := range points {
		ch := p.Changes
		if ch == nil {
			continue
		}
		x := max(ax.x(dateOf(p.Date))-bw/2, next)
		next = x + bw + 1
		base := 0
		for _, k := range changeColors {
			n := map[string]int{"added": ch.Added, "removed": ch.Removed, "renamed": ch.Renamed, "deassigned": ch.Deassigned}[k.Key]
			if n == 0 {
				continue
			}
			y0, y1 := y(float64(base)), y(float64(base+n))
			c.Bars = append(c.Bars, bar{round1(x), round1(y1), bw, round1(y0 - y1), k.Color, fmt.Sprintf("%s: %d %s", p.Name, n, k.Label)})
			base += n
			total += n
		}
	}
	c.Desc = fmt.Sprintf("changes from each snapshot to the next, %s to %s: %d in all (added, removed, renamed, de-assigned)", points[0].Date, points[len(points)-1].Date, total)
	return c
}

// findings is the check's section: counts per category as a bar chart,
// and the table.
type findings struct {
	Chart   chart
	Rows    []diff.Finding
	Left    int // missing findings not listed
	Summary []categoryCount
}

type categoryCount struct {
	Category diff.Category
	Count    int
	Ports    int
	Hidden   bool
}

func findingsView(r *Check, marks map[diff.Category][]int) *findings {
	v := &findings{}
	c := chart{ID: "findings", Title: "findings by category", W: 780, H: 28 + 22*len(diff.Categories), Plot: box{120, 18, 560, float64(22 * len(diff.Categories))}}
	top := 0
	for _, cat := range diff.Categories {
		top = max(top, r.Summary[cat])
	}
	_, step, n := scale(0, float64(top), 4)
	hi := step * float64(n)
	for i, cat := range diff.Categories {
		n := r.Summary[cat]
		v.Summary = append(v.Summary, categoryCount{cat, n, len(marks[cat]), cat == diff.Missing})
		yy := c.Plot.Y + float64(22*i)
		c.Texts = append(c.Texts, label{c.Plot.X - 6, yy + 15, string(cat), "end", "cat"})
		w := c.Plot.W * float64(n) / hi
		if n > 0 {
			w = max(w, 2) // one finding still shows
		}
		c.Bars = append(c.Bars, bar{c.Plot.X, yy + 4, round1(w), 14, "#555555", fmt.Sprintf("%s: %d", cat, n)})
		c.Texts = append(c.Texts, label{c.Plot.X + round1(w) + 6, yy + 15, strconv.Itoa(n), "start", "count"})
	}
	c.Desc = "findings by category: " + joinCounts(diff.Categories, r.Summary, "none")
	v.Chart = c
	missing := 0
	for _, f := range r.Findings {
		if f.Category == diff.Missing {
			if missing == missingRows {
				v.Left++
				continue
			}
			missing++
		}
		v.Rows = append(v.Rows, f)
	}
	return v
}
