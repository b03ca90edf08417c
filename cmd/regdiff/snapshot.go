package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

func newSnapshotCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "snapshot",
		Short:   "Manage the snapshot store",
		Long:    help("snapshot"),
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
	done, err := g.writeStore(e).ImportFiles(opts.files, opts.source, e.Clock())
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, d := range done {
		state := "unchanged"
		switch {
		case d.Created:
			state = "created"
		case d.Enriched:
			state = "people added"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d rows\t%s\n", d.Snapshot.Name, state, d.Snapshot.Rows, d.File)
	}
	if ferr := tw.Flush(); err == nil {
		err = ferr
	}
	return err
}

type snapshotListOptions struct{ format string }

func newSnapshotListCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &snapshotListOptions{}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the snapshots of the store, oldest first",
		Long:    help("snapshot-list"),
		Example: "  regdiff snapshot list --dir snapshots\n  regdiff snapshot list --format json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st := g.store(e)
			list, err := st.List()
			if err != nil {
				return err
			}
			latest, _, err := st.Latest()
			if err != nil {
				return err
			}
			return render(e, opts.format, report.NewSnapshots(st.Dir, list, latest.Name))
		},
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

type verifyOptions struct{ format string }

func newSnapshotVerifyCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:     "verify",
		Short:   "Check every snapshot of the store against its sidecar",
		Long:    help("snapshot-verify"),
		Example: "  regdiff snapshot verify --dir /var/lib/regdiff",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st := g.store(e)
			if _, err := os.Stat(st.Dir); err != nil {
				return fmt.Errorf("%v (give the store with --dir)", err)
			}
			lock, err := st.Lock(e.Clock())
			if err != nil {
				return err
			}
			defer lock.Unlock()
			problems, err := st.Verify()
			if err != nil {
				return err
			}
			list, _ := st.List()
			if err := render(e, opts.format, report.NewVerify(st.Dir, len(list), problems)); err != nil {
				return err
			}
			return found(len(problems))
		},
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}
