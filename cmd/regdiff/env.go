package main

import (
	"github.com/regdiff/regdiff/snapshots"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/term"
)

// env is everything a command may touch outside its options: streams, the
// environment, the clock. Tests build their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// isTTY reports whether stdout is a terminal.
	isTTY bool
	// colorMode is --color: auto, always or never.
	colorMode string
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now}
	if f, ok := stdout.(*os.File); ok {
		e.isTTY = term.IsTerminal(int(f.Fd()))
	}
	return e
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
