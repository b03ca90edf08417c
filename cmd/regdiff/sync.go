package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/regdiff/regdiff/internal/gitrepo"
	"github.com/regdiff/regdiff/registry"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"
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
	var repo *gitrepo.Repo
	if opts.commit { // every check that can fail before anything is written
		var err error
		if repo, err = gitrepo.Open(ctx, st.Dir); err != nil {
			return fmt.Errorf("--commit: %v", err)
		}
		if repo.Detached {
			fmt.Fprintf(e.stderr, "regdiff: warning: HEAD is detached in the repository of %s: the commit will be on no branch\n", st.Dir)
		}
	}
	if err := st.Prepare(); err != nil {
		return err
	}
	lock, err := st.Lock(e.clock())
	if err != nil {
		return err
	}
	defer lock.Unlock()
	removed, err := lock.Clean()
	if err != nil {
		return err
	}
	if len(removed) > 0 {
		fmt.Fprintf(e.stderr, "regdiff: removed %s left by an interrupted run: %s\n", report.Plural(len(removed), "file"), strings.Join(removed, ", "))
	}
	if repo != nil {
		if err := finishPending(ctx, e, st, repo); err != nil {
			return err
		}
	}
	prev, prevReg, err := newest(st)
	if err != nil {
		return err
	}
	d, err := opts.download(ctx, e, st, prev, prevReg, true)
	if err != nil {
		return interrupted(ctx, err, "")
	}
	if d.reg == nil {
		if err := st.SaveValidators(opts.url, d.ETag, d.LastModified); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "registry unchanged (the server answered 304 Not Modified)\n")
		return nil
	}
	if err := ctx.Err(); err != nil {
		return interrupted(ctx, err, "")
	}
	wr, err := st.Write(d.reg, snapshots.Source{URL: d.URL, FetchedAt: e.clock(), ETag: d.ETag, LastModified: d.LastModified, Raw: d.Body})
	if err != nil {
		return err
	}
	if err := st.SaveValidators(opts.url, d.ETag, d.LastModified); err != nil {
		return err
	}
	snap := wr.Snapshot
	var headline string
	switch {
	case wr.Created:
		rep := changelog(prev, prevReg, snap, d.reg)
		headline = rep.headline
		fmt.Fprintf(e.stdout, "new snapshot %s (%d rows) in %s\n", snap.Name, snap.Rows, st.Dir)
		if prev != nil {
			if err := rep.Text(e.stdout, report.Style(e.color())); err != nil {
				return err
			}
		}
		headline += "\n\n" + rep.markdown
	case wr.Reverted():
		headline = fmt.Sprintf("registry %s again: IANA reverted from %s (or a stale mirror answered)", snap.Name, wr.Previous)
		fmt.Fprintln(e.stdout, headline)
	case wr.Event != nil:
		headline = fmt.Sprintf("registry %s: recorded the snapshot an interrupted sync wrote", snap.Name)
		fmt.Fprintln(e.stdout, headline)
	default:
		fmt.Fprintf(e.stdout, "registry unchanged: same content as snapshot %s\n", snap.Name)
		return nil
	}
	if repo != nil {
		if err := ctx.Err(); err != nil {
			return interrupted(ctx, err, snap.Name)
		}
		files := wr.Written
		if _, err := os.Stat(st.ValidatorsPath()); err == nil {
			files = append(files, st.ValidatorsPath())
		}
		if err := repo.Commit(ctx, headline, files...); err != nil {
			return fmt.Errorf("the snapshot %s was written, but not committed: %v (the next sync --commit commits it)", snap.Name, err)
		}
		fmt.Fprintf(e.stdout, "committed: %s\n", strings.SplitN(headline, "\n", 2)[0])
	}
	if opts.exitCode && wr.Created {
		return errFindings
	}
	return nil
}

// changelogReport is a diff between the newest snapshot and a new one, with
// its one-line headline and its markdown, the commit message.
type changelogReport struct {
	*report.Diff
	headline, markdown string
}

func changelog(prev *snapshots.Snapshot, prevReg *registry.Registry, snap snapshots.Snapshot, reg *registry.Registry) changelogReport {
	rep := changelogReport{Diff: &report.Diff{New: snap.Name, Changes: &diff.Changes{Summary: map[diff.ChangeType]int{}}}}
	rep.headline = fmt.Sprintf("registry %s: first snapshot, %d rows", snap.Name, snap.Rows)
	if prev == nil {
		return rep
	}
	rep.Old, rep.Changes = prev.Name, diff.Registries(prevReg, reg)
	counts := report.ChangeCounts(rep.Changes)
	if n := len(rep.Formatting); n > 0 {
		counts += fmt.Sprintf(", %d formatting only", n)
	}
	rep.headline = fmt.Sprintf("registry %s: %s since %s", snap.Name, counts, prev.Name)
	var md strings.Builder
	rep.Markdown(&md) //nolint:errcheck // a strings.Builder
	rep.markdown = md.String()
	return rep
}

// finishPending commits what an earlier sync wrote but did not commit: the
// newest snapshot (with its changelog against the one before it), the
// journal and the validators.
func finishPending(ctx context.Context, e *env, st *snapshots.Store, repo *gitrepo.Repo) error {
	snap, ok, err := st.Latest()
	if err != nil || !ok {
		return err
	}
	pending, err := repo.Pending(ctx, append(snap.Files(), st.JournalPath(), st.ValidatorsPath())...)
	if err != nil || len(pending) == 0 {
		return err
	}
	headline := fmt.Sprintf("registry %s: finishing an interrupted sync", snap.Name)
	if p, err := repo.Pending(ctx, snap.CSVPath()); err == nil && len(p) > 0 {
		reg, err := snap.Load()
		if err != nil {
			return err
		}
		var prev *snapshots.Snapshot
		var prevReg *registry.Registry
		if list, err := st.List(); err == nil {
			for i := range list {
				if list[i].Name == snap.Name && i > 0 {
					prev = &list[i-1]
				}
			}
		}
		if prev != nil {
			if prevReg, err = prev.Load(); err != nil {
				return fmt.Errorf("snapshot %s was written but not committed, and %v: restore it, then sync again", snap.Name, err)
			}
		}
		rep := changelog(prev, prevReg, snap, reg)
		headline = rep.headline + " (committed by a later sync)\n\n" + rep.markdown
	}
	if err := repo.Commit(ctx, headline, pending...); err != nil {
		return fmt.Errorf("snapshot %s was written by an earlier sync but is not committed, and committing it failed: %v", snap.Name, err)
	}
	fmt.Fprintf(e.stdout, "committed what an earlier sync left: %s\n", strings.SplitN(headline, "\n", 2)[0])
	return nil
}

// interrupted words an error after SIGINT or SIGTERM: what was written.
func interrupted(ctx context.Context, err error, written string) error {
	if ctx.Err() == nil {
		return err
	}
	if written == "" {
		return errors.New("interrupted (nothing was written)")
	}
	return fmt.Errorf("interrupted: snapshot %s was written but not committed (the next sync --commit commits it)", written)
}
