package snapshots

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	t.Parallel()
	st := Open(filepath.Join(t.TempDir(), "store"))
	lock, err := st.Lock(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Lock(time.Now())
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d ", os.Getpid())) {
		t.Fatalf("second lock: %v, want ErrLocked naming the holder", err)
	}
	lock.Unlock()
	lock.Unlock() // a second call does nothing
	if des, _ := os.ReadDir(st.Dir); len(des) != 0 {
		t.Errorf("the store holds %d files after unlock, want none", len(des))
	}
	lock2, err := st.Lock(time.Now())
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	lock2.Unlock()
}

// TestLockStaleHolder: the name left by a holder that was killed is not
// taken for the name of the one holding the lock now.
func TestLockStaleHolder(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1) to get a dead pid from")
	}
	host, _ := os.Hostname()
	stale := fmt.Sprintf("pid %d on %s since 2026-01-01T00:00:00Z\n", cmd.Process.Pid, host)
	os.WriteFile(filepath.Join(st.Dir, lockInfo), []byte(stale), 0o644)
	if h := holder(filepath.Join(st.Dir, lockInfo)); h != "" {
		t.Errorf("holder = %q, want none: that process is gone", h)
	}
	lock, err := st.Lock(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	if h := holder(filepath.Join(st.Dir, lockInfo)); !strings.HasPrefix(h, fmt.Sprintf("pid %d ", os.Getpid())) {
		t.Errorf("holder = %q, want this process", h)
	}
}

// lockerEnv makes the test binary a locker process for
// TestLockNamesHolderUnderContention: flock(2) locks are per open file, and
// the holder's name is per process, so contention wants processes.
const lockerEnv = "REGDIFF_TEST_LOCKER"

// TestLockNamesHolderUnderContention runs processes that take and release
// one store's lock as fast as they can: every refusal must name the holder's
// pid. Before the fix, about one refusal in four said "another process".
func TestLockNamesHolderUnderContention(t *testing.T) {
	t.Parallel()
	if dir := os.Getenv(lockerEnv); dir != "" {
		locker(dir)
		return
	}
	dir := t.TempDir()
	outs := make([][]byte, 4)
	errs := make([]error, len(outs))
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLockNamesHolderUnderContention$", "-test.count=1")
			cmd.Env = append(os.Environ(), lockerEnv+"="+dir)
			outs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	refused := 0
	for i, out := range outs {
		if errs[i] != nil {
			t.Fatalf("locker %d: %v\n%s", i, errs[i], out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if msg, ok := strings.CutPrefix(line, "refused: "); ok {
				refused++
				if !regexp.MustCompile(`: pid \d+ on \S+ since \S+ holds `).MatchString(msg) {
					t.Errorf("locker %d: %s", i, msg)
				}
			}
			if msg, ok := strings.CutPrefix(line, "error: "); ok {
				t.Errorf("locker %d: %s", i, msg)
			}
		}
	}
	if refused == 0 {
		t.Error("no locker was ever refused: the test did not contend")
	}
	t.Logf("%d refusals, each naming the holder", refused)
	if des, _ := os.ReadDir(dir); len(des) != 0 {
		t.Errorf("the store holds %d files after the lockers, want none", len(des))
	}
}

func locker(dir string) {
	st := Open(dir)
	for range 150 {
		lock, err := st.Lock(time.Now())
		switch {
		case err == nil:
			lock.Unlock()
		case errors.Is(err, ErrLocked):
			fmt.Println("refused:", err)
		default:
			fmt.Println("error:", err)
		}
	}
}
