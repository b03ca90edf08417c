package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/internal/console"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/pflag"
)

// formats are the values of --format.
var formats = []string{"text", "json", "markdown"}

// formatValue is --format: checked when the flag is parsed.
type formatValue string

func (f *formatValue) String() string { return string(*f) }
func (f *formatValue) Type() string   { return "format" }
func (f *formatValue) Set(s string) error {
	if !slices.Contains(formats, s) {
		return fmt.Errorf("unknown format %q: want %s", s, strings.Join(formats, ", "))
	}
	*f = formatValue(s)
	return nil
}

// addFormatFlag adds --format (-f) to a report's flags.
func addFormatFlag(fs *pflag.FlagSet, p *string) {
	*p = "text"
	fs.VarP((*formatValue)(p), "format", "f", "output format: "+strings.Join(formats, ", "))
}

// checkColor validates --color.
func checkColor(mode string) error {
	if !slices.Contains(console.ColorModes, mode) {
		return usagef("--color: want %s, got %q", strings.Join(console.ColorModes, ", "), mode)
	}
	return nil
}

// render writes a report in the format --format names, text longer than
// the terminal through the pager.
func render(e *env, format string, r report.Report) error {
	if err := checkColor(e.ColorMode); err != nil {
		return err
	}
	return e.Render(format, r)
}
