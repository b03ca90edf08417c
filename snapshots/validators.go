package snapshots

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"

	"github.com/regdiff/regdiff/internal/atomicfile"
)

// ValidatorsFile holds, in the store folder, the HTTP validators of the last
// successful fetch of each source URL.
const ValidatorsFile = "validators.json"

// validators is the file's content: source URL -> validators. encoding/json
// writes a map's keys sorted, so the file is deterministic.
type validators map[string]validator

type validator struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// ValidatorsPath is the path of the store's validators file.
func (s *Store) ValidatorsPath() string { return filepath.Join(s.Dir, ValidatorsFile) }

// Validators returns the ETag and Last-Modified to send with the next fetch
// of url: those of the last successful fetch of url, whatever it wrote (a new
// snapshot, a revert, nothing). A store without a record of url falls back to
// the latest snapshot's sidecar when it came from url, and then to none: an
// unconditional fetch is always safe, so a damaged file is not an error here
// (Verify reports it).
func (s *Store) Validators(url string) (etag, lastModified string) {
	if m, err := s.readValidators(); err == nil {
		if v, ok := m[url]; ok {
			return v.ETag, v.LastModified
		}
	}
	if snap, ok, err := s.Latest(); err == nil && ok && snap.Source == url {
		return snap.ETag, snap.LastModified
	}
	return "", ""
}

// SaveValidators records the validators of a successful fetch of url (a 200,
// or a 304 with the validators it was sent when it echoes none), replacing
// what was recorded for url; both empty forgets url. It writes nothing when
// the record does not change, so the file changes only when the server's
// validators do, and never creates the store folder. A damaged file is
// replaced. Run it under the store's Lock.
func (s *Store) SaveValidators(url, etag, lastModified string) error {
	m, err := s.readValidators()
	if err != nil {
		m = validators{}
	}
	old := maps.Clone(m)
	if etag == "" && lastModified == "" {
		delete(m, url)
	} else {
		m[url] = validator{ETag: etag, LastModified: lastModified}
	}
	if err == nil && maps.Equal(old, m) {
		return nil
	}
	if len(m) == 0 {
		if err := os.Remove(s.ValidatorsPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(s.ValidatorsPath(), append(b, '\n'), 0o644, s.beforeCommit); err != nil {
		return fmt.Errorf("write %s: %w", s.ValidatorsPath(), err)
	}
	return nil
}

// readValidators returns the recorded validators; none when there is no
// file.
func (s *Store) readValidators() (validators, error) {
	b, err := os.ReadFile(s.ValidatorsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return validators{}, nil
	}
	if err != nil {
		return nil, err
	}
	m := validators{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", s.ValidatorsPath(), err)
	}
	if m == nil { // the file says null
		m = validators{}
	}
	return m, nil
}
