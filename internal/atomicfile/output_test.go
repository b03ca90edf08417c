package atomicfile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestOutputRegular(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "services")
	if err := os.WriteFile(p, []byte("old\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := Output(p, []byte("new\n"), true, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new\n" {
		t.Errorf("file = %q", b)
	}
	fi, err := os.Stat(p + ".bak")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o444 {
		t.Errorf(".bak mode %v, want the original's 0444", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(p + ".bak"); string(b) != "old\n" {
		t.Errorf(".bak = %q", b)
	}
}

func TestOutputRefusals(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		filepath.Join(dir, "missing", "x"): "does not exist (nothing was written)",
		dir:                                "it is a folder",
	} {
		err := Output(path, []byte("x"), true, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Output(%s) = %v, want %q", path, err, want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}

// TestOutputSpecial writes into a FIFO and a device node made in a temp
// folder: they stay what they are, and no temporary file or .bak appears.
func TestOutputSpecial(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	if err := Output(fifo, []byte("through the pipe\n"), true, nil); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "through the pipe\n" {
		t.Errorf("read %q from the FIFO", b)
	}
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, int(1<<8|3)); err == nil { // as /dev/null: major 1, minor 3
		if err := Output(null, []byte("gone\n"), true, nil); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(null); fi.Mode()&os.ModeCharDevice == 0 {
			t.Errorf("the device became %v", fi.Mode())
		}
	} else {
		t.Logf("mknod (needs root): %v; the device case is not tested", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) > 2 {
		t.Errorf("left behind: %v", ents)
	}
	var buf bytes.Buffer
	if err := Output("-", []byte("out"), true, &buf); err != nil || buf.String() != "out" {
		t.Errorf("Output(-) = %v, wrote %q", err, buf.String())
	}
}
