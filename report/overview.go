package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
)

// Overview is what report draws: the port space as a map, the registry
// over time, and optionally a services file's findings. Its JSON is the
// data behind every chart of the HTML page; text and markdown summarize it.
type Overview struct {
	Registry string   `json:"registry"`
	Map      PortMap  `json:"map"`
	Timeline Timeline `json:"timeline"`
	// Check is the check of the services file given, if one was.
	Check *Check `json:"check,omitempty"`
}

// Cell is the status a map gives a port: the gaps analysis's status
// ([registry.PortStatus]), with the assigned ports that only doubtful rows
// assign ([registry.Registry.VaguePorts]) set apart as vague.
type Cell string

// The cells, in the order the legend lists them.
const (
	CellAssigned     Cell = "assigned"
	CellVague        Cell = "vague"
	CellReserved     Cell = "reserved"
	CellDeregistered Cell = "deregistered"
	CellUnassigned   Cell = "unassigned"
	CellDynamic      Cell = "dynamic"
)

// Cells lists every cell status in legend order.
var Cells = []Cell{CellAssigned, CellVague, CellReserved, CellDeregistered, CellUnassigned, CellDynamic}

// CellOf is the map's status of a port of status s, vague or not.
func CellOf(s registry.Status, vague bool) Cell {
	switch s {
	case registry.StatusNameless: // held by a row with no name: vague by nature
		return CellVague
	case registry.StatusAssigned:
		if vague {
			return CellVague
		}
		return CellAssigned
	case registry.StatusDeregistered:
		return CellDeregistered
	case registry.StatusReserved:
		return CellReserved
	case registry.StatusUnassigned:
		return CellUnassigned
	}
	return CellDynamic
}

// PortMap is every port's status and name, as runs in port order.
type PortMap struct {
	// Protocol is the protocol the statuses are of; "" is any: a port
	// takes the strongest status any protocol gives it.
	Protocol registry.Protocol `json:"protocol"`
	// Counts are the ports of each status, of all 65,536 and of the system
	// ports 0-1023.
	Counts       map[Cell]int `json:"counts"`
	SystemCounts map[Cell]int `json:"system_counts"`
	// Runs are the maximal runs of ports of one status; Names the maximal
	// runs of ports that go by one name ([registry.Registry.PortNames]).
	Runs  []CellRun `json:"runs"`
	Names []NameRun `json:"names"`
}

// cells expands the runs: every port's status.
func (m *PortMap) cells() []Cell {
	out := make([]Cell, registry.MaxPort+1)
	for _, r := range m.Runs {
		for p := r.Ports.Lo(); p <= r.Ports.Hi(); p++ {
			out[p] = r.Status
		}
	}
	return out
}

// CellRun is a run of ports of one status.
type CellRun struct {
	Ports  registry.PortRange `json:"ports"`
	Status Cell               `json:"status"`
}

// NameRun is a run of ports that go by one name.
type NameRun struct {
	Ports registry.PortRange `json:"ports"`
	Name  string             `json:"name"`
}

// Timeline is the registry over time: one point per snapshot of the store,
// oldest first.
type Timeline struct {
	Store     string          `json:"store"`
	Snapshots []TimelinePoint `json:"snapshots"`
}

// TimelinePoint is one snapshot: its rows by kind (from its sidecar), and
// what changed from the snapshot before (none for the oldest).
type TimelinePoint struct {
	Name    string           `json:"name"`
	Date    string           `json:"date"` // the registry's own date
	Rows    int              `json:"rows"`
	Kinds   map[string]int   `json:"kinds"`
	Changes *SnapshotChanges `json:"changes,omitempty"`
}

// SnapshotChanges counts the changes from one snapshot to the next: the
// four the chart shows, and every type of [diff.Registries].
type SnapshotChanges struct {
	Added      int                     `json:"added"`
	Removed    int                     `json:"removed"`
	Renamed    int                     `json:"renamed"`
	Deassigned int                     `json:"deassigned"`
	Unchanged  int                     `json:"unchanged"`
	Summary    map[diff.ChangeType]int `json:"summary"`
}

// NewOverview assembles the report from what the analyses give: reg's
// statuses for protocol p (any for NoProto), the store's snapshots with
// the deltas between them ([snapshots.Deltas]), and the check of a
// services file when there is one.
func NewOverview(reg *registry.Registry, name string, p registry.Protocol, store string, list []snapshots.Snapshot, deltas []snapshots.Step, check *Check) *Overview {
	r := &Overview{Registry: name, Map: newPortMap(reg, p), Check: check, Timeline: Timeline{Store: store, Snapshots: []TimelinePoint{}}}
	changes := map[string]*SnapshotChanges{}
	for _, d := range deltas {
		cs := diff.Registries(registry.New(d.Old), registry.New(d.New))
		changes[d.To] = &SnapshotChanges{
			Added: cs.Summary[diff.Added], Removed: cs.Summary[diff.Removed], Renamed: cs.Summary[diff.Renamed],
			Deassigned: cs.Deassigned(), Unchanged: cs.Unchanged + d.Unchanged, Summary: cs.Summary,
		}
	}
	for _, s := range list {
		date := s.RegistryDate
		if date == "" { // a sidecar without it: the name starts with it
			date, _, _ = strings.Cut(s.Name, ".")
		}
		r.Timeline.Snapshots = append(r.Timeline.Snapshots, TimelinePoint{Name: s.Name, Date: date, Rows: s.Rows, Kinds: s.Kinds, Changes: changes[s.Name]})
	}
	return r
}

