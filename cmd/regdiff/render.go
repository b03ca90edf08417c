package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

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
	if !slices.Contains(colorModes, mode) {
		return usagef("--color: want %s, got %q", strings.Join(colorModes, ", "), mode)
	}
	return nil
}

// render writes a report in the format --format names. Text longer than
// the terminal goes through the pager (see env.pager).
func render(e *env, format string, r report.Report) error {
	if err := checkColor(e.colorMode); err != nil {
		return err
	}
	pager := e.pager()
	if format != "text" || pager == "" {
		return report.Render(e.stdout, format, r, e.color())
	}
	var text bytes.Buffer
	err := report.Render(&text, format, r, e.color())
	if err != nil || e.fitsScreen(text.Bytes()) {
		if _, werr := e.stdout.Write(text.Bytes()); err == nil {
			err = werr
		}
		return err
	}
	return page(e, pager, text.Bytes())
}

// page runs the pager with text on its standard input, through sh -c as
// git does, so PAGER may hold options and pipes. LESS and LV get git's
// defaults when unset, so PAGER=less shows colors too. When the pager
// cannot be run, text goes to stdout after all: it is never lost.
func page(e *env, pager string, text []byte) error {
	cmd := exec.Command("sh", "-c", pager)
	cmd.Stdin = bytes.NewReader(text)
	cmd.Stdout, cmd.Stderr = e.stdout, e.stderr
	cmd.Env = os.Environ()
	for k, v := range map[string]string{"LESS": "FRX", "LV": "-c"} {
		if _, ok := e.lookup(k); !ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	err := cmd.Run()
	var exit *exec.ExitError
	if err == nil || errors.As(err, &exit) && exit.ExitCode() != 126 && exit.ExitCode() != 127 {
		return nil // the pager's own status (q, a signal) is no failure of regdiff's
	}
	_, err = e.stdout.Write(text) // no sh (start error), or sh found no pager (126, 127)
	return err
}
