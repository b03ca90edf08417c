//go:build ignore

// gen writes embedded.reg, embedded.people and embedded.json from the newest snapshot in this
// folder. Run it with `go generate ./snapshots` after an import.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/regdiff/regdiff/snapshots"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	snap, ok, err := snapshots.Open(".").Latest()
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no snapshot in this folder: import one with regdiff snapshot import --dir snapshots FILE")
	}
	reg, err := snap.Load()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reg.WriteCompact(&buf); err != nil {
		return err
	}
	meta, err := os.ReadFile(snap.MetaPath())
	if err != nil {
		return err
	}
	if err := os.WriteFile("embedded.reg", buf.Bytes(), 0o644); err != nil {
		return err
	}
	var people bytes.Buffer // empty when the snapshot has none
	if reg.People != nil {
		if err := reg.People.WriteCompact(&people); err != nil {
			return err
		}
	}
	if err := os.WriteFile("embedded.people", people.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile("embedded.json", meta, 0o644)
}
