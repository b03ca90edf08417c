package snapshots

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/regdiff/regdiff/registry"
)

const header = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

func small(t *testing.T, rows string) *registry.Registry {
	t.Helper()
	reg, err := registry.Parse(strings.NewReader(header + rows))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

var (
	regA = "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n,855-859,,Unassigned,,,,,,,,\n"
	// regB has the same dates as regA and one more note: IANA edits
	// without touching dates.
	regB = "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,a note\n,855-859,,Unassigned,,,,,,,,\n"
	regC = "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\nvfo,1056,tcp,VFO,,,2022-01-02,,,,,\n"
)

func src(raw string) Source {
	return Source{URL: "test", FetchedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Raw: []byte(raw)}
}

// tree returns every file of dir with its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	des, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for _, de := range des {
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[de.Name()] = string(b)
	}
	return out
}

func TestWriteIsIdempotent(t *testing.T) {
	t.Parallel()
	st := Open(filepath.Join(t.TempDir(), "store"))
	wr, err := st.Write(small(t, regA), src(regA))
	if err != nil || !wr.Created || wr.Event == nil || wr.Event.Type != EventNew || wr.Previous != "" {
		t.Fatalf("first write: %+v err=%v", wr, err)
	}
	snap := wr.Snapshot
	if snap.Name != "2021-10-01" || snap.Rows != 2 || snap.Kinds["unassigned"] != 1 {
		t.Errorf("meta = %+v", snap.Meta)
	}
	before := tree(t, st.Dir)
	if len(before) != 3 {
		t.Fatalf("store holds %v, want a CSV, a sidecar and the journal", keys(before))
	}
	if want := []string{snap.CSVPath(), snap.MetaPath(), st.JournalPath()}; !reflect.DeepEqual(wr.Written, want) {
		t.Errorf("Written = %v, want %v", wr.Written, want)
	}
	sum := sha256.Sum256([]byte(before["2021-10-01.csv"]))
	if hex.EncodeToString(sum[:]) != snap.SHA256 {
		t.Error("sidecar sha256 is not the CSV's")
	}
	// The same content again, even from other raw bytes at another time,
	// is a no-op.
	again, err := st.Write(small(t, regA), Source{URL: "elsewhere", FetchedAt: time.Now(), Raw: []byte("other bytes")})
	if err != nil || again.Created || again.Event != nil || again.Snapshot.Name != snap.Name || len(again.Written) != 0 {
		t.Fatalf("second write: %+v err=%v", again, err)
	}
	if after := tree(t, st.Dir); !reflect.DeepEqual(before, after) {
		t.Error("a second write of the same content changed the store")
	}
}

