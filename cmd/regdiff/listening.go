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

	"github.com/regdiff/regdiff/diff"
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
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

type listeningReport struct {
	Registry string            `json:"registry"`
	Sockets  []listeningSocket `json:"sockets"`
	// Hidden counts processes that could not be inspected.
	Hidden     int                  `json:"hidden_processes"`
	Summary    map[diff.Verdict]int `json:"summary"`
	Suspicious int                  `json:"suspicious"`
}

type listeningSocket struct {
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

func runListening(e *env, g *globalOptions, opts *listeningOptions) error {
	sockets, err := procnet.Listening(opts.proc)
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
	judge := diff.NewJudge(reg)
	rep := &listeningReport{Registry: meta.Name, Hidden: sockets.Hidden, Summary: map[diff.Verdict]int{}, Sockets: []listeningSocket{}}
	for _, s := range sockets.Sockets {
		ls := listeningSocket{Proto: s.Proto, Address: s.Addr.String(), Port: s.Port, UID: s.UID, Processes: s.Processes,
			Class: registry.ClassOf(s.Port).String(), Local: local[fmt.Sprintf("%d/%s", s.Port, s.Proto)]}
		jd := judge.Listener(s.Port, registry.Protocol(s.Proto), ls.Local, hasEphemeral && eLo <= s.Port && s.Port <= eHi)
		ls.Rows, ls.Reasons, ls.Verdict, ls.Message = jd.Rows, jd.Reasons, jd.Verdict, jd.Message
		rep.Summary[ls.Verdict]++
		if ls.Verdict.Suspicious() {
			rep.Suspicious++
		}
		rep.Sockets = append(rep.Sockets, ls)
	}
	slices.SortStableFunc(rep.Sockets, func(a, b listeningSocket) int {
		return cmp.Compare(slices.Index(diff.Verdicts, a.Verdict), slices.Index(diff.Verdicts, b.Verdict))
	})
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(rep.Suspicious)
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

func (r *listeningReport) text(w io.Writer, st styler) error {
	bw := bufio.NewWriter(w)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "VERDICT\tPORT\tADDRESS\tPROCESS\tREGISTRY\tLOCAL\n")
	for _, s := range r.Sockets {
		var names []string
		for _, e := range s.Rows {
			names = append(names, cmp.Or(e.Name, e.Kind.String()))
		}
		v := string(s.Verdict)
		if s.Verdict.Suspicious() {
			v = st.wrap("31", v)
		}
		fmt.Fprintf(tw, "%s\t%d/%s\t%s\t%s\t%s\t%s\n", v, s.Port, s.Proto, s.Address, processText(s.Processes),
			cmp.Or(strings.Join(slices.Compact(names), ","), "-"), cmp.Or(strings.Join(s.Local, ","), "-"))
	}
	tw.Flush()
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
	fmt.Fprintf(bw, "\n%s listening, %d suspicious (registry %s)\n", plural(len(r.Sockets), "socket"), r.Suspicious, r.Registry)
	return bw.Flush()
}

func (r *listeningReport) markdown(w io.Writer) error {
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
