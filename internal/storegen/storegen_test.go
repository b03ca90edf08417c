package storegen

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/regdiff/regdiff/registry"
)

func base(t *testing.T) *registry.Registry {
	t.Helper()
	f, err := os.Open("../../snapshots/2026-04-09.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := registry.ParseCanonical(f, f.Name(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestVersions checks that versions are deterministic, a week apart, and
// survive a trip through the snapshot CSV unchanged (kinds included).
func TestVersions(t *testing.T) {
	b := base(t)
	g1, g2 := New(b, 1), New(b, 1)
	prev := b
	for i := range 8 {
		v1, v2 := g1.Next(), g2.Next()
		if !reflect.DeepEqual(v1, v2) {
			t.Fatalf("version %d differs between two generators of one seed", i)
		}
		want := prev.Date()
		if i == 0 {
			want = registry.Date{Year: 2026, Month: 4, Day: 9}
		}
		if got := v1.Date(); got.Compare(want) <= 0 {
			t.Errorf("version %d dated %s, not after %s", i, got, want)
		}
		var buf bytes.Buffer
		if err := v1.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := registry.ParseCanonical(&buf, "version.csv", int64(buf.Len())) // as a store reads it
		if err != nil {
			t.Fatalf("version %d: %v", i, err)
		}
		if !reflect.DeepEqual(back.Entries, v1.Entries) {
			t.Errorf("version %d changes through its CSV", i)
		}
		if n := len(v1.Entries) - len(prev.Entries); n < -10 || n > 20 {
			t.Errorf("version %d: %d rows more than the last, want a handful", i, n)
		}
		prev = v1
	}
	if reflect.DeepEqual(New(b, 2).Next(), New(b, 1).Next()) {
		t.Error("seeds 1 and 2 give the same version")
	}
}
