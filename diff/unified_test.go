package diff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	var a, b []string
	for i := 1; i <= 30; i++ {
		a = append(a, "line "+string(rune('a'+i%26)))
	}
	b = append(b, a...)
	b[2] = "changed 3"
	b = append(b[:10], b[11:]...)                                  // drop line 11
	b = append(b[:25], append([]string{"inserted"}, b[25:]...)...) // insert before old line 27
	ta, tb := strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n"
	got := Unified("old", "new", ta, tb, 3)
	if !strings.HasPrefix(got, "--- old\n+++ new\n@@ -1,6 +1,6 @@\n line b\n line c\n-line d\n+changed 3\n") {
		t.Errorf("unexpected start:\n%s", got)
	}
	if Unified("a", "b", ta, ta, 3) != "" {
		t.Error("equal texts gave a diff")
	}
	// Where diff(1) is installed, the hunks must be the same.
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("no diff(1) to compare with")
	}
	dir := t.TempDir()
	pa, pb := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(pa, []byte(ta), 0o644)
	os.WriteFile(pb, []byte(tb), 0o644)
	out, _ := exec.Command("diff", "-u", "--label", "old", "--label", "new", pa, pb).Output()
	if string(out) != got {
		t.Errorf("differs from diff -u:\n--- ours\n%s\n--- diff -u\n%s", got, out)
	}
}
