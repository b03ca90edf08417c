package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

// ChangeType is the kind of a change between two registries.
type ChangeType string

// The change types, in the order reports list them.
const (
	Added         ChangeType = "added"   // a new assignment (name at a port)
	Removed       ChangeType = "removed" // an assignment gone
	Renamed       ChangeType = "renamed" // same port and protocol, another name
	Moved         ChangeType = "moved"   // same name and protocol, another port
	StatusChanged ChangeType = "status"  // assigned <-> reserved/unassigned/deregistered, or marked historic
	Changed       ChangeType = "changed" // other fields: description, assignee, contact, reference, notes, dates ...
	Ranges        ChangeType = "ranges"  // Unassigned/Reserved rows split, merged, added or dropped
	// Formatting is a row whose text changed only in white space and line
	// breaks (IANA rewrote them in 2020 and 2025). Such rows are counted
	// apart, never mixed with real changes.
	Formatting ChangeType = "formatting"
)

// ChangeTypes lists the real change types in report order.
var ChangeTypes = []ChangeType{Added, Removed, Renamed, Moved, StatusChanged, Changed, Ranges}

// FieldChange is one field that differs.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Change is one change, with both sides, so a reader never has to open the
// registries.
type Change struct {
	Type    ChangeType       `json:"type"`
	Message string           `json:"message"`
	Old     []registry.Entry `json:"old,omitempty"`
	New     []registry.Entry `json:"new,omitempty"`
	Fields  []FieldChange    `json:"fields,omitempty"`
}

// Changes is what changed from one registry to another. Every row of
// either side is in exactly one place: Unchanged, a Formatting change, or a
// change.
type Changes struct {
	Changes    []Change           `json:"changes"`
	Formatting []Change           `json:"formatting,omitempty"`
	Unchanged  int                `json:"unchanged"`
	Summary    map[ChangeType]int `json:"summary"`
}

// Registries compares two registries and classifies every difference.
func Registries(old, new *registry.Registry) *Changes {
	m := &matcher{old: old.Entries, new: new.Entries, oldUsed: make([]bool, len(old.Entries)), newUsed: make([]bool, len(new.Entries))}
	cs := &Changes{Summary: map[ChangeType]int{}}

	// 1. Rows equal byte for byte, then equal but for white space.
	pair(m, rawKey, func(o, n int) { cs.Unchanged++ })
	pair(m, canonKey, func(o, n int) {
		cs.Formatting = append(cs.Formatting, Change{Type: Formatting, Old: m.olds(o), New: m.news(n),
			Message: m.old[o].Label() + ": white space in the text changed, nothing else"})
	})
	// 2. The same row (name, protocol, ports) with other fields.
	pair(m, identityKey, func(o, n int) { cs.add(fieldChange(&m.old[o], &m.new[n])) })
	// 3. Same port and protocol, new name; same name and protocol, new port.
	m.pairUnique(portKey, isNamed, func(o, n int) {
		cs.add(Change{Type: Renamed, Old: m.olds(o), New: m.news(n),
			Message: fmt.Sprintf("%s renamed to %s", m.old[o].Label(), m.new[n].Name)})
	})
	m.pairUnique(nameKey, isNamed, func(o, n int) {
		msg := fmt.Sprintf("%s moved to port %s", m.old[o].Label(), m.new[n].Ports)
		switch {
		case !m.new[n].HasPort():
			msg = fmt.Sprintf("%s became name-only: the name stays, without a port (for DNS-SD/SRV)", m.old[o].Label())
		case !m.old[o].HasPort():
			msg = fmt.Sprintf("%s, name-only, was given port %s", m.old[o].Label(), m.new[n].Ports)
		}
		cs.add(Change{Type: Moved, Old: m.olds(o), New: m.news(n), Message: msg})
	})
	// 4. A name gave way to a nameless row on the same port, or the reverse.
	m.pairUnique(portKey, func(e *registry.Entry) bool { return true }, func(o, n int) {
		cs.add(Change{Type: StatusChanged, Old: m.olds(o), New: m.news(n),
			Message: fmt.Sprintf("%s: %s -> %s", m.old[o].Ports.String()+protoSuffix(m.old[o].Proto), statusWord(&m.old[o]), statusWord(&m.new[n]))})
	})
	// 5. The nameless rows left: ranges split, merged, added or dropped.
	m.ranges(cs)
	// 6. What is left was added or removed, grouped by name and port.
	m.leftovers(cs)

	for _, c := range cs.Changes {
		cs.Summary[c.Type]++
	}
	cs.Summary[Formatting] = len(cs.Formatting)
	return cs
}

func (cs *Changes) add(c Change) { cs.Changes = append(cs.Changes, c) }

