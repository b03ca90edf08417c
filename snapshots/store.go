package snapshots

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/registry"
)

// FormatVersion is the version of the sidecar's layout.
const FormatVersion = 1

// Meta is a snapshot's sidecar: where the registry came from and what it
// holds.
type Meta struct {
	Format int `json:"format"`
	// Name is the snapshot's name: its registry date, plus ".N" when
	// another snapshot already has that date.
	Name string `json:"name"`
	// RegistryDate is the newest registration or modification date inside
	// the registry.
	RegistryDate string `json:"registry_date"`
	Source       string `json:"source"` // URL or file the registry came from
	// FetchedAt is when the registry was downloaded or imported.
	FetchedAt    time.Time `json:"fetched_at"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	RawSHA256    string    `json:"raw_sha256"` // of the bytes as downloaded
	RawBytes     int64     `json:"raw_bytes"`
	// SHA256 is the hash of the snapshot's CSV: the snapshot's identity.
	SHA256 string         `json:"sha256"`
	Rows   int            `json:"rows"`
	Kinds  map[string]int `json:"kinds"`
}

// Source describes where a registry came from, for the sidecar.
type Source struct {
	URL          string
	FetchedAt    time.Time
	ETag         string
	LastModified string
	Raw          []byte // the bytes as downloaded, hashed into the sidecar
}

// Snapshot is one snapshot in a store.
type Snapshot struct {
	Meta
	Dir string
}

// CSVPath is the path of the snapshot's CSV.
func (s Snapshot) CSVPath() string { return filepath.Join(s.Dir, s.Name+".csv") }

// MetaPath is the path of the snapshot's sidecar.
func (s Snapshot) MetaPath() string { return filepath.Join(s.Dir, s.Name+".json") }

// Load reads the snapshot's registry.
func (s Snapshot) Load() (*registry.Registry, error) {
	return loadCSV(s.CSVPath())
}

// Store is a folder of snapshots.
type Store struct {
	Dir string
	// IndexDir is the cache folder of the store's index (index.go); ""
	// is the user's cache folder.
	IndexDir string

	// beforeCommit runs before each file is renamed into place; tests set
	// it to fail a write at the last moment.
	beforeCommit func(tmp string) error
}

// Open returns the store in dir. The folder is created on the first write.
func Open(dir string) *Store { return &Store{Dir: dir} }

// nameRE matches snapshot names: a registry date (YYYY-MM-DD, or YYYY-MM when
// the newest date has no day, or "undated"), and ".N" from 2 on.
var nameRE = regexp.MustCompile(`^(\d{4}-\d{2}(?:-\d{2})?|undated)(?:\.([2-9]|[1-9]\d+))?$`)

// List returns the store's snapshots, oldest first (by registry date, then
// sequence). A store folder that does not exist is empty.
func (s *Store) List() ([]Snapshot, error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Snapshot
	for _, de := range des {
		name, ok := strings.CutSuffix(de.Name(), ".csv")
		if !ok || !de.Type().IsRegular() || !nameRE.MatchString(name) {
			continue
		}
		snap := Snapshot{Dir: s.Dir}
		b, err := os.ReadFile(filepath.Join(s.Dir, name+".json"))
		if err != nil {
			return nil, fmt.Errorf("snapshot %s has no readable sidecar: %w (restore %s.json, or move %s.csv out of the store)", filepath.Join(s.Dir, de.Name()), err, name, name)
		}
		if err := json.Unmarshal(b, &snap.Meta); err != nil {
			return nil, fmt.Errorf("%s: bad sidecar: %v", filepath.Join(s.Dir, name+".json"), err)
		}
		if snap.Name != name {
			return nil, fmt.Errorf("%s: sidecar names snapshot %q, not %q", filepath.Join(s.Dir, name+".json"), snap.Name, name)
		}
		out = append(out, snap)
	}
	slices.SortFunc(out, func(a, b Snapshot) int { return compareNames(a.Name, b.Name) })
	return out, nil
}

// compareNames orders snapshot names by date, then sequence; "undated"
// (a registry with no date at all) sorts before every date.
func compareNames(a, b string) int {
	da, sa := splitName(a)
	db, sb := splitName(b)
	if da == "undated" {
		da = ""
	}
	if db == "undated" {
		db = ""
	}
	if c := strings.Compare(da, db); c != 0 {
		return c
	}
	return cmp.Compare(sa, sb)
}

// splitName splits "2026-04-09.2" into its date and sequence (1 when absent).
func splitName(name string) (date string, seq int) {
	m := nameRE.FindStringSubmatch(name)
	if m == nil {
		return name, 0
	}
	seq = 1
	if m[2] != "" {
		seq, _ = strconv.Atoi(m[2])
	}
	return m[1], seq
}

// Latest returns the newest snapshot; ok is false when the store is empty.
func (s *Store) Latest() (snap Snapshot, ok bool, err error) {
	list, err := s.List()
	if err != nil || len(list) == 0 {
		return Snapshot{}, false, err
	}
	return list[len(list)-1], true, nil
}

// Find returns the snapshot of a name ("2026-04-09.2"), or the newest one of
// a date ("2026-04-09").
func (s *Store) Find(name string) (Snapshot, error) {
	list, err := s.List()
	if err != nil {
		return Snapshot{}, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		if d, _ := splitName(list[i].Name); list[i].Name == name || d == name {
			return list[i], nil
		}
	}
	var names []string
	for _, sn := range list {
		names = append(names, sn.Name)
	}
	hint := "the store is empty"
	if len(names) > 0 {
		hint = "have " + strings.Join(names, ", ")
	}
	return Snapshot{}, fmt.Errorf("no snapshot %q in %s (%s)", name, s.Dir, hint)
}

// Write stores reg as a new snapshot. When the store already holds the same
// content (same CSV bytes) under the registry's date, nothing is written and
// created is false.
func (s *Store) Write(reg *registry.Registry, src Source) (snap Snapshot, created bool, err error) {
	var csvBuf bytes.Buffer
	if err := reg.WriteCSV(&csvBuf); err != nil {
		return Snapshot{}, false, err
	}
	meta := NewMeta(reg, csvBuf.Bytes(), src)

	list, err := s.List()
	if err != nil {
		return Snapshot{}, false, err
	}
	taken := map[string]bool{}
	for _, sn := range list {
		if d, _ := splitName(sn.Name); d == meta.RegistryDate {
			if sn.SHA256 == meta.SHA256 {
				return sn, false, nil
			}
			taken[sn.Name] = true
		}
	}
	meta.Name = meta.RegistryDate
	for n := 2; taken[meta.Name] || exists(filepath.Join(s.Dir, meta.Name+".csv")); n++ {
		meta.Name = meta.RegistryDate + "." + strconv.Itoa(n)
	}
	snap = Snapshot{Meta: meta, Dir: s.Dir}

	metaJSON, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return Snapshot{}, false, err
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return Snapshot{}, false, err
	}
	// The sidecar first, the CSV last: the CSV's rename is what makes the
	// snapshot exist, so a crash in between leaves no half snapshot.
	if err := atomicfile.Write(snap.MetaPath(), append(metaJSON, '\n'), 0o644, s.beforeCommit); err != nil {
		return Snapshot{}, false, fmt.Errorf("write snapshot %s: %w", snap.MetaPath(), err)
	}
	if err := atomicfile.Write(snap.CSVPath(), csvBuf.Bytes(), 0o644, s.beforeCommit); err != nil {
		if exists(snap.CSVPath()) {
			// Only the folder's sync failed, after the rename: the snapshot
			// is whole; removing its sidecar now would break the store.
			return snap, true, nil
		}
		os.Remove(snap.MetaPath())
		return Snapshot{}, false, fmt.Errorf("write snapshot %s: %w", snap.CSVPath(), err)
	}
	return snap, true, nil
}

// NewMeta describes reg, whose snapshot CSV is csv, as fetched from src. The
// name is the registry date; the store adds a sequence when needed.
func NewMeta(reg *registry.Registry, csv []byte, src Source) Meta {
	date := reg.Date().String()
	if date == "" {
		date = "undated"
	}
	kinds := make(map[string]int)
	for k, n := range reg.Counts() {
		kinds[k.String()] = n
	}
	return Meta{
		Format:       FormatVersion,
		Name:         date,
		RegistryDate: date,
		Source:       src.URL,
		FetchedAt:    src.FetchedAt.UTC(),
		ETag:         src.ETag,
		LastModified: src.LastModified,
		RawSHA256:    hexSum(src.Raw),
		RawBytes:     int64(len(src.Raw)),
		SHA256:       hexSum(csv),
		Rows:         len(reg.Entries),
		Kinds:        kinds,
	}
}

func hexSum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func loadCSV(path string) (*registry.Registry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return registry.ParseNamed(f, path)
}
