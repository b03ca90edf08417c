package main

import (
	"bytes"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

func newSnapshotCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "snapshot",
		Short: "Manage the snapshot store",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for regdiff snapshot: want import or list", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("regdiff snapshot wants a command: import or list")
		},
	}
	cmd.AddCommand(newSnapshotImportCmd(e, g), newSnapshotListCmd(e, g))
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
		raw, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("%v (nothing was imported)", err)
		}
		reg, err := registry.ParseNamed(bytes.NewReader(raw), f)
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
		snap, created := wr.Snapshot, wr.Created
		state := "unchanged"
		if created {
			state = "created"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d rows\t%s\n", snap.Name, state, snap.Rows, p.file)
	}
	return tw.Flush()
}

func newSnapshotListCmd(e *env, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the snapshots of the store, oldest first",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			list, err := g.store(e).List()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, s := range list {
				fmt.Fprintf(tw, "%s\t%d rows\t%.12s\t%s\n", s.Name, s.Rows, s.SHA256, s.Source)
			}
			return tw.Flush()
		},
	}
}
