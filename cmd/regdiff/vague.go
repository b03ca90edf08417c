package main

import (
	"fmt"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type vagueOptions struct {
	reasons []string
	all     bool
	rng     string
	proto   string
	format  string
}

func newVagueCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &vagueOptions{}
	var reasons, credits []string
	for _, r := range registry.AllReasons {
		reasons = append(reasons, fmt.Sprintf("  %-15s %+d  %s", r, r.Weight(), r.Explain()))
	}
	for _, c := range registry.AllCredits {
		credits = append(credits, fmt.Sprintf("  %-15s %+d  %s", c, c.Weight(), c.Explain()))
	}
	long := strings.NewReplacer("{reasons}", strings.Join(reasons, "\n"), "{credits}", strings.Join(credits, "\n"),
		"{threshold}", fmt.Sprint(registry.VagueThreshold)).Replace(help("vague"))
	cmd := &cobra.Command{
		Use:     "vague",
		Short:   "List the registry's vague entries, the vaguest first, with the evidence",
		Long:    long,
		Example: "  regdiff vague --range 0-1023\n  regdiff vague --all --reason stale-contact --range 5000-5100\n  regdiff vague --reason nameless,hedged --format json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runVague(e, g, opts) },
	}
	cmd.Flags().StringSliceVar(&opts.reasons, "reason", nil, "only rows with any of these reasons (comma-separated)")
	cmd.Flags().BoolVar(&opts.all, "all", false, "list every row with a sign of vagueness, not only those whose score passes the threshold")
	cmd.Flags().StringVar(&opts.rng, "range", "", "only ports in LO-HI, or system, user, dynamic")
	cmd.Flags().StringVarP(&opts.proto, "proto", "p", "", "only rows of this protocol (rows with none are kept)")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runVague(e *env, g *globalOptions, opts *vagueOptions) error {
	f := registry.VagueFilter{All: opts.all}
	var err error
	if f.Reasons, err = registry.ParseReasons(opts.reasons); err != nil {
		return usagef("--reason: %v", err)
	}
	if f.Within, err = rangeFlag(opts.rng); err != nil {
		return err
	}
	if f.Proto, err = protoFlag("--proto", opts.proto); err != nil {
		return err
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rows, below := reg.Vague(f)
	rep := &report.Vague{Registry: meta.Name, Threshold: registry.VagueThreshold, All: opts.all, Below: below,
		People: len(reg.People) > 0, Entries: rows, Summary: registry.CountReasons(rows)}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return nonEmpty(len(rows))
}
