package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// smallXML is the real 2026-08-17 registry XML with most records and
// persons left out: a whole, well-formed document of about 100 KB, so that
// hundreds of cut downloads parse in a test's time. (The registry package
// cuts the full document too.)
func smallXML(t testing.TB) []byte {
	t.Helper()
	f, err := os.Open(repoRoot + "/registry/testdata/service-names-port-numbers_2026-08-17.xml.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	// Keep the head and the first 300 records, then the people section's
	// first 200 persons and the document's end.
	recs := bytes.Index(doc, []byte("<record"))
	end := recs
	for range 300 {
		end += bytes.Index(doc[end:], []byte("</record>")) + len("</record>")
	}
	people := bytes.Index(doc, []byte("<people>"))
	pend := people
	for range 200 {
		pend += bytes.Index(doc[pend:], []byte("</person>")) + len("</person>")
	}
	var b bytes.Buffer
	b.Write(doc[:end])
	b.WriteString("\n  ")
	b.Write(doc[people:pend])
	b.WriteString("\n  </people>\n</registry>\n")
	return b.Bytes()
}

// cutOffsets are 150 places to cut a body of n bytes: spread over it,
// dense in its last 2%, where a cut loses least, and each of the 30 bytes
// before its final newline (a cut there loses only part of the closing
// tags).
func cutOffsets(n int) []int {
	var out []int
	for i := range 60 {
		out = append(out, 1+i*(n-1)/60)
	}
	tail := n * 98 / 100
	for i := range 60 {
		out = append(out, tail+i*(n-tail-1)/60)
	}
	for i := n - 31; i < n-1; i++ {
		out = append(out, i)
	}
	return out
}

// cutServer serves body[:cut] as the whole answer: close-delimited (no
// Content-Length, the connection closed) or chunked without the last chunk.
func cutServer(t *testing.T, body []byte, cut *atomic.Int64, chunked bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		part := body[:cut.Load()]
		if chunked {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(part), part)
		} else {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n%s", part)
		}
		buf.Flush()
	}))
}

// TestSyncRefusesCuts is the property the scheduled job rests on: a
// registry cut at any byte never becomes a snapshot. 150 cuts, each served
// close-delimited and chunked, into a store holding a snapshot, are all
// refused with exit 2 and leave the store byte-identical; fetch -o leaves
// its target untouched.
func TestSyncRefusesCuts(t *testing.T) {
	t.Parallel()
	body := smallXML(t)
	// The whole document is accepted: the cuts are refused for being cut.
	whole := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer whole.Close()
	dir := filepath.Join(t.TempDir(), "store")
	if code, _, stderr := syncRun(t, dir, whole.URL); code != 0 {
		t.Fatalf("the whole document: exit %d: %s", code, stderr)
	}
	os.Remove(filepath.Join(dir, "validators.json")) // every cut asks unconditionally
	before := tree(t, dir)
	target := filepath.Join(t.TempDir(), "registry.xml")
	os.WriteFile(target, []byte("the old file\n"), 0o644)
	var cut atomic.Int64
	for _, chunked := range []bool{false, true} {
		srv := cutServer(t, body, &cut, chunked)
		for _, off := range cutOffsets(len(body)) {
			cut.Store(int64(off))
			code, _, stderr := syncRun(t, dir, srv.URL, "--retries", "0")
			if code != 2 || strings.Count(stderr, "\n") != 1 {
				t.Fatalf("cut at %d of %d (chunked %v): exit %d: %s", off, len(body), chunked, code, stderr)
			}
			if !chunked && off%3 == 0 { // fetch -o on a third of them: each costs a parse
				var out, errb bytes.Buffer
				e := testEnv(t, &out, &errb)
				if code := exitCode(run(context.Background(), []string{"fetch", "--url", srv.URL, "-o", target, "--retries", "0", "--quiet"}, e), &errb); code != 2 {
					t.Fatalf("fetch -o of a cut at %d: exit %d", off, code)
				}
			}
		}
		srv.Close()
	}
	if !equalTrees(before, tree(t, dir)) {
		t.Errorf("the store changed: %v -> %v", keys(before), keys(tree(t, dir)))
	}
	if b, _ := os.ReadFile(target); string(b) != "the old file\n" {
		t.Errorf("fetch -o wrote %d bytes", len(b))
	}
}

