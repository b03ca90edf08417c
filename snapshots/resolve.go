package snapshots

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

// Resolve finds the registry a reference names:
//
//   - "embedded": the snapshot built into the binary;
//   - "latest" (or ""): the newest snapshot in store, or the embedded one
//     when the store has none or only older ones (a binary newer than the
//     store);
//   - a snapshot name or date in store: "2024-08-13", "2026-04-09.2";
//   - a path to a snapshot CSV or a raw IANA CSV (either header
//     generation), or to a store folder (its newest snapshot, even when the
//     embedded one is newer).
func Resolve(ref string, store *Store) (*registry.Registry, Meta, error) {
	return resolve(ref, store, true)
}

// ResolveRows is [Resolve] for commands that name nobody: the people files
// are not read (nor checked), and the registry has no People unless it was
// read from an XML.
func ResolveRows(ref string, store *Store) (*registry.Registry, Meta, error) {
	return resolve(ref, store, false)
}

func resolve(ref string, store *Store, people bool) (*registry.Registry, Meta, error) {
	switch ref {
	case "embedded":
		return embedded(people)
	case "", "latest":
		snap, ok, err := store.Latest()
		if err != nil {
			return nil, Meta{}, err
		}
		em := EmbeddedMeta()
		// The embedded copy wins when the store's latest is of an older
		// registry date (a binary newer than the store), and a tie of
		// content: it loads several times faster. Dates, not names: a
		// revert can make 2026-04-09 the latest after 2026-04-09.2.
		if !ok || compareNames(snap.RegistryDate, em.RegistryDate) < 0 || snap.SHA256 == em.SHA256 {
			return embedded(people)
		}
		reg, err := snap.load(people)
		return reg, snap.Meta, err
	}
	if nameRE().MatchString(ref) && !exists(ref) {
		snap, err := store.Find(ref)
		if err != nil {
			return nil, Meta{}, err
		}
		reg, err := snap.load(people)
		return reg, snap.Meta, err
	}
	fi, err := os.Stat(ref)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("registry %q: not a file, a snapshot or a keyword (want embedded, latest, a date such as 2024-08-13, or a CSV path): %w", ref, err)
	}
	if fi.IsDir() {
		snap, ok, err := Open(ref).Latest()
		if err != nil {
			return nil, Meta{}, err
		}
		if !ok {
			return nil, Meta{}, fmt.Errorf("registry %q: the folder holds no snapshot", ref)
		}
		reg, err := snap.load(people)
		return reg, snap.Meta, err
	}
	return loadFile(ref, people)
}

// LoadFile reads a snapshot CSV or a raw IANA CSV. A snapshot's sidecar
// (the same path ending in .json) is used when it describes exactly these
// bytes, and one that describes other bytes is refused: the file was changed
// or replaced. A file with no sidecar (a raw IANA CSV) gets one made up from
// the file; a .json that is not a sidecar (no sha256) is not one.
func LoadFile(path string) (*registry.Registry, Meta, error) {
	return loadFile(path, true)
}

func loadFile(path string, people bool) (*registry.Registry, Meta, error) {
	raw, err := ReadFile(path)
	if err != nil {
		return nil, Meta{}, err
	}
	side := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	var m Meta
	b, err := os.ReadFile(side)
	if side == path {
		err = fs.ErrNotExist // a file is not its own sidecar
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, Meta{}, err
	}
	if err == nil {
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, Meta{}, fmt.Errorf("%s: the sidecar of %s does not parse: %v (restore it, or move it away to read %s as a raw CSV)", side, path, err, path)
		}
		if m.SHA256 != "" {
			if err := (Snapshot{Meta: m}).checkFile(path, side, raw); err != nil {
				return nil, Meta{}, err
			}
		}
	}
	reg, _, err := registry.ParseAnyBytes(raw, path)
	if err != nil {
		return nil, Meta{}, err
	}
	if m.SHA256 != "" {
		if !people {
			return reg, m, nil
		}
		if reg.People, err = (Snapshot{Meta: m, Dir: filepath.Dir(path)}).LoadPeople(); err != nil {
			return nil, Meta{}, err
		}
		return reg, m, nil
	}
	var canon bytes.Buffer
	if err := reg.WriteCSV(&canon); err != nil {
		return nil, Meta{}, err
	}
	return reg, NewMeta(reg, canon.Bytes(), Source{URL: path, Raw: raw}), nil
}

// ReadFile reads a registry file of at most registry.MaxBytes: a device
// or pipe is read up to the cap, never without end.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooBig := fmt.Errorf("%s is over %d MiB, the most a registry file may be (IANA's is about 4 MB): is this the registry?", path, registry.MaxBytes>>20)
	size := int64(8 << 10) // what to read first
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a registry file", path)
	} else if err == nil && fi.Mode().IsRegular() {
		if fi.Size() > registry.MaxBytes {
			return nil, tooBig
		}
		size = max(fi.Size()+1, 1) // a file of known size is read in one go
	}
	// The registry is text: NUL bytes at the start (a device such as
	// /dev/zero, a compressed or binary file) end the read at once.
	head := make([]byte, size)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("read %s: %v", path, err)
	}
	if bytes.IndexByte(head[:min(n, 8<<10)], 0) >= 0 {
		return nil, fmt.Errorf("%s holds NUL bytes: binary data, not the registry's CSV or XML", path)
	}
	if n < len(head) { // the whole file
		return head[:n], nil
	}
	rest, err := io.ReadAll(io.LimitReader(f, registry.MaxBytes+1-int64(n)))
	if err != nil {
		return nil, fmt.Errorf("read %s: %v", path, err)
	}
	if n+len(rest) > registry.MaxBytes {
		return nil, tooBig
	}
	return append(head[:n], rest...), nil
}
