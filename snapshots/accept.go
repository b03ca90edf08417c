package snapshots

import (
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
	// Force accepts what the checks would refuse: an older registry date,
	// more rows gone than MaxDrop.
	Force bool
}

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

// Accept decides whether reg, just downloaded, may follow prev (nil for an
// empty store) as the newest snapshot. The error says why not and how to
// accept it anyway.
func (a Acceptance) Accept(prev *Snapshot, reg *registry.Registry) error {
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
	return nil
}
