// Package console is what a command of regdiff touches outside its
// options: the standard streams, the environment and the clock, and the
// decisions that depend on them: whether text is colored, whether it goes
// through a pager, how to run one. Tests build an Env of their own.
package console

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/regdiff/regdiff/report"
	"golang.org/x/term"
)

// Env is a command's world: streams, environment, clock, terminal.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// LookupEnv tells a variable set to "" from an unset one (PAGER=
	// means no pager); nil when Getenv is all there is.
	LookupEnv func(string) (string, bool)
	// IsTTY reports whether Stdout is a terminal.
	IsTTY bool
	// TermSize is the size of Stdout's terminal in cells; nil when Stdout
	// is none.
	TermSize func() (width, height int, err error)
	// ColorMode is --color: auto, always or never.
	ColorMode string
	// NoPager is --no-pager.
	NoPager bool
}

// New is the Env of a process: its environment and clock, and a terminal
// when stdout is one.
func New(stdin io.Reader, stdout, stderr io.Writer) *Env {
	e := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, LookupEnv: os.LookupEnv, Now: time.Now}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.IsTTY = true
		e.TermSize = func() (int, int, error) { return term.GetSize(int(f.Fd())) }
	}
	return e
}

// Lookup is Getenv that tells set-but-empty from unset where it can.
func (e *Env) Lookup(k string) (string, bool) {
	if v := e.Getenv(k); v != "" {
		return v, true
	}
	if e.LookupEnv != nil {
		_, ok := e.LookupEnv(k)
		return "", ok
	}
	return "", false
}

// DefaultPager is the pager when neither REGDIFF_PAGER nor PAGER is set:
// less, quitting when the text fits (-F), passing colors (-R), leaving the
// text on the screen (-X), as git runs it.
const DefaultPager = "less -FRX"

// Pager is the shell command text reports go through, or "" for none: not
// with --no-pager, nor when stdout is no terminal; else $REGDIFF_PAGER,
// else $PAGER, else less -FRX; set empty or to cat, none.
func (e *Env) Pager() string {
	if e.NoPager || !e.IsTTY {
		return ""
	}
	cmd := DefaultPager
	for _, k := range []string{"REGDIFF_PAGER", "PAGER"} {
		if v, ok := e.Lookup(k); ok {
			cmd = strings.TrimSpace(v)
			break
		}
	}
	if cmd == "cat" {
		return ""
	}
	return cmd
}

// FitsScreen reports whether text fits stdout's terminal with a line to
// spare for the prompt, lines wider than the screen taking the rows they
// wrap to. An unknown size fits nothing: the pager decides (less -F).
func (e *Env) FitsScreen(text []byte) bool {
	if e.TermSize == nil {
		return false
	}
	width, height, err := e.TermSize()
	if err != nil || width <= 0 || height <= 0 {
		return false
	}
	rows := 0
	for line := range strings.Lines(string(text)) {
		n := report.Width(strings.TrimSuffix(line, "\n"))
		rows += max(1, (n+width-1)/width)
		if rows >= height {
			return false
		}
	}
	return true
}

// ColorModes are the values of --color.
var ColorModes = []string{"auto", "always", "never"}

// Color reports whether text output may use ANSI colors: as --color says;
// for auto, never when NO_COLOR is set (https://no-color.org), always when
// CLICOLOR_FORCE is set and not 0, else only on a terminal.
func (e *Env) Color() bool {
	switch {
	case e.ColorMode == "always":
		return true
	case e.ColorMode == "never" || e.Getenv("NO_COLOR") != "":
		return false
	case e.Getenv("CLICOLOR_FORCE") != "" && e.Getenv("CLICOLOR_FORCE") != "0":
		return true
	}
	return e.IsTTY && e.Getenv("TERM") != "dumb"
}

// Clock is the time to record in sidecars. SOURCE_DATE_EPOCH, the
// reproducible-builds convention, pins it.
func (e *Env) Clock() time.Time {
	if s := e.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return e.Now()
}

// Render writes a report in format. Text longer than the terminal goes
// through the pager (see Pager).
func (e *Env) Render(format string, r report.Report) error {
	pager := e.Pager()
	if format != "text" || pager == "" {
		return report.Render(e.Stdout, format, r, e.Color())
	}
	var text bytes.Buffer
	err := report.Render(&text, format, r, e.Color())
	if err != nil || e.FitsScreen(text.Bytes()) {
		if _, werr := e.Stdout.Write(text.Bytes()); err == nil {
			err = werr
		}
		return err
	}
	return e.page(pager, text.Bytes())
}

// page runs the pager with text on its standard input, through sh -c as
// git does, so PAGER may hold options and pipes. LESS and LV get git's
// defaults when unset, so PAGER=less shows colors too. When the pager
// cannot be run, text goes to stdout after all: it is never lost.
func (e *Env) page(pager string, text []byte) error {
	cmd := exec.Command("sh", "-c", pager)
	cmd.Stdin = bytes.NewReader(text)
	cmd.Stdout, cmd.Stderr = e.Stdout, e.Stderr
	cmd.Env = os.Environ()
	for k, v := range map[string]string{"LESS": "FRX", "LV": "-c"} {
		if _, ok := e.Lookup(k); !ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	// Ctrl-C is the pager's while it runs (less stops a search with it):
	// regdiff waits for the pager, as git does, rather than dying under it.
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	err := cmd.Run()
	signal.Stop(sigint)
	var exit *exec.ExitError
	if err == nil || errors.As(err, &exit) && exit.ExitCode() != 126 && exit.ExitCode() != 127 {
		return nil // the pager's own status (q, a signal) is no failure of regdiff's
	}
	_, err = e.Stdout.Write(text) // no sh (start error), or sh found no pager (126, 127)
	return err
}
