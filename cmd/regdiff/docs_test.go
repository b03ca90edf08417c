package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// The man pages and the markdown command reference are generated from the
// cobra tree, so they say what --help says; TestDocs fails when they are
// stale, and -update (or go generate ./cmd/regdiff) rewrites them.
var (
	manDir = repoRoot + "/docs/man"
	cliDir = repoRoot + "/docs/cli"
)

// manDate is the date in the man pages' footer: fixed, so that the pages
// change only when the help does. Move it when the help changes much.
var manDate = time.Date(2026, time.August, 17, 0, 0, 0, 0, time.UTC)

func TestDocs(t *testing.T) {
	t.Parallel()
	root := newRootCmd(testEnv(t, io.Discard, io.Discard))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.DisableAutoGenTag = true // no "Auto generated ... on DATE"
		c.Long = markdownLong(c.Long)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)

	man := t.TempDir()
	header := &doc.GenManHeader{Title: "REGDIFF", Section: "1", Date: &manDate, Source: "regdiff", Manual: "regdiff manual"}
	if err := doc.GenManTree(root, header, man); err != nil {
		t.Fatal(err)
	}
	compareTree(t, manDir, readTree(t, man), "go test ./cmd/regdiff -run TestDocs -update")

	md := t.TempDir()
	if err := doc.GenMarkdownTree(root, md); err != nil {
		t.Fatal(err)
	}
	compareTree(t, cliDir, readTree(t, md), "go test ./cmd/regdiff -run TestDocs -update")
	if _, err := os.Stat(filepath.Join(man, "regdiff-__complete.1")); err == nil {
		t.Error("the hidden __complete command has a man page")
	}
}

// markdownLong makes a long help markdown, which cobra's doc package takes
// it for: a paragraph set in by two spaces, a table such as check's
// categories or vague's reasons, becomes a code block, so that the man
// page keeps its lines instead of filling them into one paragraph.
func markdownLong(long string) string {
	paras := strings.Split(long, "\n\n")
	for i, p := range paras {
		if strings.HasPrefix(p, "  ") && !strings.HasPrefix(p, "  - ") {
			paras[i] = "  " + strings.ReplaceAll(p, "\n", "\n  ")
		}
	}
	return strings.Join(paras, "\n\n")
}

// readTree reads the files of dir by name.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// compareTree fails unless dir holds exactly the files of want; with
// -update it makes it so.
func compareTree(t *testing.T, dir string, want map[string][]byte, regenerate string) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range want {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	have, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, p := range have {
		if _, ok := want[filepath.Base(p)]; !ok {
			t.Errorf("%s: generated from nothing any more; rerun %s", p, regenerate)
		}
	}
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			t.Errorf("%v; rerun %s", err, regenerate)
		case !bytes.Equal(got, b):
			t.Errorf("%s is stale: rerun %s", filepath.Join(dir, name), regenerate)
		}
	}
}
