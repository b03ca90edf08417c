package snapshots

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/internal/storegen"
	"github.com/regdiff/regdiff/registry"
)

// The store benchmarks run on the oldest 12 snapshots of the committed
// history, and on all of it followed by weekly versions from storegen up
// to 200 snapshots: the repository's store after three more years of
// syncs.
// Compare them with BenchmarkBareCSVRead, run alongside: the design's
// budget for any command is twice that read.

var benchSizes = []int{12, 200}

// The machine that runs benchmarks is often shared: cpu-ns/op, the
// process's CPU time (user and system) per op, is steadier than ns/op.
func reportCPU(b *testing.B) func() {
	b.ReportAllocs()
	start := cpuTime()
	return func() {
		if start > 0 {
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkBareCSVRead reads the newest committed CSV with encoding/csv
// and nothing else: the 1x of the performance budget.
func BenchmarkBareCSVRead(b *testing.B) {
	snap, _, err := Open(".").highest()
	if err != nil {
		b.Fatal(err)
	}
	defer reportCPU(b)()
	for b.Loop() {
		f, err := os.Open(snap.CSVPath())
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(f)
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}

// benchStore returns a store of n snapshots: the oldest committed ones, or
// all of them and then weekly versions of the newest, with the files dated
// back and the index built (unless cold).
func benchStore(b *testing.B, n int, warm bool) *Store {
	b.Helper()
	committed, err := Open(".").List()
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, s := range committed[:min(n, len(committed))] {
		names = append(names, s.Name)
	}
	st := copyStore(b, ".", names)
	newest, err := newest()
	if err != nil {
		b.Fatal(err)
	}
	g := storegen.New(newest, 1)
	for range n - len(names) {
		if _, err := st.Write(g.Next(), Source{URL: "storegen"}); err != nil {
			b.Fatal(err)
		}
	}
	age(b, st.Dir)
	if warm {
		if _, err := st.Index(); err != nil {
			b.Fatal(err)
		}
		if ix, err := st.Index(); err != nil || !ix.cached || len(ix.Snapshots()) != n {
			b.Fatalf("the index is not warm: %v", err)
		}
	}
	return st
}

func forSizes(b *testing.B, fn func(b *testing.B, st *Store)) {
	for _, n := range benchSizes {
		st := benchStore(b, n, true)
		b.Run("snapshots="+strconv.Itoa(n), func(b *testing.B) {
			defer reportCPU(b)()
			fn(b, st)
		})
	}
}

// BenchmarkCutsPort is the store's part of `regdiff history 1008`: open
// the index (stat every snapshot, read and check the file) and cut port
// 1008 out of every snapshot.
func BenchmarkCutsPort(b *testing.B) {
	forSizes(b, func(b *testing.B, st *Store) {
		for b.Loop() {
			cuts, err := st.Cuts(func(e *registry.Entry) bool { return e.Ports.Contains(1008) })
			if err != nil || len(cuts[len(cuts)-1].Entries) == 0 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCutsName is the store's part of `regdiff history vfo`: the rows
// the name ever had (Rows), then the cuts of every row on their ports, as
// history.go filters them, from one open of the index.
func BenchmarkCutsName(b *testing.B) {
	forSizes(b, func(b *testing.B, st *Store) {
		for b.Loop() {
			ix, err := st.Index()
			if err != nil {
				b.Fatal(err)
			}
			ports := ix.Rows(func(e *registry.Entry) bool { return strings.EqualFold(e.Name, "vfo") })
			cuts := ix.Cuts(func(en *registry.Entry) bool {
				keep := strings.EqualFold(en.Name, "vfo")
				for i := 0; i < len(ports) && !keep; i++ {
					p := &ports[i]
					keep = en.Ports.Overlaps(p.Ports) && (en.Proto == p.Proto || en.Proto == registry.NoProto || p.Proto == registry.NoProto)
				}
				return keep
			})
			if len(cuts[len(cuts)-1].Entries) == 0 {
				b.Fatal("no vfo rows")
			}
		}
	})
}

// BenchmarkLoadIndexed is the store's part of `regdiff diff --unified OLD
// NEW`, or of `--registry NAME`: open the index once and rebuild two
// registries from it.
func BenchmarkLoadIndexed(b *testing.B) {
	forSizes(b, func(b *testing.B, st *Store) {
		for b.Loop() {
			ix, err := st.Index()
			if err != nil {
				b.Fatal(err)
			}
			snaps := ix.Snapshots()
			for _, s := range snaps[len(snaps)-2:] {
				if _, err := ix.Load(s.Name); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkDelta is the store's part of `regdiff diff OLD NEW`: open the
// index and take the rows the two newest snapshots do not share.
func BenchmarkDelta(b *testing.B) {
	forSizes(b, func(b *testing.B, st *Store) {
		for b.Loop() {
			ix, err := st.Index()
			if err != nil {
				b.Fatal(err)
			}
			snaps := ix.Snapshots()
			if _, err := ix.Delta(snaps[len(snaps)-2].Name, snaps[len(snaps)-1].Name); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkIndexRebuild is a cold build of the index of 200 snapshots:
// every CSV parsed.
func BenchmarkIndexRebuild(b *testing.B) {
	st := benchStore(b, 200, false)
	path := st.indexPath(absDir(st.Dir))
	defer reportCPU(b)()
	for b.Loop() {
		os.Remove(path)
		if ix, err := st.Index(); err != nil || len(ix.parsed) != 200 {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexAppend is the update after a weekly sync: the index of 199
// snapshots, and a 200th one to parse and merge in.
func BenchmarkIndexAppend(b *testing.B) {
	st := benchStore(b, 200, false)
	list, err := st.List()
	if err != nil {
		b.Fatal(err)
	}
	last := list[len(list)-1]
	aside := b.TempDir()
	move := func(from, to string) {
		for _, ext := range []string{".csv", ".json"} {
			if err := os.Rename(filepath.Join(from, last.Name+ext), filepath.Join(to, last.Name+ext)); err != nil {
				b.Fatal(err)
			}
		}
	}
	move(st.Dir, aside)
	if _, err := st.Index(); err != nil {
		b.Fatal(err)
	}
	path := st.indexPath(absDir(st.Dir))
	before, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	move(aside, st.Dir)
	defer reportCPU(b)()
	for b.Loop() {
		if err := os.WriteFile(path, before, 0o644); err != nil {
			b.Fatal(err)
		}
		if ix, err := st.Index(); err != nil || len(ix.parsed) != 1 {
			b.Fatal(err)
		}
	}
}
