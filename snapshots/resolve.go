package snapshots

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	switch ref {
	case "embedded":
		return Embedded()
	case "", "latest":
		snap, ok, err := store.Latest()
		if err != nil {
			return nil, Meta{}, err
		}
		em, err := EmbeddedMeta()
		if err != nil {
			return nil, Meta{}, err
		}
		// The embedded copy wins when the store's latest is of an older
		// registry date (a binary newer than the store), and a tie of
		// content: it loads several times faster. Dates, not names: a
		// revert can make 2026-04-09 the latest after 2026-04-09.2.
		if !ok || compareNames(snap.RegistryDate, em.RegistryDate) < 0 || snap.SHA256 == em.SHA256 {
			return Embedded()
		}
		reg, err := snap.Load()
		return reg, snap.Meta, err
	}
	if nameRE.MatchString(ref) && !exists(ref) {
		snap, err := store.Find(ref)
		if err != nil {
			return nil, Meta{}, err
		}
		reg, err := snap.Load()
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
		reg, err := snap.Load()
		return reg, snap.Meta, err
	}
	return LoadFile(ref)
}

// LoadFile reads a snapshot CSV or a raw IANA CSV. A snapshot's sidecar is
// used when it lies beside the file and describes exactly these bytes;
// otherwise the sidecar is made up from the file.
func LoadFile(path string) (*registry.Registry, Meta, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, Meta{}, err
	}
	reg, err := registry.ParseNamed(bytes.NewReader(raw), path)
	if err != nil {
		return nil, Meta{}, err
	}
	side := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	var m Meta
	if b, err := os.ReadFile(side); err == nil && json.Unmarshal(b, &m) == nil && m.SHA256 == hexSum(raw) {
		return reg, m, nil
	}
	var canon bytes.Buffer
	if err := reg.WriteCSV(&canon); err != nil {
		return nil, Meta{}, err
	}
	return reg, NewMeta(reg, canon.Bytes(), Source{URL: path, Raw: raw}), nil
}
