package main

import (
	"fmt"
	"slices"
	"strings"

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
	rep := &report.History{Query: opts.query}
	if rep.Snapshots, rep.Events, err = storeHistory(st, q); err != nil {
		return err
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Events) == 0 {
		return &notFoundError{fmt.Sprintf("no snapshot of %s has a row for %q (%s to %s)", st.Dir, opts.query, list[0].Name, list[len(list)-1].Name)}
	}
	return nil
}

// storeHistory is the history of q across the store's snapshots: the
// events from one snapshot to the next, then the reverts the journal
// recorded. It reads the store's index, which holds each distinct row
// once, not every snapshot's CSV.
func storeHistory(st *snapshots.Store, q registry.Query) ([]string, []diff.Event, error) {
	ix, err := st.Index()
	if err != nil {
		return nil, nil, err
	}
	var named []registry.Entry
	if !q.IsPort() {
		named = ix.Rows(func(e *registry.Entry) bool { return strings.EqualFold(e.Name, q.Text) })
	}
	cuts := ix.Cuts(diff.Follow(q, named))
	names := make([]string, len(cuts))
	rows := make([][]registry.Entry, len(cuts))
	for i, c := range cuts {
		names[i], rows[i] = c.Snapshot.Name, c.Entries
	}
	events := diff.History(q, names, rows)
	journal, err := st.Events()
	if err != nil {
		return nil, nil, err
	}
	for _, ev := range journal { // reverts happen after the snapshots they return to
		from, to := slices.Index(names, ev.Previous), slices.Index(names, ev.Snapshot)
		if ev.Type == snapshots.EventRevert && from >= 0 && to >= 0 {
			events = append(events, diff.Revert(ev.Previous, ev.Snapshot, rows[from], rows[to])...)
		}
	}
	return names, events, nil
}
