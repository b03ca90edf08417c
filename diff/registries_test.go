package diff

import (
	"os"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/registry"
)

func loadSnapshot(t testing.TB, name string) *registry.Registry {
	t.Helper()
	f, err := os.Open("../snapshots/" + name + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := registry.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestRegistriesRealPair checks 2025-09-22 -> 2026-04-09: the counts per
// type, and, computed apart with set operations over keys, that no row is
// dropped or counted twice.
func TestRegistriesRealPair(t *testing.T) {
	t.Parallel()
	old, new := loadSnapshot(t, "2025-09-22"), loadSnapshot(t, "2026-04-09")
	cs := Registries(old, new)
	want := map[ChangeType]int{Added: 15, Changed: 30, Ranges: 8, Renamed: 8, StatusChanged: 6, Formatting: 0}
	for _, typ := range append(ChangeTypes, Formatting) {
		if cs.Summary[typ] != want[typ] {
			t.Errorf("%s = %d, want %d", typ, cs.Summary[typ], want[typ])
		}
	}
	checkAccounting(t, old, new, cs)

	// Renames seen by hand in the files.
	var renamed []string
	for _, c := range cs.Changes {
		if c.Type == Renamed {
			renamed = append(renamed, c.Old[0].Name+">"+c.New[0].Name)
		}
	}
	if got := strings.Join(renamed, " "); !strings.Contains(got, "fox-skytale>skytale") || !strings.Contains(got, "pmcdproxy>pmproxy") {
		t.Errorf("renames = %s", got)
	}
}

// TestRegistriesFormatting checks the 2025 rewrite of line breaks: about
// 190 rows differ only in white space, and they are kept apart.
func TestRegistriesFormatting(t *testing.T) {
	t.Parallel()
	old, new := loadSnapshot(t, "2024-08-13"), loadSnapshot(t, "2025-09-22")
	cs := Registries(old, new)
	if n := cs.Summary[Formatting]; n < 150 || n > 250 {
		t.Errorf("formatting-only rows = %d, want about 190", n)
	}
	for _, c := range cs.Changes {
		if c.Type == Changed && len(c.Fields) == 0 {
			t.Errorf("a change with no changed field: %s", c.Message)
		}
	}
	checkAccounting(t, old, new, cs)
}

// checkAccounting proves every row of either side is in exactly one place,
// and cross-checks the named rows with plain set differences.
func checkAccounting(t *testing.T, old, new *registry.Registry, cs *Changes) {
	t.Helper()
	oldRows, newRows := cs.Unchanged+len(cs.Formatting), cs.Unchanged+len(cs.Formatting)
	for _, c := range cs.Changes {
		oldRows += len(c.Old)
		newRows += len(c.New)
	}
	if oldRows != len(old.Entries) || newRows != len(new.Entries) {
		t.Fatalf("rows accounted: old %d of %d, new %d of %d", oldRows, len(old.Entries), newRows, len(new.Entries))
	}
	// The multiset difference of whole rows (white space folded) is what
	// the changes hold.
	count := func(es []registry.Entry) map[string]int {
		m := map[string]int{}
		for i := range es {
			m[canonKey(&es[i])]++
		}
		return m
	}
	oc, nc := count(old.Entries), count(new.Entries)
	onlyOld, onlyNew := 0, 0
	for k, n := range oc {
		onlyOld += max(0, n-nc[k])
	}
	for k, n := range nc {
		onlyNew += max(0, n-oc[k])
	}
	inChangesOld, inChangesNew := 0, 0
	for _, c := range cs.Changes {
		inChangesOld += len(c.Old)
		inChangesNew += len(c.New)
	}
	if onlyOld != inChangesOld || onlyNew != inChangesNew {
		t.Errorf("set difference: %d old and %d new rows differ, changes hold %d and %d", onlyOld, onlyNew, inChangesOld, inChangesNew)
	}
	// Names only on one side are exactly the names of added, removed,
	// renamed and status-changed rows of that side.
	names := func(es []registry.Entry) map[string]bool {
		m := map[string]bool{}
		for _, e := range es {
			if e.Name != "" {
				m[e.Key()+"/"+string(e.Proto)] = true
			}
		}
		return m
	}
	on, nn := names(old.Entries), names(new.Entries)
	gone, came := map[string]bool{}, map[string]bool{}
	for k := range on {
		if !nn[k] {
			gone[k] = true
		}
	}
	for k := range nn {
		if !on[k] {
			came[k] = true
		}
	}
	explained := func(rows []registry.Entry, set map[string]bool) {
		for _, e := range rows {
			delete(set, e.Key()+"/"+string(e.Proto))
		}
	}
	for _, c := range cs.Changes {
		switch c.Type {
		case Added, Renamed, StatusChanged, Moved:
			explained(c.New, came)
		}
		switch c.Type {
		case Removed, Renamed, StatusChanged, Moved:
			explained(c.Old, gone)
		}
	}
	if len(gone) > 0 || len(came) > 0 {
		t.Errorf("names only in the old registry not explained: %v; only in the new: %v", gone, came)
	}
}

func TestRegistriesEachType(t *testing.T) {
	t.Parallel()
	parse := func(rows string) *registry.Registry {
		reg, err := registry.Parse(strings.NewReader(header + rows))
		if err != nil {
			t.Fatal(err)
		}
		return reg
	}
	old := parse("http,80,tcp,World Wide Web,[IESG],,,,,,,\n" +
		"oldname,1000,tcp,Something,[A],,,,,,,\n" +
		"mover,2000,tcp,Moves,[B],,,,,,,\n" +
		"gone,3000,tcp,Goes away,[C],,,,,,,\n" +
		"gone,3000,udp,Goes away,[C],,,,,,,\n" +
		"deassigned,2,tcp,To be reserved,[D],,,,,,,\n" +
		",855-859,,Unassigned,,,,,,,,\n" +
		"wrapped,4000,tcp,\"line one\nline two\",[E],,,,,,,\n" +
		"same,5000,tcp,Same,[F],,,,,,,\n")
	new := parse("http,80,tcp,World Wide Web,[IESG],,,2026-01-02,[RFC9110],,,\n" +
		"newname,1000,tcp,Something,[A],,,,,,,\n" +
		"mover,2001,tcp,Moves,[B],,,,,,,\n" +
		"fresh,856,tcp,New service,[G],,2026-03-01,,,,,\n" +
		",855,,Unassigned,,,,,,,,\n" +
		",857-859,,Unassigned,,,,,,,,\n" +
		",2,tcp,Reserved,,,,2026-01-01,,,,De-assigned\n" +
		"wrapped,4000,tcp,line one line two,[E],,,,,,,\n" +
		"same,5000,tcp,Same,[F],,,,,,,\n")
	cs := Registries(old, new)
	want := map[ChangeType]int{Added: 1, Removed: 1, Renamed: 1, Moved: 1, StatusChanged: 1, Changed: 1, Ranges: 1, Formatting: 1}
	for typ, n := range want {
		if cs.Summary[typ] != n {
			t.Errorf("%s = %d, want %d", typ, cs.Summary[typ], n)
		}
	}
	if cs.Unchanged != 1 {
		t.Errorf("unchanged = %d, want 1", cs.Unchanged)
	}
	msgs := map[ChangeType]string{}
	for _, c := range cs.Changes {
		msgs[c.Type] = c.Message
	}
	for typ, m := range map[ChangeType]string{
		Added:         "fresh 856/tcp, registered 2026-03-01: New service",
		Removed:       "gone 3000/tcp,udp: Goes away",
		Renamed:       "oldname 1000/tcp renamed to newname",
		Moved:         "mover 2000/tcp moved to port 2001",
		StatusChanged: "2/tcp: assigned to deassigned -> reserved",
		Changed:       "http 80/tcp: modified, reference changed",
		Ranges:        "855-859 unassigned -> 855 unassigned, 857-859 unassigned",
	} {
		if msgs[typ] != m {
			t.Errorf("%s message = %q, want %q", typ, msgs[typ], m)
		}
	}
	checkAccounting(t, old, new, cs)
	if n := cs.Deassigned(); n != 1 {
		t.Errorf("deassigned = %d, want 1 (2/tcp)", n)
	}
	// The reverse is an assignment, not a de-assignment.
	if n := Registries(new, old).Deassigned(); n != 0 {
		t.Errorf("reversed: deassigned = %d, want 0", n)
	}
}

func TestRegistriesNameCase(t *testing.T) {
	t.Parallel()
	parse := func(rows string) *registry.Registry {
		reg, err := registry.Parse(strings.NewReader(header + rows))
		if err != nil {
			t.Fatal(err)
		}
		return reg
	}
	cs := Registries(parse("CAIlic,216,tcp,CA License Server,[A],,,,,,,\n"), parse("cailic,216,tcp,CA License Server,[A],,,,,,,\n"))
	if len(cs.Changes) != 1 || len(cs.Changes[0].Fields) != 1 || cs.Changes[0].Fields[0] != (FieldChange{"name", "CAIlic", "cailic"}) {
		t.Errorf("changes = %+v", cs.Changes)
	}
}

func BenchmarkRegistries(b *testing.B) {
	old, new := loadSnapshot(b, "2025-09-22"), loadSnapshot(b, "2026-04-09")
	b.ReportAllocs()
	for b.Loop() {
		Registries(old, new)
	}
}
