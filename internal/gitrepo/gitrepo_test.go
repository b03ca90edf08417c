package gitrepo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v %s", args, err, out)
	}
}

func TestRepo(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git here")
	}
	for k, v := range map[string]string{"GIT_CONFIG_NOSYSTEM": "1", "HOME": t.TempDir(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"} {
		t.Setenv(k, v)
	}
	ctx := context.Background()
	top := t.TempDir()
	if _, err := Open(ctx, filepath.Join(top, "store")); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("outside a repository: %v", err)
	}
	if _, err := os.Stat(filepath.Join(top, "store")); err == nil {
		t.Error("Open created the store folder")
	}
	run(t, top, "init", "-q", "-b", "main")
	store := filepath.Join(top, "store")
	r, err := Open(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(store, 0o755)
	f := filepath.Join(store, "a.csv")
	os.WriteFile(f, []byte("x\n"), 0o644)
	os.WriteFile(filepath.Join(top, "other"), []byte("y\n"), 0o644)
	run(t, top, "add", "other") // staged, and must stay out of the commit
	if p, err := r.Pending(ctx, f); err != nil || len(p) != 1 {
		t.Fatalf("Pending = %v, %v; want the new file", p, err)
	}
	if err := r.Commit(ctx, "one file", f); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Pending(ctx, f); err != nil || len(p) != 0 {
		t.Errorf("after the commit, Pending = %v, %v", p, err)
	}
	os.WriteFile(f, []byte("changed\n"), 0o644) // " M": a status starting with a space
	if p, err := r.Pending(ctx, f); err != nil || len(p) != 1 || p[0] != f {
		t.Errorf("a changed file: Pending = %v, %v; want [%s]", p, err, f)
	}
	if err := r.Commit(ctx, "changed", f); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("git", "-C", top, "show", "--name-only", "--format=", "HEAD").Output()
	if strings.TrimSpace(string(out)) != "store/a.csv" {
		t.Errorf("the commit holds %q, want only store/a.csv", out)
	}
	os.WriteFile(filepath.Join(top, ".gitignore"), []byte("store/\n"), 0o644)
	if _, err := Open(ctx, store); err == nil || !strings.Contains(err.Error(), "ignores the store") {
		t.Errorf("ignored store: %v", err)
	}
	os.Remove(filepath.Join(top, ".gitignore"))
	run(t, top, "checkout", "-q", "--detach")
	if r, err := Open(ctx, store); err != nil || !r.Detached {
		t.Errorf("detached HEAD: %+v, %v", r, err)
	}
}
