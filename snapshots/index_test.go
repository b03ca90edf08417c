package snapshots

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/internal/storegen"
	"github.com/regdiff/regdiff/registry"
)

// copyStore copies the snapshots of src named in names (all when nil) into
// a new store, with a fresh cache folder, and dates the files back
// so that the index can trust their times.
func copyStore(tb testing.TB, src string, names []string) *Store {
	tb.Helper()
	st := &Store{Dir: filepath.Join(tb.TempDir(), "store"), IndexDir: filepath.Join(tb.TempDir(), "cache")}
	list, err := Open(src).List()
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(st.Dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, s := range list {
		if names != nil && !slices.Contains(names, s.Name) {
			continue
		}
		for _, p := range s.Files() {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(st.Dir, filepath.Base(p)), b, 0o644); err != nil {
				tb.Fatal(err)
			}
		}
	}
	age(tb, st.Dir)
	return st
}

// longAgo is the time of every file that age dates back.
var longAgo = time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)

// age dates dir and its files back to longAgo, far enough that the index
// can trust their times.
func age(tb testing.TB, dir string) {
	tb.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	for _, de := range des {
		if err := os.Chtimes(filepath.Join(dir, de.Name()), longAgo, longAgo); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.Chtimes(dir, longAgo, longAgo); err != nil {
		tb.Fatal(err)
	}
}

// parseAll loads every snapshot from its CSV, the way the index must agree
// with.
func parseAll(tb testing.TB, list []Snapshot) []*registry.Registry {
	tb.Helper()
	regs, err := LoadAll(list)
	if err != nil {
		tb.Fatal(err)
	}
	return regs
}

func openIndex(t *testing.T, st *Store) *Index {
	t.Helper()
	ix, err := st.Index()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// checkIndex compares the index with the snapshots' CSVs: every registry,
// and the cuts of port 1008.
func checkIndex(t *testing.T, ix *Index, regs []*registry.Registry) {
	t.Helper()
	snaps := ix.Snapshots()
	if len(snaps) != len(regs) {
		t.Fatalf("index has %d snapshots, the store %d", len(snaps), len(regs))
	}
	for i, s := range snaps {
		got, err := ix.Load(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Entries, regs[i].Entries) {
			t.Errorf("%s: the index's registry differs from its CSV's (%d rows, want %d)", s.Name, len(got.Entries), len(regs[i].Entries))
		}
	}
	checkCuts(t, ix, regs, func(e *registry.Entry) bool { return e.Ports.Contains(1008) })
}

func checkCuts(t *testing.T, ix *Index, regs []*registry.Registry, match func(*registry.Entry) bool) {
	t.Helper()
	cuts := ix.Cuts(match)
	for i, c := range cuts {
		var want []registry.Entry
		for _, e := range regs[i].Entries {
			if match(&e) {
				want = append(want, e)
			}
		}
		if !slices.Equal(c.Entries, want) {
			t.Errorf("%s: cut %v, want %v", c.Snapshot.Name, c.Entries, want)
		}
		// Neighbours holding the same rows share one slice, and only they:
		// diff.History skips the pairs that share.
		if i > 0 && len(want) > 0 {
			prev := cuts[i-1].Entries
			shared := len(prev) == len(c.Entries) && &prev[0] == &c.Entries[0]
			if equal := slices.Equal(prev, want); shared != equal {
				t.Errorf("%s: shares its cut with %s: %v, but the rows are equal: %v", c.Snapshot.Name, cuts[i-1].Snapshot.Name, shared, equal)
			}
		}
	}
}

// TestIndexRealSnapshots checks the index of the committed history against
// its CSVs: each registry, and the cuts that `regdiff history 1008` and
// `regdiff history vfo` take.
func TestIndexRealSnapshots(t *testing.T) {
	t.Parallel()
	st := copyStore(t, ".", nil)
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 12 {
		t.Fatalf("the committed history has %d snapshots, want 12 or more", len(list))
	}
	regs := parseAll(t, list)
	ix := openIndex(t, st)
	if ix.cached || len(ix.parsed) != len(list) || !ix.wrote {
		t.Errorf("first index: cached=%v parsed=%d wrote=%v, want a build from every CSV, saved", ix.cached, len(ix.parsed), ix.wrote)
	}
	if !reflect.DeepEqual(ix.Snapshots(), list) {
		t.Error("the index's snapshots differ from List's")
	}
	checkIndex(t, ix, regs)

	ix = openIndex(t, st)
	if !ix.cached || len(ix.parsed) != 0 {
		t.Errorf("second index: cached=%v parsed=%v, want the saved one", ix.cached, ix.parsed)
	}
	if !reflect.DeepEqual(ix.Snapshots(), list) {
		t.Error("the saved index's snapshots differ from List's")
	}
	checkIndex(t, ix, regs)

	// history vfo: the rows of the name, then every row on the ports it
	// ever had (cmd/regdiff/history.go).
	name := "vfo"
	var ports []registry.Entry
	for _, c := range ix.Cuts(func(e *registry.Entry) bool { return strings.EqualFold(e.Name, name) }) {
		ports = append(ports, c.Entries...)
	}
	if len(ports) == 0 {
		t.Fatal("no vfo rows in the committed history")
	}
	distinct := ix.Rows(func(e *registry.Entry) bool { return strings.EqualFold(e.Name, name) })
	if want := slices.Compact(slices.SortedFunc(slices.Values(ports), registry.Compare)); !slices.Equal(distinct, want) {
		t.Errorf("Rows = %v, want the distinct rows of the cuts %v", distinct, want)
	}
	checkCuts(t, ix, regs, func(en *registry.Entry) bool {
		keep := strings.EqualFold(en.Name, name)
		for i := 0; i < len(ports) && !keep; i++ {
			p := &ports[i]
			keep = en.Ports.Overlaps(p.Ports) && (en.Proto == p.Proto || en.Proto == registry.NoProto || p.Proto == registry.NoProto)
		}
		return keep
	})

	// diff OLD NEW from the rows the two do not share: the whole history,
	// IANA's 2020 rewrite of line breaks, and the newest change.
	n := len(list)
	for _, p := range [][2]int{{0, n - 1}, {slices.IndexFunc(list, func(s Snapshot) bool { return s.Name == "2019-12-31" }), slices.IndexFunc(list, func(s Snapshot) bool { return s.Name == "2020-07-29" })}, {n - 2, n - 1}} {
		if p[0] < 0 || p[1] < 0 {
			t.Fatalf("pair %v: a snapshot is missing", p)
		}
		old, new := list[p[0]].Name, list[p[1]].Name
		dl, err := ix.Delta(old, new)
		if err != nil {
			t.Fatal(err)
		}
		got := diff.Registries(&registry.Registry{Entries: dl.Old}, &registry.Registry{Entries: dl.New})
		got.Unchanged += dl.Shared
		if want := diff.Registries(regs[p[0]], regs[p[1]]); !reflect.DeepEqual(got, want) {
			t.Errorf("diff %s %s from the delta differs from the diff of the registries: %v, want %v", old, new, got.Summary, want.Summary)
		}
	}
}

// smallBase is a slice of the newest committed registry, ports 1000 to
// 1499: big enough for the generator, small enough to parse at once.
func smallBase(tb testing.TB) *registry.Registry {
	tb.Helper()
	reg, err := newest()
	if err != nil {
		tb.Fatal(err)
	}
	return &registry.Registry{Entries: reg.Range(registry.Ports(1000, 1499))}
}

// newest is the newest committed snapshot, loaded once.
var newest = sync.OnceValues(func() (*registry.Registry, error) {
	snap, ok, err := Open(".").highest()
	if err != nil || !ok {
		return nil, fmt.Errorf("no committed snapshot: %v", err)
	}
	return snap.Load()
})

// genStore writes n weekly versions of base into a new store, dated back, and returns the store and the generator to make more.
func genStore(tb testing.TB, base *registry.Registry, n int) (*Store, *storegen.Generator) {
	tb.Helper()
	st := &Store{Dir: filepath.Join(tb.TempDir(), "store"), IndexDir: filepath.Join(tb.TempDir(), "cache")}
	g := storegen.New(base, 1)
	for range n {
		writeNext(tb, st, g)
	}
	age(tb, st.Dir)
	return st, g
}

func writeNext(tb testing.TB, st *Store, g *storegen.Generator) Snapshot {
	tb.Helper()
	res, err := st.Write(g.Next(), Source{URL: "storegen"})
	if err != nil || !res.Created {
		tb.Fatalf("write: created=%v err=%v", res.Created, err)
	}
	return res.Snapshot
}

// rebuilt opens the index and checks it against the CSVs, and that it
// parsed exactly the snapshots named.
func rebuilt(t *testing.T, st *Store, parsed ...string) *Index {
	t.Helper()
	ix := openIndex(t, st)
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if ix.cached {
		t.Error("the saved index was used as it was: the change went unseen")
	}
	if !slices.Equal(ix.parsed, parsed) {
		t.Errorf("parsed %v, want %v", ix.parsed, parsed)
	}
	checkIndex(t, ix, parseAll(t, list))
	return ix
}

func TestIndexStale(t *testing.T) {
	t.Parallel()
	base := smallBase(t)
	fresh := func(t *testing.T) (*Store, *storegen.Generator, []Snapshot) {
		st, g := genStore(t, base, 5)
		openIndex(t, st)
		if ix := openIndex(t, st); !ix.cached {
			t.Fatal("a second index of an unchanged store was not the saved one")
		}
		list, _ := st.List()
		return st, g, list
	}
	t.Run("snapshot added", func(t *testing.T) {
		st, g, _ := fresh(t)
		snap := writeNext(t, st, g)
		age(t, st.Dir)
		rebuilt(t, st, snap.Name)
	})
	t.Run("CSV replaced, sidecar edited", func(t *testing.T) {
		st, g, list := fresh(t)
		victim := list[2]
		// Another registry's CSV, passed off under the victim's name.
		other := g.Next()
		other.Entries = other.Entries[1:]
		var csv strings.Builder
		if err := other.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		meta := victim.Meta
		meta.SHA256 = hexSum([]byte(csv.String()))
		side, _ := json.MarshalIndent(meta, "", "  ")
		writeFile(t, victim.CSVPath(), csv.String())
		writeFile(t, victim.MetaPath(), string(side)+"\n")
		age(t, st.Dir)
		rebuilt(t, st, victim.Name)
	})
	t.Run("CSV time changed", func(t *testing.T) {
		st, _, list := fresh(t)
		ago := time.Now().Add(-30 * time.Minute)
		if err := os.Chtimes(list[1].CSVPath(), ago, ago); err != nil {
			t.Fatal(err)
		}
		rebuilt(t, st, list[1].Name)
	})
	t.Run("snapshot removed", func(t *testing.T) {
		st, _, list := fresh(t)
		os.Remove(list[1].CSVPath())
		os.Remove(list[1].MetaPath())
		if ix := rebuilt(t, st); len(ix.Snapshots()) != len(list)-1 {
			t.Errorf("%d snapshots, want %d", len(ix.Snapshots()), len(list)-1)
		}
	})
	t.Run("sidecar replaced", func(t *testing.T) {
		st, _, list := fresh(t)
		meta := list[3].Meta
		meta.Source = "https://example.com/elsewhere"
		side, _ := json.MarshalIndent(meta, "", "  ")
		// By a rename, as regdiff, git and most editors write.
		if err := atomicfile.Write(list[3].MetaPath(), append(side, '\n'), 0o644, nil); err != nil {
			t.Fatal(err)
		}
		ix := rebuilt(t, st)
		if got := ix.Snapshots()[3].Source; got != meta.Source {
			t.Errorf("source %q, want the edited sidecar's", got)
		}
	})
	t.Run("CSV damaged", func(t *testing.T) {
		st, _, list := fresh(t)
		b, _ := os.ReadFile(list[4].CSVPath())
		b[len(b)/2] ^= 1
		writeFile(t, list[4].CSVPath(), string(b))
		if _, err := st.Index(); err == nil || !strings.Contains(err.Error(), "does not match its sidecar") {
			t.Errorf("index of a store with a damaged CSV: err = %v", err)
		}
	})
	t.Run("racy", func(t *testing.T) {
		// The files are rewritten within a tick of the index's build,
		// with their sizes and times as they were: only their
		// content tells.
		st, _ := genStore(t, base, 3)
		list, _ := st.List()
		now := time.Now()
		for _, s := range list {
			os.Chtimes(s.CSVPath(), now, now)
			os.Chtimes(s.MetaPath(), now, now)
		}
		openIndex(t, st)
		victim := list[1]
		old, _ := os.ReadFile(victim.CSVPath())
		text := strings.Replace(string(old), ",Unassigned,", ",Unassignee,", 1)
		if text == string(old) {
			t.Fatal("no Unassigned row to edit")
		}
		meta := victim.Meta
		meta.SHA256 = hexSum([]byte(text))
		side, _ := json.MarshalIndent(meta, "", "  ")
		for _, f := range []struct{ path, text string }{{victim.CSVPath(), text}, {victim.MetaPath(), string(side) + "\n"}} {
			writeFile(t, f.path, f.text)
			os.Chtimes(f.path, now, now)
		}
		ix := openIndex(t, st)
		if ix.cached || !slices.Equal(ix.parsed, []string{victim.Name}) {
			t.Errorf("cached=%v parsed=%v, want %s parsed again", ix.cached, ix.parsed, victim.Name)
		}
	})
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestIndexDamaged checks that a damaged, cut or foreign index file is
// rebuilt from the CSVs.
func TestIndexDamaged(t *testing.T) {
	t.Parallel()
	st, _ := genStore(t, smallBase(t), 4)
	ix := openIndex(t, st)
	list, _ := st.List()
	regs := parseAll(t, list)
	path := st.indexPath(absDir(st.Dir))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	// withCRC fixes up the checksum, for damage the checksum cannot see:
	// a file made by hand, or by a buggy build.
	withCRC := func(b []byte) []byte {
		b = slices.Clone(b)
		binary.LittleEndian.PutUint32(b[len(indexMagic):], crc32.ChecksumIEEE(b[len(indexMagic)+4:]))
		return b
	}
	rowsAt := len(good) - len(ix.d.more) - len(ix.d.rows)
	for _, tc := range []struct {
		name string
		file []byte
	}{
		{"empty", nil},
		{"bad magic", append([]byte("regdiff-index-0\n"), good[len(indexMagic):]...)},
		{"byte flipped in the body", func() []byte { b := slices.Clone(good); b[len(b)/2] ^= 0x40; return b }()},
		{"byte flipped in the checksum", func() []byte { b := slices.Clone(good); b[len(indexMagic)] ^= 1; return b }()},
		{"cut short", good[:len(good)-100]},
		{"cut in the header", good[:len(indexMagic)+10]},
		{"text out of range", withCRC(func() []byte {
			b := slices.Clone(good)
			b[rowsAt], b[rowsAt+1], b[rowsAt+2] = 0xff, 0xff, 0xff
			return b
		}())},
		{"run out of range", withCRC(func() []byte {
			b := slices.Clone(good)
			binary.LittleEndian.PutUint16(b[rowsAt+38:], 999)
			return b
		}())},
		{"sizes too big", withCRC(func() []byte {
			b := slices.Clone(good)
			binary.LittleEndian.PutUint32(b[len(indexMagic)+4+16+8:], 1<<31) // nRows
			return b
		}())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, path, string(tc.file))
			ix := openIndex(t, st)
			if ix.cached || !slices.Equal(ix.parsed, names) {
				t.Errorf("cached=%v parsed=%v, want a rebuild from every CSV", ix.cached, ix.parsed)
			}
			checkIndex(t, ix, regs)
			if b, _ := os.ReadFile(path); !slices.Equal(b[len(indexMagic)+4+8:], good[len(indexMagic)+4+8:]) {
				t.Error("the rebuilt index file differs from the first build, build time aside")
			}
		})
	}
	t.Run("foreign", func(t *testing.T) {
		other, _ := genStore(t, smallBase(t), 2)
		other.IndexDir = st.IndexDir
		openIndex(t, other)
		b, err := os.ReadFile(other.indexPath(absDir(other.Dir)))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, string(b))
		if ix := openIndex(t, st); ix.cached || len(ix.parsed) != len(names) {
			t.Errorf("another store's index was used: cached=%v parsed=%v", ix.cached, ix.parsed)
		}
	})
}

