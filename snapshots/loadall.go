package snapshots

import (
	"runtime"
	"sync"

	"github.com/regdiff/regdiff/registry"
)

// LoadAll reads the registries of snapshots, as many at once as there are
// CPUs, in the order given.
func LoadAll(list []Snapshot) ([]*registry.Registry, error) {
	regs := make([]*registry.Registry, len(list))
	errs := make([]error, len(list))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, s := range list {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			regs[i], errs[i] = s.Load()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return regs, nil
}
