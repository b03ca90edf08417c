package main

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/spf13/cobra"
)

type listeningOptions struct {
	proc     string
	services string
	format   string
}

func newListeningCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &listeningOptions{}
	cmd := &cobra.Command{
		Use:   "listening",
		Short: "What is listening on this host, against what the registry says",
		Long: `Listening reads this host's listening sockets (TCP in LISTEN, UDP bound
and unconnected) from /proc/net, with the process that owns each where
/proc/PID/fd can be read, and gives each a verdict:

  unassigned    IANA assigned the port to no one: nothing should listen there
                by default
  reserved      IANA reserves the port
  deregistered  IANA withdrew the port's assignment
  mismatch      the port is assigned, but to another name than the local
                services file gives it
  vague         the port's assignment is vague (no name, "????", no
                description and no registrant)
  ephemeral     an unassigned port in the kernel's ephemeral range, or in
                49152-65535: usually a client or an RPC service
  expected      assigned, and named the same locally (or not named)

Suspicious verdicts come first. Without root, other users' processes cannot
be inspected; the output says how many.

Exit status: 0 when nothing suspicious listens, 1 when something does, 2 on
trouble.`,
		Example: "  regdiff listening\n  sudo regdiff listening --format json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runListening(e, g, opts) },
	}
	cmd.Flags().StringVar(&opts.proc, "proc", "/proc", "the proc file system to read")
	cmd.Flags().StringVar(&opts.services, "services", defaultServices, "the local services file, for local names")
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output format: text, json or markdown")
	return cmd
}

// The verdicts, most suspicious first.
var verdictOrder = []string{"unassigned", "reserved", "deregistered", "mismatch", "vague", "ephemeral", "expected"}

func suspicious(v string) bool {
	return slices.Index(verdictOrder, v) < slices.Index(verdictOrder, "ephemeral")
}

type listeningReport struct {
	Registry string            `json:"registry"`
	Sockets  []listeningSocket `json:"sockets"`
	// Hidden counts processes that could not be inspected.
	Hidden     int            `json:"hidden_processes"`
	Summary    map[string]int `json:"summary"`
	Suspicious int            `json:"suspicious"`
}

type listeningSocket struct {
	Proto     string            `json:"protocol"`
	Address   string            `json:"address"`
	Port      int               `json:"port"`
	UID       int               `json:"uid"`
	Processes []procnet.Process `json:"processes"`
	Class     string            `json:"class"`
	Registry  []registry.Entry  `json:"registry"`
	Reasons   []registry.Reason `json:"reasons,omitempty"`
	Local     []string          `json:"local_names,omitempty"`
	Verdict   string            `json:"verdict"`
	Message   string            `json:"message"`
}

