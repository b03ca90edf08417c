package main

import (
	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/services"
	"github.com/spf13/cobra"
)

type lintOptions struct {
	file   string
	format string
}

func newLintCmd(e *env) *cobra.Command {
	opts := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint FILE",
		Short: "Find what resolvers would misread in a services file",
		Long: `Lint reports what glibc, musl, BSD libc or Go's net package would read
other than intended in a services file: lines of 128 bytes or more (musl
splits them), more than 34 aliases (BSD drops the rest), upper-case names
(Go lower-cases its queries), all-digit names (read as port numbers), a
name at two ports (glibc takes the first, Go the last), commas in names,
several names on one port (getservbyport gives the first), merged or
unknown protocols, port ranges, lines with no name, bad ports, invalid
UTF-8 and NUL bytes. FILE - reads standard input.

Exit status: 0 clean, 1 findings, 2 trouble.`,
		Example: "  regdiff lint /etc/services\n  regdiff generate | regdiff lint -",
		Args:    exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runLint(e, opts)
		},
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runLint(e *env, opts *lintOptions) error {
	f, err := readServices(e, opts.file)
	if err != nil {
		return err
	}
	rep := &report.Lint{File: opts.file, Findings: f.Warnings, Summary: map[string]int{}}
	if rep.Findings == nil {
		rep.Findings = []services.Warning{}
	}
	for _, w := range f.Warnings {
		rep.Summary[w.Code]++
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(f.Warnings))
}
