package main

import (
	"bytes"

	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

type versionOptions struct{ format string }

func newVersionCmd(e *env, _ *globalOptions) *cobra.Command {
	opts := &versionOptions{}
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print regdiff's version, its build and the date of the registry built into it",
		Long:    help("version"),
		Example: "  regdiff version\n  regdiff version --format json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runVersion(e, opts) },
	}
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

// versionReport is the build and the registry embedded in it.
func versionReport() *report.Version {
	m := snapshots.EmbeddedMeta()
	v := report.BuildVersion()
	v.Embedded, v.Rows, v.SHA256 = m.Name, m.Rows, m.SHA256
	return &v
}

func runVersion(e *env, opts *versionOptions) error { return render(e, opts.format, versionReport()) }

// versionText is what --version prints.
func versionText() string {
	var b bytes.Buffer
	versionReport().Text(&b, false) //nolint:errcheck // a bytes.Buffer
	return b.String()
}
