package main

import (
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type gapsOptions struct {
	protos []string
	rng    string
	min    int
	free   int
	format string
}

func newGapsCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &gapsOptions{}
	cmd := &cobra.Command{
		Use:     "gaps",
		Short:   "List the ports no one is assigned, per protocol",
		Long:    help("gaps"),
		Example: "  regdiff gaps --range system\n  regdiff gaps --proto tcp --min 10\n  regdiff gaps --free 5 --range user",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runGaps(e, g, opts) },
	}
	cmd.Flags().StringSliceVarP(&opts.protos, "proto", "p", []string{"tcp", "udp"}, "protocols: tcp, udp, sctp, dccp")
	cmd.Flags().StringVar(&opts.rng, "range", "0-49151", "ports LO-HI, or system, user, dynamic")
	cmd.Flags().IntVar(&opts.min, "min", 1, "only runs of at least N ports")
	cmd.Flags().IntVar(&opts.free, "free", 0, "list the N lowest ports free on every protocol instead")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runGaps(e *env, g *globalOptions, opts *gapsOptions) error {
	within, err := rangeFlag(opts.rng)
	if err != nil {
		return err
	}
	if opts.min < 1 {
		return usagef("--min must be 1 or more, got %d", opts.min)
	}
	if opts.free < 0 {
		return usagef("--free must be 0 or more, got %d", opts.free)
	}
	protos, err := protosFlag("--proto", opts.protos)
	if err != nil {
		return err
	}
	reg, meta, err := g.loadRows(e)
	if err != nil {
		return err
	}
	rep := report.NewGaps(reg, meta.Name, within, protos, opts.min, opts.free)
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return nonEmpty(len(rep.Gaps) + len(rep.Free))
}
