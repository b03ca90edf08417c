package main

import (
	"fmt"
	"runtime/debug"

	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print regdiff's version and the date of the registry built into it",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := snapshots.EmbeddedMeta()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "regdiff %s\nembedded registry %s (%d rows, sha256 %.12s)\n", moduleVersion(), m.Name, m.Rows, m.SHA256)
			return nil
		},
	}
}

// moduleVersion is the version the binary was built at: a tag for `go
// install ...@v1.2.3`, "(devel)" for a build from a checkout.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
