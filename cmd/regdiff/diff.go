package main

import (
	"io"

	"github.com/regdiff/regdiff/internal/storeview"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	since   string
	unified bool
	context int
	format  string
}

func newDiffCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:     "diff [OLD [NEW]]",
		Short:   "What IANA changed between two registries, typed",
		Long:    help("diff"),
		Example: "  regdiff diff 2025-09-22 2026-04-09\n  regdiff diff --format markdown 2025-09-22\n  regdiff diff --since 2026-01-01",
		Args:    maxArgs(2, "at most OLD and NEW"),
		RunE:    func(cmd *cobra.Command, args []string) error { return runDiff(e, g, opts, args) },
	}
	cmd.Flags().StringVar(&opts.since, "since", "", "list the rows registered or modified since DATE (YYYY-MM-DD) instead")
	cmd.Flags().BoolVarP(&opts.unified, "unified", "u", false, "print a unified line diff of the two snapshot CSVs")
	cmd.Flags().IntVar(&opts.context, "context", 3, "lines of context for --unified")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runDiff(e *env, g *globalOptions, opts *diffOptions, args []string) error {
	if opts.unified && opts.format != "text" {
		return usagef("--unified prints a line diff; --format json and markdown do not apply to it")
	}
	if opts.context < 0 {
		return usagef("--context must be 0 or more, got %d", opts.context)
	}
	if opts.since != "" {
		if len(args) > 0 {
			return usagef("--since reads one registry (--registry), not OLD/NEW arguments")
		}
		return runSince(e, g, opts)
	}
	st := g.store(e)
	var refs [2]string
	switch len(args) {
	case 0:
		last, n, err := storeview.LastChange(st)
		switch {
		case err != nil:
			return err
		case n == 0:
			return noSnapshots(st.Dir)
		case n < 2:
			return usagef("the store %s holds %d snapshots: give OLD (and NEW) to compare", st.Dir, n)
		}
		refs = last
	case 1:
		refs = [2]string{args[0], g.registry}
	default:
		refs = [2]string{args[0], args[1]}
	}
	if opts.unified {
		u, err := storeview.Unified(st, refs, opts.context)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(e.Stdout, u); err != nil {
			return err
		}
		return found(len(u))
	}
	rep, err := storeview.Compare(st, refs)
	if err != nil {
		return err
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(rep.Changes.Changes))
}

func runSince(e *env, g *globalOptions, opts *diffOptions) error {
	since, err := registry.ParseDate(opts.since)
	if err != nil || since.IsZero() {
		return usagef("--since: want a date YYYY-MM-DD, got %q", opts.since)
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep := &report.Since{Registry: meta.Name, Since: since.String(), Rows: reg.Since(since)}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(rep.Rows))
}