func runListening(e *env, g *globalOptions, opts *listeningOptions) error {
	if err := checkFormat(opts.format, "text", "json", "markdown"); err != nil {
		return err
	}
	found, err := procnet.Listening(opts.proc)
	if err != nil {
		return err
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	local := map[string][]string{} // "port/proto" -> local names
	if _, err := os.Stat(opts.services); err == nil {
		sf, err := readServices(e, opts.services)
		if err != nil {
			return err
		}
		for _, le := range sf.Entries {
			k := fmt.Sprintf("%d/%s", le.Port, le.Proto)
			local[k] = append(local[k], append([]string{le.Name}, le.Aliases...)...)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	eLo, eHi, hasEphemeral := procnet.EphemeralRange(opts.proc)

	rep := &listeningReport{Registry: meta.Name, Hidden: found.Hidden, Summary: map[string]int{}, Sockets: []listeningSocket{}}
	for _, s := range found.Sockets {
		ls := listeningSocket{Proto: s.Proto, Address: s.Addr.String(), Port: s.Port, UID: s.UID, Processes: s.Processes,
			Class: registry.ClassOf(s.Port).String(), Local: local[fmt.Sprintf("%d/%s", s.Port, s.Proto)]}
		for _, r := range reg.Port(s.Port) {
			if r.Proto == registry.Protocol(s.Proto) || r.Proto == registry.NoProto {
				ls.Registry = append(ls.Registry, r)
			}
		}
		ephemeral := registry.ClassOf(s.Port) == registry.Dynamic || hasEphemeral && eLo <= s.Port && s.Port <= eHi
		ls.Verdict, ls.Message, ls.Reasons = verdict(ls, ephemeral)
		rep.Summary[ls.Verdict]++
		if suspicious(ls.Verdict) {
			rep.Suspicious++
		}
		rep.Sockets = append(rep.Sockets, ls)
	}
	slices.SortStableFunc(rep.Sockets, func(a, b listeningSocket) int {
		return cmp.Compare(slices.Index(verdictOrder, a.Verdict), slices.Index(verdictOrder, b.Verdict))
	})
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if rep.Suspicious > 0 {
		return errFound
	}
	return nil
}

// verdict judges one socket and says why in words for people.
func verdict(s listeningSocket, ephemeral bool) (string, string, []registry.Reason) {
	where := fmt.Sprintf("%d/%s", s.Port, s.Proto)
	var assigned []registry.Entry
	status := registry.StatusUnassigned
	rangeText := " (no registry row)"
	for _, r := range s.Registry {
		switch r.Kind {
		case registry.Assigned, registry.Nameless:
			assigned = append(assigned, r)
		case registry.Reserved:
			status = min(status, registry.StatusReserved)
		case registry.Deregistered:
			status = min(status, registry.StatusDeregistered)
		case registry.Unassigned:
			rangeText = " (" + r.Ports.String() + ")"
		}
	}
	if len(assigned) > 0 {
		var names []string
		var reasons []registry.Reason
		for _, r := range assigned {
			if r.Name != "" {
				names = append(names, r.Name)
			}
			reasons = append(reasons, registry.Doubtful(&r)...)
		}
		if len(s.Local) > 0 && !slices.ContainsFunc(s.Local, func(l string) bool {
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, l) })
		}) {
			return "mismatch", fmt.Sprintf("%s is assigned to %s, but the local services file calls it %s", where, strings.Join(names, ", "), strings.Join(s.Local, ", ")), nil
		}
		if len(reasons) > 0 {
			what := strings.Join(names, ", ")
			if what == "" {
				what = fmt.Sprintf("no name (%q)", registry.Canon(assigned[0].Description))
			}
			return "vague", fmt.Sprintf("%s is assigned to %s, a vague entry (%s)", where, what, registry.JoinReasons(slices.Compact(reasons))), slices.Compact(reasons)
		}
		return "expected", fmt.Sprintf("%s is assigned to %s", where, strings.Join(names, ", ")), nil
	}
	switch {
	case status == registry.StatusReserved:
		return "reserved", fmt.Sprintf("%s is reserved by IANA; nothing should listen here by default", where), nil
	case status == registry.StatusDeregistered:
		return "deregistered", fmt.Sprintf("%s was de-registered by IANA; nothing should listen here by default", where), nil
	case ephemeral:
		return "ephemeral", fmt.Sprintf("%s is unassigned, in the ephemeral range: usually a client or an RPC service", where), nil
	}
	return "unassigned", fmt.Sprintf("%s is unassigned by IANA%s; nothing should listen here by default", where, rangeText), nil
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

func (r *listeningReport) text(w io.Writer, color bool) error {
	bw := bufio.NewWriter(w)
	st := styler(color)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "VERDICT\tPORT\tADDRESS\tPROCESS\tREGISTRY\tLOCAL\n")
	for _, s := range r.Sockets {
		var names []string
		for _, e := range s.Registry {
			names = append(names, cmp.Or(e.Name, e.Kind.String()))
		}
		v := s.Verdict
		if suspicious(v) {
			v = st.wrap("31", v)
		}
		fmt.Fprintf(tw, "%s\t%d/%s\t%s\t%s\t%s\t%s\n", v, s.Port, s.Proto, s.Address, processText(s.Processes),
			cmp.Or(strings.Join(slices.Compact(names), ","), "-"), cmp.Or(strings.Join(s.Local, ","), "-"))
	}
	tw.Flush()
	if r.Suspicious > 0 {
		fmt.Fprintln(bw)
		for _, s := range r.Sockets {
			if suspicious(s.Verdict) {
				fmt.Fprintf(bw, "%s — process %s\n", s.Message, processText(s.Processes))
			}
		}
	}
	if r.Hidden > 0 {
		fmt.Fprintf(bw, "\n%d processes could not be inspected (run as root to see them): their sockets show no process\n", r.Hidden)
	}
	fmt.Fprintf(bw, "\n%s listening, %d suspicious (registry %s)\n", plural(len(r.Sockets), "socket"), r.Suspicious, r.Registry)
	return bw.Flush()
}

func (r *listeningReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Listening sockets\n\nRegistry %s; %d suspicious.\n\n| verdict | port | address | process | finding |\n|---|---|---|---|---|\n", r.Registry, r.Suspicious)
	for _, s := range r.Sockets {
		fmt.Fprintf(bw, "| %s | %d/%s | %s | %s | %s |\n", s.Verdict, s.Port, s.Proto, s.Address, mdEscape(processText(s.Processes)), mdEscape(s.Message))
	}
	if r.Hidden > 0 {
		fmt.Fprintf(bw, "\n%d processes could not be inspected.\n", r.Hidden)
	}
	return bw.Flush()
}