// TestSyncRevert: the registry goes A -> B -> A. The third sync records a
// revert: latest is A's content again, and history and diff show it.
func TestSyncRevert(t *testing.T) {
	t.Parallel()
	a, b := served(t, "2025-09-22"), served(t, "2026-04-09")
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body.Load().([]byte)) }))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "store")
	for i, bd := range [][]byte{a, b, a} {
		body.Store(bd)
		code, stdout, stderr := syncRun(t, dir, srv.URL)
		if code != 0 {
			t.Fatalf("sync %d: exit %d: %s", i+1, code, stderr)
		}
		if i == 2 && !strings.Contains(stdout, "registry 2025-09-22 again: IANA reverted from 2026-04-09") {
			t.Errorf("the revert: %s", stdout)
		}
	}
	out := func(args ...string) string {
		var o, e bytes.Buffer
		run(context.Background(), append(args, "--dir", dir), testEnv(t, &o, &e)) //nolint:errcheck // exit 1 is expected
		return o.String()
	}
	if got := out("snapshot", "list"); !strings.Contains(got, "2025-09-22  14485 rows") || !regexpMatch(`2025-09-22 .*latest`, got) {
		t.Errorf("snapshot list after the revert:\n%s", got)
	}
	if got := out("show", "11434", "--brief", "--registry", dir); !strings.Contains(got, "in registry 2025-09-22") || strings.Contains(got, "ollama 11434") {
		t.Errorf("latest still shows B's row:\n%s", got)
	}
	if got := out("history", "ollama"); !strings.Contains(got, "reverted  the registry went back from 2026-04-09 to 2025-09-22") || !strings.Contains(got, "removed") {
		t.Errorf("history does not show the revert:\n%s", got)
	}
	if got := out("diff"); !strings.Contains(got, "registry 2026-04-09 -> 2025-09-22") {
		t.Errorf("diff with no argument does not show the revert:\n%s", got)
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile("(?m)" + re).MatchString(s) }

// gitEnv makes git commits possible in tests, whatever the machine's config.
func gitEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for k, v := range map[string]string{"GIT_CONFIG_NOSYSTEM": "1", "HOME": t.TempDir(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"} {
		t.Setenv(k, v)
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestSyncFinishesWhatItStarted: the three ways a run used to end half done.
func TestSyncFinishesWhatItStarted(t *testing.T) {
	gitEnv(t)
	a, b := served(t, "2025-09-22"), served(t, "2026-04-09")
	var body atomic.Value
	body.Store(a)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body.Load().([]byte)) }))
	defer srv.Close()

	// A snapshot written but not committed (the run was not asked to, or
	// died) is committed, with its changelog, by the next sync --commit.
	repo := t.TempDir()
	git(t, repo, "init", "-q")
	dir := filepath.Join(repo, "snapshots")
	if code, _, stderr := syncRun(t, dir, srv.URL, "--commit"); code != 0 {
		t.Fatalf("first sync --commit: exit %d: %s", code, stderr)
	}
	body.Store(b)
	if code, _, stderr := syncRun(t, dir, srv.URL); code != 0 {
		t.Fatalf("sync without --commit: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := syncRun(t, dir, srv.URL, "--commit")
	if code != 0 || !strings.Contains(stderr, "committed what an earlier sync left: registry 2026-04-09: ") {
		t.Fatalf("the rerun: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if msg := git(t, repo, "log", "-1", "--format=%B"); !strings.Contains(msg, "since 2025-09-22") || !strings.Contains(msg, "### added") {
		t.Errorf("the commit has no changelog:\n%s", msg)
	}
	if st := git(t, repo, "status", "--porcelain"); st != "" {
		t.Errorf("left uncommitted: %s", st)
	}

	// No committer identity, or a store git ignores: refused before
	// anything is written.
	for name, setup := range map[string]func(repo string){
		"no identity": func(string) {
			for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"} {
				t.Setenv(k, "")
			}
			t.Setenv("EMAIL", "")
			git(t, repo, "config", "user.useConfigOnly", "true")
		},
		"ignored store": func(repo string) { os.WriteFile(filepath.Join(repo, ".gitignore"), []byte("snapshots/\n"), 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			repo := t.TempDir()
			git(t, repo, "init", "-q")
			setup(repo)
			dir := filepath.Join(repo, "snapshots")
			code, _, stderr := syncRun(t, dir, srv.URL, "--commit")
			if code != 2 || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("the store folder was created")
			}
		})
	}
	gitEnv(t)

	// The newest snapshot unreadable: exit 2 before anything is fetched or
	// written.
	dir = seeded(t)
	list, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	for _, f := range list {
		if !strings.HasSuffix(f, "journal.csv") {
			os.WriteFile(f, []byte("garbage\n"), 0o644)
		}
	}
	before := tree(t, dir)
	body.Store(b)
	code, _, stderr = syncRun(t, dir, srv.URL)
	if code != 2 || !strings.Contains(stderr, "does not match its sidecar") {
		t.Errorf("a broken newest snapshot: exit %d: %s", code, stderr)
	}
	if !equalTrees(before, tree(t, dir)) {
		t.Errorf("the store changed")
	}
}

