package snapshots

import (
	"fmt"
	"time"

	"github.com/regdiff/regdiff/registry"
)

// Imported is one file of an import and what the store made of it.
type Imported struct {
	File string
	WriteResult
}

// ImportFiles stores IANA registry files (XML or CSV, recognised by
// content) as snapshots: every file is read and parsed before anything is
// written, so one bad file leaves the store as it was. source, when not
// "", is recorded in the sidecars instead of each file's name.
func (s *Store) ImportFiles(files []string, source string, now time.Time) ([]Imported, error) {
	type parsed struct {
		reg *registry.Registry
		raw []byte
	}
	all := make([]parsed, len(files))
	for i, f := range files {
		raw, err := ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("%v (nothing was imported)", err)
		}
		reg, _, err := registry.ParseAnyBytes(raw, f)
		if err != nil {
			return nil, fmt.Errorf("%w (nothing was imported)", err)
		}
		if err := Usable(reg); err != nil {
			return nil, fmt.Errorf("%s: %v (nothing was imported)", f, err)
		}
		all[i] = parsed{reg, raw}
	}
	lock, err := s.Lock(now)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	var out []Imported
	for i, p := range all {
		src := files[i]
		if source != "" {
			src = source
		}
		wr, err := s.Import(p.reg, Source{URL: src, FetchedAt: now, Raw: p.raw})
		if err != nil {
			return out, err
		}
		out = append(out, Imported{files[i], wr})
	}
	return out, nil
}
