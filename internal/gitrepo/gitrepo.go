// Package gitrepo is the little of git that the scheduled sync needs: find
// the repository holding a folder, check that a commit can be made there,
// tell committed files from pending ones, and commit exactly some files.
// It runs the git command, never a shell.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Repo is the git work tree holding a folder.
type Repo struct {
	dir      string // the folder, or its nearest existing parent
	top      string // the work tree's top folder
	Detached bool   // HEAD is detached: commits go on no branch
}

// Open finds the repository holding dir, which need not exist yet (its
// nearest existing parent is asked), and checks that a commit can be made
// there: a work tree, a committer identity, and dir not ignored. It writes
// nothing.
func Open(ctx context.Context, dir string) (*Repo, error) {
	probe, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		if fi, err := os.Stat(probe); err == nil && fi.IsDir() {
			break
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			return nil, fmt.Errorf("%s: no existing folder above it", dir)
		}
		probe = parent
	}
	r := &Repo{dir: probe}
	if r.top, err = r.git(ctx, "rev-parse", "--show-toplevel"); err != nil {
		return nil, fmt.Errorf("%s is not in a git repository (git init it, or drop --commit): %v", dir, err)
	}
	if _, err := r.git(ctx, "var", "GIT_COMMITTER_IDENT"); err != nil {
		return nil, fmt.Errorf("git has no committer identity here (set user.name and user.email, or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL): %v", err)
	}
	rel, _ := filepath.Rel(probe, mustAbs(dir))
	if out, _ := r.git(ctx, "check-ignore", "--no-index", "--", filepath.Join(rel, "x.csv")); out != "" {
		return nil, fmt.Errorf("git ignores the store %s (see git check-ignore -v %s): its snapshots could never be committed", dir, filepath.Join(dir, "x.csv"))
	}
	if _, err := r.git(ctx, "symbolic-ref", "-q", "HEAD"); err != nil {
		r.Detached = true
	}
	return r, nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// Pending returns, as absolute paths, those of files (absolute or relative
// to the working folder) that differ from HEAD: new, changed or untracked.
func (r *Repo) Pending(ctx context.Context, files ...string) ([]string, error) {
	args := append([]string{"status", "--porcelain", "-z", "--untracked-files=all", "--"}, absAll(files)...)
	out, err := r.git(ctx, args...)
	if err != nil || out == "" {
		return nil, err
	}
	var pending []string
	for _, entry := range strings.Split(out, "\x00") {
		if len(entry) > 3 { // "XY path"
			pending = append(pending, filepath.Join(r.top, entry[3:]))
		}
	}
	return pending, nil
}

// Commit commits exactly files with msg, whatever else is staged.
func (r *Repo) Commit(ctx context.Context, msg string, files ...string) error {
	files = absAll(files)
	if _, err := r.git(ctx, append([]string{"add", "--"}, files...)...); err != nil {
		return err
	}
	_, err := r.git(ctx, append([]string{"commit", "--quiet", "-m", msg, "--"}, files...)...)
	return err
}

func absAll(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = mustAbs(f)
	}
	return out
}

// git runs git in the repository's folder and returns its trimmed output.
func (r *Repo) git(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", r.dir}, args...)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !(args[0] == "check-ignore" && errors.As(err, &ee) && ee.ExitCode() == 1) {
		msg := strings.Join(strings.Fields(stderr.String()), " ")
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	if args[0] == "status" { // its first column may be a space
		return strings.TrimRight(out.String(), "\x00\n"), nil
	}
	return strings.TrimSpace(out.String()), nil
}
