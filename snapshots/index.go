package snapshots

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/registry"
)

// The store's index is derived data that makes questions across many
// snapshots cost about one registry read: every distinct row that any
// snapshot holds, once (consecutive registry versions share all but a
// handful of their ~14,500 rows), and for each row the runs of snapshots
// that hold it. Rows are kept in canonical order, so the rows of any one
// snapshot, picked out in that order, are its registry as its CSV parses.
//
// The index lives outside the store, in a cache folder (Store.IndexDir, by
// default the user's cache folder), under a name made from the store's
// absolute path, so it never dirties a store committed to git. It
// remembers, for each snapshot, the sidecar's sha256 and the size and
// modification time of the CSV and sidecar files, and is trusted only
// while every one of them is unchanged, like git's index. A file changed
// too soon after the index was built for its time to tell (within
// racyWindow) is checked by content. On any difference the snapshots that
// changed are parsed again, and the rest is taken from the old index; a
// missing, foreign or damaged index file (bad magic, cut short, checksum
// mismatch) is rebuilt from the CSVs. None of this is reported: the index
// is never the truth, only a faster way to it. When the cache folder
// cannot be written, the index is built in memory and used once.

// racyWindow is how close to the index's build time a file's modification
// time may be and still be trusted: file systems keep times in ticks of up
// to 2 s (FAT), so a file rewritten within a tick of the build can look
// unchanged.
const racyWindow = int64(2 * time.Second)

// Cut is the rows of one snapshot that a query matched.
type Cut struct {
	Snapshot Snapshot
	Entries  []registry.Entry // in canonical order
}

// Index is a store's index, loaded. It is immutable and safe for
// concurrent use; it does not see snapshots written after it was loaded.
type Index struct {
	d     *indexData
	snaps []Snapshot

	// How Store.Index came by it, for tests: the snapshots it parsed,
	// whether it used the file as it was, and whether it wrote one.
	parsed []string
	cached bool
	wrote  bool
}

// Snapshots returns the snapshots the index covers, oldest first, as
// [Store.List] does.
func (ix *Index) Snapshots() []Snapshot { return slices.Clone(ix.snaps) }

// Cuts returns, for every snapshot oldest first, the rows for which match
// is true, in canonical order. Each distinct row of the store is matched
// once, however many snapshots hold it; match must not keep the pointer it
// is given.
func (ix *Index) Cuts(match func(*registry.Entry) bool) []Cut {
	cuts := make([]Cut, len(ix.snaps))
	for i := range cuts {
		cuts[i].Snapshot = ix.snaps[i]
	}
	var e registry.Entry
	for r := range ix.d.numRows() {
		ix.d.entry(r, &e)
		if !match(&e) {
			continue
		}
		for iv := ix.d.intervals(r); len(iv) > 0; iv = iv[2:] {
			for k := iv[0]; k < iv[1]; k++ {
				cuts[k].Entries = append(cuts[k].Entries, e)
			}
		}
	}
	return cuts
}

// Load returns the registry of the snapshot named name ("2026-04-09.2"; a
// date does not name the newest snapshot of its day here: see
// [Store.Find]), the same entries in the same order as parsing its CSV
// gives.
func (ix *Index) Load(name string) (*registry.Registry, error) {
	k := slices.IndexFunc(ix.snaps, func(s Snapshot) bool { return s.Name == name })
	if k < 0 {
		return nil, fmt.Errorf("no snapshot %q in the index of %s", name, ix.d.dir)
	}
	entries := make([]registry.Entry, ix.d.snaps[k].rows)
	n := 0
	for r := range ix.d.numRows() {
		for iv := ix.d.intervals(r); len(iv) > 0; iv = iv[2:] {
			if iv[0] <= uint32(k) && uint32(k) < iv[1] {
				ix.d.entry(r, &entries[n])
				n++
				break
			}
		}
	}
	return &registry.Registry{Entries: entries}, nil
}

