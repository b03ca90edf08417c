package registry

import (
	"cmp"
	"encoding/csv"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Registry is a whole registry: its rows in canonical order.
type Registry struct {
	Entries []Entry
	// People is whom the rows' person ids stand for, from the XML's
	// <people> section; nil for a registry read from a CSV.
	People People
}

// New returns a registry of entries, sorting them into canonical order in
// place.
func New(entries []Entry) *Registry {
	Sort(entries)
	return &Registry{Entries: entries}
}

// Sort puts entries in canonical order: rows with a port first, by first and
// last port, then case-folded name, name and protocol (tcp, udp, sctp, dccp,
// none); name-only rows after them, by name and protocol. Ties are broken on
// every other field, so the order depends only on the content.
func Sort(entries []Entry) { slices.SortStableFunc(entries, Compare) }

// Compare orders two entries as [Sort] does.
func Compare(a, b Entry) int { return compare(&a, &b) }

// IsSorted reports whether entries are in canonical order.
func IsSorted(entries []Entry) bool {
	for i := 1; i < len(entries); i++ {
		if compare(&entries[i-1], &entries[i]) > 0 {
			return false
		}
	}
	return true
}

// compare is Compare without copying two rows for each call.
func compare(a, b *Entry) int {
	if c := cmp.Compare(btoi(a.Ports.IsNone()), btoi(b.Ports.IsNone())); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Ports.lo, b.Ports.lo); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Ports.hi, b.Ports.hi); c != 0 {
		return c
	}
	if c := compareFold(a.Name, b.Name); c != 0 {
		return c
	}
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Proto.Rank(), b.Proto.Rank()); c != 0 {
		return c
	}
	for _, c := range TextColumns {
		if c := strings.Compare(a.Field(c), b.Field(c)); c != 0 {
			return c
		}
	}
	return 0
}

// compareFold compares ASCII-case-folded strings without allocating.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lower(a[i]), lower(b[i])
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	return cmp.Compare(len(a), len(b))
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Date is the registry's own date: the newest registration or modification
// date of any row. It names snapshots. IANA edits notes and references
// without touching any date, so it is a lower bound of the registry's
// version, not an identity.
func (r *Registry) Date() Date {
	var max Date
	for i := range r.Entries {
		e := &r.Entries[i]
		if max.Before(e.Registered) {
			max = e.Registered
		}
		if max.Before(e.Modified) {
			max = e.Modified
		}
	}
	return max
}

// Counts returns the number of rows of each kind.
func (r *Registry) Counts() map[Kind]int {
	m := make(map[Kind]int, numKinds)
	for _, k := range Kinds() {
		m[k] = 0
	}
	for i := range r.Entries {
		m[r.Entries[i].Kind]++
	}
	return m
}

// Port returns every row whose port or range contains p, all protocols.
func (r *Registry) Port(p int) []Entry {
	return r.Range(Ports(uint16(p), uint16(p)))
}

// Range returns every row whose port or range overlaps pr.
func (r *Registry) Range(pr PortRange) []Entry {
	var out []Entry
	for i := range r.Entries {
		if r.Entries[i].Ports.Overlaps(pr) {
			out = append(out, r.Entries[i])
		}
	}
	return out
}

// Name returns every row named name, compared case-insensitively.
func (r *Registry) Name(name string) []Entry {
	name = strings.TrimSpace(name)
	var out []Entry
	for i := range r.Entries {
		if name != "" && strings.EqualFold(r.Entries[i].Name, name) {
			out = append(out, r.Entries[i])
		}
	}
	return out
}

// Siblings returns the named rows that share a port and protocol with e,
// other than rows of e's own name: "www" and "www-http" for "http 80/tcp".
func (r *Registry) Siblings(e Entry) []Entry {
	var out []Entry
	if !e.HasPort() {
		return nil
	}
	for i := range r.Entries {
		s := &r.Entries[i]
		if s.Name != "" && s.Ports == e.Ports && s.Proto == e.Proto && !strings.EqualFold(s.Name, e.Name) {
			out = append(out, *s)
		}
	}
	return out
}

// WriteCSV writes the registry as a CSV with the current IANA header, LF
// line ends and canonical row order. The output reads back with [Parse] to
// the same entries, and the same entries always give the same bytes.
func (r *Registry) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	sorted := slices.IsSortedFunc(r.Entries, Compare)
	entries := r.Entries
	if !sorted {
		entries = slices.Clone(entries)
		Sort(entries)
	}
	for i := range entries {
		rec := entries[i].Record()
		if err := cw.Write(rec[:]); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// lazyRegexp compiles expr when first used, not on every start of a binary
// that imports the package.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