// Deassigned reports whether the change takes an assignment away: a status
// change from a row that assigns the port (a name not marked historic, or a
// nameless assignment) to one that does not (reserved, unassigned,
// de-registered, or the name marked historic).
func (c *Change) Deassigned() bool {
	if c.Type != StatusChanged || len(c.Old) == 0 || len(c.New) == 0 {
		return false
	}
	return assigns(&c.Old[0]) && !assigns(&c.New[0])
}

func assigns(e *registry.Entry) bool {
	h, _ := registry.Historic(e)
	return (e.Kind == registry.Assigned || e.Kind == registry.Nameless) && !h
}

// Deassigned counts the changes that take an assignment away.
func (cs *Changes) Deassigned() int {
	n := 0
	for i := range cs.Changes {
		if cs.Changes[i].Deassigned() {
			n++
		}
	}
	return n
}

type matcher struct {
	old, new         []registry.Entry
	oldUsed, newUsed []bool
}

func (m *matcher) olds(i ...int) []registry.Entry {
	out := make([]registry.Entry, len(i))
	for j, k := range i {
		out[j] = m.old[k]
	}
	return out
}

func (m *matcher) news(i ...int) []registry.Entry {
	out := make([]registry.Entry, len(i))
	for j, k := range i {
		out[j] = m.new[k]
	}
	return out
}

// pair matches unused rows with equal keys, in order, and calls fn for
// each pair.
func pair[K comparable](m *matcher, key func(*registry.Entry) K, fn func(o, n int)) {
	byKey := make(map[K][]int, len(m.old))
	for i := range m.old {
		if !m.oldUsed[i] {
			k := key(&m.old[i])
			byKey[k] = append(byKey[k], i)
		}
	}
	for n := range m.new {
		if m.newUsed[n] {
			continue
		}
		k := key(&m.new[n])
		if os := byKey[k]; len(os) > 0 {
			o := os[0]
			byKey[k] = os[1:]
			m.oldUsed[o], m.newUsed[n] = true, true
			fn(o, n)
		}
	}
}

// pairUnique matches unused rows that pass ok when their key is held by
// exactly one such row on each side: anything else is ambiguous and is left
// for later steps.
func (m *matcher) pairUnique(key func(*registry.Entry) string, ok func(*registry.Entry) bool, fn func(o, n int)) {
	olds, news := map[string][]int{}, map[string][]int{}
	for i := range m.old {
		if e := &m.old[i]; !m.oldUsed[i] && ok(e) {
			k := key(e)
			olds[k] = append(olds[k], i)
		}
	}
	newKeys := make(map[int]string) // each key is built once
	for i := range m.new {
		if e := &m.new[i]; !m.newUsed[i] && ok(e) {
			k := key(e)
			news[k] = append(news[k], i)
			newKeys[i] = k
		}
	}
	for n := range m.new {
		k, candidate := newKeys[n]
		if !candidate {
			continue
		}
		if len(olds[k]) == 1 && len(news[k]) == 1 {
			o := olds[k][0]
			m.oldUsed[o], m.newUsed[n] = true, true
			fn(o, n)
		}
	}
}

// ranges groups the unused nameless rows of both sides by overlapping ports
// (and protocol) into one change each.
func (m *matcher) ranges(cs *Changes) {
	type side struct {
		old bool
		i   int
	}
	var rows []side
	for i := range m.old {
		if !m.oldUsed[i] && m.old[i].Name == "" {
			rows = append(rows, side{true, i})
		}
	}
	for i := range m.new {
		if !m.newUsed[i] && m.new[i].Name == "" {
			rows = append(rows, side{false, i})
		}
	}
	entry := func(s side) *registry.Entry {
		if s.old {
			return &m.old[s.i]
		}
		return &m.new[s.i]
	}
	slices.SortStableFunc(rows, func(a, b side) int { return registry.Compare(*entry(a), *entry(b)) })
	group := make([]int, len(rows)) // union-find over overlapping rows
	for i := range group {
		group[i] = i
	}
	find := func(i int) int {
		for group[i] != i {
			group[i] = group[group[i]]
			i = group[i]
		}
		return i
	}
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			a, b := entry(rows[i]), entry(rows[j])
			if b.Ports.Lo() > a.Ports.Hi() {
				break // sorted by first port: no later row overlaps a
			}
			if a.Ports.Overlaps(b.Ports) && (a.Proto == b.Proto || a.Proto == registry.NoProto || b.Proto == registry.NoProto) {
				group[find(j)] = find(i)
			}
		}
	}
	changes := map[int]*Change{}
	var order []int
	for i, r := range rows {
		g := find(i)
		c := changes[g]
		if c == nil {
			c = &Change{Type: Ranges}
			changes[g] = c
			order = append(order, g)
		}
		if r.old {
			m.oldUsed[r.i] = true
			c.Old = append(c.Old, m.old[r.i])
		} else {
			m.newUsed[r.i] = true
			c.New = append(c.New, m.new[r.i])
		}
	}
	for _, g := range order {
		c := changes[g]
		c.Message = describeRanges(c.Old) + " -> " + describeRanges(c.New)
		cs.add(*c)
	}
}

