package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"

	"golang.org/x/term"
)

// env is everything a command may touch outside its options: streams, the
// environment, the clock. Tests build their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// lookupEnv tells a variable set to "" from an unset one (PAGER=
	// means no pager); nil when getenv is all there is.
	lookupEnv func(string) (string, bool)
	// isTTY reports whether stdout is a terminal.
	isTTY bool
	// termSize is the size of stdout's terminal in cells; nil when stdout
	// is none.
	termSize func() (width, height int, err error)
	// colorMode is --color: auto, always or never.
	colorMode string
	// noPager is --no-pager.
	noPager bool
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, lookupEnv: os.LookupEnv, now: time.Now}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.isTTY = true
		e.termSize = func() (int, int, error) { return term.GetSize(int(f.Fd())) }
	}
	return e
}

// lookup is getenv that tells set-but-empty from unset where it can.
func (e *env) lookup(k string) (string, bool) {
	if v := e.getenv(k); v != "" {
		return v, true
	}
	if e.lookupEnv != nil {
		_, ok := e.lookupEnv(k)
		return "", ok
	}
	return "", false
}

// defaultPager is the pager when neither REGDIFF_PAGER nor PAGER is set:
// less, quitting when the text fits (-F), passing colors (-R), leaving the
// text on the screen (-X), as git runs it.
const defaultPager = "less -FRX"

// pager is the shell command text reports go through, or "" for none: not
// with --no-pager, nor when stdout is no terminal; else $REGDIFF_PAGER,
// else $PAGER, else less -FRX; set empty or to cat, none.
func (e *env) pager() string {
	if e.noPager || !e.isTTY {
		return ""
	}
	cmd := defaultPager
	for _, k := range []string{"REGDIFF_PAGER", "PAGER"} {
		if v, ok := e.lookup(k); ok {
			cmd = strings.TrimSpace(v)
			break
		}
	}
	if cmd == "cat" {
		return ""
	}
	return cmd
}

// fitsScreen reports whether text fits stdout's terminal with a line to
// spare for the prompt, lines wider than the screen taking the rows they
// wrap to. An unknown size fits nothing: the pager decides (less -F).
func (e *env) fitsScreen(text []byte) bool {
	if e.termSize == nil {
		return false
	}
	width, height, err := e.termSize()
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

// colorModes are the values of --color.
var colorModes = []string{"auto", "always", "never"}

// color reports whether text output may use ANSI colors: as --color says;
// for auto, never when NO_COLOR is set (https://no-color.org), always when
// CLICOLOR_FORCE is set and not 0, else only on a terminal.
func (e *env) color() bool {
	switch {
	case e.colorMode == "always":
		return true
	case e.colorMode == "never" || e.getenv("NO_COLOR") != "":
		return false
	case e.getenv("CLICOLOR_FORCE") != "" && e.getenv("CLICOLOR_FORCE") != "0":
		return true
	}
	return e.isTTY && e.getenv("TERM") != "dumb"
}

// clock is the time to record in sidecars. SOURCE_DATE_EPOCH, the
// reproducible-builds convention, pins it.
func (e *env) clock() time.Time {
	if s := e.getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return e.now()
}

// defaultDir is the snapshot store used when --dir is not given.
func (e *env) defaultDir() string {
	if d := e.getenv("REGDIFF_DIR"); d != "" {
		return d
	}
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "regdiff")
	}
	if h := e.getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "regdiff")
	}
	return filepath.Join(".", "regdiff-snapshots")
}

// open opens the store in dir, its index kept in $REGDIFF_CACHE_DIR when
// set (tests set it), else in the user's cache folder.
func (e *env) open(dir string) *snapshots.Store {
	st := snapshots.Open(dir)
	st.IndexDir = e.getenv("REGDIFF_CACHE_DIR")
	return st
}
