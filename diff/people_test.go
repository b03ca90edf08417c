package diff

import (
	"testing"

	"github.com/regdiff/regdiff/registry"
)

func TestPeople(t *testing.T) {
	t.Parallel()
	d := func(s string) registry.Date { v, _ := registry.ParseDate(s); return v }
	old := registry.People{{ID: "A", Name: "Ann", Updated: d("2001-01-01")}, {ID: "B", Name: "Bob", URI: "mailto:b&x"}, {ID: "C", Name: "Cy"}}
	new := registry.People{{ID: "A", Name: "Ann", Org: "Acme", Updated: d("2024-05-01")}, {ID: "B", Name: "Bob", URI: "mailto:bob&x"}, {ID: "D", Name: "Di"}}
	pc := People(old, new)
	if len(pc.Added) != 1 || pc.Added[0].ID != "D" || len(pc.Removed) != 1 || pc.Removed[0].ID != "C" {
		t.Errorf("added %v, removed %v", pc.Added, pc.Removed)
	}
	if len(pc.Changed) != 2 || len(pc.Changed[0].Fields) != 2 || !pc.Changed[1].Address || len(pc.Changed[1].Fields) != 0 {
		t.Errorf("changed %+v", pc.Changed)
	}
	if m := People(nil, new).Missing; m != "old" {
		t.Errorf("a CSV-made old registry: missing %q", m)
	}
	if pc := People(nil, nil); pc != nil {
		t.Errorf("two CSV-made registries: %+v, want nothing to say", pc)
	}
}
