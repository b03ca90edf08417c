package snapshots

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/registry"
)

// ProblemKind names a kind of Problem, for JSON and for tests.
type ProblemKind string

// The kinds of problem Verify finds.
const (
	// ProblemSHA256: a snapshot CSV is not the one its sidecar describes.
	ProblemSHA256 ProblemKind = "sha256"
	// ProblemSidecar: a snapshot's sidecar is missing, does not parse,
	// names another snapshot, or disagrees with the CSV it hashes.
	ProblemSidecar ProblemKind = "sidecar"
	// ProblemCSV: a snapshot CSV that does not parse.
	ProblemCSV ProblemKind = "csv"
	// ProblemOrphan: a sidecar or people file whose CSV is missing.
	ProblemOrphan ProblemKind = "orphan"
	// ProblemTemp: a temporary file of a write that died.
	ProblemTemp ProblemKind = "temp"
	// ProblemJournal: the journal does not parse, or names a snapshot that
	// is missing or has other content than it recorded.
	ProblemJournal ProblemKind = "journal"
	// ProblemValidators: the validators file does not parse.
	ProblemValidators ProblemKind = "validators"
)

// Problem is one thing wrong in a store.
type Problem struct {
	Path    string      `json:"path"` // the file at fault
	Kind    ProblemKind `json:"kind"`
	Message string      `json:"message"` // what is wrong and what to do
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Verify checks the whole store and returns every problem, sorted by path:
// each CSV against its sidecar's sha256 (and that it parses, with the rows
// and date the sidecar says), each sidecar's name, sidecars and people files
// without a CSV, temporary files of dead writes, and the journal (that it
// parses, and that every snapshot it names is there with the sha256 it
// recorded), and that the validators file parses. The error is for a store
// that cannot be read at all. A store folder that does not exist has no
// problem.
//
// Run without the lock, Verify reports the temporary files of a write in
// progress too; the CLI can take the lock around it for a quiet answer.
func (s *Store) Verify() ([]Problem, error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var probs []Problem
	add := func(path string, kind ProblemKind, format string, args ...any) {
		probs = append(probs, Problem{Path: path, Kind: kind, Message: fmt.Sprintf(format, args...)})
	}
	present := map[string]bool{}
	for _, de := range des {
		present[de.Name()] = true
	}

	var evs []Event
	if raw, err := os.ReadFile(s.JournalPath()); err == nil {
		if evs, err = parseJournal(raw); err != nil {
			add(s.JournalPath(), ProblemJournal, "line %v (restore it from git)", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		add(s.JournalPath(), ProblemJournal, "%v", err)
	}
	named := map[string]bool{}
	for _, ev := range evs {
		named[ev.Snapshot] = true
	}

	var names []string // of the snapshot CSVs
	for _, de := range des {
		path := filepath.Join(s.Dir, de.Name())
		if target, ok := atomicfile.TempTarget(de.Name()); ok && owned(target) {
			add(path, ProblemTemp, "temporary file of %s left by a write that died (regdiff sync removes it)", target)
			continue
		}
		name, ext, ok := snapshotFile(de.Name())
		switch {
		case !ok:
		case ext == ".csv" && !de.Type().IsRegular():
			add(path, ProblemCSV, "not a regular file (replace it by the file itself)")
		case ext == ".csv":
			names = append(names, name)
		case present[name+".csv"]:
		case named[name]:
			add(path, ProblemOrphan, "%s.csv is missing, and %s names it (restore it from git)", name, JournalFile)
		default:
			add(path, ProblemOrphan, "%s.csv is missing: left by a write that died (regdiff sync removes it)", name)
		}
	}

	// Hashing and parsing every CSV is most of the time: as many at once as
	// there are CPUs.
	metas := make([]*Meta, len(names))
	found := make([][]Problem, len(names))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, name := range names {
		sem <- struct{}{}
		wg.Go(func() {
			metas[i], found[i] = s.verifySnapshot(name)
			<-sem
		})
	}
	wg.Wait()
	byName := map[string]*Meta{}
	for i, name := range names {
		byName[name] = metas[i]
		probs = append(probs, found[i]...)
	}

	reported := map[string]bool{}
	for i, ev := range evs {
		for _, name := range []string{ev.Snapshot, ev.Previous} {
			if name == "" || slices.Contains(names, name) || reported[name] {
				continue
			}
			reported[name] = true
			add(s.JournalPath(), ProblemJournal, "line %d names snapshot %s, which is not in the store (restore %s.csv and %s.json from git)", i+2, name, name, name)
		}
		if m := byName[ev.Snapshot]; m != nil && m.SHA256 != ev.SHA256 {
			add(s.JournalPath(), ProblemJournal, "line %d: snapshot %s has sha256 %.12s, the journal recorded %.12s (it was replaced: restore it from git)", i+2, ev.Snapshot, m.SHA256, ev.SHA256)
		}
	}

	if _, err := s.readValidators(); err != nil {
		add(s.ValidatorsPath(), ProblemValidators, "%v (remove it: the next fetch is unconditional and writes it again)", strings.TrimPrefix(err.Error(), s.ValidatorsPath()+": "))
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Message, b.Message))
	})
	return probs, nil
}

