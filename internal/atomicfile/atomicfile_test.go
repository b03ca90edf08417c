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
	if err := Write(p, []byte("three"), 0o600, nil); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if b, _ := os.ReadFile(p); string(b) != "three" || err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("content = %q, mode %v, err %v", b, fi.Mode(), err)
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Errorf("folder holds %d files, want 1: temporary files were left", len(des))
	}
	if err := Write(filepath.Join(dir, "missing", "f"), nil, 0o644, nil); err == nil {
		t.Error("write into a missing folder succeeded")
	}
}
