package snapshots_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
)

// TestDeltasMatchWholeDiffs compares the changes found from deltas with
// those found from the whole registries, on snapshots of the repository's
// store chosen to span its quirks: the oldest and the newest (the largest
// change), the 2019 header change, the 2020 and 2025 line-break rewrites,
// and two snapshots of one date. (All of them would take seconds.)
func TestDeltasMatchWholeDiffs(t *testing.T) {
	all, err := snapshots.Open(".").List()
	if err != nil {
		t.Fatal(err)
	}
	var list []snapshots.Snapshot
	for _, s := range all {
		switch s.Name {
		case "2013-02-18", "2019-12-31", "2020-07-29", "2020-07-29.2", "2025-09-22", all[len(all)-1].Name:
			list = append(list, s)
		}
	}
	if len(list) < 3 {
		t.Skipf("%d of the snapshots wanted here", len(list))
	}
	deltas, err := snapshots.Deltas(list)
	if err != nil {
		t.Fatal(err)
	}
	if len(deltas) != len(list)-1 {
		t.Fatalf("%d deltas for %d snapshots", len(deltas), len(list))
	}
	regs, err := snapshots.LoadAll(list)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range deltas {
		if d.From != list[i].Name || d.To != list[i+1].Name {
			t.Errorf("delta %d is %s..%s, want %s..%s", i, d.From, d.To, list[i].Name, list[i+1].Name)
		}
		whole := diff.Registries(regs[i], regs[i+1])
		part := diff.Registries(registry.New(d.Old), registry.New(d.New))
		if got := part.Unchanged + d.Unchanged; got != whole.Unchanged {
			t.Errorf("%s..%s: %d unchanged, whole registries say %d", d.From, d.To, got, whole.Unchanged)
		}
		if !maps.Equal(part.Summary, whole.Summary) {
			t.Errorf("%s..%s: summary %v, whole registries say %v", d.From, d.To, part.Summary, whole.Summary)
		}
	}
}

func TestDeltasRefuseDamage(t *testing.T) {
	dir := t.TempDir()
	st := snapshots.Open(dir)
	for _, rows := range []string{
		"http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n",
		"http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n\"x\ny\",81,tcp,\"two\nlines\",,,2022-01-02,,,,,\n",
	} {
		reg, err := registry.Parse(strings.NewReader(strings.Join(registry.Header, ",") + "\n" + rows))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Import(reg, snapshots.Source{URL: "test", Raw: []byte(rows)}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	ds, err := snapshots.Deltas(list)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Unchanged != 1 || len(ds[0].Old) != 0 || len(ds[0].New) != 1 || ds[0].New[0].Ports.String() != "81" {
		t.Errorf("delta = %+v", ds)
	}
	csv := filepath.Join(dir, list[1].Name+".csv")
	if err := os.WriteFile(csv, []byte("tampered\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := snapshots.Deltas(list); err == nil || !strings.Contains(err.Error(), "does not match its sidecar") {
		t.Errorf("a changed CSV: err = %v", err)
	}
}

// BenchmarkDeltas reads the change history of the repository's store.
func BenchmarkDeltas(b *testing.B) {
	list, err := snapshots.Open(".").List()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := snapshots.Deltas(list); err != nil {
			b.Fatal(err)
		}
	}
}
