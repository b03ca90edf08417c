package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"testing"
)

// ttyEnv is an env whose stdout is a terminal of the given height, 80
// columns wide, with only the variables vars set.
func ttyEnv(t *testing.T, vars map[string]string, height int, stdout, stderr *bytes.Buffer) *env {
	t.Helper()
	e := testEnv(t, stdout, stderr)
	vars["REGDIFF_DIR"] = t.TempDir()
	e.Getenv = func(k string) string { return vars[k] }
	e.LookupEnv = func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	e.IsTTY = true
	e.TermSize = func() (int, int, error) { return 80, height, nil }
	return e
}

// TestPager checks when text reports go through the pager: on a terminal,
// longer than the screen, text format, no --no-pager, a pager set.
func TestPager(t *testing.T) {
	var plain bytes.Buffer
	if err := run(context.Background(), []string{"version"}, testEnv(t, &plain, &plain)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		pager  string // PAGER, "unset" for none; OUT is the file it writes
		height int
		paged  bool // the report went to the pager, not to stdout
	}{
		{"longer than the screen", []string{"version"}, "cat > OUT", 3, true},
		{"with a line for the prompt", []string{"version"}, "cat > OUT", strings.Count(plain.String(), "\n"), true},
		{"fits the screen", []string{"version"}, "cat > OUT", 100, false},
		{"--no-pager", []string{"version", "--no-pager"}, "cat > OUT", 3, false},
		{"json", []string{"version", "--format", "json"}, "cat > OUT", 3, false},
		{"markdown", []string{"version", "--format", "markdown"}, "cat > OUT", 3, false},
		{"PAGER empty", []string{"version"}, "", 3, false},
		{"PAGER=cat", []string{"version"}, "cat", 3, false},
		{"a pager that is not there", []string{"version"}, "no-such-pager-regdiff", 3, false},
		{"a report", []string{"show", "80"}, "cat > OUT", 10, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "paged")
			var stdout, stderr bytes.Buffer
			e := ttyEnv(t, map[string]string{"PAGER": strings.ReplaceAll(tc.pager, "OUT", "'"+out+"'")}, tc.height, &stdout, &stderr)
			if err := run(context.Background(), tc.args, e); err != nil {
				t.Fatalf("%v (stderr %q)", err, stderr.String())
			}
			paged, _ := os.ReadFile(out)
			if tc.paged {
				if stdout.Len() > 0 || len(paged) == 0 {
					t.Fatalf("stdout %q, pager got %q: want all in the pager", stdout.String(), paged)
				}
				if tc.args[0] == "version" && string(paged) != plain.String() {
					t.Errorf("pager got %q, want %q", paged, plain.String())
				}
				return
			}
			if len(paged) > 0 || stdout.Len() == 0 {
				t.Fatalf("stdout %q, pager got %q: want all on stdout", stdout.String(), paged)
			}
			if tc.args[0] == "version" && len(tc.args) == 1 && stdout.String() != plain.String() {
				t.Errorf("stdout %q, want %q", stdout.String(), plain.String())
			}
		})
	}
}

// TestPagerEnvironment checks the pager's choice and environment: REGDIFF_PAGER
// before PAGER, git's LESS when unset, and the user's when set.
func TestPagerEnvironment(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"PAGER": `echo "pager LESS=$LESS" > OUT`}, "pager LESS=FRX\n"},
		{map[string]string{"PAGER": `echo "pager LESS=$LESS" > OUT`, "LESS": "-S"}, "pager LESS=-S\n"},
		{map[string]string{"PAGER": "cat", "REGDIFF_PAGER": `echo regdiff > OUT`}, "regdiff\n"},
	} {
		out := filepath.Join(t.TempDir(), "paged")
		for k, v := range tc.vars {
			tc.vars[k] = strings.ReplaceAll(v, "OUT", "'"+out+"'")
		}
		if v, ok := tc.vars["LESS"]; ok {
			t.Setenv("LESS", v) // the pager inherits the process's environment
		} else {
			t.Setenv("LESS", "") // restored after the test
			os.Unsetenv("LESS")
		}
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"version"}, ttyEnv(t, tc.vars, 2, &stdout, &stderr)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(out); string(got) != tc.want {
			t.Errorf("%v: pager wrote %q, want %q", tc.vars, got, tc.want)
		}
	}
}

// TestPagerKeepsCtrlC: Ctrl-C reaches every process of the terminal's
// group, and regdiff, here a reader without a handler of its own, waits
// for the pager. The pager sends SIGINT to its parent, the test process,
// so the test runs again in a child: if the signal kills, only the child
// dies.
func TestPagerKeepsCtrlC(t *testing.T) {
	if os.Getenv(childTest) == "" {
		if signal.Ignored(os.Interrupt) {
			t.Skip("SIGINT is ignored here (a job started with &)")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestPagerKeepsCtrlC$", "-test.count=1")
		cmd.Env = append(os.Environ(), childTest+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the child test: %v\n%s", err, out)
		}
		return
	}
	out := filepath.Join(t.TempDir(), "paged")
	var stdout, stderr bytes.Buffer
	e := ttyEnv(t, map[string]string{"PAGER": "kill -INT $PPID; cat > '" + out + "'"}, 3, &stdout, &stderr)
	if err := run(context.Background(), []string{"version"}, e); err != nil {
		t.Fatalf("%v (stderr %q)", err, stderr.String())
	}
	if paged, _ := os.ReadFile(out); stdout.Len() > 0 || len(paged) == 0 {
		t.Fatalf("stdout %q, pager got %q: want all in the pager", stdout.String(), paged)
	}
}
