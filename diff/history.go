package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

// Present marks, in a history, the rows already there in the oldest
// snapshot.
const Present ChangeType = "present"

// Event is one line of the history of a port or a name.
type Event struct {
	Snapshot string     `json:"snapshot"`
	Type     ChangeType `json:"type"` // Present for the oldest snapshot's rows
	Message  string     `json:"message"`
	Change   Change     `json:"change"`
}

// Follow returns what a history of q keeps of each snapshot. For a port or
// range: every row that overlaps it. For a name: its rows, and every row at
// a port and protocol that any row of the name ever had (named: those rows,
// from every snapshot), so that a rename shows as one change.
func Follow(q registry.Query, named []registry.Entry) func(*registry.Entry) bool {
	if q.IsPort() {
		return func(e *registry.Entry) bool { return e.Ports.Overlaps(q.Ports) }
	}
	return func(e *registry.Entry) bool {
		if strings.EqualFold(e.Name, q.Text) {
			return true
		}
		for i := range named {
			if e.Ports.Overlaps(named[i].Ports) && e.On(named[i].Proto) {
				return true
			}
		}
		return false
	}
}

// History turns the rows a history of q follows in each snapshot (cuts,
// oldest first, named by names) into events: the oldest snapshot's rows as
// Present, then the typed changes from one snapshot to the next, worded for
// the port asked about where a registry-wide wording would mislead. Cuts
// that are one slice are not compared.
func History(q registry.Query, names []string, cuts [][]registry.Entry) []Event {
	events := []Event{}
	for i, rows := range cuts {
		if i == 0 {
			for _, en := range rows {
				events = append(events, Event{Snapshot: names[i], Type: Present,
					Message: fmt.Sprintf("%s %s: %s", en.Label(), en.Kind, registry.Clip(registry.Canon(en.Description), 70)),
					Change:  Change{Type: Present, New: []registry.Entry{en}}})
			}
			continue
		}
		if same(cuts[i-1], rows) {
			continue
		}
		for _, c := range Registries(&registry.Registry{Entries: cuts[i-1]}, &registry.Registry{Entries: rows}).Changes {
			events = append(events, Event{Snapshot: names[i], Type: c.Type, Message: about(q, c), Change: c})
		}
	}
	return events
}

// same reports whether a and b are one slice: neighbouring cuts that hold
// the same rows share it (snapshots.Index.Cuts), and cannot differ.
func same(a, b []registry.Entry) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Reverted marks, in a history, a registry that went back to the content of
// an older snapshot (A -> B -> A).
const Reverted ChangeType = "reverted"

// Revert is the events of a revert from snapshot from to the older
// snapshot to, as the store's journal recorded it: one line saying so,
// then what changed for the rows followed (none when the revert did not
// touch them, and then no line at all).
func Revert(from, to string, fromRows, toRows []registry.Entry) []Event {
	changes := Registries(&registry.Registry{Entries: fromRows}, &registry.Registry{Entries: toRows}).Changes
	if len(changes) == 0 {
		return nil
	}
	events := []Event{{Snapshot: to, Type: Reverted, Message: fmt.Sprintf("the registry went back from %s to %s", from, to), Change: Change{Type: Reverted}}}
	for _, c := range changes {
		events = append(events, Event{Snapshot: to, Type: c.Type, Message: c.Message, Change: c})
	}
	return events
}

// about words a ranges change for the port or range a history follows: the
// cut holds only the rows that touch it, so "1001-1009 unassigned ->
// (none)" means the range was split or dropped around the port, which no
// row covers any more, not that the port stopped being unassigned.
func about(q registry.Query, c Change) string {
	if c.Type != Ranges || !q.IsPort() {
		return c.Message
	}
	switch {
	case len(c.New) == 0:
		return fmt.Sprintf("%s split or dropped: no row covers %s any more (a port no row covers is unassigned)", describeRanges(c.Old), q.Ports)
	case len(c.Old) == 0:
		return fmt.Sprintf("%s: now a row covers %s (before, none did)", describeRanges(c.New), q.Ports)
	}
	return c.Message
}

// NamePeople reports whether any row of the events names a person: only
// then are a history's holders worth looking up.
func NamePeople(events []Event) bool {
	named := func(e registry.Entry) bool { return len(e.PersonIDs()) > 0 }
	return slices.ContainsFunc(events, func(ev Event) bool {
		return slices.ContainsFunc(ev.Change.Old, named) || slices.ContainsFunc(ev.Change.New, named)
	})
}
