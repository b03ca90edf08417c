package snapshots

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// PeopleSHA256 is the hash of the people file (NAME.people.csv), which
	// only a registry read from IANA's XML has; People counts its persons.
	// The rows and the people together are the snapshot's content.
	PeopleSHA256 string `json:"people_sha256,omitempty"`
	People       int    `json:"people,omitempty"`
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

// PeoplePath is the path of the snapshot's people file, which only a
// registry read from IANA's XML has.
func (s Snapshot) PeoplePath() string { return filepath.Join(s.Dir, s.Name+".people.csv") }

// Files returns the paths of the snapshot's files that exist, as a commit
// of the snapshot holds them: the CSV, the sidecar, and the people file when
// there is one.
func (s Snapshot) Files() []string {
	files := []string{s.CSVPath(), s.MetaPath()}
	if exists(s.PeoplePath()) {
		files = append(files, s.PeoplePath())
	}
	return files
}

// Load reads the snapshot's registry, after checking that the CSV is the one
// its sidecar describes (its sha256).
func (s Snapshot) Load() (*registry.Registry, error) { return s.load(true) }

// load is Load, with the people or without.
func (s Snapshot) load(people bool) (*registry.Registry, error) {
	f, err := os.Open(s.CSVPath())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The hash is taken as the parser reads, so the file is read once and
	// never held whole; a mismatch wins over a parse error, which it
	// explains.
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	h := sha256.New()
	reg, perr := registry.ParseCanonical(io.TeeReader(f, h), s.CSVPath(), size)
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	if err := s.checkSum(s.CSVPath(), s.MetaPath(), hex.EncodeToString(h.Sum(nil))); err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, perr
	}
	if !people {
		return reg, nil
	}
	if reg.People, err = s.LoadPeople(); err != nil {
		return nil, err
	}
	return reg, nil
}

// LoadPeople reads the snapshot's people file, checked against the sidecar;
// nil when the snapshot has none (it was made from a CSV).
func (s Snapshot) LoadPeople() (registry.People, error) {
	if s.PeopleSHA256 == "" {
		return nil, nil
	}
	b, err := os.ReadFile(s.PeoplePath())
	if err != nil {
		return nil, fmt.Errorf("%v (the sidecar %s says the snapshot has people: restore the file from git)", err, s.MetaPath())
	}
	if got := hexSum(b); got != s.PeopleSHA256 {
		return nil, fmt.Errorf("%s does not match its sidecar %s: sha256 %.12s, the sidecar says %.12s (restore both files from git)", s.PeoplePath(), s.MetaPath(), got, s.PeopleSHA256)
	}
	people, err := registry.ParsePeopleCSV(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", s.PeoplePath(), err)
	}
	return people, nil
}

// checkFile refuses a CSV, csv at path, whose bytes are not the ones the
// sidecar at side describes.
func (s Snapshot) checkFile(path, side string, csv []byte) error {
	return s.checkSum(path, side, hexSum(csv))
}

// checkSum refuses a CSV at path whose sha256 is not the one the sidecar at
// side describes.
func (s Snapshot) checkSum(path, side, got string) error {
	if got != s.SHA256 {
		return fmt.Errorf("%s does not match its sidecar %s: sha256 %.12s, the sidecar says %.12s (the CSV was changed or replaced: restore both files from git, or move them out of the store)",
			path, side, got, cmp.Or(s.SHA256, "nothing"))
	}
	return nil
}

// Store is a folder of snapshots, with its journal.
type Store struct {
	Dir string
	// IndexDir is the cache folder of the store's index (index.go); ""
	// is the user's cache folder.
	IndexDir string

	// beforeCommit runs before each file is renamed into place; tests set
	// it to fail a write at the last moment.
	beforeCommit func(tmp string) error

	// memo is the index data last read or built (see memoIndex).
	memo struct {
		sync.Mutex
		path string
		size int64
		mod  time.Time
		d    *indexData
	}
}

// Open returns the store in dir. The folder is created on the first write.
func Open(dir string) *Store { return &Store{Dir: dir} }

