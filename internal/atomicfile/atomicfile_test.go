package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	if err := Write(p, []byte("one"), 0o644, nil); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("two"), 0o600, func(string) error { return errors.New("veto") }); err == nil {
		t.Fatal("vetoed write succeeded")
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Errorf("content after a failed write = %q, want the old one", b)
	}
	// An existing file keeps its mode whatever perm says.
	if err := Write(p, []byte("three"), 0o600, nil); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if b, _ := os.ReadFile(p); string(b) != "three" || err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("content = %q, mode %v, err %v", b, fi.Mode(), err)
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Errorf("folder holds %d files, want 1: temporary files were left", len(des))
	}

	// A symlink stays a link to the file it names, which keeps its mode.
	real := filepath.Join(dir, "real")
	os.WriteFile(real, []byte("old"), 0o640)
	link := filepath.Join(dir, "link")
	os.Symlink("real", link)
	if err := Write(link, []byte("new"), 0o644, nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("the link's target holds %q", b)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
		t.Errorf("the target's mode became %v", fi.Mode().Perm())
	}
	if err := Write(filepath.Join(dir, "missing", "f"), nil, 0o644, nil); err == nil {
		t.Error("write into a missing folder succeeded")
	}
}

// TestTempTarget ties TempTarget to the names os.CreateTemp really makes.
func TestTempTarget(t *testing.T) {
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, ".2026-04-09.csv"+tempInfix+"*")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got, ok := TempTarget(filepath.Base(f.Name())); !ok || got != "2026-04-09.csv" {
		t.Errorf("TempTarget(%q) = %q, %v", filepath.Base(f.Name()), got, ok)
	}
	for _, name := range []string{"2026-04-09.csv", ".tmp-123", "..tmp-1", ".ab", ".", "", ".a.tmp-", ".a.tmp-12x", "a.tmp-12", ".a.tmp-1.csv"} {
		if got, ok := TempTarget(name); ok {
			t.Errorf("TempTarget(%q) = %q, want no match", name, got)
		}
	}
}
