package main

import (
	"bytes"
	"context"
	"errors"
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
	url         string
	force       bool
	maxDrop     float64
	maxVanished int
	maxBytes    int64
	retries     int
	retryWait   time.Duration
	timeout     time.Duration
	stall       time.Duration
	quiet       bool
}

func (f *fetchFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "url", fetch.DefaultURL, "where to fetch the registry, XML or CSV (http, https or file URL; "+fetch.CSVURL+" for IANA's CSV)")
	fs.BoolVar(&f.force, "force", false, "accept a registry older than the newest snapshot, or one that lost more rows than --max-drop or --max-vanished allow")
	fs.Float64Var(&f.maxDrop, "max-drop", 0.05, "refuse a registry with this fraction fewer rows than the newest snapshot")
	fs.IntVar(&f.maxVanished, "max-vanished", snapshots.DefaultMaxVanished, "refuse a registry that lacks more than this many named rows of the newest snapshot")
	fs.Int64Var(&f.maxBytes, "max-bytes", 16<<20, "refuse a body larger than this")
	fs.IntVar(&f.retries, "retries", 4, "retries on network errors, timeouts, 5xx, 408 and 429")
	fs.DurationVar(&f.retryWait, "retry-wait", time.Second, "first wait between retries (doubles each time, with jitter)")
	fs.DurationVar(&f.timeout, "timeout", 3*time.Minute, "time limit of the whole fetch, retries and waits included")
	fs.DurationVar(&f.stall, "stall-timeout", time.Minute, "give up an attempt that receives nothing for this long (then retry)")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar or retry messages")
}

// download is a fetched and accepted registry; reg is nil after a 304.
type download struct {
	*fetch.Result
	reg   *registry.Registry
	known *snapshots.Snapshot // the store already holds this content
}

// download fetches the registry (conditional on the validators the store
// remembers for the URL when conditional is set) and refuses what cannot be
// the registry or is implausible after prev, whose registry is prevReg.
func (f *fetchFlags) download(ctx context.Context, e *env, st *snapshots.Store, prev *snapshots.Snapshot, prevReg *registry.Registry, conditional bool) (*download, error) {
	opts := fetch.Options{URL: f.url, MaxBytes: f.maxBytes, Retries: f.retries, RetryWait: f.retryWait, Timeout: f.timeout, AttemptTimeout: f.stall}
	if conditional {
		opts.ETag, opts.LastModified = st.Validators(f.url)
	}
	if !f.quiet {
		if file, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
			opts.Progress = e.stderr
		}
		opts.Log = func(format string, args ...any) { fmt.Fprintf(e.stderr, "regdiff: "+format+"\n", args...) }
	}
	res, err := fetch.Get(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %v (nothing was written)", f.url, err)
	}
	d := &download{Result: res}
	if res.NotModified {
		return d, nil
	}
	refuse := func(err error) error {
		return fmt.Errorf("refused the download from %s: %v (nothing was written)", f.url, err)
	}
	if d.reg, err = parseRegistry(res.Body, f.url, res.Delimited == fetch.DelimitedByClose); err != nil {
		return nil, fmt.Errorf("refused the download: %v (nothing was written)", err) // the error names the URL
	}
	if d.known, err = st.Holding(d.reg); err != nil {
		return nil, err
	}
	acc := snapshots.Acceptance{MaxDrop: f.maxDrop, MaxVanished: f.maxVanished, Force: f.force || d.known != nil}
	if err := acc.Accept(prev, prevReg, d.reg); err != nil {
		return nil, refuse(err)
	}
	return d, nil
}

// parseRegistry reads a downloaded registry. A CSV whose end only the
// connection's close marked must at least end with a whole row: its format
// proves no more.
func parseRegistry(body []byte, name string, closeDelimited bool) (*registry.Registry, error) {
	if closeDelimited && len(body) > 0 && body[len(body)-1] != '\n' && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) {
		return nil, errors.New("the body ends inside a row and the server did not say its length: a download cut short")
	}
	reg, _, err := registry.ParseAny(bytes.NewReader(body), name)
	return reg, err
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
	st := g.store(e)
	prev, prevReg, err := newest(st)
	if err != nil {
		return err
	}
	// A conditional GET only makes sense when the file will not be written.
	d, err := opts.download(ctx, e, st, prev, prevReg, opts.output == "")
	if err != nil {
		return err
	}
	if d.reg == nil {
		fmt.Fprintf(e.stdout, "registry unchanged (the server answered 304 Not Modified)\n")
		return nil
	}
	res, reg := d.Result, d.reg
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

// newest is the store's latest snapshot and its registry, both nil for an
// empty store.
func newest(st *snapshots.Store) (*snapshots.Snapshot, *registry.Registry, error) {
	snap, ok, err := st.Latest()
	if err != nil || !ok {
		return nil, nil, err
	}
	reg, err := snap.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("%v (the newest snapshot must be readable to judge a download)", err)
	}
	return &snap, reg, nil
}
