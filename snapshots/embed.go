package snapshots

import (
	_ "embed" // the newest snapshot
	"fmt"
	"maps"

	"github.com/regdiff/regdiff/registry"
)

//go:generate go run -tags regdiffgen gen.go

// embeddedReg is the newest committed snapshot in the compact form, and
// embeddedPeople its people; gen.go writes both, and embeddedMeta, its
// sidecar, in embedded_meta.go.
var (
	//go:embed embedded.reg
	embeddedReg string
	//go:embed embedded.people
	embeddedPeople string // the people, compact; empty when the snapshot has none
)

// EmbeddedSource is the Source of a registry taken from the binary.
const EmbeddedSource = "embedded"

// EmbeddedMeta returns the sidecar of the snapshot embedded in the binary.
func EmbeddedMeta() Meta {
	m := embeddedMeta
	m.Kinds = maps.Clone(m.Kinds) // the caller's to change
	return m
}

// Embedded returns the registry embedded in the binary, the newest committed
// snapshot, and its sidecar.
func Embedded() (*registry.Registry, Meta, error) { return embedded(true) }

func embedded(people bool) (*registry.Registry, Meta, error) {
	m := EmbeddedMeta()
	reg, err := registry.ParseCompact(embeddedReg)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("embedded snapshot %s: %v", m.Name, err)
	}
	if people && embeddedPeople != "" {
		if reg.People, err = registry.ParsePeopleCompact(embeddedPeople); err != nil {
			return nil, Meta{}, fmt.Errorf("embedded snapshot %s: people: %v", m.Name, err)
		}
	}
	return reg, m, nil
}

// EmbeddedPeople returns the people of the embedded snapshot, without
// loading its rows.
func EmbeddedPeople() (registry.People, error) {
	if embeddedPeople == "" {
		return nil, nil
	}
	return registry.ParsePeopleCompact(embeddedPeople)
}
