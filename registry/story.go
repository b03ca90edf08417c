package registry

import (
	"fmt"
	"strings"
)

// Placement is where one port sits for one protocol: its status, the run
// of ports around it with the same status (856 is unassigned, one of
// 855-859), and the nearest assigned ports on each side.
type Placement struct {
	Proto  Protocol  `json:"protocol"`
	Port   int       `json:"port"`
	Status Status    `json:"status"`
	Run    PortRange `json:"run"`
	Below  *Neighbor `json:"below,omitempty"`
	Above  *Neighbor `json:"above,omitempty"`
}

// Neighbor is the nearest assigned port on one side, with its names.
type Neighbor struct {
	Port  int      `json:"port"`
	Names []string `json:"names"`
}

// Place says where port sits for protocol p, given status, the port
// statuses of [Registry.PortStatus] for p. An assigned port's run is itself:
// its neighbors are the nearest other assigned ports.
func (r *Registry) Place(port int, p Protocol, status []Status) Placement {
	pl := Placement{Proto: p, Port: port, Status: status[port]}
	lo, hi := port, port
	for pl.Status != StatusAssigned && lo > 0 && status[lo-1] == pl.Status {
		lo--
	}
	for pl.Status != StatusAssigned && hi < MaxPort && status[hi+1] == pl.Status {
		hi++
	}
	pl.Run = Ports(uint16(lo), uint16(hi))
	near := func(from, step int) *Neighbor {
		for q := from; q >= 0 && q <= MaxPort; q += step {
			if status[q] != StatusAssigned {
				continue
			}
			n := &Neighbor{Port: q}
			for _, e := range r.Port(q) {
				if e.On(p) && e.Kind == Assigned && e.Name != "" && !containsFold(n.Names, e.Name) {
					n.Names = append(n.Names, e.Name)
				}
			}
			if len(n.Names) == 0 {
				n.Names = []string{"(no name)"}
			}
			return n
		}
		return nil
	}
	if pl.Status != StatusDynamic {
		pl.Below, pl.Above = near(lo-1, -1), near(hi+1, 1)
	}
	return pl
}

func containsFold(list []string, s string) bool {
	for _, l := range list {
		if strings.EqualFold(l, s) {
			return true
		}
	}
	return false
}

// Warnings are what the analyses say about a row that a reader of it should
// know: that it is vague by the model's default threshold and why,
// unauthorized use, that it is historic or that IANA took the port back.
func Warnings(a *Assessor, e *Entry) []string {
	var out []string
	if as := a.Assess(e); as.Vague {
		for _, ev := range as.Evidence {
			if ev.Weight > 0 {
				out = append(out, fmt.Sprintf("vague (score %d): %s", as.Score, ev.Text))
			}
		}
	}
	if u := Canon(e.UnauthorizedUse); u != "" {
		out = append(out, "unauthorized use reported: "+Clip(u, 100))
	}
	if h, repl := Historic(e); h {
		msg := "historic: IANA marks the name as no longer in use"
		if repl != "" {
			msg += fmt.Sprintf("; use %q", repl)
		}
		out = append(out, msg)
	}
	if d, ok := Deassigned(e); ok {
		msg := "de-assigned"
		if !d.Date.IsZero() {
			msg += " on " + d.Date.String()
		}
		if d.Former != "" {
			msg += ", formerly " + d.Former
		}
		out = append(out, msg)
	}
	return out
}
