package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// served returns the newest committed snapshot's CSV: what the tests' IANA
// serves.
func served(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(repoRoot + "/snapshots/" + name + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// syncRun runs regdiff sync against url into dir and returns the exit code
// and output.
func syncRun(t *testing.T, dir, url string, extra ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := testEnv(t, &out, &errb)
	args := append([]string{"sync", "--dir", dir, "--url", url, "--retry-wait", "1ms", "--quiet"}, extra...)
	code = exitCode(run(context.Background(), args, e), &errb)
	return code, out.String(), errb.String()
}

// seeded is a store holding the 2025-09-22 snapshot: a copy of one that
// sync made once for all the tests.
func seeded(t *testing.T) string {
	t.Helper()
	seed := seedStore(t)
	if seed == "" {
		t.Fatal("seeding the store failed (see the first test that asked)")
	}
	dir := filepath.Join(t.TempDir(), "store")
	if err := os.CopyFS(dir, os.DirFS(seed)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedStore syncs the store seeded copies, the first time it is asked;
// "" when that failed.
var seedStore = func() func(t *testing.T) string {
	var once sync.Once
	var dir string
	return func(t *testing.T) string {
		once.Do(func() {
			d, body := filepath.Join(indexCache, "seed"), served(t, "2025-09-22")
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
			defer srv.Close()
			if code, _, stderr := syncRun(t, d, srv.URL); code != 0 {
				t.Errorf("seeding the store: exit %d: %s", code, stderr)
				return
			}
			dir = d
		})
		return dir
	}
}()

func TestSync200Then304(t *testing.T) {
	t.Parallel()
	body := served(t, "2026-04-09")
	var gets, full atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		if r.Header.Get("If-None-Match") == `"2026"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"2026"`)
		w.Write(body)
	}))
	defer srv.Close()
	dir := seeded(t)
	code, stdout, stderr := syncRun(t, dir, srv.URL)
	if code != 0 || !strings.Contains(stdout, "new snapshot 2026-04-09") || !strings.Contains(stdout, "15 added") {
		t.Fatalf("first sync: exit %d\n%s\n%s", code, stdout, stderr)
	}
	before := tree(t, dir)
	code, stdout, _ = syncRun(t, dir, srv.URL, "--exit-code")
	if code != 0 || !strings.Contains(stdout, "304 Not Modified") {
		t.Fatalf("second sync: exit %d: %s", code, stdout)
	}
	if gets.Load() != 2 || full.Load() != 1 {
		t.Errorf("%d requests, %d full downloads; want 2 and 1", gets.Load(), full.Load())
	}
	if after := tree(t, dir); !equalTrees(before, after) {
		t.Error("a 304 changed the store")
	}
}

func TestSyncRetriesThenSucceeds(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	newest := served(t, "2026-04-09")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Write(newest)
	}))
	defer srv.Close()
	dir := seeded(t)
	code, stdout, stderr := syncRun(t, dir, srv.URL, "--exit-code")
	if code != 1 || n.Load() != 3 || !strings.Contains(stdout, "new snapshot 2026-04-09") {
		t.Fatalf("exit %d after %d requests\n%s\n%s", code, n.Load(), stdout, stderr)
	}
}

// TestSyncFailuresChangeNothing: every failed or refused fetch exits 2 with
// a one-line reason and leaves the store byte for byte as it was.
func TestSyncFailuresChangeNothing(t *testing.T) {
	t.Parallel()
	good, older := served(t, "2026-04-09"), served(t, "2024-08-13")
	lines := bytes.SplitAfter(good, []byte("\n"))
	header := string(lines[0])
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		extra   []string
		reason  string
	}{
		{"404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, nil, "server answered 404 Not Found"},
		{"cut mid-record", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(good)))
			w.Write(good[:len(good)/2])
		}, []string{"--retries", "1"}, "the body was cut short"},
		{"cut without a length", func(w http.ResponseWriter, r *http.Request) {
			w.(http.Flusher).Flush()
			w.Write(good[:len(good)/2+17])
		}, nil, "refused the download"},
		{"html page", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body>Back soon</body></html>\n")
		}, nil, "found an HTML page, want the registry as csv or xml"},
		{"over the cap", func(w http.ResponseWriter, r *http.Request) { w.Write(good) }, []string{"--max-bytes", "100000"}, "over the cap of 100000"},
		{"stall", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, []string{"--stall-timeout", "100ms", "--retries", "1"}, "(after 2 attempts)"},
		{"column missing", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, strings.Replace(header, ",Assignment Notes", "", 1))
			fmt.Fprint(w, "http,80,tcp,WWW,,,,,,,\n")
		}, nil, `missing column "Assignment Notes"`},
		{"header only", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, header) }, []string{"--force"}, "the registry has no rows"},
		{"older registry", func(w http.ResponseWriter, r *http.Request) { w.Write(older) }, nil, "it is registry 2024-08-13, older than snapshot 2025-09-22"},
		{"304 to an unconditional request", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }, nil, "not conditional"},
		{"half the rows", func(w http.ResponseWriter, r *http.Request) {
			w.Write(bytes.Join(lines[:len(lines)/2], nil))
		}, nil, "fewer than snapshot 2025-09-22"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			dir := seeded(t)
			before := tree(t, dir)
			code, stdout, stderr := syncRun(t, dir, srv.URL, tc.extra...)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s\n%s", code, stdout, stderr)
			}
			last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
			if !strings.Contains(last, tc.reason) || !strings.HasPrefix(last, "regdiff: ") || !strings.Contains(last, "nothing was written") {
				t.Errorf("error line %q does not say %q", last, tc.reason)
			}
			if after := tree(t, dir); !equalTrees(before, after) {
				t.Errorf("the store changed: %v", keys(after))
			}
		})
	}
	// --force accepts the half registry.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Join(lines[:len(lines)/2], nil))
	}))
	defer srv.Close()
	if code, _, stderr := syncRun(t, seeded(t), srv.URL, "--force"); code != 0 {
		t.Errorf("--force: exit %d: %s", code, stderr)
	}
}

