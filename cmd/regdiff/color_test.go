package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/report"
)

// TestColorKeepsColumns renders every text report on a terminal with
// colors and without: with the escapes stripped, the colored text must be
// the plain text byte for byte, so every visible column starts where it
// does without color.
func TestColorKeepsColumns(t *testing.T) {
	t.Parallel()
	history := []string{"--dir", repoRoot + "/snapshots"}
	dirs := strings.NewReplacer("$HISTORY", historyStore(t))
	for _, tc := range []struct {
		args    []string
		colored bool // the report has something to color
	}{
		{[]string{"check", repoRoot + "/testdata/services/debian-netbase-6.4.services", "--verbose"}, true},
		{[]string{"show", "80"}, true},
		{[]string{"show", "www"}, true},
		{[]string{"vague", "--range", "system"}, true},
		{[]string{"gaps", "--range", "system"}, false},
		{append([]string{"diff", "2025-09-22", "2026-04-09"}, history...), true},
		{[]string{"diff", "--since", "2026-01-01"}, false},
		{[]string{"history", "1008", "--dir", "$HISTORY"}, true},
		{[]string{"listening", "--proc", repoRoot + "/procnet/testdata/proc"}, true},
		{[]string{"lint", repoRoot + "/testdata/services/macos-files-972.services"}, true},
		{append([]string{"snapshot", "list"}, history...), false},
		{[]string{"version"}, false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			for i, a := range tc.args {
				tc.args[i] = dirs.Replace(a)
			}
			var plain, colored, stderr bytes.Buffer
			exitCode(run(context.Background(), append(tc.args, "--color", "never"), testEnv(t, &plain, &stderr)), &stderr)
			e := ttyEnv(t, map[string]string{}, 1<<20, &colored, &stderr)
			exitCode(run(context.Background(), append(tc.args, "--color", "always"), e), &stderr)
			if stderr.Len() > 0 {
				t.Fatalf("stderr: %s", stderr.String())
			}
			if tc.colored && !strings.Contains(colored.String(), "\x1b[") {
				t.Errorf("no color in:\n%s", colored.String())
			}
			if got := report.Strip(colored.String()); got != plain.String() {
				t.Errorf("colored text, escapes stripped, differs from the plain text at line %d:\n%s", firstDiffLine(got, plain.String()), colored.String())
			}
		})
	}
}

// firstDiffLine is the 1-based number of the first line where a and b
// differ.
func firstDiffLine(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

// historyStore is a store with two snapshots of ../../snapshots between
// which port 1008's range row changed: history reads every snapshot of a
// store, which for all twenty costs a second a run.
func historyStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"2015-02-05.csv", "2015-02-05.json", "2017-08-24.csv", "2017-08-24.json"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, "snapshots", name))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
