package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/report"
	"github.com/spf13/pflag"
)

// formats are the values of --format.
var formats = []string{"text", "json", "markdown"}

// choice is a flag whose value is one of a closed set: checked when the
// flag is parsed, and offered by shell completion (addCompletions).
type choice struct {
	p      *string
	name   string // what a value is: "format"
	values []string
}

func (c *choice) String() string { return *c.p }
func (c *choice) Type() string   { return c.name }
func (c *choice) Set(s string) error {
	if !slices.Contains(c.values, s) {
		return fmt.Errorf("unknown %s %q: want %s", c.name, s, strings.Join(c.values, ", "))
	}
	*c.p = s
	return nil
}

// addChoice adds a choice flag: p, set to def, one of values.
func addChoice(fs *pflag.FlagSet, p *string, flag, short, def, name string, values []string, usage string) {
	*p = def
	fs.VarP(&choice{p, name, values}, flag, short, usage)
}

// addFormatFlag adds --format (-f) to a report's flags.
func addFormatFlag(fs *pflag.FlagSet, p *string) {
	addChoice(fs, p, "format", "f", "text", "format", formats, "output format: "+strings.Join(formats, ", "))
}

// render writes a report in the format --format names, text longer than
// the terminal through the pager.
func render(e *env, format string, r report.Report) error { return e.Render(format, r) }
