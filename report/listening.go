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
