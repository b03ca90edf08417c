// Package storeview answers questions across the snapshots of a store, the
// history of a port or a name and the diff of two snapshots, through the
// store's index: each distinct row once, so that the answer costs about one
// registry read however many snapshots the store holds. It joins snapshots
// (the index) and diff (the typed changes), which know nothing of each
// other.
package storeview

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/snapshots"
)

// A Life is the history of a query across the store's snapshots.
type Life struct {
	Snapshots []string     // the store's snapshots, oldest first
	Events    []diff.Event // what happened to the rows followed
	ix        *snapshots.Index
}

// History is the history of q across the store's snapshots: the
// events from one snapshot to the next, then the reverts the journal
// recorded. It reads the store's index, which holds each distinct row
// once, not every snapshot's CSV.
func History(st *snapshots.Store, q registry.Query) (*Life, error) {
	ix, err := st.Index()
	if err != nil {
		return nil, err
	}
	var named []registry.Entry
	if !q.IsPort() {
		named = ix.Rows(func(e *registry.Entry) bool { return strings.EqualFold(e.Name, q.Text) })
	}
	cuts := ix.Cuts(diff.Follow(q, named))
	names := make([]string, len(cuts))
	rows := make([][]registry.Entry, len(cuts))
	for i, c := range cuts {
		names[i], rows[i] = c.Snapshot.Name, c.Entries
	}
	events := diff.History(q, names, rows)
	journal, err := st.Events()
	if err != nil {
		return nil, err
	}
	for _, ev := range journal { // reverts happen after the snapshots they return to
		from, to := slices.Index(names, ev.Previous), slices.Index(names, ev.Snapshot)
		if ev.Type == snapshots.EventRevert && from >= 0 && to >= 0 {
			events = append(events, diff.Revert(ev.Previous, ev.Snapshot, rows[from], rows[to])...)
		}
	}
	return &Life{Snapshots: names, Events: events, ix: ix}, nil
}

// Holders resolves the persons the rows of the events name (nil: none,
// or no people data could be read), from the newest people data at hand.
func (l *Life) Holders() []report.Holder {
	if !diff.NamePeople(l.Events) {
		return nil
	}
	people, date, err := l.people()
	if err != nil {
		return nil
	}
	return report.Holders(l.Events, people, date)
}

// people returns the newest people data at hand and the registry date it
// belongs to: the newest snapshot of the life's store that has people,
// else the binary's. Only a people file is read, not rows, and the
// store's index is not checked again.
func (l *Life) people() (registry.People, registry.Date, error) {
	snaps := l.ix.Snapshots()
	for i := len(snaps) - 1; i >= 0; i-- {
		if snaps[i].PeopleSHA256 != "" {
			p, err := snaps[i].LoadPeople()
			d, _ := registry.ParseDate(snaps[i].RegistryDate)
			return p, d, err
		}
	}
	m := snapshots.EmbeddedMeta()
	p, err := snapshots.EmbeddedPeople()
	d, _ := registry.ParseDate(m.RegistryDate)
	return p, d, err
}

// Diff compares two snapshots of the store through its index, which
// hands over only the rows they do not share; ok is false when either
// reference is not a snapshot of the store (a file, embedded, latest).
func Diff(st *snapshots.Store, refs []string) (*report.Diff, bool, error) {
	var names [2]string
	for i, ref := range refs {
		if _, err := os.Stat(ref); err == nil || ref == "embedded" || ref == "latest" || ref == "" {
			return nil, false, nil
		}
		snap, err := st.Find(ref)
		if err != nil {
			return nil, false, err
		}
		names[i] = snap.Name
	}
	ix, err := st.Index()
	if err != nil {
		return nil, false, err
	}
	d, err := ix.Delta(names[0], names[1])
	if err != nil {
		return nil, false, err
	}
	cs := diff.Registries(&registry.Registry{Entries: d.Old}, &registry.Registry{Entries: d.New})
	cs.Unchanged += d.Shared
	rep := &report.Diff{Old: names[0], New: names[1], Changes: cs}
	var people [2]registry.People
	for i, name := range names {
		snap, _ := st.Find(name)
		if people[i], err = snap.LoadPeople(); err != nil {
			return nil, false, err
		}
		if people[i] == nil { // a CSV's snapshot: the XML of the same registry date has them
			for _, o := range ix.Snapshots() {
				if o.RegistryDate == snap.RegistryDate && o.PeopleSHA256 != "" {
					if people[i], err = o.LoadPeople(); err != nil {
						return nil, false, err
					}
					rep.PeopleFrom += fmt.Sprintf("the people of %s are those of %s, the same registry date read from the XML; ", name, o.Name)
					break
				}
			}
		}
	}
	rep.PeopleFrom = strings.TrimSuffix(rep.PeopleFrom, "; ")
	rep.People = diff.People(people[0], people[1])
	return rep, true, nil
}

