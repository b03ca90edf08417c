package snapshots

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// at is a Source of raw fetched on day d of January 2026.
func at(raw string, d int) Source {
	return Source{URL: "https://iana.test/r.csv", FetchedAt: time.Date(2026, 1, d, 3, 0, 0, 0, time.UTC), Raw: []byte(raw)}
}

func events(t *testing.T, st *Store) []string {
	t.Helper()
	evs, err := st.Events()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, strings.TrimSpace(string(ev.Type)+" "+ev.Snapshot+" "+ev.Previous))
	}
	return out
}

// TestRevert: a registry that goes A -> B -> A leaves A the latest, records
// the revert, and writes no new snapshot.
func TestRevert(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	for d, rows := range []string{regA, regB} {
		if _, err := st.Write(small(t, rows), at(rows, d+1)); err != nil {
			t.Fatal(err)
		}
	}
	before := tree(t, st.Dir)
	wr, err := st.Write(small(t, regA), at(regA, 3))
	if err != nil {
		t.Fatal(err)
	}
	if !wr.Reverted() || wr.Created || wr.Snapshot.Name != "2021-10-01" || wr.Previous != "2021-10-01.2" {
		t.Fatalf("A again: %+v, want a revert to 2021-10-01 from 2021-10-01.2", wr)
	}
	if !reflect.DeepEqual(wr.Written, []string{st.JournalPath()}) {
		t.Errorf("Written = %v, want only the journal", wr.Written)
	}
	after := tree(t, st.Dir)
	delete(before, JournalFile)
	delete(after, JournalFile)
	if !reflect.DeepEqual(before, after) {
		t.Error("a revert changed files other than the journal")
	}
	latest, ok, err := st.Latest()
	if err != nil || !ok || latest.Name != "2021-10-01" {
		t.Fatalf("Latest = %s, %v, %v; want 2021-10-01, A's content", latest.Name, ok, err)
	}
	if reg, err := latest.Load(); err != nil || reg.Entries[0].Notes != "" {
		t.Errorf("the latest registry is not A's: %v", err)
	}
	want := []string{"new 2021-10-01", "new 2021-10-01.2 2021-10-01", "revert 2021-10-01 2021-10-01.2"}
	if got := events(t, st); !reflect.DeepEqual(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	// A fetched again is unchanged: not a byte written, however late.
	journal := tree(t, st.Dir)[JournalFile]
	if wr, err := st.Write(small(t, regA), at(regA, 4)); err != nil || wr.Event != nil || wr.Previous != "2021-10-01" {
		t.Errorf("A a third time: %+v, %v; want nothing recorded", wr, err)
	}
	if tree(t, st.Dir)[JournalFile] != journal {
		t.Error("an unchanged fetch wrote to the journal")
	}
	// B again is a revert too; Find still resolves exact names exactly.
	if wr, _ := st.Write(small(t, regB), at(regB, 5)); !wr.Reverted() || wr.Snapshot.Name != "2021-10-01.2" {
		t.Errorf("B again: %+v", wr)
	}
	if got, err := st.Find("2021-10-01"); err != nil || got.Name != "2021-10-01" {
		t.Errorf("Find(2021-10-01) = %s, %v", got.Name, err)
	}
}

func TestJournalFormat(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	st.Write(small(t, regB), at(regB, 2))
	st.Write(small(t, regA), at(regA, 3))
	sa, sb := hexSum([]byte(tree(t, st.Dir)["2021-10-01.csv"])), hexSum([]byte(tree(t, st.Dir)["2021-10-01.2.csv"]))
	want := "time,event,snapshot,sha256,previous\n" +
		"2026-01-01T03:00:00Z,new,2021-10-01," + sa + ",\n" +
		"2026-01-02T03:00:00Z,new,2021-10-01.2," + sb + ",2021-10-01\n" +
		"2026-01-03T03:00:00Z,revert,2021-10-01," + sa + ",2021-10-01.2\n"
	if got := tree(t, st.Dir)[JournalFile]; got != want {
		t.Errorf("journal:\n%s\nwant:\n%s", got, want)
	}
}

// TestFindExact: an exact name is that snapshot, never another of its date.
func TestFindExact(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	st.Write(small(t, regB), at(regB, 2))
	for name, want := range map[string]string{"2021-10-01": "2021-10-01", "2021-10-01.2": "2021-10-01.2"} {
		if got, err := st.Find(name); err != nil || got.Name != want {
			t.Errorf("Find(%s) = %s, %v; want %s", name, got.Name, err, want)
		}
	}
	if _, err := st.Find("2021-10-01.3"); err == nil || !strings.Contains(err.Error(), "have 2021-10-01, 2021-10-01.2") {
		t.Errorf("Find(missing .3) error = %v", err)
	}
	// With no snapshot named 2021-10-01, the bare date is the one of that
	// date fetched last by the journal: .2 here, then .3 after it.
	os.Remove(filepath.Join(st.Dir, "2021-10-01.csv"))
	os.Remove(filepath.Join(st.Dir, "2021-10-01.json"))
	os.Remove(st.JournalPath())
	st.Write(small(t, regB), at(regB, 3)) // no journal: .2 is the latest, nothing to record
	st.Write(small(t, regA), at(regA, 4)) // A is new again: 2021-10-01 is free
	if got, err := st.Find("2021-10-01"); err != nil || got.Name != "2021-10-01" {
		t.Errorf("Find(2021-10-01) = %s, %v", got.Name, err)
	}
	dir2 := t.TempDir()
	for _, f := range []string{"2021-10-01.2.csv", "2021-10-01.2.json"} {
		b, _ := os.ReadFile(filepath.Join(st.Dir, f))
		os.WriteFile(filepath.Join(dir2, f), b, 0o644)
	}
	st2 := Open(dir2)
	if got, err := st2.Find("2021-10-01"); err != nil || got.Name != "2021-10-01.2" {
		t.Errorf("Find(bare date) with only .2 = %s, %v", got.Name, err)
	}
}

// TestLatestWithoutJournal: a store written before the journal (the
// repository's history) has the highest name for latest; its first journaled
// write names that as the previous one.
func TestLatestWithoutJournal(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	st.Write(small(t, regC), at(regC, 2))
	os.Remove(st.JournalPath())
	if latest, ok, err := st.Latest(); err != nil || !ok || latest.Name != "2022-01-02" {
		t.Fatalf("Latest = %s, %v, %v", latest.Name, ok, err)
	}
	wr, err := st.Write(small(t, regA), at(regA, 3))
	if err != nil || !wr.Reverted() || wr.Previous != "2022-01-02" {
		t.Fatalf("A again on a store without journal: %+v, %v", wr, err)
	}
	if got := events(t, st); !reflect.DeepEqual(got, []string{"revert 2021-10-01 2022-01-02"}) {
		t.Errorf("events = %q", got)
	}
	if empty, ok, err := Open(filepath.Join(t.TempDir(), "none")).Latest(); ok || err != nil {
		t.Errorf("Latest of no store = %v, %v, %v", empty.Name, ok, err)
	}
}

// TestImport: an import of an older registry is history (backfill) and
// does not take latest from a newer one; of a newer one, it is the latest;
// of held content, it records nothing, even when that is not the latest.
func TestImport(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	if wr, err := st.Write(small(t, regC), at(regC, 1)); err != nil || wr.Event.Type != EventNew {
		t.Fatal(wr, err)
	}
	wr, err := st.Import(small(t, regA), at(regA, 2))
	if err != nil || !wr.Created || wr.Event.Type != EventBackfill || wr.Previous != "2022-01-02" {
		t.Fatalf("import of an older registry: %+v, %v", wr, err)
	}
	if latest, _, _ := st.Latest(); latest.Name != "2022-01-02" {
		t.Errorf("an older import took latest: %s", latest.Name)
	}
	// Same date, other content: history too.
	if wr, _ := st.Import(small(t, regB), at(regB, 3)); wr.Event.Type != EventBackfill {
		t.Errorf("import of a same-dated registry: %+v", wr.Event)
	}
	if wr, err := st.Import(small(t, regA), at(regA, 4)); err != nil || wr.Event != nil || wr.Created {
		t.Errorf("import of held content: %+v, %v; want nothing", wr, err)
	}
	future := "x,1,tcp,,,,2099-01-01,,,,,\n"
	if wr, _ := st.Import(small(t, future), at(future, 5)); wr.Event.Type != EventImport {
		t.Errorf("import of a newer registry: %+v", wr.Event)
	}
	if latest, _, _ := st.Latest(); latest.Name != "2099-01-01" {
		t.Errorf("latest after a newer import = %s", latest.Name)
	}
	want := []string{"new 2022-01-02", "backfill 2021-10-01 2022-01-02", "backfill 2021-10-01.2 2022-01-02", "import 2099-01-01 2022-01-02"}
	if got := events(t, st); !reflect.DeepEqual(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	// A backfill as the last event leaves latest where it was.
	st2 := Open(t.TempDir())
	st2.Import(small(t, regC), at(regC, 1))
	st2.Import(small(t, regA), at(regA, 2))
	if latest, _, err := st2.Latest(); err != nil || latest.Name != "2022-01-02" {
		t.Errorf("latest after import C, A = %s, %v", latest.Name, err)
	}
}

// TestInterruptedWrite: a write that died after its CSV and before its
// journal line leaves a snapshot that is not the latest; fetched again, its
// content is recorded as new, not as a revert.
func TestInterruptedWrite(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	journal := tree(t, st.Dir)[JournalFile]
	st.Write(small(t, regC), at(regC, 2))
	os.WriteFile(st.JournalPath(), []byte(journal), 0o644) // as if it died before the journal
	if latest, _, _ := st.Latest(); latest.Name != "2021-10-01" {
		t.Fatalf("latest = %s", latest.Name)
	}
	wr, err := st.Write(small(t, regC), at(regC, 3))
	if err != nil || wr.Event == nil || wr.Event.Type != EventNew || wr.Created || wr.Snapshot.Name != "2022-01-02" {
		t.Fatalf("C again: %+v, %v", wr, err)
	}
}

func TestJournalRefusesDamage(t *testing.T) {
	t.Parallel()
	for name, journal := range map[string]string{
		"no header":     "2026-01-01T03:00:00Z,new,2021-10-01,x,\n",
		"cut":           journalHeader + "\n2026-01-01T03:00:00Z,new,2021-10-01",
		"fields":        journalHeader + "\n2026-01-01T03:00:00Z,new,2021-10-01\n",
		"time":          journalHeader + "\nyesterday,new,2021-10-01," + strings.Repeat("a", 64) + ",\n",
		"event":         journalHeader + "\n2026-01-01T03:00:00Z,renamed,2021-10-01," + strings.Repeat("a", 64) + ",\n",
		"name":          journalHeader + "\n2026-01-01T03:00:00Z,new,../x," + strings.Repeat("a", 64) + ",\n",
		"sha":           journalHeader + "\n2026-01-01T03:00:00Z,new,2021-10-01,abc,\n",
		"empty":         "",
		"backfill":      journalHeader + "\n2026-01-01T03:00:00Z,backfill,2021-10-01," + strings.Repeat("a", 64) + ",\n",
		"missing snap":  journalHeader + "\n2026-01-01T03:00:00Z,new,2020-01-01," + strings.Repeat("a", 64) + ",\n",
		"replaced snap": journalHeader + "\n2026-01-01T03:00:00Z,new,2021-10-01," + strings.Repeat("a", 64) + ",\n",
	} {
		t.Run(name, func(t *testing.T) {
			st := Open(t.TempDir())
			st.Write(small(t, regA), at(regA, 1))
			os.WriteFile(st.JournalPath(), []byte(journal), 0o644)
			before := tree(t, st.Dir)
			_, err := st.Write(small(t, regC), at(regC, 2))
			if err == nil || !strings.HasPrefix(err.Error(), st.JournalPath()+":") {
				t.Errorf("Write on a damaged journal: %v", err)
			}
			if err := st.Prepare(); err == nil {
				t.Error("Prepare passed a damaged journal")
			}
			if !reflect.DeepEqual(before, tree(t, st.Dir)) {
				t.Error("a refused write changed the store")
			}
		})
	}
}

func FuzzParseJournal(f *testing.F) {
	f.Add([]byte(journalHeader + "\n2026-01-01T03:00:00Z,new,2021-10-01," + strings.Repeat("a", 64) + ",\n"))
	f.Add([]byte(journalHeader + "\n2026-01-01T03:00:00.5Z,backfill,2021-10-01.2," + strings.Repeat("0", 64) + ",2022-01\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		evs, err := parseJournal(b)
		if err != nil {
			return
		}
		// What parses writes back to the same bytes, but for the time's
		// spelling.
		out := journalHeader + "\n"
		for _, ev := range evs {
			out += ev.line()
		}
		again, err := parseJournal([]byte(out))
		if err != nil || !reflect.DeepEqual(again, evs) {
			t.Fatalf("round trip: %v\n%q\n%q", err, b, out)
		}
	})
}