// verifySnapshot checks one snapshot's files; the sidecar is nil when it
// cannot be read.
func (s *Store) verifySnapshot(name string) (*Meta, []Problem) {
	snap := Snapshot{Dir: s.Dir, Meta: Meta{Name: name}}
	csvPath, side := snap.CSVPath(), snap.MetaPath()
	b, err := os.ReadFile(side)
	if err != nil {
		return nil, []Problem{{csvPath, ProblemSidecar, fmt.Sprintf("no readable sidecar: %v (restore %s.json from git, or move %s.csv out of the store)", err, name, name)}}
	}
	if err := json.Unmarshal(b, &snap.Meta); err != nil {
		return nil, []Problem{{side, ProblemSidecar, fmt.Sprintf("does not parse: %v (restore it from git)", err)}}
	}
	if snap.Name != name {
		return nil, []Problem{{side, ProblemSidecar, fmt.Sprintf("names snapshot %q, not %q (restore it from git)", snap.Name, name)}}
	}
	raw, err := os.ReadFile(csvPath)
	if err != nil {
		return &snap.Meta, []Problem{{csvPath, ProblemCSV, err.Error()}}
	}
	if err := snap.checkFile(csvPath, side, raw); err != nil {
		return &snap.Meta, []Problem{{csvPath, ProblemSHA256, strings.TrimPrefix(err.Error(), csvPath+" ")}}
	}
	reg, err := registry.ParseCanonical(bytes.NewReader(raw), "", int64(len(raw)))
	if err != nil {
		return &snap.Meta, []Problem{{csvPath, ProblemCSV, fmt.Sprintf("does not parse: %v (restore it from git)", err)}}
	}
	if len(reg.Entries) != snap.Rows || cmp.Or(reg.Date().String(), "undated") != snap.RegistryDate {
		return &snap.Meta, []Problem{{side, ProblemSidecar, fmt.Sprintf("says %d rows dated %s, the CSV has %d dated %s (restore both from git)",
			snap.Rows, snap.RegistryDate, len(reg.Entries), cmp.Or(reg.Date().String(), "undated"))}}
	}
	return &snap.Meta, nil
}

// Prepare checks, writing nothing, what a write will need, so that a sync
// can fail before it fetches: the store folder (or, before the first write,
// the nearest folder above it) is a folder this process can write to, and
// the store is as consistent as Write requires: every snapshot has a sidecar
// naming it, and the journal parses and every snapshot it names is there
// with the sha256 it recorded. It reads no CSV: Verify checks everything.
func (s *Store) Prepare() error {
	dir, first := s.Dir, error(nil)
	for {
		fi, err := os.Stat(dir)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("the store %s: %s is not a folder", s.Dir, dir)
			}
			if first != nil && !errors.Is(first, fs.ErrNotExist) {
				return first
			}
			if err := writable(dir); err != nil {
				return fmt.Errorf("the store %s: cannot write to %s: %v", s.Dir, dir, err)
			}
			break
		}
		first = cmp.Or(first, err)
		parent := filepath.Dir(dir)
		if parent == dir {
			return first
		}
		dir = parent
	}
	_, err := s.state()
	return err
}

// snapshotFile splits the base name of a snapshot's file: "2026-04-09.csv",
// "2026-04-09.json", "2026-04-09.people.csv".
func snapshotFile(base string) (name, ext string, ok bool) {
	for _, ext := range []string{".people.csv", ".csv", ".json"} {
		if name, ok := strings.CutSuffix(base, ext); ok && nameRE().MatchString(name) {
			return name, ext, true
		}
	}
	return "", "", false
}

// owned reports whether base is a file this package writes in a store, and
// only under the lock: a snapshot's files, the journal, the validators and
// the lock's holder file. Their temporaries outlive only a dead write.
func owned(base string) bool {
	switch base {
	case JournalFile, ValidatorsFile, lockInfo:
		return true
	}
	_, _, ok := snapshotFile(base)
	return ok
}
