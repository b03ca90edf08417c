package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

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
	if err := os.MkdirAll(st.Dir, 0o755); err != nil {
		return err
	}
	if opts.commit {
		if _, err := git(ctx, st.Dir, "rev-parse", "--show-toplevel"); err != nil {
			return fmt.Errorf("--commit: %s is not in a git repository (git init it, or drop --commit): %v", st.Dir, err)
		}
	}
	lock, err := st.Lock(e.clock())
	if err != nil {
		return err
	}
	defer lock.Unlock()
	prev, ok, err := st.Latest()
	if err != nil {
		return err
	}
	var prevp *snapshots.Snapshot
	if ok {
		prevp = &prev
	}
	res, reg, err := opts.download(ctx, e, prevp)
	if err != nil {
		return err
	}
	if reg == nil {
		fmt.Fprintf(e.stdout, "registry unchanged (the server answered 304 Not Modified); newest snapshot %s\n", prev.Name)
		return nil
	}
	wr, err := st.Write(reg, snapshots.Source{URL: res.URL, FetchedAt: e.clock(), ETag: res.ETag, LastModified: res.LastModified, Raw: res.Body})
	if err != nil {
		return err
	}
	snap, created := wr.Snapshot, wr.Created
	if !created && wr.Event != nil {
		// The content of an older snapshot came back (or an interrupted
		// sync's snapshot was fetched again): only the journal changed.
		headline := fmt.Sprintf("registry %s again: reverted from %s", snap.Name, wr.Previous)
		if !wr.Reverted() {
			headline = fmt.Sprintf("registry %s: recorded the snapshot an interrupted sync wrote", snap.Name)
		}
		fmt.Fprintln(e.stdout, headline)
		if opts.commit {
			if err := commitFiles(ctx, st.Dir, wr.Written, headline+"\n"); err != nil {
				return fmt.Errorf("the revert to %s was recorded, but not committed: %v", snap.Name, err)
			}
		}
		return nil
	}
	if !created {
		fmt.Fprintf(e.stdout, "registry unchanged: same content as snapshot %s\n", snap.Name)
		return nil
	}
	rep := &report.Diff{New: snap.Name, Changes: &diff.Changes{Summary: map[diff.ChangeType]int{}}}
	headline := fmt.Sprintf("registry %s: first snapshot, %d rows", snap.Name, snap.Rows)
	if ok {
		prevReg, err := prev.Load()
		if err != nil {
			return err
		}
		rep.Old, rep.Changes = prev.Name, diff.Registries(prevReg, reg)
		counts := report.ChangeCounts(rep.Changes)
		if n := len(rep.Formatting); n > 0 {
			counts += fmt.Sprintf(", %d formatting only", n)
		}
		headline = fmt.Sprintf("registry %s: %s since %s", snap.Name, counts, prev.Name)
	}
	fmt.Fprintf(e.stdout, "new snapshot %s (%d rows) in %s\n", snap.Name, snap.Rows, st.Dir)
	if ok {
		if err := rep.Text(e.stdout, report.Style(e.color())); err != nil {
			return err
		}
	}
	if opts.commit {
		var msg bytes.Buffer
		msg.WriteString(headline + "\n\n")
		if ok {
			if err := rep.Markdown(&msg); err != nil {
				return err
			}
		}
		if err := commitFiles(ctx, st.Dir, wr.Written, msg.String()); err != nil {
			return fmt.Errorf("the snapshot %s was written, but not committed: %v", snap.Name, err)
		}
		fmt.Fprintf(e.stdout, "committed: %s\n", headline)
	}
	if opts.exitCode {
		return errFindings
	}
	return nil
}

// commitFiles commits exactly the files a write wrote in the store dir (the
// snapshot's and the journal), whatever else is staged in the repository.
func commitFiles(ctx context.Context, dir string, written []string, msg string) error {
	var files []string
	for _, f := range written {
		files = append(files, filepath.Base(f))
	}
	if _, err := git(ctx, dir, append([]string{"add", "--"}, files...)...); err != nil {
		return err
	}
	_, err := git(ctx, dir, append([]string{"commit", "--quiet", "-m", msg, "--"}, files...)...)
	return err
}

// git runs git in dir, without a shell, and returns its trimmed output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], oneLine(msg))
	}
	return strings.TrimSpace(out.String()), nil
}
