package main

import (
	"bytes"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

func newSnapshotCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "snapshot",
		Short:   "Manage the snapshot store",
		Long:    "Snapshot imports IANA registry files into the store, lists its snapshots, and\nverifies them against their sidecars.\n\nExit status: as the subcommand's; 2 for a missing or unknown subcommand.",
		Example: "  regdiff snapshot import --dir snapshots service-names-port-numbers.xml\n  regdiff snapshot list\n  regdiff snapshot verify",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for regdiff snapshot: want import, list or verify", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("regdiff snapshot wants a command: import or list")
		},
	}
	cmd.AddCommand(newSnapshotImportCmd(e, g), newSnapshotListCmd(e, g), newSnapshotVerifyCmd(e, g))
	return cmd
}

type importOptions struct {
	files  []string
	source string
}

func newSnapshotImportCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:     "import FILE...",
		Short:   "Store IANA registry CSV files as dated snapshots",
		Long:    help("snapshot-import"),
		Example: `  regdiff snapshot import --dir snapshots ../shared/data/iana/*.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("%s wants at least one FILE", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runImport(e, g, opts)
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "source to record in the sidecars instead of the file name")
	return cmd
}

func runImport(e *env, g *globalOptions, opts *importOptions) error {
	type parsed struct {
		file string
		reg  *registry.Registry
		raw  []byte
	}
	var all []parsed
	for _, f := range opts.files {
		raw, err := snapshots.ReadFile(f)
		if err != nil {
			return fmt.Errorf("%v (nothing was imported)", err)
		}
		reg, _, err := registry.ParseAny(bytes.NewReader(raw), f)
		if err != nil {
			return fmt.Errorf("%w (nothing was imported)", err)
		}
		if err := snapshots.Usable(reg); err != nil {
			return fmt.Errorf("%s: %v (nothing was imported)", f, err)
		}
		all = append(all, parsed{f, reg, raw})
	}
	store := g.writeStore(e)
	lock, err := store.Lock(e.clock())
	if err != nil {
		return err
	}
	defer lock.Unlock()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, p := range all {
		src := p.file
		if opts.source != "" {
			src = opts.source
		}
		wr, err := store.Import(p.reg, snapshots.Source{URL: src, FetchedAt: e.clock(), Raw: p.raw})
		if err != nil {
			return err
		}
		snap := wr.Snapshot
		state := "unchanged"
		switch {
		case wr.Created:
			state = "created"
		case wr.Enriched:
			state = "people added"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d rows\t%s\n", snap.Name, state, snap.Rows, p.file)
	}
	return tw.Flush()
}

type snapshotListOptions struct{ format string }

func newSnapshotListCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &snapshotListOptions{}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the snapshots of the store, oldest first",
		Long:    "List prints each snapshot of the store (--dir) with its rows, the start of its\nsha256 and its source, and marks the latest: the content most recently\nfetched.\n\nExit status: 0, also for an empty store; 2 on trouble.",
		Example: "  regdiff snapshot list --dir snapshots\n  regdiff snapshot list --format json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st := g.store(e)
			list, err := st.List()
			if err != nil {
				return err
			}
			rep := &report.Snapshots{Dir: st.Dir, Snapshots: []snapshots.Meta{}}
			for _, s := range list {
				rep.Snapshots = append(rep.Snapshots, s.Meta)
			}
			if latest, ok, err := st.Latest(); err != nil {
				return err
			} else if ok {
				rep.Latest = latest.Name
			}
			return render(e, opts.format, rep)
		},
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

type verifyOptions struct{ format string }

func newSnapshotVerifyCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check every snapshot of the store against its sidecar",
		Long: `Verify checks the whole store (--dir): each snapshot CSV against the sha256
its sidecar records (and that it parses to the rows and date the sidecar
says), sidecars without a CSV, temporary files of interrupted writes, and
the journal. Every command checks a snapshot's sha256 when it loads it;
verify checks them all at once, under the store's lock.

Exit status: 0 when the store is sound, 1 when it has problems (each listed
with its file and what to do), 2 on trouble.`,
		Example: "  regdiff snapshot verify --dir /var/lib/regdiff",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st := g.store(e)
			if _, err := os.Stat(st.Dir); err != nil {
				return fmt.Errorf("%v (give the store with --dir)", err)
			}
			lock, err := st.Lock(e.clock())
			if err != nil {
				return err
			}
			defer lock.Unlock()
			problems, err := st.Verify()
			if err != nil {
				return err
			}
			list, _ := st.List()
			rep := &report.Verify{Dir: st.Dir, Snapshots: len(list), Problems: problems}
			if rep.Problems == nil {
				rep.Problems = []snapshots.Problem{}
			}
			if err := render(e, opts.format, rep); err != nil {
				return err
			}
			return found(len(problems))
		},
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}
