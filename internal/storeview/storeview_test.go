package storeview

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/regdiff/regdiff/snapshots"
)

// TestTimelineUnreadableStore: a store that cannot be listed is an error,
// not an empty history.
func TestTimelineUnreadableStore(t *testing.T) {
	if os.Getuid() == 0 {
		// root reads a folder without permissions: use a file instead.
		dir := filepath.Join(t.TempDir(), "file")
		os.WriteFile(dir, []byte("x"), 0o644)
		if _, _, err := Timeline(snapshots.Open(dir)); err == nil {
			t.Fatal("a file as the store: no error")
		}
		return
	}
	dir := t.TempDir()
	os.Chmod(dir, 0)
	defer os.Chmod(dir, 0o755)
	if _, _, err := Timeline(snapshots.Open(dir)); err == nil {
		t.Fatal("an unreadable store: no error")
	}
}

// TestTimelineEmpty: no store, no history, no error.
func TestTimelineEmpty(t *testing.T) {
	list, steps, err := Timeline(snapshots.Open(filepath.Join(t.TempDir(), "none")))
	if err != nil || list != nil || steps != nil {
		t.Fatalf("%v %v %v", list, steps, err)
	}
}
