package snapshots

import (
	"os"
	"path/filepath"
	"slices"

	"github.com/regdiff/regdiff/internal/atomicfile"
)

// Clean removes what dead writes left in the store and returns the paths it
// removed, sorted:
//
//   - temporary files (internal/atomicfile's ".NAME.tmp-DIGITS") of the
//     files this package writes: a snapshot's files, the journal, the
//     validators and the lock's holder file. Temporaries of any other file
//     (another writer's, such as a derived index) are left alone;
//   - sidecars and people files whose CSV is missing and that the journal
//     does not name: a write puts the sidecar down before the CSV, so these
//     are what a write that died left. One the journal names is kept: its
//     CSV was lost, and Verify reports it.
//
// It is a method of the lock because only the holder can tell a dead
// write's files from a live one's: every write of these files runs under
// the lock.
func (l *Lock) Clean() (removed []string, err error) {
	s := l.store
	evs, _, err := s.readJournal()
	if err != nil {
		return nil, err
	}
	named := map[string]bool{}
	for _, ev := range evs {
		named[ev.Snapshot], named[ev.Previous] = true, true
	}
	des, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, err
	}
	present := map[string]bool{}
	for _, de := range des {
		present[de.Name()] = true
	}
	for _, de := range des {
		target, temp := atomicfile.TempTarget(de.Name())
		name, ext, snap := snapshotFile(de.Name())
		orphan := snap && ext != ".csv" && !present[name+".csv"] && !named[name]
		if !de.Type().IsRegular() || !(temp && owned(target) || orphan) {
			continue
		}
		path := filepath.Join(s.Dir, de.Name())
		if err := os.Remove(path); err != nil {
			slices.Sort(removed)
			return removed, err
		}
		removed = append(removed, path)
	}
	if len(removed) > 0 {
		if err := atomicfile.SyncDir(s.Dir); err != nil {
			return removed, err
		}
	}
	slices.Sort(removed)
	return removed, nil
}
