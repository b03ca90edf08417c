package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/fetch"
	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// fetchFlags are the download and validation flags fetch and sync share.
type fetchFlags struct {
	url       string
	force     bool
	maxDrop   float64
	maxBytes  int64
	retries   int
	retryWait time.Duration
	timeout   time.Duration
	quiet     bool
}

func (f *fetchFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "url", fetch.DefaultURL, "where to fetch the registry CSV (http, https or file URL)")
	fs.BoolVar(&f.force, "force", false, "accept a registry that lost more rows than --max-drop allows")
	fs.Float64Var(&f.maxDrop, "max-drop", 0.05, "refuse a registry with this fraction fewer rows than the newest snapshot")
	fs.Int64Var(&f.maxBytes, "max-bytes", 16<<20, "refuse a body larger than this")
	fs.IntVar(&f.retries, "retries", 4, "retries on network errors, timeouts, 5xx and 429")
	fs.DurationVar(&f.retryWait, "retry-wait", time.Second, "first wait between retries (doubles each time, with jitter)")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "time limit of one attempt")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar or retry messages")
}

// download fetches the registry conditionally on the store's newest
// snapshot and validates it; reg is nil when the server said 304.
func (f *fetchFlags) download(ctx context.Context, e *env, prev *snapshots.Snapshot) (*fetch.Result, *registry.Registry, error) {
	opts := fetch.Options{URL: f.url, MaxBytes: f.maxBytes, Retries: f.retries, RetryWait: f.retryWait, Timeout: f.timeout}
	if prev != nil && prev.Source == f.url {
		opts.ETag, opts.LastModified = prev.ETag, prev.LastModified
	}
	if !f.quiet {
		if file, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
			opts.Progress = e.stderr
		}
		opts.Log = func(format string, args ...any) { fmt.Fprintf(e.stderr, "regdiff: "+format+"\n", args...) }
	}
	res, err := fetch.Get(ctx, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("fetch %s: %v (nothing was written)", f.url, err)
	}
	if res.NotModified {
		return res, nil, nil
	}
	reg, err := registry.ParseNamed(bytes.NewReader(res.Body), f.url)
	if err != nil {
		return nil, nil, fmt.Errorf("refused the download: %v (nothing was written)", err)
	}
	if err := usableRegistry(reg); err != nil {
		return nil, nil, fmt.Errorf("refused the download from %s: %v (nothing was written)", f.url, err)
	}
	if prevDate, err := registry.ParseDate(prevDateOf(prev)); err == nil && !f.force && reg.Date().Before(prevDate) {
		return nil, nil, fmt.Errorf("refused the download: it is registry %s, older than snapshot %s (a stale mirror?); run again with --force to keep it anyway (nothing was written)", reg.Date(), prev.Name)
	}
	if prev != nil && !f.force && float64(len(reg.Entries)) < float64(prev.Rows)*(1-f.maxDrop) {
		return nil, nil, fmt.Errorf("refused the download: %d rows, %.0f%% fewer than snapshot %s (%d); if IANA really removed them, run again with --force (nothing was written)",
			len(reg.Entries), 100*(1-float64(len(reg.Entries))/float64(prev.Rows)), prev.Name, prev.Rows)
	}
	return res, reg, nil
}

// prevDateOf is the registry date of the newest snapshot, "" for none.
func prevDateOf(prev *snapshots.Snapshot) string {
	if prev == nil {
		return ""
	}
	return prev.RegistryDate
}

// usableRegistry refuses what parses but cannot be the registry: no rows,
// or no date to name a snapshot by.
func usableRegistry(reg *registry.Registry) error {
	switch {
	case len(reg.Entries) == 0:
		return errors.New("the CSV has the registry's header but no rows")
	case reg.Date().IsZero():
		return errors.New("no row has a registration or modification date")
	}
	return nil
}

type syncOptions struct {
	fetchFlags
	commit   bool
	exitCode bool
}

func newSyncCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &syncOptions{}
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Fetch the registry and keep a new snapshot when IANA changed it",
		Long: `Sync is the scheduled job: it fetches the registry (a conditional GET on the
newest snapshot's ETag and Last-Modified), validates it (the registry's
header, a complete parse, no more than --max-drop fewer rows than the newest
snapshot unless --force), writes a new snapshot to the store (--dir) only
when the content changed, and prints a changelog of what IANA changed since
the newest snapshot. Nothing already in the store is ever rewritten or
deleted, and a failed or refused fetch writes nothing.

A lock keeps two syncs out of one store: the second exits 2 naming the
first. --commit stages the new snapshot and commits it (git, no shell) with
the changelog as the message; nothing is committed when nothing changed.

Exit status: 0 on success, changed or not; with --exit-code, 1 when a new
snapshot was written; 2 on trouble.`,
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
	rep := &diffReport{New: snap.Name, Changes: &diff.Changes{Summary: map[diff.ChangeType]int{}}}
	headline := fmt.Sprintf("registry %s: first snapshot, %d rows", snap.Name, snap.Rows)
	if ok {
		prevReg, err := prev.Load()
		if err != nil {
			return err
		}
		rep.Old, rep.Changes = prev.Name, diff.Registries(prevReg, reg)
		counts := changeCounts(rep.Changes)
		if n := len(rep.Formatting); n > 0 {
			counts += fmt.Sprintf(", %d formatting only", n)
		}
		headline = fmt.Sprintf("registry %s: %s since %s", snap.Name, counts, prev.Name)
	}
	fmt.Fprintf(e.stdout, "new snapshot %s (%d rows) in %s\n", snap.Name, snap.Rows, st.Dir)
	if ok {
		if err := rep.text(e.stdout, e.color()); err != nil {
			return err
		}
	}
	if opts.commit {
		var msg bytes.Buffer
		msg.WriteString(headline + "\n\n")
		if ok {
			if err := rep.markdown(&msg); err != nil {
				return err
			}
		}
		if err := commitFiles(ctx, st.Dir, wr.Written, msg.String()); err != nil {
			return fmt.Errorf("the snapshot %s was written, but not committed: %v", snap.Name, err)
		}
		fmt.Fprintf(e.stdout, "committed: %s\n", headline)
	}
	if opts.exitCode {
		return errFound
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

type fetchOptions struct {
	fetchFlags
	output string
}

func newFetchCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &fetchOptions{}
	cmd := &cobra.Command{
		Use:   "fetch [-o FILE]",
		Short: "Download and validate the registry CSV",
		Long: `Fetch downloads the registry CSV, validates it as sync does, and with -o
writes the bytes as downloaded to FILE, atomically: FILE is never left
half-written. Without -o it only reports what it got, and the request is
conditional on the store's newest snapshot (a 304 downloads nothing); with
-o it is not, since the file is wanted. It writes no snapshot.

Exit status: 0 on success (or 304 Not Modified), 2 on trouble.`,
		Example: "  regdiff fetch -o service-names-port-numbers.csv",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runFetch(cmd.Context(), e, g, opts) },
	}
	opts.fetchFlags.add(cmd.Flags())
	cmd.Flags().StringVarP(&opts.output, "output", "o", "", "write the download to FILE")
	return cmd
}

func runFetch(ctx context.Context, e *env, g *globalOptions, opts *fetchOptions) error {
	var prevp *snapshots.Snapshot
	if prev, ok, err := g.store(e).Latest(); err != nil {
		return err
	} else if ok {
		prevp = &prev
	}
	// A conditional GET only makes sense when the file will not be written.
	if opts.output != "" {
		prevp = withoutValidators(prevp)
	}
	res, reg, err := opts.download(ctx, e, prevp)
	if err != nil {
		return err
	}
	if reg == nil { // a 304: only possible when prevp gave validators
		fmt.Fprintf(e.stdout, "registry unchanged (the server answered 304 Not Modified); newest snapshot %s\n", prevp.Name)
		return nil
	}
	if opts.output != "" {
		if err := atomicfile.Write(opts.output, res.Body, 0o644, nil); err != nil {
			return fmt.Errorf("write %s: %v", opts.output, err)
		}
	}
	fmt.Fprintf(e.stdout, "registry %s: %d rows, %d bytes from %s\n", reg.Date(), len(reg.Entries), len(res.Body), res.URL)
	return nil
}

// withoutValidators keeps the newest snapshot's row count for the drop check
// but not its ETag and Last-Modified.
func withoutValidators(s *snapshots.Snapshot) *snapshots.Snapshot {
	if s == nil {
		return nil
	}
	c := *s
	c.ETag, c.LastModified = "", ""
	return &c
}
