package snapshots

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/regdiff/regdiff/internal/atomicfile"
)

// lockInfo is the file, beside the snapshots, that names the holder of a
// store's lock while it is held; it is removed when the lock is released.
const lockInfo = ".regdiff-sync.lock"

// ErrLocked is wrapped by Lock's error when another process holds the store.
var ErrLocked = errors.New("the store is locked")

// errBusy is flock's answer when another open file holds the lock.
var errBusy = errors.New("busy")

// lockWait bounds how long a refused Lock waits to learn the holder's name:
// the holder writes it just after taking the flock, so a contender can find
// the flock taken and the name not yet there.
const (
	lockWait = 2 * time.Second
	lockPoll = 2 * time.Millisecond
)

// Lock is a held store lock. Writes to a store (Write, Import,
// SaveValidators) and Clean are meant to run under it: two syncs never write
// one store at once, and Clean can tell a dead run's leftovers from a live
// run's files.
type Lock struct {
	store *Store
	dir   *os.File
}

// Lock takes the store's lock. The lock is an flock(2) on the store folder
// itself, so it dies with its process; while it is held, a small file names
// the holder (pid, host and start time) for the error of whoever else tries.
// A refused Lock returns an error wrapping ErrLocked that names the holder.
// The folder is created if needed.
func (s *Store) Lock(now time.Time) (*Lock, error) {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.Open(s.Dir)
	if err != nil {
		return nil, err
	}
	info := filepath.Join(s.Dir, lockInfo)
	// The holder writes its name just after taking the flock, so a contender
	// may find the flock taken and no name yet, or a name left by a holder
	// that was killed: it waits for the name, trying the flock again
	// meanwhile in case the holder is gone.
	deadline := time.Now().Add(lockWait)
	for {
		err := flock(dir)
		if err == nil {
			break
		}
		if !errors.Is(err, errBusy) {
			dir.Close()
			return nil, fmt.Errorf("lock %s: %v", s.Dir, err)
		}
		h := holder(info)
		if h == "" && time.Now().Before(deadline) {
			time.Sleep(lockPoll)
			continue
		}
		dir.Close()
		return nil, fmt.Errorf("%w: %s holds %s (wait for it to finish)", ErrLocked, cmp.Or(h, "another process"), s.Dir)
	}
	host, _ := os.Hostname()
	line := fmt.Appendf(nil, "pid %d on %s since %s\n", os.Getpid(), host, now.UTC().Format(time.RFC3339))
	// Renamed into place, the name is never seen half written.
	if err := atomicfile.Write(info, line, 0o644, nil); err != nil {
		dir.Close()
		return nil, fmt.Errorf("lock %s: %v", s.Dir, err)
	}
	return &Lock{store: s, dir: dir}, nil
}

// Unlock releases the lock; a second call does nothing.
func (l *Lock) Unlock() {
	if l == nil || l.dir == nil {
		return
	}
	// The name goes first: once the flock is released another holder may
	// write its own.
	os.Remove(filepath.Join(l.store.Dir, lockInfo))
	l.dir.Close() // releases the flock
	l.dir = nil
}

// holder returns the holder named in the lock's file, or "" when there is
// none yet, or the one there names a process of this host that is gone.
func holder(path string) string {
	b, err := os.ReadFile(path)
	h := strings.TrimSpace(string(b))
	if err != nil || h == "" {
		return ""
	}
	var pid int
	var host string
	if _, err := fmt.Sscanf(h, "pid %d on %s", &pid, &host); err == nil {
		if me, _ := os.Hostname(); host == me && !alive(pid) {
			return ""
		}
	}
	return h
}
