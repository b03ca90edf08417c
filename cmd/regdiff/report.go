package main

import (
	"bytes"
	"cmp"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/internal/storeview"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type reportOptions struct {
	file   string // a services file to check, or ""
	output string
	format string
	proto  string
}

// reportFormats are report's values of --format: the page first.
var reportFormats = append([]string{"html"}, formats...)

func newReportCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:     "report [FILE] [-o report.html]",
		Short:   "Draw the port space and the registry over time as one HTML page",
		Long:    help("report"),
		Example: "  regdiff report -o report.html\n  regdiff report /etc/services -o report.html\n  regdiff report --format json | jq .map.counts",
		Args:    maxArgs(1, "at most one services FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.file = args[0]
			}
			return runReport(e, g, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write to FILE (atomically) instead of standard output")
	addChoice(f, &opts.format, "format", "f", "html", "format", reportFormats, "output format: "+strings.Join(reportFormats, ", "))
	f.StringVarP(&opts.proto, "proto", "p", "", "statuses on this protocol only (default: a port takes the strongest status of any protocol)")
	return cmd
}

func runReport(e *env, g *globalOptions, opts *reportOptions) error {
	proto, err := protoFlag("--proto", opts.proto)
	if err != nil {
		return err
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	var check *report.Check
	if opts.file != "" {
		sf, err := readServices(e, opts.file)
		if err != nil {
			return err
		}
		check = &report.Check{File: shownName(opts.file), Registry: meta.Name, Report: diff.Check(reg, sf, diff.Options{})}
	}
	st := g.store(e)
	list, steps, err := storeview.Timeline(st)
	if err != nil {
		return err
	}
	rep := report.NewOverview(reg, meta.Name, proto, st.Dir, list, steps, check)
	var out bytes.Buffer
	if opts.format == "html" {
		err = rep.HTML(&out)
	} else {
		err = report.Render(&out, opts.format, rep, e.Color() && opts.output == "")
	}
	if err != nil {
		return err
	}
	return atomicfile.Output(cmp.Or(opts.output, "-"), out.Bytes(), false, e.Stdout)
}