func newPortMap(reg *registry.Registry, p registry.Protocol) PortMap {
	status, vague := reg.PortStatus(p), reg.VaguePorts(p)
	m := PortMap{Protocol: p, Counts: map[Cell]int{}, SystemCounts: map[Cell]int{}}
	names := reg.PortNames(p)
	for _, c := range Cells {
		m.Counts[c], m.SystemCounts[c] = 0, 0
	}
	for port, s := range status {
		c := CellOf(s, vague[port])
		m.Counts[c]++
		if registry.ClassOf(port) == registry.System {
			m.SystemCounts[c]++
		}
		if n := len(m.Runs); n > 0 && m.Runs[n-1].Status == c {
			m.Runs[n-1].Ports = registry.Ports(uint16(m.Runs[n-1].Ports.Lo()), uint16(port))
		} else {
			m.Runs = append(m.Runs, CellRun{registry.Port(uint16(port)), c})
		}
		name := names[port]
		if name == "" {
			continue
		}
		if n := len(m.Names); n > 0 && m.Names[n-1].Name == name && m.Names[n-1].Ports.Hi() == port-1 {
			m.Names[n-1].Ports = registry.Ports(uint16(m.Names[n-1].Ports.Lo()), uint16(port))
		} else {
			m.Names = append(m.Names, NameRun{registry.Port(uint16(port)), name})
		}
	}
	return m
}

// protoText names the map's protocol for people.
func (m *PortMap) protoText() string {
	if m.Protocol == registry.NoProto {
		return "all protocols"
	}
	return string(m.Protocol)
}

// dateOf reads a snapshot's registry date; the zero time when it has none.
func dateOf(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// Text summarizes the report: the statuses, the snapshots with their
// changes, and the findings by category. The page (--format html) draws it.
func (r *Overview) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "ports by status in registry %s (%s)\n", r.Registry, r.Map.protoText())
	rows := [][]string{{"", "all ports", "system ports"}}
	for _, c := range Cells {
		rows = append(rows, []string{"  " + string(c), fmt.Sprint(r.Map.Counts[c]), fmt.Sprint(r.Map.SystemCounts[c])})
	}
	table(bw, rows)
	if len(r.Timeline.Snapshots) > 0 {
		fmt.Fprintf(bw, "\n%s in the store %s\n", Plural(len(r.Timeline.Snapshots), "snapshot"), r.Timeline.Store)
		rows = [][]string{{"  snapshot", "rows", "added", "removed", "renamed", "deassigned"}}
		for _, s := range r.Timeline.Snapshots {
			row := []string{"  " + s.Name, fmt.Sprint(s.Rows), "-", "-", "-", "-"}
			if c := s.Changes; c != nil {
				row = append(row[:2], fmt.Sprint(c.Added), fmt.Sprint(c.Removed), fmt.Sprint(c.Renamed), fmt.Sprint(c.Deassigned))
			}
			rows = append(rows, row)
		}
		table(bw, rows)
	}
	if r.Check != nil {
		fmt.Fprintf(bw, "\n%s against registry %s: %s compared; %s\n", r.Check.File, r.Check.Registry, Plural(r.Check.Entries, "entry"), joinCounts(diff.Categories, r.Check.Summary, "no differences"))
	}
	return bw.Flush()
}

// Markdown summarizes the report as tables.
func (r *Overview) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Ports by status\n\nRegistry %s, %s.\n\n", r.Registry, r.Map.protoText())
	var rows [][]string
	for _, c := range Cells {
		rows = append(rows, []string{string(c), fmt.Sprint(r.Map.Counts[c]), fmt.Sprint(r.Map.SystemCounts[c])})
	}
	mdTable(bw, []string{"status", "all ports", "system ports"}, rows)
	if len(r.Timeline.Snapshots) > 0 {
		fmt.Fprintf(bw, "\n## The registry over time\n\nSnapshots in %s.\n\n", MDEscape(r.Timeline.Store))
		rows = nil
		for _, s := range r.Timeline.Snapshots {
			row := []string{s.Name, fmt.Sprint(s.Rows), "", "", "", ""}
			if c := s.Changes; c != nil {
				row = append(row[:2], fmt.Sprint(c.Added), fmt.Sprint(c.Removed), fmt.Sprint(c.Renamed), fmt.Sprint(c.Deassigned))
			}
			rows = append(rows, row)
		}
		mdTable(bw, []string{"snapshot", "rows", "added", "removed", "renamed", "deassigned"}, rows)
	}
	if r.Check != nil {
		fmt.Fprintf(bw, "\n## %s\n\nAgainst registry %s, %s compared.\n\n", MDEscape(r.Check.File), r.Check.Registry, Plural(r.Check.Entries, "entry"))
		rows = nil
		for _, c := range diff.Categories {
			rows = append(rows, []string{string(c), fmt.Sprint(r.Check.Summary[c])})
		}
		mdTable(bw, []string{"category", "findings"}, rows)
	}
	return bw.Flush()
}
