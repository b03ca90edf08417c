package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterrupt sends Ctrl-C's SIGINT to a real regdiff reading its
// standard input: a reader ends at once, a command that writes finishes
// what it started.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	if signal.Ignored(os.Interrupt) {
		t.Skip("SIGINT is ignored here (a job started with &), and so in regdiff")
	}
	out := filepath.Join(t.TempDir(), "services")
	for _, tc := range []struct {
		args []string
		ends bool // killed by the signal; else exit 0 once the input ends
	}{
		{[]string{"check", "-"}, true},
		{[]string{"generate", "--merge", "-", "-o", out}, false},
	} {
		cmd := exec.Command(filepath.Join(binDir, "regdiff"), tc.args...)
		cmd.Env = append(os.Environ(), "REGDIFF_DIR="+t.TempDir(), "REGDIFF_CACHE_DIR="+indexCache)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Four times a pipe's buffer: when the write returns, regdiff is
		// reading, well past setting up.
		if _, err := stdin.Write([]byte(strings.Repeat("# a comment line of a services file\n", 8000))); err != nil {
			t.Fatal(err)
		}
		cmd.Process.Signal(syscall.SIGINT)
		if !tc.ends {
			time.Sleep(50 * time.Millisecond) // the signal arrives, and is held
			stdin.Write([]byte("local-thing 40000/tcp\n"))
			stdin.Close()
		}
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("regdiff %s still runs 20 s after SIGINT", strings.Join(tc.args, " "))
		}
		stdin.Close()
		var exit *exec.ExitError
		killed := errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGINT
		if killed != tc.ends || !tc.ends && err != nil {
			t.Errorf("regdiff %s after SIGINT: %v (stderr %q)", strings.Join(tc.args, " "), err, stderr.String())
		}
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Contains(b, []byte("local-thing")) {
		t.Errorf("generate -o wrote %d bytes without the merged line (%v)", len(b), err)
	}
}
