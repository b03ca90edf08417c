package snapshots

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	st := Open(filepath.Join(t.TempDir(), "store"))
	unlock, err := st.Lock(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Lock(time.Now())
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid ") {
		t.Fatalf("second lock: %v, want ErrLocked naming the holder", err)
	}
	unlock()
	if des, _ := os.ReadDir(st.Dir); len(des) != 0 {
		t.Errorf("the store holds %d files after unlock, want none", len(des))
	}
	unlock2, err := st.Lock(time.Now())
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
}