func TestSyncCommitTwice(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"config", "user.email", "ci@example.org"}, {"config", "user.name", "regdiff test"}} {
		if out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	// Something else staged must not ride along in the snapshot's commit.
	os.WriteFile(filepath.Join(repo, "unrelated.txt"), []byte("x"), 0o644)
	exec.Command("git", "-C", repo, "add", "unrelated.txt").Run()
	newest := served(t, "2026-04-09")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(newest)
	}))
	defer srv.Close()
	dir := filepath.Join(repo, "snapshots")
	commits := func() string {
		out, _ := exec.Command("git", "-C", repo, "rev-list", "--count", "--all").Output()
		return strings.TrimSpace(string(out))
	}
	code, stdout, stderr := syncRun(t, dir, srv.URL, "--commit")
	if code != 0 || commits() != "1" {
		t.Fatalf("first sync --commit: exit %d, %s commits\n%s\n%s", code, commits(), stdout, stderr)
	}
	files, _ := exec.Command("git", "-C", repo, "show", "--name-only", "--format=%s", "HEAD").Output()
	if got := strings.Fields(string(files)); strings.Join(got, " ") != "registry 2026-04-09: first snapshot, 14512 rows snapshots/2026-04-09.csv snapshots/2026-04-09.json snapshots/journal.csv" {
		t.Errorf("the commit holds %q", got)
	}
	code, _, stderr = syncRun(t, dir, srv.URL, "--commit")
	if code != 0 || commits() != "1" {
		t.Fatalf("second sync --commit: exit %d, %s commits: %s", code, commits(), stderr)
	}
	// Outside a repository, --commit is refused before anything is fetched.
	code, _, stderr = syncRun(t, filepath.Join(t.TempDir(), "s"), srv.URL, "--commit")
	if code != 2 || !strings.Contains(stderr, "is not in a git repository") {
		t.Errorf("outside a repository: exit %d: %s", code, stderr)
	}
}

func TestSyncConcurrent(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	arrived := make(chan struct{}, 2)
	newest := served(t, "2026-04-09")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		w.Write(newest)
	}))
	defer srv.Close()
	dir := seeded(t)
	var wg sync.WaitGroup
	var first int
	wg.Go(func() { first, _, _ = syncRun(t, dir, srv.URL) })
	select {
	case <-arrived: // the first sync holds the lock and waits on the server
	case <-time.After(10 * time.Second):
		t.Fatal("the first sync never reached the server")
	}
	code, _, stderr := syncRun(t, dir, srv.URL)
	close(release)
	wg.Wait()
	if code != 2 || !strings.Contains(stderr, "the store is locked: pid ") {
		t.Errorf("second sync: exit %d: %s", code, stderr)
	}
	if first != 0 {
		t.Errorf("first sync: exit %d", first)
	}
	for name := range tree(t, dir) {
		if strings.Contains(name, ".tmp-") || strings.HasSuffix(name, ".lock") {
			t.Errorf("left behind: %s", name)
		}
	}
	if len(tree(t, dir)) != 5 {
		t.Errorf("store holds %v, want two snapshots and the journal", keys(tree(t, dir)))
	}
}

func TestFetchOutput(t *testing.T) {
	t.Parallel()
	body := served(t, "2026-04-09")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "reg.csv")
	var stdout, stderr bytes.Buffer
	e := testEnv(t, &stdout, &stderr)
	code := exitCode(run(context.Background(), []string{"fetch", "--url", srv.URL, "-o", out, "--quiet"}, e), &stderr)
	if got, _ := os.ReadFile(out); code != 0 || !bytes.Equal(got, body) {
		t.Fatalf("exit %d, %d bytes written: %s", code, len(got), stderr.String())
	}
	if !strings.Contains(stdout.String(), "registry 2026-04-09: 14512 rows") {
		t.Errorf("stdout = %q", stdout.String())
	}
	// A refused download leaves the old file.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html></html>") }))
	defer bad.Close()
	code = exitCode(run(context.Background(), []string{"fetch", "--url", bad.URL, "-o", out, "--quiet"}, e), &stderr)
	if got, _ := os.ReadFile(out); code != 2 || !bytes.Equal(got, body) {
		t.Errorf("refused fetch: exit %d, file now %d bytes", code, len(got))
	}
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[de.Name()] = string(b)
	}
	return out
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