// nameRE matches snapshot names: a registry date (YYYY-MM-DD, or YYYY-MM when
// the newest date has no day, or "undated"), and ".N" from 2 on.
//
// Compiled on first use: a command that opens no store, like version, does
// not pay for it at start.
var nameRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\d{4}-\d{2}(?:-\d{2})?|undated)(?:\.([2-9]|[1-9]\d+))?$`)
})

// HasSnapshots reports whether the folder holds a snapshot CSV, reading
// only the folder: no sidecar, no journal.
func (s *Store) HasSnapshots() bool {
	des, err := os.ReadDir(s.Dir)
	if err != nil {
		return false
	}
	for _, de := range des {
		if name, ok := strings.CutSuffix(de.Name(), ".csv"); ok && de.Type().IsRegular() && nameRE().MatchString(name) {
			return true
		}
	}
	return false
}

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
		if !ok || !de.Type().IsRegular() || !nameRE().MatchString(name) {
			continue
		}
		snap, err := s.read(name)
		if err != nil {
			return nil, err
		}
		out = append(out, snap)
	}
	slices.SortFunc(out, func(a, b Snapshot) int { return compareNames(a.Name, b.Name) })
	return out, nil
}

// read returns the snapshot of a name. Its error wraps fs.ErrNotExist only
// when the snapshot's CSV does not exist.
func (s *Store) read(name string) (Snapshot, error) {
	snap := Snapshot{Dir: s.Dir}
	csv := filepath.Join(s.Dir, name+".csv")
	fi, err := os.Lstat(csv)
	if err != nil {
		return Snapshot{}, err
	}
	if !fi.Mode().IsRegular() {
		return Snapshot{}, fmt.Errorf("snapshot %s is not a regular file (replace it by the file itself)", csv)
	}
	side := filepath.Join(s.Dir, name+".json")
	b, err := os.ReadFile(side)
	if err != nil {
		return Snapshot{}, fmt.Errorf("snapshot %s has no readable sidecar: %v (restore %s.json, or move %s.csv out of the store)", csv, err, name, name)
	}
	if err := json.Unmarshal(b, &snap.Meta); err != nil {
		return Snapshot{}, fmt.Errorf("%s: bad sidecar: %v (restore it from git)", side, err)
	}
	if snap.Name != name {
		return Snapshot{}, fmt.Errorf("%s: sidecar names snapshot %q, not %q (restore it from git)", side, snap.Name, name)
	}
	return snap, nil
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
	m := nameRE().FindStringSubmatch(name)
	if m == nil {
		return name, 0
	}
	seq = 1
	if m[2] != "" {
		seq, _ = strconv.Atoi(m[2])
	}
	return m[1], seq
}

// Latest returns the store's latest snapshot, the content most recently
// fetched: the one the journal's last event leaves latest. A store without a
// journal (written before it existed, such as the repository's committed
// history) falls back to the highest name, newest date then highest ".N".
// A store without snapshots gives the zero Snapshot and false.
// ok is false when the store holds no snapshot.
func (s *Store) Latest() (snap Snapshot, ok bool, err error) {
	evs, _, err := s.readJournal()
	if err != nil {
		return Snapshot{}, false, err
	}
	if len(evs) == 0 {
		return s.highest()
	}
	ev := evs[len(evs)-1]
	snap, err = s.read(ev.Latest())
	if err != nil {
		return Snapshot{}, false, fmt.Errorf("%s: the latest snapshot, %s: %w", s.JournalPath(), ev.Latest(), err)
	}
	if ev.Latest() == ev.Snapshot && snap.SHA256 != ev.SHA256 {
		return Snapshot{}, false, fmt.Errorf("%s: the latest snapshot, %s, has sha256 %.12s, the journal says %.12s (it was replaced: restore it from git)", s.JournalPath(), snap.Name, snap.SHA256, ev.SHA256)
	}
	return snap, true, nil
}

// highest returns the snapshot with the highest name, reading no other
// sidecar.
func (s *Store) highest() (Snapshot, bool, error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Snapshot{}, false, nil
	}
	if err != nil {
		return Snapshot{}, false, err
	}
	best := ""
	for _, de := range des {
		name, ok := strings.CutSuffix(de.Name(), ".csv")
		if ok && de.Type().IsRegular() && nameRE().MatchString(name) && (best == "" || compareNames(name, best) > 0) {
			best = name
		}
	}
	if best == "" {
		return Snapshot{}, false, nil
	}
	snap, err := s.read(best)
	return snap, err == nil, err
}

// Find returns the snapshot named exactly name ("2026-04-09",
// "2026-04-09.2"). Only when no snapshot has that name does a bare date
// stand for a snapshot of that date: the one fetched most recently by the
// journal, else the highest ".N".
func (s *Store) Find(name string) (Snapshot, error) {
	if nameRE().MatchString(name) {
		snap, err := s.read(name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return snap, err
		}
	}
	list, err := s.List()
	if err != nil {
		return Snapshot{}, err
	}
	if date, seq := splitName(name); seq == 1 && date == name {
		evs, err := s.Events()
		if err != nil {
			return Snapshot{}, err
		}
		last := map[string]int{} // a snapshot's last event, from 1
		for i, ev := range evs {
			last[ev.Snapshot] = i + 1
		}
		best := -1
		for i, sn := range list {
			d, _ := splitName(sn.Name)
			if d == date && (best < 0 || last[sn.Name] > last[list[best].Name] ||
				last[sn.Name] == last[list[best].Name] && compareNames(sn.Name, list[best].Name) > 0) {
				best = i
			}
		}
		if best >= 0 {
			return list[best], nil
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

// WriteResult is what Write and Import did.
type WriteResult struct {
	// Enriched: the store held these rows without people, and now has the
	// people too (an XML of a registry imported from its CSV before).
	Enriched bool
	// Snapshot holds the content written: a new snapshot, or the one that
	// already held it.
	Snapshot Snapshot
	// Created is true when Snapshot's files were written.
	Created bool
	// Event is the journal line written: EventNew, EventRevert, EventImport
	// or EventBackfill; nil when nothing was written (the content is already
	// the latest, or an import of content the store holds).
	Event *Event
	// Previous is the latest snapshot before the write, "" for none.
	Previous string
	// Written lists the files written, as a commit of the change holds
	// them: the snapshot's files when Created, and the journal.
	Written []string
}

// Reverted reports whether the write made an older snapshot the latest
// again.
func (r WriteResult) Reverted() bool { return r.Event != nil && r.Event.Type == EventRevert }

// Write records reg, just fetched from src, as the store's latest content.
//
//   - Content the store does not hold becomes a new snapshot (EventNew).
//   - Content the latest snapshot holds writes nothing at all: an unchanged
//     fetch leaves no trace.
//   - Content an older snapshot holds (the registry went A -> B -> A) makes
//     that snapshot the latest again (EventRevert); only the journal is
//     written.
//
// Every check that can fail (the registry's CSV, the store's sidecars and
// journal) runs before anything is written, the store folder included. Run
// it under the store's Lock.
func (s *Store) Write(reg *registry.Registry, src Source) (WriteResult, error) {
	return s.write(reg, src, false)
}

// Import records reg, read from a file, as a piece of the store's history:
// it becomes a snapshot unless the store holds its content (then nothing is
// written, whatever the latest is: an import never reverts), and it is the
// latest only when its registry date is newer than the latest snapshot's
// (EventImport); an older or same-dated one is recorded as EventBackfill and
// leaves the latest as it was. Checks run first, as for Write; run it under
// the store's Lock.
func (s *Store) Import(reg *registry.Registry, src Source) (WriteResult, error) {
	return s.write(reg, src, true)
}

func (s *Store) write(reg *registry.Registry, src Source, imported bool) (WriteResult, error) {
	var csvBuf bytes.Buffer
	csvBuf.Grow(88 * len(reg.Entries)) // about the size of the CSV: it is not copied as it grows
	if err := reg.WriteCSV(&csvBuf); err != nil {
		return WriteResult{}, err
	}
	meta := NewMeta(reg, csvBuf.Bytes(), src)
	var peopleBuf bytes.Buffer
	peopleBuf.Grow(72 * len(reg.People))
	if reg.People != nil {
		if err := reg.People.WriteCSV(&peopleBuf); err != nil {
			return WriteResult{}, err
		}
		meta.PeopleSHA256, meta.People = hexSum(peopleBuf.Bytes()), len(reg.People)
	}
	st, err := s.state()
	if err != nil {
		return WriteResult{}, err
	}
	var res WriteResult
	if st.latest != nil {
		res.Previous = st.latest.Name
	}
	ev := Event{Time: meta.FetchedAt, SHA256: meta.SHA256, Previous: res.Previous}

	if held := st.holding(meta.SHA256, meta.PeopleSHA256); held != nil {
		if held.PeopleSHA256 == "" && meta.PeopleSHA256 != "" {
			// The same rows, and the people a CSV could not give: the
			// snapshot gains them; its rows, and so its identity in the
			// journal, stay as they were.
			return s.addPeople(*held, meta, peopleBuf.Bytes())
		}
		res.Snapshot = *held
		if imported || held.Name == res.Previous {
			return res, nil
		}
		ev.Type, ev.Snapshot = EventRevert, held.Name
		if st.interrupted(*held) {
			ev.Type = EventNew
		}
		if err := s.appendEvent(st.journal, ev); err != nil {
			return WriteResult{}, err
		}
		res.Event, res.Written = &ev, []string{s.JournalPath()}
		return res, nil
	}

	meta.Name = meta.RegistryDate
	for n := 2; exists(filepath.Join(s.Dir, meta.Name+".csv")); n++ {
		meta.Name = meta.RegistryDate + "." + strconv.Itoa(n)
	}
	snap := Snapshot{Meta: meta, Dir: s.Dir}
	ev.Type, ev.Snapshot = EventNew, meta.Name
	if imported {
		ev.Type = EventImport
		if st.latest != nil && compareNames(meta.RegistryDate, st.latest.RegistryDate) <= 0 {
			ev.Type = EventBackfill
		}
	}
	metaJSON, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return WriteResult{}, err
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return WriteResult{}, err
	}
	// The sidecar first, the CSV next: the CSV's rename is what makes the
	// snapshot exist, so a crash in between leaves no half snapshot, only
	// a sidecar that Clean removes. The journal last: a crash before it
	// leaves a snapshot that is not the latest, and that the next write of
	// the same content records as new (see interrupted).
	if err := atomicfile.Write(snap.MetaPath(), append(metaJSON, '\n'), 0o644, s.beforeCommit); err != nil {
		return WriteResult{}, fmt.Errorf("write snapshot %s: %w", snap.MetaPath(), err)
	}
	if meta.PeopleSHA256 != "" {
		if err := atomicfile.Write(snap.PeoplePath(), peopleBuf.Bytes(), 0o644, s.beforeCommit); err != nil {
			os.Remove(snap.MetaPath())
			return WriteResult{}, fmt.Errorf("write snapshot %s: %w", snap.PeoplePath(), err)
		}
	}
	// A CSV that exists after an error was renamed into place; only the
	// folder's sync failed.
	if err := atomicfile.Write(snap.CSVPath(), csvBuf.Bytes(), 0o644, s.beforeCommit); err != nil && !exists(snap.CSVPath()) {
		os.Remove(snap.MetaPath())
		os.Remove(snap.PeoplePath())
		return WriteResult{}, fmt.Errorf("write snapshot %s: %w", snap.CSVPath(), err)
	}
	if err := s.appendEvent(st.journal, ev); err != nil {
		os.Remove(snap.CSVPath())
		os.Remove(snap.MetaPath())
		os.Remove(snap.PeoplePath())
		atomicfile.SyncDir(s.Dir) //nolint:errcheck // best effort: the error below is the news
		return WriteResult{}, fmt.Errorf("%w (snapshot %s was not kept)", err, snap.Name)
	}
	res.Snapshot, res.Created, res.Event = snap, true, &ev
	res.Written = append(snap.Files(), s.JournalPath())
	return res, nil
}

// state is what a write needs to know of the store, checked.
type state struct {
	list    []Snapshot
	events  []Event
	journal []byte // the journal's bytes, nil when there is none
	latest  *Snapshot
	named   map[string]bool // snapshots the journal names
}

// state reads the store's sidecars and journal and checks that they agree:
// every snapshot the journal names exists with the sha256 it recorded.
func (s *Store) state() (*state, error) {
	list, err := s.List()
	if err != nil {
		return nil, err
	}
	evs, raw, err := s.readJournal()
	if err != nil {
		return nil, err
	}
	st := &state{list: list, events: evs, journal: raw, named: map[string]bool{}}
	byName := map[string]*Snapshot{}
	for i := range list {
		byName[list[i].Name] = &list[i]
	}
	for i, ev := range evs {
		for _, name := range []string{ev.Snapshot, ev.Previous} {
			if name != "" && byName[name] == nil {
				return nil, fmt.Errorf("%s:%d names snapshot %s, which is not in the store (restore %s.csv and %s.json from git; regdiff snapshot verify lists every problem)", s.JournalPath(), i+2, name, name, name)
			}
		}
		if sn := byName[ev.Snapshot]; sn.SHA256 != ev.SHA256 {
			return nil, fmt.Errorf("%s:%d: snapshot %s has sha256 %.12s, the journal says %.12s (it was replaced: restore it from git)", s.JournalPath(), i+2, ev.Snapshot, sn.SHA256, ev.SHA256)
		}
		st.named[ev.Snapshot] = true
	}
	switch {
	case len(evs) > 0:
		st.latest = byName[evs[len(evs)-1].Latest()]
	case len(list) > 0:
		st.latest = &list[len(list)-1]
	}
	return st, nil
}

// holding returns the snapshot with the content of rows (the CSV's sha256)
// and people (the people file's, "" for none), nil for none. A snapshot of
// the same rows without people holds the content too: it only lacks what a
// CSV cannot give.
func (st *state) holding(rows, people string) *Snapshot {
	for i := range st.list {
		if s := &st.list[i]; s.SHA256 == rows && (s.PeopleSHA256 == people || s.PeopleSHA256 == "" || people == "") {
			return s
		}
	}
	return nil
}

// addPeople gives snapshot snap, made from a CSV, the people of the same
// registry read from the XML: the people file, then the sidecar that
// covers it.
func (s *Store) addPeople(snap Snapshot, meta Meta, people []byte) (WriteResult, error) {
	snap.PeopleSHA256, snap.People = meta.PeopleSHA256, meta.People
	metaJSON, err := json.MarshalIndent(snap.Meta, "", "  ")
	if err != nil {
		return WriteResult{}, err
	}
	if err := atomicfile.Write(snap.PeoplePath(), people, 0o644, s.beforeCommit); err != nil {
		return WriteResult{}, fmt.Errorf("write %s: %w", snap.PeoplePath(), err)
	}
	if err := atomicfile.Write(snap.MetaPath(), append(metaJSON, '\n'), 0o644, s.beforeCommit); err != nil {
		os.Remove(snap.PeoplePath())
		return WriteResult{}, fmt.Errorf("write %s: %w", snap.MetaPath(), err)
	}
	return WriteResult{Snapshot: snap, Enriched: true, Written: snap.Files()}, nil
}

// interrupted reports whether snap was written after the journal's last
// event and never recorded: a write that died between its CSV and its
// journal line. Its content fetched again is new, not a revert.
func (st *state) interrupted(snap Snapshot) bool {
	return len(st.events) > 0 && !st.named[snap.Name] && snap.FetchedAt.After(st.events[len(st.events)-1].Time)
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
