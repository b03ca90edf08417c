package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

// Verdict is what the registry makes of something listening on a port.
type Verdict string

// The verdicts, most suspicious first (see [Verdicts]).
const (
	ListenUnassigned   Verdict = "unassigned"   // IANA assigned the port to no one
	ListenReserved     Verdict = "reserved"     // IANA reserves it
	ListenDeregistered Verdict = "deregistered" // IANA withdrew its assignment
	ListenMismatch     Verdict = "mismatch"     // assigned, to another name than the local file gives it
	ListenVague        Verdict = "vague"        // assigned, but the assignment is vague
	ListenEphemeral    Verdict = "ephemeral"    // unassigned, in an ephemeral or the dynamic range
	ListenExpected     Verdict = "expected"     // assigned, and named the same locally (or not named)
)

// Verdicts lists the verdicts, most suspicious first.
var Verdicts = []Verdict{ListenUnassigned, ListenReserved, ListenDeregistered, ListenMismatch, ListenVague, ListenEphemeral, ListenExpected}

// Suspicious reports whether nothing should listen there by default, or the
// port's name or assignment is in doubt.
func (v Verdict) Suspicious() bool {
	return slices.Index(Verdicts, v) < slices.Index(Verdicts, ListenEphemeral)
}

// Judgement is the verdict on one listening port, with the rows behind it.
type Judgement struct {
	Rows    []registry.Entry  `json:"registry"`
	Verdict Verdict           `json:"verdict"`
	Message string            `json:"message"`
	Reasons []registry.Reason `json:"reasons,omitempty"`
}

// Judge gives verdicts on listening ports against one registry.
type Judge struct {
	reg    *registry.Registry
	assess *registry.Assessor
	status map[registry.Protocol][]registry.Status
}

// NewJudge returns a judge for reg.
func NewJudge(reg *registry.Registry) *Judge {
	return &Judge{reg: reg, assess: reg.Assessor(), status: map[registry.Protocol][]registry.Status{}}
}

// Listener judges port/proto, which the local services file names local
// (none when it has no line for it); ephemeral says the port is in the
// kernel's ephemeral range.
func (j *Judge) Listener(port int, proto registry.Protocol, local []string, ephemeral bool) Judgement {
	var jd Judgement
	var assigned []registry.Entry
	rangeText := " (no registry row)"
	for _, r := range j.reg.Port(port) {
		if !r.On(proto) {
			continue
		}
		jd.Rows = append(jd.Rows, r)
		switch r.Kind {
		case registry.Assigned, registry.Nameless:
			assigned = append(assigned, r)
		case registry.Unassigned:
			rangeText = " (" + r.Ports.String() + ")"
		}
	}
	where := fmt.Sprintf("%d/%s", port, proto)
	if len(assigned) > 0 {
		var names []string
		var reasons []registry.Reason
		for _, r := range assigned {
			if r.Name != "" {
				names = append(names, r.Name)
			}
			// Vague as `regdiff vague` lists by default: the score
			// passes the model's threshold.
			if vague, rs := j.assess.Judge(&r); vague {
				reasons = append(reasons, rs...)
			}
		}
		slices.SortFunc(reasons, func(a, b registry.Reason) int {
			return slices.Index(registry.AllReasons, a) - slices.Index(registry.AllReasons, b)
		})
		reasons = slices.Compact(reasons)
		switch {
		case len(local) > 0 && !slices.ContainsFunc(local, func(l string) bool {
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, l) })
		}):
			jd.Verdict, jd.Message = ListenMismatch, fmt.Sprintf("%s is assigned to %s, but the local services file calls it %s", where, strings.Join(names, ", "), strings.Join(local, ", "))
		case len(reasons) > 0:
			what := strings.Join(names, ", ")
			if what == "" {
				what = fmt.Sprintf("no name (%q)", registry.Canon(assigned[0].Description))
			}
			jd.Verdict, jd.Reasons = ListenVague, reasons
			jd.Message = fmt.Sprintf("%s is assigned to %s, a vague entry (%s)", where, what, registry.JoinReasons(reasons))
		default:
			jd.Verdict, jd.Message = ListenExpected, fmt.Sprintf("%s is assigned to %s", where, strings.Join(names, ", "))
		}
		return jd
	}
	st, ok := j.status[proto]
	if !ok {
		st = j.reg.PortStatus(proto)
		j.status[proto] = st
	}
	switch {
	case st[port] == registry.StatusReserved:
		jd.Verdict, jd.Message = ListenReserved, fmt.Sprintf("%s is reserved by IANA; nothing should listen here by default", where)
	case st[port] == registry.StatusDeregistered:
		jd.Verdict, jd.Message = ListenDeregistered, fmt.Sprintf("%s was de-registered by IANA; nothing should listen here by default", where)
	case ephemeral || st[port] == registry.StatusDynamic:
		jd.Verdict, jd.Message = ListenEphemeral, fmt.Sprintf("%s is unassigned, in the ephemeral range: usually a client or an RPC service", where)
	default:
		jd.Verdict, jd.Message = ListenUnassigned, fmt.Sprintf("%s is unassigned by IANA%s; nothing should listen here by default", where, rangeText)
	}
	return jd
}
