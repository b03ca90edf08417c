package main

import (
	"context"

	"github.com/regdiff/regdiff/internal/syncjob"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type syncOptions struct {
	fetchFlags
	commit   bool
	exitCode bool
	format   string
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
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runSync(ctx context.Context, e *env, g *globalOptions, opts *syncOptions) error {
	st := g.writeStore(e)
	job := opts.job(e, st)
	job.Commit = opts.commit
	res, err := syncjob.Run(ctx, job, report.Changelog)
	if err != nil {
		return err
	}
	wr := res.Write
	rep := &report.Sync{Store: st.Dir, URL: opts.url, NotModified: res.NotModified, Snapshot: wr.Snapshot.Name, Rows: wr.Snapshot.Rows,
		Created: wr.Created, Reverted: wr.Reverted(), Headline: res.Headline, Changes: res.Changelog, Committed: res.Committed}
	if res.Previous != nil {
		rep.Previous = res.Previous.Name
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if opts.exitCode && wr.Created {
		return errFindings
	}
	return nil
}
