package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

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
	stall     time.Duration
	quiet     bool
}

func (f *fetchFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "url", fetch.DefaultURL, "where to fetch the registry CSV (http, https or file URL)")
	fs.BoolVar(&f.force, "force", false, "accept a registry that lost more rows than --max-drop allows")
	fs.Float64Var(&f.maxDrop, "max-drop", 0.05, "refuse a registry with this fraction fewer rows than the newest snapshot")
	fs.Int64Var(&f.maxBytes, "max-bytes", 16<<20, "refuse a body larger than this")
	fs.IntVar(&f.retries, "retries", 4, "retries on network errors, timeouts, 5xx and 429")
	fs.DurationVar(&f.retryWait, "retry-wait", time.Second, "first wait between retries (doubles each time, with jitter)")
	fs.DurationVar(&f.timeout, "timeout", 3*time.Minute, "time limit of the whole fetch, retries and waits included")
	fs.DurationVar(&f.stall, "stall-timeout", time.Minute, "give up an attempt that receives nothing for this long (then retry)")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar or retry messages")
}

// download fetches the registry conditionally on the store's newest
// snapshot and validates it; reg is nil when the server said 304.
func (f *fetchFlags) download(ctx context.Context, e *env, prev *snapshots.Snapshot) (*fetch.Result, *registry.Registry, error) {
	opts := fetch.Options{URL: f.url, MaxBytes: f.maxBytes, Retries: f.retries, RetryWait: f.retryWait, Timeout: f.timeout, AttemptTimeout: f.stall}
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
	if err := (snapshots.Acceptance{MaxDrop: f.maxDrop, Force: f.force}).Accept(prev, reg); err != nil {
		return nil, nil, fmt.Errorf("refused the download from %s: %v (nothing was written)", f.url, err)
	}
	return res, reg, nil
}

type fetchOptions struct {
	fetchFlags
	output string
}

func newFetchCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &fetchOptions{}
	cmd := &cobra.Command{
		Use:     "fetch [-o FILE]",
		Short:   "Download and validate the registry CSV",
		Long:    help("fetch"),
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
		if err := atomicfile.Output(opts.output, res.Body, false, e.stdout); err != nil {
			return err
		}
	}
	info := e.stdout
	if opts.output == "-" { // the registry itself is on stdout
		info = e.stderr
	}
	fmt.Fprintf(info, "registry %s: %d rows, %d bytes from %s\n", reg.Date(), len(reg.Entries), len(res.Body), res.URL)
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
