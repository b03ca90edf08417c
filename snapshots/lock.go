package snapshots

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockInfo is the file, beside the snapshots, that names the holder of a
// store's lock while it is held; it is removed when the lock is released.
const lockInfo = ".regdiff-sync.lock"

// ErrLocked is wrapped by Lock's error when another process holds the store.
var ErrLocked = errors.New("the store is locked")

// Lock takes the store's lock so that two syncs never write one store at
// once. The lock is an flock(2) on the store folder itself, so it dies with
// its process and leaves nothing behind; the holder's pid, host and start
// time are written to a small file while it is held, to name it in the
// other's error. The folder is created if needed.
func (s *Store) Lock(now time.Time) (unlock func(), err error) {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.Open(s.Dir)
	if err != nil {
		return nil, err
	}
	if err := flock(dir); err != nil {
		dir.Close()
		holder, _ := os.ReadFile(filepath.Join(s.Dir, lockInfo))
		h := strings.TrimSpace(string(holder))
		if h == "" {
			h = "another process"
		}
		return nil, fmt.Errorf("%w: %s holds %s (wait for it to finish)", ErrLocked, h, s.Dir)
	}
	host, _ := os.Hostname()
	info := filepath.Join(s.Dir, lockInfo)
	os.WriteFile(info, fmt.Appendf(nil, "pid %d on %s since %s\n", os.Getpid(), host, now.UTC().Format(time.RFC3339)), 0o644) //nolint:errcheck // the name is a courtesy
	return func() {
		os.Remove(info)
		dir.Close() // releases the flock
	}, nil
}
