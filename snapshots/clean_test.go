package snapshots

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestClean(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	st.Write(small(t, regB), at(regB, 2))
	put := func(name string) string {
		path := filepath.Join(st.Dir, name)
		os.WriteFile(path, []byte("x"), 0o644)
		return path
	}
	dead := []string{
		put(".2022-01-02.csv.tmp-4242"), // a killed write's temporaries
		put(".2022-01-02.json.tmp-17"),
		put(".journal.csv.tmp-99"),
		put(".validators.json.tmp-1"),
		put("." + lockInfo + ".tmp-5"),
		put("2022-01-02.json"), // a sidecar whose CSV never came
		put("2022-01-02.people.csv"),
	}
	keep := []string{
		put(".index.bin.tmp-123"),   // another writer's temporary
		put(".2022-01-02.csv.tmp-"), // not atomicfile's
		put(".2022-01-02.csv.tmp-1x"),
		put("2022-01-02.json~"),
		put("notes.json"),
		put("README"),
	}
	// A sidecar the journal names stays: its CSV was lost, not never there.
	os.Remove(filepath.Join(st.Dir, "2021-10-01.2.csv"))
	keep = append(keep, filepath.Join(st.Dir, "2021-10-01.2.json"))

	lock, err := st.Lock(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	removed, err := lock.Clean()
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(dead))
	if !reflect.DeepEqual(removed, want) {
		t.Errorf("removed:\n%q\nwant:\n%q", removed, want)
	}
	for _, p := range dead {
		if exists(p) {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range append(keep, filepath.Join(st.Dir, "2021-10-01.csv"), st.JournalPath(), filepath.Join(st.Dir, lockInfo)) {
		if !exists(p) {
			t.Errorf("%s was removed", p)
		}
	}
	if again, err := lock.Clean(); err != nil || len(again) != 0 {
		t.Errorf("second Clean: %v, %v", again, err)
	}
}

func TestFiles(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	wr, _ := st.Write(small(t, regA), at(regA, 1))
	snap := wr.Snapshot
	if got := snap.Files(); !reflect.DeepEqual(got, []string{snap.CSVPath(), snap.MetaPath()}) {
		t.Errorf("Files = %q", got)
	}
	os.WriteFile(snap.PeoplePath(), nil, 0o644)
	if got := snap.Files(); len(got) != 3 || got[2] != filepath.Join(st.Dir, "2021-10-01.people.csv") {
		t.Errorf("Files with people = %q", got)
	}
}