// TestIndexOutsideStore checks that the index goes to the cache folder,
// never into the store, and that a cache folder that cannot be written
// costs only the saving.
func TestIndexOutsideStore(t *testing.T) {
	t.Parallel()
	st, _ := genStore(t, smallBase(t), 2)
	before := tree(t, st.Dir)
	openIndex(t, st)
	if after := tree(t, st.Dir); !reflect.DeepEqual(before, after) {
		t.Error("building the index changed the store folder")
	}
	if files := tree(t, st.IndexDir); len(files) != 1 {
		t.Errorf("cache folder holds %d files, want the index", len(files))
	}

	blocked := filepath.Join(t.TempDir(), "a-file")
	writeFile(t, blocked, "")
	st.IndexDir = filepath.Join(blocked, "cache")
	list, _ := st.List()
	for range 2 {
		ix := openIndex(t, st)
		if ix.wrote || ix.cached {
			t.Errorf("wrote=%v cached=%v with a cache folder that cannot be", ix.wrote, ix.cached)
		}
		checkIndex(t, ix, parseAll(t, list))
	}

	empty := &Store{Dir: filepath.Join(t.TempDir(), "none"), IndexDir: t.TempDir()}
	ix := openIndex(t, empty)
	if len(ix.Snapshots()) != 0 || ix.wrote || len(tree(t, empty.IndexDir)) != 0 {
		t.Errorf("index of a store that does not exist: %d snapshots, wrote=%v", len(ix.Snapshots()), ix.wrote)
	}
	if _, err := os.Stat(empty.Dir); err == nil {
		t.Error("the index created the store folder")
	}
}

