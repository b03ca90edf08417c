package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

type Gaps struct {
	Registry string                  `json:"registry"`
	Range    registry.PortRange      `json:"range"`
	Gaps     []registry.Gap          `json:"gaps,omitempty"`
	Summary  []registry.ClassSummary `json:"summary,omitempty"`
	Free     []int                   `json:"free,omitempty"`
	Protos   []registry.Protocol     `json:"protocols"`
	FreeMode bool                    `json:"-"` // --free: Free is the answer
}

func (r *Gaps) Text(w io.Writer, _ Style) error {
	bw := bufio.NewWriter(w)
	if r.FreeMode {
		fmt.Fprintf(bw, "lowest ports in %s free on %s in registry %s:\n", r.Range, protoList(r.Protos), r.Registry)
		for _, p := range r.Free {
			fmt.Fprintf(bw, "  %d\n", p)
		}
		return bw.Flush()
	}
	fmt.Fprintf(bw, "gaps in %s, registry %s\n", r.Range, r.Registry)
	var last registry.Protocol
	for _, g := range r.Gaps {
		if g.Proto != last {
			fmt.Fprintf(bw, "\n%s\n", g.Proto)
			last = g.Proto
		}
		fmt.Fprintf(bw, "  %-11s  %-10s  (%s)\n", g.Ports, g.Status, Plural(g.Ports.Len(), "port"))
	}
	fmt.Fprintf(bw, "\nsummary\n")
	for _, s := range r.Summary {
		fmt.Fprintf(bw, "  %-4s  %-7s %-11s", s.Proto, s.Class, s.Ports)
		for _, st := range registry.StatusOrder {
			if n := s.Counts[st]; n > 0 {
				fmt.Fprintf(bw, "  %d %s", n, st)
			}
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func (r *Gaps) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if r.FreeMode {
		fmt.Fprintf(bw, "## Free ports in %s on %s\n\nRegistry %s.\n\n", r.Range, protoList(r.Protos), r.Registry)
		for _, p := range r.Free {
			fmt.Fprintf(bw, "- %d\n", p)
		}
		return bw.Flush()
	}
	fmt.Fprintf(bw, "## Gaps in %s\n\nRegistry %s.\n\n", r.Range, r.Registry)
	var rows [][]string
	for _, g := range r.Gaps {
		rows = append(rows, []string{string(g.Proto), g.Ports.String(), g.Status.String(), fmt.Sprint(g.Ports.Len())})
	}
	mdTable(bw, []string{"protocol", "ports", "status", "count"}, rows)
	fmt.Fprintln(bw)
	rows = nil
	for _, s := range r.Summary {
		rows = append(rows, []string{string(s.Proto), s.Class.String(), s.Ports.String(), fmt.Sprint(s.Counts[registry.StatusUnassigned]),
			fmt.Sprint(s.Counts[registry.StatusReserved]), fmt.Sprint(s.Counts[registry.StatusAssigned]), fmt.Sprint(s.Counts[registry.StatusNameless]), fmt.Sprint(s.Counts[registry.StatusDeregistered])})
	}
	mdTable(bw, []string{"protocol", "class", "ports", "unassigned", "reserved", "assigned", "nameless", "deregistered"}, rows)
	return bw.Flush()
}

func protoList(ps []registry.Protocol) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, " and ")
}

// NewGaps is the gaps of reg within a range on each protocol, runs of at
// least min ports, with the summary per range class; or, when free > 0,
// the free lowest ports free on every protocol.
func NewGaps(reg *registry.Registry, name string, within registry.PortRange, protos []registry.Protocol, min, free int) *Gaps {
	rep := &Gaps{Registry: name, Range: within, Protos: protos, FreeMode: free > 0}
	if rep.FreeMode {
		rep.Free = reg.Free(free, within, protos...)
		return rep
	}
	for _, p := range protos {
		st := reg.PortStatus(p)
		rep.Gaps = append(rep.Gaps, registry.Gaps(p, st, within, min)...)
		rep.Summary = append(rep.Summary, registry.Summarize(p, st, within)...)
	}
	return rep
}
