package main

import (
	"path/filepath"

	"github.com/regdiff/regdiff/internal/console"
	"github.com/regdiff/regdiff/snapshots"
)

// env is everything a command may touch outside its options (see package
// console); tests build their own.
type env = console.Env

var newEnv = console.New

// defaultDir is the snapshot store used when --dir is not given:
// $REGDIFF_DIR, else $XDG_DATA_HOME/regdiff, else ~/.local/share/regdiff.
func defaultDir(e *env) string {
	if d := e.Getenv("REGDIFF_DIR"); d != "" {
		return d
	}
	if d := e.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "regdiff")
	}
	if h := e.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "regdiff")
	}
	return filepath.Join(".", "regdiff-snapshots")
}

// openStore opens the store in dir, its index kept in $REGDIFF_CACHE_DIR
// when set (tests set it), else in the user's cache folder.
func openStore(e *env, dir string) *snapshots.Store {
	st := snapshots.Open(dir)
	st.IndexDir = e.Getenv("REGDIFF_CACHE_DIR")
	return st
}
