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

const checkLong = `Check compares a services file (default /etc/services; - reads standard
input) with the registry and reports, by category:

  malformed      lines the parser warns about (bad port, unknown protocol,
                 duplicates, names resolvers cannot use, ...)
  port-mismatch  a registry name at a port the registry does not give it
  name-mismatch  another name than the registry's (or its sibling names) at
                 an assigned port/protocol
  historic       a name IANA marks historic or de-registered
  local-only     a port/protocol IANA never assigned: unassigned, reserved,
                 inside a range, or in the dynamic range
  case-only      the registry's name in other letter case
  vague          the entry maps to a vague registry row (no name, "????",
                 "possibly", no description and no registrant)
  missing        assigned by IANA and absent from the file, one finding per
                 name and port with its protocols and registration date

Text output lists up to 10 findings per category and a summary; --verbose
lists all. --format json prints {"file", "registry", "entries", "findings":
[...], "summary": {category: count}}, each finding with its category, line,
text, name, port, protocols, message and the registry rows involved.

Exit status: 0 when nothing is found, 1 when findings exist, 2 on trouble.`

func newCheckCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:     "check [FILE]",
		Short:   "Compare a services file with the registry (the default command)",
		Long:    checkLong,
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
	shown := opts.file
	if shown == "-" {
		shown = "<stdin>"
	}
	rep := &report.Check{File: shown, Registry: meta.Name, Report: diff.Check(reg, sf, filter), Verbose: opts.verbose}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(rep.Findings))
}

// filter turns the flags into the check's filter.
func (o *checkOptions) filter() (diff.Options, error) {
	var d diff.Options
	var err error
	for _, c := range o.only {
		cat, err := diff.ParseCategory(c)
		if err != nil {
			return d, usagef("--only: %v", err)
		}
		d.Only = append(d.Only, cat)
	}
	if d.Protocols, err = protosFlag("--proto", o.protos); err != nil {
		return d, err
	}
	if o.rng != "" {
		d.Range, err = rangeFlag(o.rng)
	}
	return d, err
}
