package main

import (
	"fmt"
	"slices"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"
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
	list, err := st.List()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return noSnapshots(st.Dir)
	}
	regs, err := snapshots.LoadAll(list)
	if err != nil {
		return err
	}
	var named []registry.Entry
	if !q.IsPort() {
		for _, reg := range regs {
			named = append(named, reg.Name(q.Text)...)
		}
	}
	keep := diff.Follow(q, named)
	rep := &report.History{Query: opts.query}
	cuts := make([][]registry.Entry, len(regs))
	for i, reg := range regs {
		rep.Snapshots = append(rep.Snapshots, list[i].Name)
		for _, en := range reg.Entries {
			if keep(&en) {
				cuts[i] = append(cuts[i], en)
			}
		}
	}
	rep.Events = diff.History(rep.Snapshots, cuts)
	events, err := st.Events()
	if err != nil {
		return err
	}
	for _, ev := range events { // reverts happen after the snapshots they return to
		from, to := slices.Index(rep.Snapshots, ev.Previous), slices.Index(rep.Snapshots, ev.Snapshot)
		if ev.Type == snapshots.EventRevert && from >= 0 && to >= 0 {
			rep.Events = append(rep.Events, diff.Revert(ev.Previous, ev.Snapshot, cuts[from], cuts[to])...)
		}
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Events) == 0 {
		return &notFoundError{fmt.Sprintf("no snapshot of %s has a row for %q (%s to %s)", st.Dir, opts.query, list[0].Name, list[len(list)-1].Name)}
	}
	return nil
}
