package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output writes data where a user pointed -o: a regular file (new or not) is
// replaced atomically by [Write], and with backup its old content is kept
// first as path.bak with the old file's mode. Anything else that can be
// written to (a device such as /dev/null, a FIFO, a socket, a terminal or
// pipe behind /dev/stdout) is written straight into, with no temporary
// file, rename or backup: renaming over a device would replace it with a
// regular file, and reading a pipe for a backup would hang. "-" is w.
//
// The error says what was left as it was.
func Output(path string, data []byte, backup bool, w io.Writer) error {
	if path == "-" {
		_, err := w.Write(data)
		return err
	}
	fi, err := os.Stat(path) // follows links: /dev/stdout is a link
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(path)
		if di, err := os.Stat(dir); err != nil || !di.IsDir() {
			return fmt.Errorf("write %s: the folder %s does not exist (nothing was written)", path, dir)
		}
		if err := Write(path, data, 0o644, nil); err != nil {
			return fmt.Errorf("write %s: %v (nothing was written)", path, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("write %s: %v (nothing was written)", path, err)
	case fi.IsDir():
		return fmt.Errorf("write %s: it is a folder; give a file name (nothing was written)", path)
	case !fi.Mode().IsRegular():
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s: %v", path, err)
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %v", path, err)
		}
		return nil
	}
	if backup {
		old, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("keep %s.bak: %v (nothing was written)", path, err)
		}
		bak := path + ".bak"
		if err := Write(bak, old, fi.Mode().Perm(), nil); err != nil {
			return fmt.Errorf("keep %s: %v (nothing was written)", bak, err)
		}
		// Write keeps an existing .bak's mode; the backup takes the original's.
		if err := os.Chmod(bak, fi.Mode().Perm()); err != nil {
			return fmt.Errorf("keep %s: %v (nothing was written)", bak, err)
		}
	}
	if err := Write(path, data, 0o644, nil); err != nil {
		return fmt.Errorf("write %s: %v (the old file is untouched)", path, err)
	}
	return nil
}
