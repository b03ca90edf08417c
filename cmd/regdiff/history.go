package main

import (
	"fmt"

	"github.com/regdiff/regdiff/internal/storeview"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type historyOptions struct {
	query  string
	format string
}

func newHistoryCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &historyOptions{}
	cmd := &cobra.Command{
		Use:     "history PORT|NAME|LO-HI",
		Short:   "The life of a port or a name across the store's snapshots",
		Long:    help("history"),
		Example: "  regdiff history 1008\n  regdiff history vfo",
		Args:    exactArgs(1, "one PORT, NAME or LO-HI"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = args[0]
			return runHistory(e, g, opts)
		},
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runHistory(e *env, g *globalOptions, opts *historyOptions) error {
	q, err := registry.ParseQuery(opts.query)
	if err != nil {
		return usagef("%v", err)
	}
	st := g.store(e)
	life, err := storeview.History(st, q)
	if err != nil {
		return err
	}
	rep := &report.History{Query: opts.query, Snapshots: life.Snapshots, Events: life.Events, People: life.Holders()}
	if len(rep.Snapshots) == 0 {
		return noSnapshots(st.Dir)
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Events) == 0 {
		return &notFoundError{fmt.Sprintf("no snapshot of %s has a row for %q (%s to %s)", st.Dir, opts.query, rep.Snapshots[0], rep.Snapshots[len(rep.Snapshots)-1])}
	}
	return nil
}
