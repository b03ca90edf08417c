package snapshots

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// swap puts the CSV of snapshot from under the name of snapshot to, leaving
// to's sidecar: a snapshot whose sidecar names another sha256.
func swap(t *testing.T, st *Store, from, to string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(st.Dir, from+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(st.Dir, to+".csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTamperedSnapshotRefused(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	st.Write(small(t, regC), at(regC, 2))
	swap(t, st, "2021-10-01", "2022-01-02")
	snap, err := st.Find("2022-01-02")
	if err != nil {
		t.Fatal(err)
	}
	csv, side := snap.CSVPath(), snap.MetaPath()
	_, err = snap.Load()
	if err == nil || !strings.HasPrefix(err.Error(), csv+" does not match its sidecar "+side+": sha256 ") || !strings.Contains(err.Error(), "restore both files from git") || strings.Contains(err.Error(), "\n") {
		t.Errorf("Load of a swapped CSV: %v", err)
	}
	if _, _, err := Resolve("2022-01-02", st); err == nil {
		t.Error("Resolve loaded a swapped CSV")
	}
	if _, _, err := LoadFile(csv); err == nil || !strings.Contains(err.Error(), "does not match its sidecar") {
		t.Errorf("LoadFile of a swapped CSV: %v", err)
	}
	probs, err := st.Verify()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[ProblemKind]string{}
	for _, p := range probs {
		kinds[p.Kind] = p.String()
	}
	if !strings.HasPrefix(kinds[ProblemSHA256], csv+": does not match its sidecar "+side) {
		t.Errorf("Verify: %v, want a sha256 problem of %s", probs, csv)
	}
	if len(probs) != 1 {
		t.Errorf("Verify: %v, want one problem", probs)
	}

	// A CSV and sidecar replaced together agree, but not with the journal.
	meta := strings.Replace(tree(t, st.Dir)["2021-10-01.json"], `"name": "2021-10-01"`, `"name": "2022-01-02"`, 1)
	os.WriteFile(side, []byte(meta), 0o644)
	if _, err := snap.Load(); err == nil {
		t.Error("Load of the old Snapshot value succeeded: it must check its own sidecar's sha256")
	}
	if _, _, err := st.Latest(); err == nil || !strings.Contains(err.Error(), "the journal says") {
		t.Errorf("Latest of a replaced snapshot: %v", err)
	}
	probs, _ = st.Verify()
	if len(probs) != 1 || probs[0].Kind != ProblemJournal || !strings.Contains(probs[0].Message, "line 3: snapshot 2022-01-02 has sha256 18a61b9133ff, the journal recorded") {
		t.Errorf("Verify of a replaced pair: %v", probs)
	}
}

// TestLoadFileSidecar: LoadFile uses a sidecar that describes the file,
// refuses one that describes other bytes, and makes one up when there is
// none or the .json is not a sidecar.
func TestLoadFileSidecar(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st := Open(dir)
	st.Write(small(t, regA), at(regA, 1))
	csv := filepath.Join(dir, "2021-10-01.csv")
	if _, m, err := LoadFile(csv); err != nil || m.Source != "https://iana.test/r.csv" {
		t.Errorf("LoadFile of a snapshot: %+v, %v", m, err)
	}
	other := filepath.Join(dir, "copy.csv")
	os.WriteFile(other, []byte(header+regC), 0o644)
	os.WriteFile(filepath.Join(dir, "copy.json"), []byte(`{"notes": "not a sidecar"}`), 0o644)
	if _, m, err := LoadFile(other); err != nil || m.Source != other {
		t.Errorf("LoadFile beside a .json that is no sidecar: %+v, %v", m, err)
	}
	os.WriteFile(filepath.Join(dir, "copy.json"), []byte(`{"sha256": "`+strings.Repeat("0", 64)+`"`), 0o644)
	if _, _, err := LoadFile(other); err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("LoadFile beside a broken sidecar: %v", err)
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	if probs, err := st.Verify(); err != nil || len(probs) != 0 {
		t.Fatalf("empty store: %v, %v", probs, err)
	}
	st.Write(small(t, regA), at(regA, 1))
	st.Write(small(t, regB), at(regB, 2))
	st.Write(small(t, regC), at(regC, 3))
	if probs, err := st.Verify(); err != nil || len(probs) != 0 {
		t.Fatalf("sound store: %v, %v", probs, err)
	}
	put := func(name, content string) { os.WriteFile(filepath.Join(st.Dir, name), []byte(content), 0o644) }
	os.Remove(filepath.Join(st.Dir, "2021-10-01.2.csv")) // the journal names it
	put("2020-01-01.json", "{}")                         // a sidecar a write left
	put("2020-01-01.people.csv", "")
	put("2019-01-01.csv", header)                                                                            // no sidecar
	put("2022-01-02.json", strings.Replace(tree(t, st.Dir)["2022-01-02.json"], `"rows": 2`, `"rows": 3`, 1)) // says 3 rows
	put(".2021-10-01.csv.tmp-123", "half")
	put(".index.bin.tmp-123", "someone else's")
	put(ValidatorsFile, "{")
	put("notes.csv", "not a snapshot")
	probs, err := st.Verify()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, string(p.Kind)+" "+filepath.Base(p.Path))
	}
	want := []string{
		"temp .2021-10-01.csv.tmp-123",
		"sidecar 2019-01-01.csv",
		"orphan 2020-01-01.json",
		"orphan 2020-01-01.people.csv",
		"orphan 2021-10-01.2.json",
		"sidecar 2022-01-02.json",
		"journal journal.csv",
		"validators validators.json",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range probs {
		if strings.Contains(p.Message, "\n") || !strings.Contains(p.Message, "(") {
			t.Errorf("%s: want one line saying what to do", p)
		}
	}
}

// TestVerifyCSV: a CSV whose sidecar matches but that does not parse.
func TestVerifyCSV(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	st.Write(small(t, regA), at(regA, 1))
	bad := header + "x,99999,tcp,,,,,,,,,\n"
	side := strings.Replace(tree(t, st.Dir)["2021-10-01.json"], hexSum([]byte(tree(t, st.Dir)["2021-10-01.csv"])), hexSum([]byte(bad)), 1)
	os.WriteFile(filepath.Join(st.Dir, "2021-10-01.csv"), []byte(bad), 0o644)
	os.WriteFile(filepath.Join(st.Dir, "2021-10-01.json"), []byte(side), 0o644)
	probs, _ := st.Verify()
	if len(probs) < 1 || probs[0].Kind != ProblemCSV || !strings.Contains(probs[0].Message, "line 2 (record 1): bad port number") {
		t.Errorf("problems = %v", probs)
	}
}

// TestNothingWrittenBeforeChecks: neither Prepare nor a refused Write
// creates the store folder.
func TestNothingWrittenBeforeChecks(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a", "store")
	st := Open(dir)
	if err := st.Prepare(); err != nil {
		t.Fatalf("Prepare of a store to be: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Errorf("Prepare created a folder: %v", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := Open(filepath.Join(file, "store")).Prepare(); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("Prepare under a file: %v", err)
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(t.TempDir(), "ro")
		os.Mkdir(ro, 0o555)
		if err := Open(filepath.Join(ro, "store")).Prepare(); err == nil || !strings.Contains(err.Error(), "cannot write") {
			t.Errorf("Prepare under a read-only folder: %v", err)
		}
	}
}
