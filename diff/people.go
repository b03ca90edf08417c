package diff

import "github.com/regdiff/regdiff/registry"

// PeopleChanges is what changed in the people data between two registries,
// apart from the rows: persons added or removed, and persons whose name,
// organisation, address or record date changed.
type PeopleChanges struct {
	Added   []registry.Person `json:"added,omitempty"`
	Removed []registry.Person `json:"removed,omitempty"`
	Changed []PersonChange    `json:"changed,omitempty"`
	// Missing names the side without people data ("old" or "new"): a
	// registry read from a CSV has none, and then nothing is compared.
	Missing string `json:"missing,omitempty"`
}

// PersonChange is one person whose record changed. Address says the URI
// changed without giving it: addresses stay out of reports.
type PersonChange struct {
	ID      string        `json:"id"`
	Fields  []FieldChange `json:"fields,omitempty"` // name, org, updated
	Address bool          `json:"address_changed,omitempty"`
}

// Empty reports whether nothing changed (or nothing could be compared).
func (p *PeopleChanges) Empty() bool {
	return p == nil || len(p.Added)+len(p.Removed)+len(p.Changed) == 0
}

// People compares the people data of two registries; nil when neither has
// any (both were read from CSVs): there is nothing to say.
func People(old, new registry.People) *PeopleChanges {
	pc := &PeopleChanges{}
	switch {
	case old == nil && new == nil:
		return nil
	case old == nil:
		pc.Missing = "old"
		return pc
	case new == nil:
		pc.Missing = "new"
		return pc
	}
	for _, o := range old {
		n, ok := new.Lookup(o.ID)
		if !ok {
			pc.Removed = append(pc.Removed, o)
			continue
		}
		c := PersonChange{ID: o.ID, Address: o.URI != n.URI}
		for _, f := range []FieldChange{{"name", o.Name, n.Name}, {"org", o.Org, n.Org}, {"updated", o.Updated.String(), n.Updated.String()}} {
			if f.Old != f.New {
				c.Fields = append(c.Fields, f)
			}
		}
		if len(c.Fields) > 0 || c.Address {
			pc.Changed = append(pc.Changed, c)
		}
	}
	for _, n := range new {
		if _, ok := old.Lookup(n.ID); !ok {
			pc.Added = append(pc.Added, n)
		}
	}
	return pc
}
