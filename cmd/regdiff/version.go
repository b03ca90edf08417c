package main

import (
	"bytes"

	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

type versionOptions struct{ format string }

func newVersionCmd(e *env) *cobra.Command {
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

func versionReport() (*report.Version, error) {
	m, err := snapshots.EmbeddedMeta()
	if err != nil {
		return nil, err
	}
	v := report.BuildVersion()
	v.Embedded, v.Rows, v.SHA256 = m.Name, m.Rows, m.SHA256
	return &v, nil
}

func runVersion(e *env, opts *versionOptions) error {
	v, err := versionReport()
	if err != nil {
		return err
	}
	return render(e, opts.format, v)
}

// versionText is what --version prints.
func versionText() string {
	v, err := versionReport()
	if err != nil {
		return "regdiff: " + err.Error()
	}
	var b bytes.Buffer
	v.Text(&b, false) //nolint:errcheck // a bytes.Buffer
	return b.String()
}