// Cuts is [Index.Cuts] on the store's index.
func (s *Store) Cuts(match func(*registry.Entry) bool) ([]Cut, error) {
	ix, err := s.Index()
	if err != nil {
		return nil, err
	}
	return ix.Cuts(match), nil
}

// LoadIndexed is [Index.Load] on the store's index: a snapshot's registry
// without parsing its CSV.
func (s *Store) LoadIndexed(name string) (*registry.Registry, error) {
	ix, err := s.Index()
	if err != nil {
		return nil, err
	}
	return ix.Load(name)
}

// Index loads the store's index, bringing it up to date first when the
// store changed since it was built (see the package documentation). A
// snapshot whose CSV does not match its sidecar's sha256 is an error.
func (s *Store) Index() (*Index, error) {
	dir := absDir(s.Dir)
	path := s.indexPath(dir)
	cur, err := s.stats()
	if err != nil {
		return nil, err
	}
	var old *indexData
	if path != "" {
		if b, err := os.ReadFile(path); err == nil {
			if d, err := decodeIndex(b); err == nil && d.dir == dir {
				old = d
			}
		}
	}
	if old != nil && old.fresh(cur) {
		return s.newIndex(old, &Index{cached: true}), nil
	}

	// Something changed, or there is no index: read the sidecars as List
	// does, keep from the old index the snapshots whose CSV is unchanged,
	// and parse the others.
	list, err := s.List()
	if err != nil {
		return nil, err
	}
	stat := make(map[string]snapStat, len(cur))
	for _, c := range cur {
		stat[c.name] = c
	}
	d := &indexData{builtAt: time.Now().UnixNano(), dir: dir, snaps: make([]snapEntry, len(list))}
	oldPos := map[string]int{}
	if old != nil {
		for i := range old.snaps {
			oldPos[old.snaps[i].meta.Name] = i
		}
	}
	var newPos []int // old position -> new, -1 when not kept
	if old != nil {
		newPos = slices.Repeat([]int{-1}, len(old.snaps))
	}
	var toParse []int
	for i, snap := range list {
		st := stat[snap.Name] // zero, never matching, if the files came after the scan
		d.snaps[i] = snapEntry{meta: snap.Meta, csv: st.csv, side: st.side}
		p, ok := oldPos[snap.Name]
		if ok && old.unchanged(p, snap, st.csv) {
			newPos[p] = i
			d.snaps[i].rows = old.snaps[p].rows
			continue
		}
		toParse = append(toParse, i)
	}
	ix := &Index{}
	if old != nil && len(toParse) == 0 && len(list) == len(old.snaps) {
		// The same contents: only stats, sidecars or the build time
		// changed, and the rows stand.
		d.strs, d.rows, d.ivStart, d.ivs = old.strs, old.rows, old.ivStart, old.ivs
	} else {
		b := newBuilder(len(list), 16<<10)
		if old != nil {
			b.addIndexed(old, newPos)
		}
		if err := parseInto(b, list, toParse); err != nil {
			return nil, err
		}
		b.finish(d)
		for _, i := range toParse {
			ix.parsed = append(ix.parsed, list[i].Name)
		}
	}
	if path != "" && len(list) > 0 {
		if os.MkdirAll(filepath.Dir(path), 0o755) == nil && atomicfile.Write(path, d.encode(), 0o644, nil) == nil {
			ix.wrote = true
		}
	}
	return s.newIndex(d, ix), nil
}

func (s *Store) newIndex(d *indexData, ix *Index) *Index {
	ix.d = d
	ix.snaps = make([]Snapshot, len(d.snaps))
	for i := range d.snaps {
		ix.snaps[i] = Snapshot{Meta: d.snaps[i].meta, Dir: s.Dir}
	}
	return ix
}

// snapStat is a snapshot's files as the folder shows them.
type snapStat struct {
	name      string
	csv, side fileStat
	ok        bool // both files could be seen
}

