package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/internal/syncjob"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type syncOptions struct {
	fetchFlags
	commit   bool
	exitCode bool
}

func newSyncCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &syncOptions{}
	cmd := &cobra.Command{
		Use:     "sync",
		Short:   "Fetch the registry and keep a new snapshot when IANA changed it",
		Long:    help("sync"),
		Example: "  regdiff sync --dir /var/lib/regdiff\n  regdiff sync --dir snapshots --commit",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runSync(cmd.Context(), e, g, opts) },
	}
	opts.fetchFlags.add(cmd.Flags())
	cmd.Flags().BoolVar(&opts.commit, "commit", false, "commit a new snapshot to the git repository holding the store")
	cmd.Flags().BoolVar(&opts.exitCode, "exit-code", false, "exit 1 when a new snapshot was written")
	return cmd
}

func runSync(ctx context.Context, e *env, g *globalOptions, opts *syncOptions) error {
	st := g.writeStore(e)
	job := opts.job(e, st)
	job.Commit = opts.commit
	res, err := syncjob.Run(ctx, job, func(old, new string, cs *diff.Changes) string {
		var md strings.Builder
		(&report.Diff{Old: old, New: new, Changes: cs}).Markdown(&md) //nolint:errcheck // a strings.Builder
		return md.String()
	})
	if err != nil {
		return err
	}
	wr := res.Write
	switch {
	case res.NotModified:
		fmt.Fprintf(e.stdout, "registry unchanged (the server answered 304 Not Modified)\n")
		return nil
	case wr.Created:
		fmt.Fprintf(e.stdout, "new snapshot %s (%d rows) in %s\n", wr.Snapshot.Name, wr.Snapshot.Rows, st.Dir)
		if res.Previous != nil {
			rep := &report.Diff{Old: res.Previous.Name, New: wr.Snapshot.Name, Changes: res.Changelog}
			if err := rep.Text(e.stdout, report.Style(e.color())); err != nil {
				return err
			}
		}
	case res.Headline != "":
		fmt.Fprintln(e.stdout, res.Headline)
	default:
		fmt.Fprintf(e.stdout, "registry unchanged: same content as snapshot %s\n", wr.Snapshot.Name)
		return nil
	}
	if res.Committed {
		fmt.Fprintf(e.stdout, "committed: %s\n", res.Headline)
	}
	if opts.exitCode && wr.Created {
		return errFindings
	}
	return nil
}
