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
	"github.com/regdiff/regdiff/internal/prefault"
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
// absolute path, so it never dirties a store committed to git. It keeps
// each snapshot's sidecar, the size and modification time of its CSV and
// the modification time of the store folder, and is used as it is only
// while the folder holds the same CSVs and none of these changed, like
// git's index: a query lists the folder and stats it and each CSV, and
// reads no sidecar (see fresh). A time too close to the index's build to
// tell a later change (racyWindow) counts as changed. On any change the
// sidecars are read again (List), and the snapshots whose sha256 or CSV
// changed are parsed again, checked against their sidecar's sha256, while
// the rest comes from the old index, so the weekly new snapshot costs one
// parse; a missing, foreign or damaged index (bad magic, cut short,
// checksum mismatch, numbers out of range) is rebuilt from every CSV. None
// of this is reported: the index is never the truth, only a faster way to
// it. When the cache folder cannot be written, the index is built in
// memory for the one query.

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
// is given. Consecutive snapshots that hold the same matched rows share
// one slice (the same first element and length), so a caller comparing
// neighbours can skip the pairs that cannot differ (a store of weekly
// versions changes the rows of one port a few times in years). Treat the
// slices as read-only.
func (ix *Index) Cuts(match func(*registry.Entry) bool) []Cut {
	type hit struct {
		e     registry.Entry
		spans []span
	}
	var hits []hit
	bounds := []int{0, len(ix.snaps)} // positions where the matched rows may change
	var e registry.Entry
	cursor := 0
	for r := range ix.d.numRows() {
		ix.d.entry(r, &e)
		if !match(&e) {
			continue
		}
		h := hit{e: e, spans: ix.d.spans(r, &cursor, nil)}
		for _, sp := range h.spans {
			bounds = append(bounds, sp.from, sp.to)
		}
		hits = append(hits, h)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	cuts := make([]Cut, len(ix.snaps))
	for i := range cuts {
		cuts[i].Snapshot = ix.snaps[i]
	}
	for b := 0; b+1 < len(bounds); b++ {
		from, to := bounds[b], bounds[b+1]
		var rows []registry.Entry
		for _, h := range hits {
			if slices.ContainsFunc(h.spans, func(sp span) bool { return sp.from <= from && from < sp.to }) {
				rows = append(rows, h.e)
			}
		}
		for k := from; k < to; k++ {
			cuts[k].Entries = rows
		}
	}
	return cuts
}

// Rows returns every distinct row of the store for which match is true,
// once however many snapshots hold it, in canonical order: the ports a
// name ever had, say, before cutting every row on them with [Index.Cuts].
func (ix *Index) Rows(match func(*registry.Entry) bool) []registry.Entry {
	var out []registry.Entry
	var e registry.Entry
	for r := range ix.d.numRows() {
		if ix.d.entry(r, &e); match(&e) {
			out = append(out, e)
		}
	}
	return out
}

// Load returns the registry of the snapshot named name ("2026-04-09.2";
// resolve a bare date with [Store.Find]) as [Snapshot.Load] does: the
// same entries in the same order as its CSV, and its people, read from
// its people file and checked against its sidecar, when it has some.
func (ix *Index) Load(name string) (*registry.Registry, error) {
	k := ix.position(name)
	if k < 0 {
		return nil, fmt.Errorf("no snapshot %q in %s", name, ix.d.dir)
	}
	entries := make([]registry.Entry, ix.d.snaps[k].rows)
	prefault.Slice(entries)
	n, cursor := 0, 0
	for r := range ix.d.numRows() {
		if ix.d.holds(r, k, &cursor) {
			ix.d.entry(r, &entries[n])
			n++
		}
	}
	people, err := ix.snaps[k].LoadPeople()
	if err != nil {
		return nil, err
	}
	return &registry.Registry{Entries: entries, People: people}, nil
}

// Delta is what two snapshots do not share: the rows of each that the
// other lacks, in canonical order, and the number of rows both hold.
type Delta struct {
	Old, New []registry.Entry
	Shared   int
}

// Delta compares the snapshots named old and new without rebuilding
// either. A comparison that first pairs the rows equal byte for byte, as
// diff.Registries does, and only then looks at the rest, gives the same
// result on Old and New as on the whole registries, with Shared more
// rows unchanged; a row held twice is paired as many times as the other
// holds it, the later copies left over.
func (ix *Index) Delta(old, new string) (*Delta, error) {
	ko, kn := ix.position(old), ix.position(new)
	if ko < 0 || kn < 0 {
		name := new
		if ko < 0 {
			name = old
		}
		return nil, fmt.Errorf("no snapshot %q in %s", name, ix.d.dir)
	}
	// Which rows first, then each side's rows in a slice of their size:
	// growing slices of entries by append copied them over and over.
	dl := &Delta{}
	var olds, news []int
	c1, c2 := 0, 0
	for r := range ix.d.numRows() {
		inOld, inNew := ix.d.holds(r, ko, &c1), ix.d.holds(r, kn, &c2)
		switch {
		case inOld && inNew:
			dl.Shared++
		case inOld:
			olds = append(olds, r)
		case inNew:
			news = append(news, r)
		}
	}
	dl.Old, dl.New = make([]registry.Entry, len(olds)), make([]registry.Entry, len(news))
	for i, r := range olds {
		ix.d.entry(r, &dl.Old[i])
	}
	for i, r := range news {
		ix.d.entry(r, &dl.New[i])
	}
	return dl, nil
}

// position is the position of the snapshot named name, or -1.
func (ix *Index) position(name string) int {
	return slices.IndexFunc(ix.snaps, func(s Snapshot) bool { return s.Name == name })
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
	// The folder's time first: a change from here on shows next time.
	var dirTime int64
	if fi, err := os.Stat(s.Dir); err == nil {
		dirTime = fi.ModTime().UnixNano()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var old *indexData
	if path != "" {
		old = s.memoIndex(path, func() *indexData {
			if d, err := readIndex(path); err == nil && d.dir == dir {
				return d
			}
			return nil
		})
	}
	if old != nil && old.fresh(s.Dir, dirTime) {
		return s.newIndex(old, &Index{cached: true}), nil
	}

	// Something changed, or there is no index: read the sidecars as List
	// does, keep from the old index the snapshots whose CSV is unchanged,
	// and parse the others.
	cur, err := s.stats()
	if err != nil {
		return nil, err
	}
	list, err := s.List()
	if err != nil {
		return nil, err
	}
	if len(list) > maxSnapshots {
		return nil, fmt.Errorf("the store %s holds %d snapshots, more than the index can (%d)", s.Dir, len(list), maxSnapshots)
	}
	d := &indexData{builtAt: time.Now().UnixNano(), dirTime: dirTime, dir: dir, snaps: make([]snapEntry, len(list))}
	oldPos := map[string]int{}
	var newPos []int // old position -> new, -1 when not kept
	if old != nil {
		for i := range old.snaps {
			oldPos[old.snaps[i].meta.Name] = i
		}
		newPos = slices.Repeat([]int{-1}, len(old.snaps))
	}
	var toParse []int
	same := old != nil && len(list) == len(old.snaps)
	for i, snap := range list {
		csv := cur[snap.Name] // zero, never matching, if the CSV came after the scan
		d.snaps[i] = snapEntry{meta: snap.Meta, csv: csv}
		p, ok := oldPos[snap.Name]
		if ok && old.unchanged(p, snap, csv) {
			newPos[p] = i
			d.snaps[i].rows = old.snaps[p].rows
			same = same && p == i
			continue
		}
		toParse = append(toParse, i)
		same = false
	}
	ix := &Index{}
	if same {
		// The same contents: only times, sidecars or the folder changed,
		// and the rows stand.
		d.strOff, d.pool, d.rows, d.more = old.strOff, old.pool, old.rows, old.more
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
		s.setMemoIndex(path, d)
	}
	return s.newIndex(d, ix), nil
}

// memoIndex returns the index data of path decoded once per Store (a
// command asking twice, as history does for its rows and its people,
// decodes the file once): read() when it is not yet, or when the file is
// not the one decoded (its size or time differ). The caller checks
// freshness against the CSVs on every use, memo or not.
func (s *Store) memoIndex(path string, read func() *indexData) *indexData {
	s.memo.Lock()
	defer s.memo.Unlock()
	fi, err := os.Stat(path)
	if err != nil {
		s.memo.d = nil
		return nil
	}
	if s.memo.d == nil || s.memo.path != path || s.memo.size != fi.Size() || !s.memo.mod.Equal(fi.ModTime()) {
		s.memo.path, s.memo.size, s.memo.mod, s.memo.d = path, fi.Size(), fi.ModTime(), read()
	}
	return s.memo.d
}

// setMemoIndex keeps d, just built and written to path, as its memo.
func (s *Store) setMemoIndex(path string, d *indexData) {
	s.memo.Lock()
	defer s.memo.Unlock()
	s.memo.d = nil
	if fi, err := os.Stat(path); err == nil {
		s.memo.path, s.memo.size, s.memo.mod, s.memo.d = path, fi.Size(), fi.ModTime(), d
	}
}

func (s *Store) newIndex(d *indexData, ix *Index) *Index {
	ix.d = d
	ix.snaps = make([]Snapshot, len(d.snaps))
	for i := range d.snaps {
		ix.snaps[i] = Snapshot{Meta: d.snaps[i].meta, Dir: s.Dir}
	}
	return ix
}

// stats returns the size and time of the store's snapshot CSVs, by name.
func (s *Store) stats() (map[string]fileStat, error) {
	f, err := os.Open(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	out := map[string]fileStat{}
	for _, n := range names {
		if name, ok := strings.CutSuffix(n, ".csv"); ok && nameRE().MatchString(name) {
			if st, ok := statCSV(filepath.Join(s.Dir, n)); ok {
				out[name] = st
			}
		}
	}
	return out, nil
}

// statCSV is the size and time of a snapshot CSV; ok is false when it is
// missing or not a regular file (List skips those).
func statCSV(path string) (st fileStat, ok bool) {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return fileStat{}, false
	}
	return fileStat{fi.Size(), fi.ModTime().UnixNano()}, true
}

// fresh reports whether the index still describes the store in dir, whose
// folder time is now dirTime, without reading a file: the folder holds
// the same CSVs, each of the same size and time, so none was added,
// removed or written; the folder's time is the same, so no sidecar was
// replaced either (by a rename, as regdiff, git and most editors write);
// and all these times are older than the build by more than racyWindow,
// so that "the same" is certain. A sidecar written in place, its file
// kept, goes unseen; regdiff rewrites one only by a rename (when a
// snapshot gains its people), and a sidecar only describes its CSV,
// which is checked. People files are not the index's: Load reads and
// checks them.
func (d *indexData) fresh(dir string, dirTime int64) bool {
	limit := d.builtAt - racyWindow
	if dirTime != d.dirTime || dirTime >= limit {
		return false
	}
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return false
	}
	csvs := 0
	for _, n := range names {
		if name, ok := strings.CutSuffix(n, ".csv"); ok && nameRE().MatchString(name) {
			csvs++
		}
	}
	if csvs != len(d.snaps) {
		return false
	}
	for i := range d.snaps {
		st, ok := statCSV(filepath.Join(dir, d.snaps[i].meta.Name+".csv"))
		if !ok || st != d.snaps[i].csv || st.mtime >= limit {
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
	if err := snap.checkFile(snap.CSVPath(), snap.MetaPath(), raw); err != nil {
		return nil, err
	}
	return registry.ParseCanonical(bytes.NewReader(raw), snap.CSVPath(), int64(len(raw)))
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

// Step is what differs between a snapshot and the one before it: the rows
// only the older one has, the rows only the newer one has, and how many
// the two share. Comparing Old with New (diff.Registries) finds the same
// changes as comparing the whole registries (see [Index.Delta]).
type Step struct {
	From, To  string // snapshot names
	Old, New  []registry.Entry
	Unchanged int
}

// Steps returns the step from each snapshot of the index to the next,
// oldest first: the store's change history at about one registry read.
func (ix *Index) Steps() []Step {
	var steps []Step
	for i := 1; i < len(ix.snaps); i++ {
		d, err := ix.Delta(ix.snaps[i-1].Name, ix.snaps[i].Name)
		if err != nil {
			continue // both names come from the index
		}
		steps = append(steps, Step{From: ix.snaps[i-1].Name, To: ix.snaps[i].Name, Old: d.Old, New: d.New, Unchanged: d.Shared})
	}
	return steps
}
