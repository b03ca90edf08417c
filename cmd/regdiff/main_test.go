package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/regdiff/regdiff/snapshots"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/script")

// indexCache is the store-index cache the tests share: the committed
// store's index is built once per run, not once per test.
var indexCache string

// childTest, set in the environment, says the test binary runs one test
// again in a child process.
const childTest = "REGDIFF_TEST_CHILD"

// binDir holds the regdiff that exec regdiff runs in scripts.
var binDir string

// pkgDir is this package's folder and repoRoot the module's, absolute:
// the tests name files by absolute paths only, because script commands
// run in this process change its working directory (see scriptRegdiff).
var (
	pkgDir, _ = os.Getwd()
	repoRoot  = filepath.Dir(filepath.Dir(pkgDir))
)

// cwd is held while the working directory is not pkgDir.
var cwd sync.Mutex

// scriptRegdiff is the scripts' regdiff command: the command run in this
// process, in the script's current folder, as a subprocess would run it,
// without starting one (about 40 ms of CPU each on this machine). Script
// lines that need the real process (standard input, exit through main)
// say exec regdiff.
func scriptRegdiff(ts *testscript.TestScript, neg bool, args []string) {
	e := newEnv(strings.NewReader(""), ts.Stdout(), ts.Stderr())
	e.Getenv, e.LookupEnv = ts.Getenv, nil
	cwd.Lock()
	if err := os.Chdir(ts.MkAbs(".")); err != nil {
		cwd.Unlock()
		ts.Fatalf("%v", err)
	}
	code := exitCode(run(context.Background(), args, e), e.Stderr)
	err := os.Chdir(pkgDir)
	cwd.Unlock()
	ts.Check(err)
	switch {
	case code != 0 && !neg:
		ts.Fatalf("regdiff: exit status %d", code)
	case code == 0 && neg:
		ts.Fatalf("regdiff: unexpected success")
	}
}

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "regdiff" { // exec regdiff in a script
		main()
	}
	// Several tests wait on servers, timers or subprocesses, not the CPU:
	// let more than GOMAXPROCS of them run at once.
	if f := flag.Lookup("test.parallel"); f != nil && f.Value.String() == fmt.Sprint(runtime.GOMAXPROCS(0)) {
		f.Value.Set("8") //nolint:errcheck // a number
	}
	// Each command the tests run allocates a registry or two, which die
	// with it: a heap target four times the live heap halves the CPU the
	// collector takes (about 1.5 s of this package's 12).
	debug.SetGCPercent(400)
	var err error
	if indexCache, err = os.MkdirTemp("", "regdiff-test-index-"); err != nil {
		panic(err)
	}
	// exec regdiff finds this test binary under that name, which runs main.
	binDir = filepath.Join(indexCache, "bin")
	exe, err := os.Executable()
	if err == nil {
		if err = os.Mkdir(binDir, 0o755); err == nil {
			err = os.Symlink(exe, filepath.Join(binDir, "regdiff"))
		}
	}
	if err != nil {
		panic(err)
	}
	if os.Getenv(childTest) != "" { // one test, run again in a child: it reads no store
		os.Exit(cleanup{m, indexCache}.Run())
	}
	// The committed store's index, built once before the tests start: the
	// scripts and tests that read the store start together, and each would
	// otherwise build it (a second of CPU each) before any had written it.
	st := snapshots.Open(repoRoot + "/snapshots")
	st.IndexDir = indexCache
	if _, err := st.Index(); err != nil {
		panic(err)
	}
	os.Exit(cleanup{m, indexCache}.Run())
}

// cleanup removes a folder the tests shared once they have run
// (TestMain exits with their status).
type cleanup struct {
	*testing.M
	dir string
}

func (c cleanup) Run() int {
	defer os.RemoveAll(c.dir)
	return c.M.Run()
}

// TestScripts runs the txtar scripts in testdata/script: whole commands,
// their output compared with golden files (-update rewrites them).
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join(pkgDir, "testdata/script"),
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			// No store by default: commands use the embedded registry.
			e.Setenv("REGDIFF_DIR", e.WorkDir+"/no-store")
			e.Setenv("REGDIFF_CACHE_DIR", indexCache)
			e.Setenv("NO_COLOR", "1")
			e.Setenv("PATH", binDir+string(filepath.ListSeparator)+e.Getenv("PATH"))
			e.Setenv("SERVICES", filepath.Join(repoRoot, "testdata/services"))
			e.Setenv("SNAPSHOTS", filepath.Join(repoRoot, "snapshots"))
			e.Setenv("PROCFIX", filepath.Join(repoRoot, "procnet/testdata/proc"))
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"regdiff": scriptRegdiff},
	})
}