func TestWriteSameDateOtherContent(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	for _, rows := range []string{regA, regB, regC} {
		if _, err := st.Write(small(t, rows), src(rows)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
	}
	if want := []string{"2021-10-01", "2021-10-01.2", "2022-01-02"}; !reflect.DeepEqual(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	// Writing regA again finds it under its date: still three snapshots.
	if wr, err := st.Write(small(t, regA), src(regA)); err != nil || wr.Created {
		t.Errorf("rewrite of regA: %+v err=%v", wr, err)
	}
	if list, _ := st.List(); len(list) != 3 {
		t.Errorf("%d snapshots after a rewrite, want 3", len(list))
	}
	if _, err := st.Find("1999-01-01"); err == nil || !strings.Contains(err.Error(), "have 2021-10-01, 2021-10-01.2, 2022-01-02") {
		t.Errorf("Find(missing) error = %v", err)
	}
}

func TestFailedWriteLeavesStoreUnchanged(t *testing.T) {
	t.Parallel()
	for _, failAt := range []int{1, 2, 3} { // the renames of 1: the sidecar, 2: the CSV, 3: the journal
		st := Open(t.TempDir())
		if _, err := st.Write(small(t, regA), src(regA)); err != nil {
			t.Fatal(err)
		}
		before := tree(t, st.Dir)
		calls := 0
		st.beforeCommit = func(tmp string) error {
			if calls++; calls == failAt {
				return errors.New("disk full")
			}
			return nil
		}
		_, err := st.Write(small(t, regC), src(regC))
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("failAt %d: err = %v, want the injected failure", failAt, err)
		}
		if after := tree(t, st.Dir); !reflect.DeepEqual(before, after) {
			t.Errorf("failAt %d: store changed by a failed write: %v", failAt, keys(after))
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestUndatedSortsFirst(t *testing.T) {
	t.Parallel()
	if compareNames("undated", "1999-01-01") >= 0 || compareNames("2021-10-01.2", "2021-10-01") <= 0 || compareNames("2021-10-01.10", "2021-10-01.9") <= 0 {
		t.Error("snapshot names sort wrong")
	}
}

func TestListRejectsOrphanCSV(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "2020-01-01.csv"), []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.csv"), []byte("ignored: not a snapshot name"), 0o644)
	_, err := Open(dir).List()
	if err == nil || !strings.Contains(err.Error(), "no readable sidecar") {
		t.Errorf("err = %v", err)
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	em := EmbeddedMeta()
	empty := Open(filepath.Join(t.TempDir(), "none"))
	for _, ref := range []string{"embedded", "latest", ""} {
		_, m, err := Resolve(ref, empty)
		if err != nil || m.Name != em.Name {
			t.Errorf("Resolve(%q) on an empty store = %s, %v; want the embedded %s", ref, m.Name, err, em.Name)
		}
	}

	// A store holding only an older snapshot still resolves latest to the
	// newer embedded one; a newer snapshot wins.
	st := Open(t.TempDir())
	st.Write(small(t, regA), src(regA))
	if _, m, _ := Resolve("latest", st); m.Name != em.Name {
		t.Errorf("latest with an older store = %s, want embedded %s", m.Name, em.Name)
	}
	future := "x,1,tcp,,,,2099-01-01,,,,,\n"
	st.Write(small(t, future), src(future))
	if reg, m, err := Resolve("latest", st); err != nil || m.Name != "2099-01-01" || len(reg.Entries) != 1 {
		t.Errorf("latest with a newer store = %s, %v", m.Name, err)
	}
	if _, m, err := Resolve("2021-10-01", st); err != nil || m.Name != "2021-10-01" {
		t.Errorf("Resolve(date) = %s, %v", m.Name, err)
	}
	if _, m, err := Resolve(st.Dir, empty); err != nil || m.Name != "2099-01-01" {
		t.Errorf("Resolve(store folder) = %s, %v", m.Name, err)
	}
	// A snapshot's own CSV path keeps its sidecar.
	if _, m, err := Resolve(filepath.Join(st.Dir, "2021-10-01.csv"), empty); err != nil || m.Source != "test" || m.Name != "2021-10-01" {
		t.Errorf("Resolve(snapshot path) = %+v, %v", m, err)
	}
	// A raw CSV gets a made-up sidecar.
	raw := filepath.Join(t.TempDir(), "service-names-port-numbers.csv")
	os.WriteFile(raw, []byte(strings.ReplaceAll(header+regC, "\n", "\r\n")), 0o644)
	if reg, m, err := Resolve(raw, empty); err != nil || m.Source != raw || m.Name != "2022-01-02" || len(reg.Entries) != 2 || m.RawBytes == 0 {
		t.Errorf("Resolve(raw path) = %+v, %v", m, err)
	}
	for _, ref := range []string{"nowhere.csv", "2001-01-01"} {
		if _, _, err := Resolve(ref, st); err == nil {
			t.Errorf("Resolve(%q) succeeded", ref)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte(header+"x,99999,tcp,,,,,,,,,\n"), 0o644)
	if _, _, err := Resolve(bad, st); err == nil || !strings.HasPrefix(err.Error(), bad+":2 (record 1): bad port number") {
		t.Errorf("Resolve(bad CSV) error = %v", err)
	}
}

// TestCommittedSnapshots checks the repository's history: Verify finds no
// problem (each sidecar describes its CSV, which parses), and each CSV is in
// canonical form (rewriting it gives the same bytes).
func TestCommittedSnapshots(t *testing.T) {
	t.Parallel()
	probs, err := Open(".").Verify()
	if err != nil || len(probs) != 0 {
		t.Fatalf("the committed store: %v, %v", probs, err)
	}
	list, err := Open(".").List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 12 {
		t.Fatalf("found %d committed snapshots, want the 12 imported from shared/data/iana", len(list))
	}
	for _, s := range list {
		b, err := os.ReadFile(s.CSVPath())
		if err != nil {
			t.Fatal(err)
		}
		// ParseCanonical reads what Parse reads (FuzzParseCanonical).
		reg, err := registry.ParseCanonical(bytes.NewReader(b), s.CSVPath(), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		var w bytes.Buffer
		reg.WriteCSV(&w)
		if !bytes.Equal(w.Bytes(), b) {
			t.Errorf("%s: CSV is not in canonical form", s.Name)
		}
	}
}

// TestEmbeddedIsNewest fails when an import added a newer snapshot and
// embedded.reg was not regenerated.
func TestEmbeddedIsNewest(t *testing.T) {
	t.Parallel()
	newest, ok, err := Open(".").Latest()
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	reg, m, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != newest.Name || m.SHA256 != newest.SHA256 {
		t.Fatalf("embedded snapshot is %s, the newest committed is %s: run go generate ./snapshots", m.Name, newest.Name)
	}
	side := newest.Meta
	if m.FetchedAt.Equal(side.FetchedAt) {
		side.FetchedAt = m.FetchedAt // the same instant, written in UTC
	}
	if !reflect.DeepEqual(m, side) {
		t.Fatalf("embedded_meta.go is not %s's sidecar: run go generate ./snapshots\n%#v\n%#v", newest.Name, m, newest.Meta)
	}
	want, err := newest.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reg.Entries, want.Entries) {
		t.Fatal("embedded.reg differs from the newest snapshot's CSV: run go generate ./snapshots")
	}
}

func BenchmarkEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadSnapshotCSV(b *testing.B) {
	newest, _, err := Open(".").Latest()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newest.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEmbeddedPeopleAreNewest: embedded.people holds the people of the
// newest snapshot, as its people file has them.
func TestEmbeddedPeopleAreNewest(t *testing.T) {
	t.Parallel()
	newest, ok, err := Open(".").Latest()
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	want, err := newest.LoadPeople()
	if err != nil {
		t.Fatal(err)
	}
	got, err := EmbeddedPeople()
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("embedded.people has %d people, %s's people file %d: run go generate ./snapshots", len(got), newest.Name, len(want))
	}
}
