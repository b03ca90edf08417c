package diff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	t.Parallel()
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
	// Where diff(1) is installed, the hunks must be the same, for any
	// context and with or without final newlines.
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("no diff(1) to compare with")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		a, b    string
		context int
	}{
		{ta, tb, 3}, {ta, tb, 0}, {ta, tb, 1}, {ta, tb, 10},
		{ta, strings.TrimSuffix(tb, "\n"), 3},
		{strings.TrimSuffix(ta, "\n"), ta, 3},
		{"", "one\n", 3}, {"one\ntwo\n", "", 3},
	} {
		pa, pb := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		os.WriteFile(pa, []byte(tc.a), 0o644)
		os.WriteFile(pb, []byte(tc.b), 0o644)
		out, _ := exec.Command("diff", "-U", fmt.Sprint(tc.context), "--label", "old", "--label", "new", pa, pb).Output()
		if got := Unified("old", "new", tc.a, tc.b, tc.context); string(out) != got {
			t.Errorf("context %d, %d and %d bytes: differs from diff -u:\n--- ours\n%s\n--- diff -u\n%s", tc.context, len(tc.a), len(tc.b), got, out)
		}
	}
}