// TestExitCodes checks the exit status of each kind of outcome, which
// testscript can only tell apart as zero or not.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	// Some names below are relative, and must be missing: they are looked
	// up here, not in a script's folder.
	cwd.Lock()
	defer cwd.Unlock()
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"show", "80"}, 0, ""},
		{[]string{"show", "856", "--format", "json"}, 0, ""},
		{[]string{"show", "no-such-service"}, 1, `regdiff: no registry row named "no-such-service"`},
		{[]string{"show", "no-such-service", "--format", "json"}, 1, ""},
		{[]string{"show", "50000"}, 1, "dynamic port"},
		{[]string{"show", "70000"}, 2, "bad port number"},
		{[]string{"show", "http", "--proto", "icmp"}, 2, "unknown transport protocol"},
		{[]string{"show"}, 2, "wants one PORT, NAME or LO-HI (see regdiff --help)"},
		{[]string{"show", "80", "--format", "yaml"}, 2, `unknown format "yaml"`},
		{[]string{"show", "80", "--bogus"}, 2, "unknown flag: --bogus (see regdiff --help)"},
		{[]string{"show", "80", "--registry", "1999-01-01"}, 2, `no snapshot "1999-01-01"`},
		{[]string{"show", "80", "--registry", "missing.csv"}, 2, `registry "missing.csv": not a file`},
		{[]string{"nosuchcommand"}, 2, `"nosuchcommand" is neither a file nor a regdiff command`},
		{[]string{"check", "/no/such/services"}, 2, "open /no/such/services: no such file or directory"},
		{[]string{"--registry", "embedded", repoRoot + "/testdata/services/debian-netbase-6.4.services"}, 1, ""},
		{[]string{"version"}, 0, ""},
		{[]string{"snapshot", "imprt", "x.csv"}, 2, `unknown command "imprt" for regdiff snapshot`},
		{[]string{"snapshot"}, 2, "wants a command: import or list"},
		{[]string{"diff", "-u", "--context", "-1", "a.csv", "b.csv"}, 2, "--context must be 0 or more"},
		{[]string{"fetch", "--url", "ftp://example.invalid/x", "--retries", "0"}, 2, "want http, https or file"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			e := testEnv(t, &stdout, &stderr)
			code := exitCode(run(context.Background(), tc.args, e), &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if tc.err != "" && !strings.Contains(stderr.String(), tc.err) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tc.err)
			}
			if n := strings.Count(stderr.String(), "\n"); n > 1 {
				t.Errorf("stderr has %d lines, want one: %q", n, stderr.String())
			}
		})
	}
}

// TestCheckEtcServices runs the main job on this machine's /etc/services:
// findings or none, but never trouble.
func TestCheckEtcServices(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(defaultServices); err != nil {
		t.Skipf("no %s here: %v", defaultServices, err)
	}
	var stdout, stderr bytes.Buffer
	e := newEnv(strings.NewReader(""), &stdout, &stderr)
	e.Getenv = func(string) string { return "" }
	// With no REGDIFF_DIR the store is looked for in ./snapshots: here,
	// not in a script's folder.
	cwd.Lock()
	defer cwd.Unlock()
	if code := exitCode(run(context.Background(), []string{"--registry", "embedded"}, e), &stderr); code == 2 {
		t.Fatalf("regdiff %s: exit 2: %s", defaultServices, stderr.String())
	}
	if !strings.Contains(stdout.String(), "summary:") && !strings.Contains(stdout.String(), "no differences") {
		t.Errorf("no summary in:\n%s", stdout.String())
	}
}

// testEnv is an env with no terminal, no environment but an empty store.
func testEnv(tb testing.TB, stdout, stderr io.Writer) *env {
	tb.Helper()
	e := newEnv(strings.NewReader(""), stdout, stderr)
	dir, cache := tb.TempDir(), indexCache
	e.Getenv = func(k string) string {
		switch k {
		case "REGDIFF_DIR":
			return dir
		case "REGDIFF_CACHE_DIR":
			return cache
		}
		return ""
	}
	return e
}
