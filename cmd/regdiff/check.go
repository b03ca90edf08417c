package main

import (
	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const defaultServices = "/etc/services"

type checkOptions struct {
	file    string
	format  string
	only    []string
	protos  []string
	rng     string
	verbose bool
}

func newCheckCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:     "check [FILE]",
		Short:   "Compare a services file with the registry (the default command)",
		Long:    help("check"),
		Example: "  regdiff check /etc/services\n  regdiff /etc/services --only missing --range 0-1023\n  cat services | regdiff check - --format json",
		Args:    maxArgs(1, "at most one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(e, g, opts, args)
		},
	}
	addCheckFlags(cmd.Flags(), opts)
	return cmd
}

func addCheckFlags(fs *pflag.FlagSet, opts *checkOptions) {
	addFormatFlag(fs, &opts.format)
	fs.StringSliceVar(&opts.only, "only", nil, "only these categories (comma-separated)")
	fs.StringSliceVarP(&opts.protos, "proto", "p", nil, "only these protocols (default tcp,udp,sctp,dccp)")
	fs.StringVar(&opts.rng, "range", "", "only ports in LO-HI, or system, user, dynamic")
	fs.BoolVarP(&opts.verbose, "verbose", "v", false, "list every finding, not the first 10 per category")
}

func runCheck(e *env, g *globalOptions, opts *checkOptions, args []string) error {
	filter, err := opts.filter()
	if err != nil {
		return err
	}
	opts.file = defaultServices
	if len(args) == 1 {
		opts.file = args[0]
	}
	sf, err := readServices(e, opts.file)
	if err != nil {
		return err
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	if opts.format == "text" && !opts.verbose {
		filter.PerCategory = report.PerCategory // build only what text lists
	}
	rep := &report.Check{File: shownName(opts.file), Registry: meta.Name, Report: diff.Check(reg, sf, filter), Verbose: opts.verbose}
	rep.People = report.CheckPeople(rep.Report, reg.People, reg.Date())
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(rep.Findings))
}

// filter turns the flags into the check's filter.
func (o *checkOptions) filter() (diff.Options, error) {
	var d diff.Options
	var err error
	if d.Only, err = diff.ParseCategories(o.only); err != nil {
		return d, usagef("--only: %v", err)
	}
	if d.Protocols, err = protosFlag("--proto", o.protos); err != nil {
		return d, err
	}
	if o.rng != "" {
		d.Range, err = rangeFlag(o.rng)
	}
	return d, err
}