func describeRanges(es []registry.Entry) string {
	if len(es) == 0 {
		return "(none)"
	}
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Ports.String() + protoSuffix(e.Proto) + " " + statusWord(&e)
	}
	return strings.Join(parts, ", ")
}

// leftovers reports the unused named rows as added or removed, grouped by
// name and port so that tcp and udp are one change.
func (m *matcher) leftovers(cs *Changes) {
	for _, side := range []struct {
		rows []registry.Entry
		used []bool
		typ  ChangeType
	}{{m.new, m.newUsed, Added}, {m.old, m.oldUsed, Removed}} {
		groups := map[string]*Change{}
		var order []string
		for i := range side.rows {
			if side.used[i] {
				continue
			}
			side.used[i] = true
			e := side.rows[i]
			k := e.Key() + "|" + e.Ports.String()
			c := groups[k]
			if c == nil {
				c = &Change{Type: side.typ}
				groups[k] = c
				order = append(order, k)
			}
			if side.typ == Added {
				c.New = append(c.New, e)
			} else {
				c.Old = append(c.Old, e)
			}
		}
		for _, k := range order {
			c := groups[k]
			rows := append(slices.Clone(c.Old), c.New...)
			e := rows[0]
			var protos []string
			for _, r := range rows {
				if r.Proto != registry.NoProto {
					protos = append(protos, string(r.Proto))
				}
			}
			label := e.Name
			if e.HasPort() {
				label += " " + e.Ports.String()
			}
			if len(protos) > 0 {
				label += "/" + strings.Join(protos, ",")
			}
			when := ""
			if d := newestDate(rows); !d.IsZero() && side.typ == Added {
				when = ", registered " + d.String()
			}
			c.Message = fmt.Sprintf("%s%s: %s", label, when, registry.Clip(registry.Canon(e.Description), 80))
			cs.add(*c)
		}
	}
}

// fieldChange describes how the same row differs, as a status change when
// what the row says of the port changed, else as changed fields.
func fieldChange(o, n *registry.Entry) Change {
	c := Change{Type: Changed, Old: []registry.Entry{*o}, New: []registry.Entry{*n}}
	for _, f := range fieldsOf(o, n) {
		if registry.Canon(f.Old) != registry.Canon(f.New) {
			c.Fields = append(c.Fields, f)
		}
	}
	oh, _ := registry.Historic(o)
	nh, _ := registry.Historic(n)
	if o.Kind != n.Kind || oh != nh {
		c.Type = StatusChanged
		c.Message = fmt.Sprintf("%s: %s -> %s", o.Label(), statusWord(o), statusWord(n))
		return c
	}
	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		names[i] = f.Field
	}
	c.Message = fmt.Sprintf("%s: %s changed", o.Label(), strings.Join(names, ", "))
	return c
}

func fieldsOf(o, n *registry.Entry) []FieldChange {
	// The name first: rows match on the case-folded name ("CAIlic" -> "cailic").
	fs := make([]FieldChange, 1, 1+len(registry.TextColumns))
	fs[0] = FieldChange{registry.ColName.Label(), o.Name, n.Name}
	for _, c := range registry.TextColumns {
		fs = append(fs, FieldChange{c.Label(), o.Field(c), n.Field(c)})
	}
	return fs
}

// statusWord says what a row makes of its port: "assigned to http",
// "historic (whois++)", "reserved".
func statusWord(e *registry.Entry) string {
	if h, _ := registry.Historic(e); h {
		return "historic " + e.Name
	}
	if e.Name != "" {
		return "assigned to " + e.Name
	}
	return e.Kind.String()
}

func protoSuffix(p registry.Protocol) string {
	if p == registry.NoProto {
		return ""
	}
	return "/" + string(p)
}

func isNamed(e *registry.Entry) bool { return e.Name != "" }

// The keys rows are matched on. A whole row is its own raw key: Entry is
// comparable, so the first and largest pass builds no strings.
func rawKey(e *registry.Entry) registry.Entry { return *e }

func canonKey(e *registry.Entry) string {
	rec := e.Record()
	for c := range rec {
		rec[c] = registry.Canon(rec[c])
	}
	return strings.Join(rec[:], "\x00")
}

func identityKey(e *registry.Entry) string {
	return e.Key() + "\x00" + string(e.Proto) + "\x00" + e.Ports.String()
}

func portKey(e *registry.Entry) string {
	if !e.HasPort() {
		return "\x00noport\x00" + e.Key() // name-only rows have no port to share
	}
	return string(e.Proto) + "\x00" + e.Ports.String()
}

func nameKey(e *registry.Entry) string { return e.Key() + "\x00" + string(e.Proto) }
