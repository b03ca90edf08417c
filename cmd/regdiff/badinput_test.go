package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBadInputs is the matrix of what users throw at regdiff: every bad
// input against every command that reads a file. Each gives its exit
// status, exactly one line on stderr naming the input, and leaves the
// folder as it was.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := served(t, "2026-04-09")
	inputs := map[string]string{
		"empty":        write("empty", nil),
		"folder":       dir,
		"missing":      filepath.Join(dir, "missing.txt"),
		"binary":       write("binary", []byte("\x00\x01\x02ELF\x00\x00garbage\x00")),
		"long-line":    write("long-line", bytes.Repeat([]byte("a"), 3<<20)), // over the 2 MiB a line may have
		"invalid-utf8": write("invalid-utf8", []byte("http 80/tcp \xff\xfe\n\xc3\x28 81/tcp\n")),
		"wrong-header": write("wrong-header", []byte("Name,Port,Proto\nhttp,80,tcp\n")),
		"html":         write("html", []byte("<!DOCTYPE html>\n<html><body>Maintenance</body></html>\n")),
		"cut-registry": write("cut-registry", csv[:len(csv)/2+7]),
		"registry-csv": write("registry-csv", csv),
		"dev-zero":     "/dev/zero",
	}
	type cmdCase struct {
		name string
		args func(in string) []string
		ok   map[string]int // inputs that are not trouble for this command: their exit status
	}
	commands := []cmdCase{
		{"check", func(in string) []string { return []string{"check", in} }, map[string]int{"empty": 1, "invalid-utf8": 1}},
		{"lint", func(in string) []string { return []string{"lint", in} }, map[string]int{"empty": 0, "invalid-utf8": 1}},
		{"generate --merge", func(in string) []string { return []string{"generate", "--merge", in} }, map[string]int{"empty": 0, "invalid-utf8": 0}},
		{"--registry", func(in string) []string { return []string{"show", "80", "--brief", "--registry", in} }, map[string]int{"registry-csv": 0}},
		{"snapshot import", func(in string) []string {
			return []string{"snapshot", "import", "--dir", filepath.Join(dir, "store"), in}
		}, map[string]int{"registry-csv": 0}},
		{"history --dir", func(in string) []string { return []string{"history", "80", "--dir", in} }, nil},
	}
	for _, c := range commands {
		for name, in := range inputs {
			if c.name == "history --dir" && name != "folder" && name != "missing" && name != "empty" {
				continue // --dir takes folders; files are covered by wording.txtar
			}
			want, fine := c.ok[name]
			if !fine {
				want = 2
			}
			if c.name == "history --dir" {
				want = 2
			}
			before := listing(t, dir)
			var out, errb bytes.Buffer
			code := exitCode(run(context.Background(), c.args(in), testEnv(t, &out, &errb)), &errb)
			os.RemoveAll(filepath.Join(dir, "store"))
			if code != want {
				t.Errorf("%s %s: exit %d, want %d: %s", c.name, name, code, want, errb.String())
			}
			if code == 2 && (strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), filepath.Base(in))) {
				t.Errorf("%s %s: stderr is not one line naming %s: %q", c.name, name, filepath.Base(in), errb.String())
			}
			if after := listing(t, dir); after != before {
				t.Errorf("%s %s: the folder changed:\n%s\n->\n%s", c.name, name, before, after)
			}
		}
	}
}

func listing(t *testing.T, dir string) string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, de := range des {
		fi, _ := de.Info()
		b.WriteString(de.Name() + " " + fi.Mode().String() + "\n")
	}
	return b.String()
}

// TestGenerateOutputTargets: -o onto a device node and a FIFO writes into
// them, leaving no temporary file, rename or .bak; onto a folder or into a
// missing one, one line and nothing written.
func TestGenerateOutputTargets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Logf("mknod (root only): %v; the device case is skipped", err)
		null = ""
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan int)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- len(b)
	}()
	var out, errb bytes.Buffer
	if code := exitCode(run(context.Background(), []string{"generate", "-o", fifo}, testEnv(t, &out, &errb)), &errb); code != 0 {
		t.Fatalf("-o FIFO: exit %d: %s", code, errb.String())
	}
	if n := <-got; n < 100000 {
		t.Errorf("the FIFO's reader got %d bytes", n)
	}
	if null != "" {
		if code := exitCode(run(context.Background(), []string{"generate", "-o", null}, testEnv(t, &out, &errb)), &errb); code != 0 {
			t.Fatalf("-o device: exit %d: %s", code, errb.String())
		}
		if fi, _ := os.Stat(null); fi.Mode()&os.ModeCharDevice == 0 {
			t.Errorf("the device node became %v", fi.Mode())
		}
	}
	for _, target := range []string{dir, filepath.Join(dir, "missing", "services")} {
		errb.Reset()
		if code := exitCode(run(context.Background(), []string{"generate", "-o", target}, testEnv(t, &out, &errb)), &errb); code != 2 || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("-o %s: exit %d: %q", target, code, errb.String())
		}
	}
	if ls := listing(t, dir); strings.Count(ls, "\n") != 1+btoi(null != "") {
		t.Errorf("left behind:\n%s", ls)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
