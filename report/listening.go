package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
)

type Listening struct {
	Registry string   `json:"registry"`
	Sockets  []Socket `json:"sockets"`
	// Hidden counts processes that could not be inspected.
	Hidden     int                  `json:"hidden_processes"`
	Summary    map[diff.Verdict]int `json:"summary"`
	Suspicious int                  `json:"suspicious"`
}

type Socket struct {
	Proto     string            `json:"protocol"`
	Address   string            `json:"address"`
	Port      int               `json:"port"`
	UID       int               `json:"uid"`
	Processes []procnet.Process `json:"processes"`
	Class     string            `json:"class"`
	Rows      []registry.Entry  `json:"registry"`
	Reasons   []registry.Reason `json:"reasons,omitempty"`
	Local     []string          `json:"local_names,omitempty"`
	Verdict   diff.Verdict      `json:"verdict"`
	Message   string            `json:"message"`
}

func processText(ps []procnet.Process) string {
	if len(ps) == 0 {
		return "-"
	}
	var s []string
	for _, p := range ps {
		s = append(s, fmt.Sprintf("%s (pid %d)", p.Name, p.PID))
	}
	return strings.Join(s, ", ")
}

func (r *Listening) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	rows := [][]string{{"VERDICT", "PORT", "ADDRESS", "PROCESS", "REGISTRY", "LOCAL"}}
	for _, s := range r.Sockets {
		var names []string
		for _, e := range s.Rows {
			names = append(names, cmp.Or(e.Name, e.Kind.String()))
		}
		v := string(s.Verdict)
		if s.Verdict.Suspicious() {
			v = st.wrap("31", v)
		}
		rows = append(rows, []string{v, fmt.Sprintf("%d/%s", s.Port, s.Proto), s.Address, processText(s.Processes),
			cmp.Or(strings.Join(slices.Compact(names), ","), "-"), cmp.Or(strings.Join(s.Local, ","), "-")})
	}
	table(bw, rows)
	if r.Suspicious > 0 {
		fmt.Fprintln(bw)
		for _, s := range r.Sockets {
			if s.Verdict.Suspicious() {
				fmt.Fprintf(bw, "%s — process %s\n", s.Message, processText(s.Processes))
			}
		}
	}
	if r.Hidden > 0 {
		fmt.Fprintf(bw, "\n%d processes could not be inspected (run as root to see them): their sockets show no process\n", r.Hidden)
	}
	fmt.Fprintf(bw, "\n%s listening, %d suspicious (registry %s)\n", Plural(len(r.Sockets), "socket"), r.Suspicious, r.Registry)
	return bw.Flush()
}

func (r *Listening) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Listening sockets\n\nRegistry %s; %d suspicious.\n\n", r.Registry, r.Suspicious)
	var rows [][]string
	for _, s := range r.Sockets {
		rows = append(rows, []string{string(s.Verdict), fmt.Sprintf("%d/%s", s.Port, s.Proto), s.Address, processText(s.Processes), s.Message})
	}
	mdTable(bw, []string{"verdict", "port", "address", "process", "finding"}, rows)
	if r.Hidden > 0 {
		fmt.Fprintf(bw, "\n%d processes could not be inspected.\n", r.Hidden)
	}
	return bw.Flush()
}

// ListeningInput is what NewListening judges: the sockets of this host,
// the names the local services file gives (nil when there is none), and
// the kernel's ephemeral range when known.
type ListeningInput struct {
	Registry       *registry.Registry
	Name           string // the registry's name, for the report
	Sockets        *procnet.Report
	Services       *services.File
	EphemeralLo    int
	EphemeralHi    int
	EphemeralKnown bool
}

// NewListening judges every listening socket against the registry,
// suspicious verdicts first.
func NewListening(in ListeningInput) *Listening {
	local := map[string][]string{} // "port/proto" -> local names
	if in.Services != nil {
		for _, le := range in.Services.Entries {
			k := fmt.Sprintf("%d/%s", le.Port, le.Proto)
			local[k] = append(local[k], append([]string{le.Name}, le.Aliases...)...)
		}
	}
	judge := diff.NewJudge(in.Registry)
	rep := &Listening{Registry: in.Name, Hidden: in.Sockets.Hidden, Summary: map[diff.Verdict]int{}, Sockets: []Socket{}}
	for _, s := range in.Sockets.Sockets {
		ls := Socket{Proto: s.Proto, Address: s.Addr.String(), Port: s.Port, UID: s.UID, Processes: s.Processes,
			Class: registry.ClassOf(s.Port).String(), Local: local[fmt.Sprintf("%d/%s", s.Port, s.Proto)]}
		if ls.Processes == nil {
			ls.Processes = []procnet.Process{} // JSON: [] when no owner is known
		}
		ephemeral := in.EphemeralKnown && in.EphemeralLo <= s.Port && s.Port <= in.EphemeralHi
		jd := judge.Listener(s.Port, registry.Protocol(s.Proto), ls.Local, ephemeral)
		ls.Rows, ls.Reasons, ls.Verdict, ls.Message = jd.Rows, jd.Reasons, jd.Verdict, jd.Message
		rep.Summary[ls.Verdict]++
		if ls.Verdict.Suspicious() {
			rep.Suspicious++
		}
		rep.Sockets = append(rep.Sockets, ls)
	}
	slices.SortStableFunc(rep.Sockets, func(a, b Socket) int {
		return cmp.Compare(slices.Index(diff.Verdicts, a.Verdict), slices.Index(diff.Verdicts, b.Verdict))
	})
	return rep
}