// Compare is the diff of two registries named by references (snapshot
// names, files, embedded, latest): through the index when both are
// snapshots of the store, else by reading both, at once (parsing is most
// of such a diff's time).
func Compare(st *snapshots.Store, refs [2]string) (*report.Diff, error) {
	if rep, ok, err := Diff(st, refs[:]); err != nil || ok {
		return rep, err
	}
	regs, metas, err := loadTwo(st, refs, snapshots.Resolve)
	if err != nil {
		return nil, err
	}
	rep := &report.Diff{Old: metas[0].Name, New: metas[1].Name, Changes: diff.Registries(regs[0], regs[1])}
	rep.People = diff.People(regs[0].People, regs[1].People)
	return rep, nil
}

// Unified is the unified line diff of the two registries' canonical CSVs.
func Unified(st *snapshots.Store, refs [2]string, context int) (string, error) {
	regs, metas, err := loadTwo(st, refs, snapshots.ResolveRows)
	if err != nil {
		return "", err
	}
	var a, b bytes.Buffer
	if err := cmp.Or(regs[0].WriteCSV(&a), regs[1].WriteCSV(&b)); err != nil {
		return "", err
	}
	return diff.Unified(metas[0].Name+".csv", metas[1].Name+".csv", a.String(), b.String(), context), nil
}

func loadTwo(st *snapshots.Store, refs [2]string, resolve func(string, *snapshots.Store) (*registry.Registry, snapshots.Meta, error)) ([2]*registry.Registry, [2]snapshots.Meta, error) {
	var (
		regs  [2]*registry.Registry
		metas [2]snapshots.Meta
		errs  [2]error
		wg    sync.WaitGroup
	)
	wg.Go(func() { regs[0], metas[0], errs[0] = resolve(refs[0], st) })
	regs[1], metas[1], errs[1] = resolve(refs[1], st)
	wg.Wait()
	return regs, metas, cmp.Or(errs[0], errs[1])
}

// LastChange names the two snapshots of the store's last change: the
// journal's last event (a revert included), else its two newest. n is how
// many snapshots the store holds; with fewer than two there is none.
func LastChange(st *snapshots.Store) (refs [2]string, n int, err error) {
	list, err := st.List()
	if err != nil || len(list) < 2 {
		return refs, len(list), err
	}
	if evs, err := st.Events(); err == nil && len(evs) > 0 && evs[len(evs)-1].Previous != "" {
		return [2]string{evs[len(evs)-1].Previous, evs[len(evs)-1].Snapshot}, len(list), nil
	}
	return [2]string{list[len(list)-2].Name, list[len(list)-1].Name}, len(list), nil
}

// Timeline is the store's snapshots and the changes from each to the
// next, read from the index; none when the store is empty.
func Timeline(st *snapshots.Store) ([]snapshots.Snapshot, []snapshots.Step, error) {
	if list, err := st.List(); err != nil || len(list) == 0 {
		return nil, nil, err
	}
	ix, err := st.Index()
	if err != nil {
		return nil, nil, err
	}
	return ix.Snapshots(), ix.Steps(), nil
}
