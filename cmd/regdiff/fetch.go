package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/regdiff/regdiff/fetch"
	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/internal/syncjob"
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

// job is the options of syncjob the flags give.
func (f *fetchFlags) job(e *env, st *snapshots.Store) syncjob.Options {
	o := syncjob.Options{
		Fetch:  fetch.Options{URL: f.url, MaxBytes: f.maxBytes, Retries: f.retries, RetryWait: f.retryWait, Timeout: f.timeout, AttemptTimeout: f.stall},
		Accept: snapshots.Acceptance{MaxDrop: f.maxDrop, MaxVanished: f.maxVanished, Force: f.force},
		Store:  st, Now: e.Clock(),
		Note: func(format string, args ...any) { fmt.Fprintf(e.Stderr, "regdiff: "+format+"\n", args...) },
	}
	if !f.quiet {
		if file, ok := e.Stderr.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
			o.Fetch.Progress = e.Stderr
		}
		o.Fetch.Log = o.Note
	}
	return o
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
	prev, prevReg, err := syncjob.Newest(st)
	if err != nil {
		return err
	}
	// A conditional GET only makes sense when the file will not be written.
	d, err := syncjob.Get(ctx, opts.job(e, st), prev, prevReg, opts.output == "")
	if err != nil {
		return err
	}
	if d.Registry == nil {
		fmt.Fprintf(e.Stdout, "registry unchanged (the server answered 304 Not Modified)\n")
		return nil
	}
	res, reg := d.Result, d.Registry
	if opts.output != "" {
		if err := atomicfile.Output(opts.output, res.Body, false, e.Stdout); err != nil {
			return err
		}
	}
	info := e.Stdout
	if opts.output == "-" { // the registry itself is on stdout
		info = e.Stderr
	}
	fmt.Fprintf(info, "registry %s: %d rows, %d bytes from %s\n", reg.Date(), len(reg.Entries), len(res.Body), res.URL)
	return nil
}
