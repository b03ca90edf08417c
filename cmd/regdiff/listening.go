package main

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
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
		Use:     "listening",
		Short:   "What is listening on this host, against what the registry says",
		Long:    help("listening"),
		Example: "  regdiff listening\n  sudo regdiff listening --format json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runListening(e, g, opts) },
	}
	cmd.Flags().StringVar(&opts.proc, "proc", "/proc", "the proc file system to read")
	cmd.Flags().StringVar(&opts.services, "services", defaultServices, "the local services file, for local names")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runListening(e *env, g *globalOptions, opts *listeningOptions) error {
	sockets, err := procnet.Listening(opts.proc)
	if err != nil {
		return err
	}
	reg, meta, err := g.loadRows(e)
	if err != nil {
		return err
	}
	local := map[string][]string{} // "port/proto" -> local names
	sf, err := localServices(e, opts.services)
	if err != nil {
		return err
	}
	if sf != nil {
		for _, le := range sf.Entries {
			k := fmt.Sprintf("%d/%s", le.Port, le.Proto)
			local[k] = append(local[k], append([]string{le.Name}, le.Aliases...)...)
		}
	}
	eLo, eHi, hasEphemeral := procnet.EphemeralRange(opts.proc)
	judge := diff.NewJudge(reg)
	rep := &report.Listening{Registry: meta.Name, Hidden: sockets.Hidden, Summary: map[diff.Verdict]int{}, Sockets: []report.Socket{}}
	for _, s := range sockets.Sockets {
		ls := report.Socket{Proto: s.Proto, Address: s.Addr.String(), Port: s.Port, UID: s.UID, Processes: s.Processes,
			Class: registry.ClassOf(s.Port).String(), Local: local[fmt.Sprintf("%d/%s", s.Port, s.Proto)]}
		if ls.Processes == nil {
			ls.Processes = []procnet.Process{} // JSON: [] when no owner is known
		}
		jd := judge.Listener(s.Port, registry.Protocol(s.Proto), ls.Local, hasEphemeral && eLo <= s.Port && s.Port <= eHi)
		ls.Rows, ls.Reasons, ls.Verdict, ls.Message = jd.Rows, jd.Reasons, jd.Verdict, jd.Message
		rep.Summary[ls.Verdict]++
		if ls.Verdict.Suspicious() {
			rep.Suspicious++
		}
		rep.Sockets = append(rep.Sockets, ls)
	}
	slices.SortStableFunc(rep.Sockets, func(a, b report.Socket) int {
		return cmp.Compare(slices.Index(diff.Verdicts, a.Verdict), slices.Index(diff.Verdicts, b.Verdict))
	})
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(rep.Suspicious)
}