// stats lists the store's snapshots as List does, by their CSVs, with the
// size and time of their files, but without reading the sidecars: on a
// store of hundreds of snapshots, reading them costs more than the rest
// of a query.
func (s *Store) stats() ([]snapStat, error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []snapStat
	for _, de := range des {
		name, ok := strings.CutSuffix(de.Name(), ".csv")
		if !ok || !de.Type().IsRegular() || !nameRE.MatchString(name) {
			continue
		}
		st := snapStat{name: name}
		fi, err1 := de.Info()
		side, err2 := os.Stat(filepath.Join(s.Dir, name+".json"))
		if st.ok = err1 == nil && err2 == nil; st.ok {
			st.csv = fileStat{fi.Size(), fi.ModTime().UnixNano()}
			st.side = fileStat{side.Size(), side.ModTime().UnixNano()}
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b snapStat) int { return compareNames(a.name, b.name) })
	return out, nil
}

// fresh reports whether the index describes exactly the snapshots cur, no
// file changed since, and every file's time is older than the build by
// more than racyWindow, so that "unchanged" is certain.
func (d *indexData) fresh(cur []snapStat) bool {
	if len(cur) != len(d.snaps) {
		return false
	}
	limit := d.builtAt - racyWindow
	for i := range cur {
		c, s := &cur[i], &d.snaps[i]
		if !c.ok || c.name != s.meta.Name || c.csv != s.csv || c.side != s.side || c.csv.mtime >= limit || c.side.mtime >= limit {
			return false
		}
	}
	return true
}

// unchanged reports whether the old index's snapshot p has the content of
// snap, whose CSV's stat is now csv: the same sha256 and an unchanged CSV
// file, checked by its content when its time is too close to the build.
func (d *indexData) unchanged(p int, snap Snapshot, csv fileStat) bool {
	o := &d.snaps[p]
	if o.meta.SHA256 != snap.SHA256 || o.csv != csv || csv == (fileStat{}) {
		return false
	}
	if csv.mtime < d.builtAt-racyWindow {
		return true
	}
	raw, err := os.ReadFile(snap.CSVPath())
	return err == nil && hexSum(raw) == snap.SHA256
}

// parseInto parses the snapshots list[i] for i in which, several at once,
// and adds their rows to b.
func parseInto(b *builder, list []Snapshot, which []int) error {
	type result struct {
		pos int
		reg *registry.Registry
		err error
	}
	jobs, results := make(chan int), make(chan result)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(which)) {
		wg.Go(func() {
			for i := range jobs {
				reg, err := parseVerified(list[i])
				results <- result{i, reg, err}
			}
		})
	}
	go func() {
		for _, i := range which {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	errs := map[int]error{}
	for r := range results {
		if r.err != nil {
			errs[r.pos] = r.err
		} else if len(errs) == 0 {
			b.add(r.pos, r.reg.Entries)
		}
	}
	if len(errs) > 0 {
		return errs[slices.Min(slices.Collect(maps.Keys(errs)))]
	}
	return nil
}

// parseVerified parses a snapshot's CSV after checking it against the
// sha256 in its sidecar.
func parseVerified(snap Snapshot) (*registry.Registry, error) {
	raw, err := os.ReadFile(snap.CSVPath())
	if err != nil {
		return nil, err
	}
	if hexSum(raw) != snap.SHA256 {
		return nil, fmt.Errorf("snapshot %s: the CSV does not match the sha256 in its sidecar (it was changed or damaged: restore it, e.g. with git checkout, or move the pair out of the store)", snap.CSVPath())
	}
	return registry.ParseNamed(bytes.NewReader(raw), snap.CSVPath())
}

// indexPath is where the index of the store in dir lives, "" when there
// is no cache folder.
func (s *Store) indexPath(dir string) string {
	cache := s.IndexDir
	if cache == "" {
		uc, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		cache = filepath.Join(uc, "regdiff")
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(cache, "index-"+hex.EncodeToString(sum[:8]))
}

// absDir is the absolute, symlink-free form of dir, naming the store.
func absDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}
