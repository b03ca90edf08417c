package main

import (
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type lintOptions struct {
	file   string
	format string
}

func newLintCmd(e *env, _ *globalOptions) *cobra.Command {
	opts := &lintOptions{}
	cmd := &cobra.Command{
		Use:     "lint FILE",
		Short:   "Find what resolvers would misread in a services file",
		Long:    help("lint"),
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
	rep := report.NewLint(opts.file, f)
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(f.Warnings))
}