// TestSyncTimeouts: a stalled server holds a sync no longer than --timeout,
// retries included; a redirect loop is not retried.
func TestSyncTimeouts(t *testing.T) {
	t.Parallel()
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer stall.Close()
	start := time.Now()
	code, _, stderr := syncRun(t, filepath.Join(t.TempDir(), "s"), stall.URL, "--timeout", "5s", "--stall-timeout", "2s", "--retries", "10")
	if took := time.Since(start); code != 2 || took > 6*time.Second {
		t.Errorf("stalled server: exit %d after %v: %s", code, took, stderr)
	}
	var hits atomic.Int32
	var loop *httptest.Server
	loop = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, loop.URL+r.URL.Path+"x", http.StatusFound)
	}))
	defer loop.Close()
	code, _, stderr = syncRun(t, filepath.Join(t.TempDir(), "s"), loop.URL, "--retries", "4")
	if code != 2 || hits.Load() > 11 {
		t.Errorf("redirect loop: exit %d after %d requests: %s", code, hits.Load(), stderr)
	}
}

// TestSyncConditionalAfterImport: a store made by import knows no
// validators; the first sync learns them, and the second asks
// conditionally, though it wrote no snapshot.
func TestSyncConditionalAfterImport(t *testing.T) {
	t.Parallel()
	body := served(t, "2026-04-09")
	var conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") != "" {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Thu, 09 Apr 2026 00:00:00 GMT")
		w.Write(body)
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "store")
	var out, errb bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"snapshot", "import", "--dir", dir, repoRoot + "/snapshots/2026-04-09.csv"}, testEnv(t, &out, &errb)), &errb); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errb.String())
	}
	if code, stdout, stderr := syncRun(t, dir, srv.URL); code != 0 || !strings.Contains(stdout, "same content as snapshot 2026-04-09") {
		t.Fatalf("first sync: exit %d: %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := syncRun(t, dir, srv.URL); code != 0 || conditional.Load() != 1 || !strings.Contains(stdout, "304") {
		t.Errorf("second sync: exit %d, %d conditional requests: %s %s", code, conditional.Load(), stdout, stderr)
	}
}

// TestSyncSIGTERM stops a real regdiff process mid-download: it exits 2
// saying nothing was written, leaves no temporary file, sidecar or lock,
// and the next sync runs clean.
func TestSyncSIGTERM(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	bin := filepath.Join(t.TempDir(), "regdiff") // testscript.Main runs main for this name
	if err := os.Symlink(exe, bin); err != nil {
		t.Skip(err)
	}
	body := served(t, "2026-04-09")
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	dir := seeded(t)
	before := tree(t, dir)
	cmd := exec.Command(bin, "sync", "--dir", dir, "--url", srv.URL, "--quiet")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "REGDIFF_DIR="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the sync never reached the server")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(stderr.String(), "interrupted (nothing was written)") {
		t.Errorf("after SIGTERM: %v: %s", err, stderr.String())
	}
	if !equalTrees(before, tree(t, dir)) {
		t.Errorf("the store changed: %v -> %v", keys(before), keys(tree(t, dir)))
	}
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer good.Close()
	if code, stdout, stderr := syncRun(t, dir, good.URL); code != 0 || !strings.Contains(stdout, "new snapshot 2026-04-09") || strings.Contains(stderr, "removed") {
		t.Errorf("the next sync: exit %d: %s %s", code, stdout, stderr)
	}
}
