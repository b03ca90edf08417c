// Package atomicfile writes files so that readers see either the old content
// or the new, never a part, and a failed write leaves nothing behind.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// tempInfix sits between the target's name and the random digits in a
// temporary file's name: ".NAME.tmp-123456789" becomes NAME.
const tempInfix = ".tmp-"

// Write puts data at path: a temporary file in the same folder is written,
// synced and renamed over path, then the folder is synced so the rename
// survives a crash. A path that is a symbolic link is followed, so the link
// stays a link; an existing file keeps its mode, and perm applies to a new
// one. beforeRename, when not nil, runs just before the rename and can veto
// it (tests use it to fail at the last moment). On any error the temporary
// file is removed and path is untouched.
func Write(path string, data []byte, perm os.FileMode, beforeRename func(tmp string) error) (err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tempInfix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		if err = beforeRename(tmp); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// SyncDir flushes a folder's entries (a rename or a removal) to disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// TempTarget reports whether name, a file's base name, is one of Write's
// temporary files, and names the file it was to become. Such a file outlives
// Write only when its process died; whoever removes it must be sure no live
// Write owns it (a lock).
func TempTarget(name string) (target string, ok bool) {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return "", false
	}
	i := strings.LastIndex(rest, tempInfix)
	if i <= 0 {
		return "", false
	}
	digits := rest[i+len(tempInfix):]
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	return rest[:i], true
}
