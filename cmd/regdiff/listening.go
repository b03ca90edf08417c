package main

import (
	"github.com/regdiff/regdiff/procnet"
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
	reg, meta, err := g.load(e) // the verdicts weigh the registrants (diff.NewJudge)
	if err != nil {
		return err
	}
	sf, err := localServices(e, opts.services)
	if err != nil {
		return err
	}
	in := report.ListeningInput{Registry: reg, Name: meta.Name, Sockets: sockets, Services: sf}
	in.EphemeralLo, in.EphemeralHi, in.EphemeralKnown = procnet.EphemeralRange(opts.proc)
	rep := report.NewListening(in)
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(rep.Suspicious)
}
