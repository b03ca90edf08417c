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
	rng     string
	proto   string
	format  string
}

func newVagueCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &vagueOptions{}
	var reasons []string
	for _, r := range registry.AllReasons {
		reasons = append(reasons, fmt.Sprintf("  %-15s %s (weight %d)", r, r.Explain(), r.Weight()))
	}
	cmd := &cobra.Command{
		Use:     "vague",
		Short:   "List the registry's vague entries, the vaguest first",
		Long:    strings.Replace(help("vague"), "{reasons}", strings.Join(reasons, "\n"), 1),
		Example: "  regdiff vague --range 0-1023\n  regdiff vague --reason nameless,hedged --format json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runVague(e, g, opts) },
	}
	cmd.Flags().StringSliceVar(&opts.reasons, "reason", nil, "only rows with any of these reasons (comma-separated)")
	cmd.Flags().StringVar(&opts.rng, "range", "", "only ports in LO-HI, or system, user, dynamic")
	cmd.Flags().StringVarP(&opts.proto, "proto", "p", "", "only rows of this protocol (rows with none are kept)")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runVague(e *env, g *globalOptions, opts *vagueOptions) error {
	var f registry.VagueFilter
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
	rows, _ := reg.Vague(f)
	if err := render(e, opts.format, &report.Vague{Registry: meta.Name, Entries: rows, Summary: registry.CountReasons(rows)}); err != nil {
		return err
	}
	return nonEmpty(len(rows))
}