// TestIndexDuplicateRows checks that a registry holding a row twice comes
// back with it twice, as its CSV does.
func TestIndexDuplicateRows(t *testing.T) {
	t.Parallel()
	st := &Store{Dir: t.TempDir(), IndexDir: t.TempDir()}
	for _, rows := range []string{regA + regA, regA + regC + regC + regC} {
		if _, err := st.Write(small(t, rows), src(rows)); err != nil {
			t.Fatal(err)
		}
	}
	age(t, st.Dir)
	list, _ := st.List()
	ix := openIndex(t, st)
	checkIndex(t, ix, parseAll(t, list))
	if n := len(ix.Cuts(func(e *registry.Entry) bool { return e.Name == "vfo" })[1].Entries); n != 3 {
		t.Errorf("%d vfo rows, want 3", n)
	}
}

// TestIndexKeepsEveryMetaField fails when Meta gains a field that the index
// file does not keep: add it to putMeta and decoder.meta, and bump
// indexMagic.
func TestIndexKeepsEveryMetaField(t *testing.T) {
	t.Parallel()
	var m Meta
	v := reflect.ValueOf(&m).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(v.Type().Field(i).Name + "-value")
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Map:
			f.Set(reflect.ValueOf(map[string]int{"assigned": 7, "future-kind": 1}))
		case reflect.Struct:
			if f.Type() != reflect.TypeOf(time.Time{}) {
				t.Fatalf("Meta.%s: a struct the test does not know", v.Type().Field(i).Name)
			}
			f.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)))
		default:
			t.Fatalf("Meta.%s: a %s the test does not know", v.Type().Field(i).Name, f.Kind())
		}
	}
	w := &encoder{}
	w.putMeta(&m)
	r := &decoder{s: string(w.b)}
	got, err := r.meta()
	if err != nil || r.bad || len(r.s) != 0 {
		t.Fatalf("decode: %v (bad=%v, %d bytes left)", err, r.bad, len(r.s))
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("the index keeps\n%+v\nof\n%+v", got, m)
	}
}

// FuzzDecodeIndex checks that no index file, even one whose checksum is
// right, makes decoding or querying panic.
func FuzzDecodeIndex(f *testing.F) {
	st := &Store{Dir: f.TempDir(), IndexDir: f.TempDir()}
	for _, rows := range []string{regA, regC} {
		reg, err := registry.Parse(strings.NewReader(header + rows))
		if err != nil {
			f.Fatal(err)
		}
		if _, err := st.Write(reg, src(rows)); err != nil {
			f.Fatal(err)
		}
	}
	ix, err := st.Index()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ix.d.encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		b = slices.Clone(b)
		if len(b) >= len(indexMagic)+4 {
			binary.LittleEndian.PutUint32(b[len(indexMagic):], crc32.ChecksumIEEE(b[len(indexMagic)+4:]))
		}
		d, err := decodeIndex(b)
		if err != nil {
			return
		}
		ix := (&Store{}).newIndex(d, &Index{})
		ix.Cuts(func(*registry.Entry) bool { return true })
		for _, s := range ix.Snapshots() {
			ix.Load(s.Name) //nolint:errcheck // only panics matter
		}
	})
}
