package snapshots

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/regdiff/regdiff/registry"
)

// Acceptance says how much a download may differ from the newest snapshot
// before it is refused.
type Acceptance struct {
	// MaxDrop is the fraction of the newest snapshot's rows a download may
	// lack (IANA turns withdrawn rows into Reserved ones; it does not
	// delete them).
	MaxDrop float64
	// MaxVanished is how many named rows of the newest snapshot may be
	// missing from a download (matched on name, port and protocol).
	MaxVanished int
	// Force accepts what the checks would refuse: an older registry date,
	// more rows gone than MaxDrop or MaxVanished.
	Force bool
}

// DefaultMaxVanished is MaxVanished's default. IANA withdraws an
// assignment by turning its row into a Reserved one, not by deleting it:
// between the twelve real registries of 2014 to 2026 in this repository at
// most 34 named rows vanished (2015-02-05 to 2017-08-24, two and a half
// years apart; renames and moves count), while a CSV cut short at a row
// boundary loses its last rows, the name-only ones, by the dozen.
const DefaultMaxVanished = 50

// Usable refuses what parses but cannot be the registry: no rows, or no
// date to name a snapshot by.
func Usable(reg *registry.Registry) error {
	switch {
	case len(reg.Entries) == 0:
		return errors.New("the registry has no rows")
	case reg.Date().IsZero():
		return errors.New("no row has a registration or modification date")
	}
	return nil
}

// vanished lists the named rows of old that new lacks, by name, port and
// protocol.
func vanished(old, new *registry.Registry) []string {
	type key struct {
		name  string
		ports registry.PortRange
		proto registry.Protocol
	}
	have := make(map[key]bool, len(new.Entries))
	for i := range new.Entries {
		e := &new.Entries[i]
		have[key{e.Key(), e.Ports, e.Proto}] = true
	}
	var gone []string
	for i := range old.Entries {
		e := &old.Entries[i]
		if e.Name != "" && !have[key{e.Key(), e.Ports, e.Proto}] {
			gone = append(gone, e.Label())
		}
	}
	return gone
}

// Accept decides whether reg, just downloaded, may follow prev (nil for an
// empty store), whose registry is prevReg, as the newest snapshot. The error
// says why not and how to accept it anyway.
func (a Acceptance) Accept(prev *Snapshot, prevReg, reg *registry.Registry) error {
	if err := Usable(reg); err != nil {
		return err
	}
	if prev == nil || a.Force {
		return nil
	}
	if prevDate, err := registry.ParseDate(prev.RegistryDate); err == nil && reg.Date().Before(prevDate) {
		return fmt.Errorf("it is registry %s, older than snapshot %s (a stale mirror?); run again with --force to keep it anyway", reg.Date(), prev.Name)
	}
	if n := len(reg.Entries); float64(n) < float64(prev.Rows)*(1-a.MaxDrop) {
		return fmt.Errorf("%d rows, %.0f%% fewer than snapshot %s (%d); if IANA really removed them, run again with --force",
			n, 100*(1-float64(n)/float64(prev.Rows)), prev.Name, prev.Rows)
	}
	if prevReg != nil {
		if gone := vanished(prevReg, reg); len(gone) > a.MaxVanished {
			return fmt.Errorf("%d named rows of snapshot %s are missing from it (%s, ...), more than the %d IANA ever removed between versions (a download cut short?); if IANA really removed them, run again with --force",
				len(gone), prev.Name, gone[0], a.MaxVanished)
		}
	}
	return nil
}

// Holding returns the snapshot of the store that holds exactly reg's
// content, or nil: a download of it is not new (the same as the newest, or
// a revert to an older one).
func (s *Store) Holding(reg *registry.Registry) (*Snapshot, error) {
	var b bytes.Buffer
	if err := reg.WriteCSV(&b); err != nil {
		return nil, err
	}
	list, err := s.List()
	if err != nil {
		return nil, err
	}
	people := ""
	if reg.People != nil {
		var p bytes.Buffer
		if err := reg.People.WriteCSV(&p); err != nil {
			return nil, err
		}
		people = hexSum(p.Bytes())
	}
	st := &state{list: list}
	return st.holding(hexSum(b.Bytes()), people), nil
}
