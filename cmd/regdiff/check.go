package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/diff"
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

// checkReport is what check prints: the JSON output is this value.
type checkReport struct {
	File     string `json:"file"`
	Registry string `json:"registry"`
	*diff.Report
	verbose bool // text lists every finding
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
	rep := &checkReport{File: shown, Registry: meta.Name, Report: diff.Check(reg, sf, filter), verbose: opts.verbose}
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

const perCategory = 10

func (r *checkReport) text(w io.Writer, st styler) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s against registry %s: %s compared\n", r.File, r.Registry, plural(r.Entries, "entry"))
	i := 0
	for _, c := range diff.Categories {
		n := r.Summary[c]
		if n == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n%s (%d)\n", st.bold(string(c)), n)
		shown := 0
		for ; i < len(r.Findings) && r.Findings[i].Category == c; i++ {
			if !r.verbose && shown == perCategory {
				continue
			}
			shown++
			f := r.Findings[i]
			where := "     -"
			if f.Line > 0 {
				where = fmt.Sprintf("%6d", f.Line)
			}
			fmt.Fprintf(bw, "  %s  %s\n", where, f.Message)
		}
		if shown < n {
			fmt.Fprintf(bw, "  ... and %d more (--verbose lists all, --only %s keeps this category)\n", n-shown, c)
		}
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(bw, "\nno differences\n")
	} else {
		fmt.Fprintf(bw, "\nsummary: %s\n", joinCounts(diff.Categories, r.Summary, ""))
	}
	return bw.Flush()
}

func (r *checkReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## regdiff check %s\n\nRegistry %s, %s compared.\n", mdEscape(r.File), r.Registry, plural(r.Entries, "entry"))
	i := 0
	for _, c := range diff.Categories {
		if r.Summary[c] == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n### %s (%d)\n\n", c, r.Summary[c])
		var rows [][]string
		for ; i < len(r.Findings) && r.Findings[i].Category == c; i++ {
			f := r.Findings[i]
			line := ""
			if f.Line > 0 {
				line = fmt.Sprint(f.Line)
			}
			rows = append(rows, []string{line, f.Name, f.Port, strings.Join(f.Protocols, ","), f.Message})
		}
		mdTable(bw, []string{"line", "name", "port", "protocols", "finding"}, rows)
	}
	return bw.Flush()
}
