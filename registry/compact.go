package registry

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/internal/prefault"
)

// The compact form is how a registry is embedded in the binary: the twelve
// columns of [WriteCSV], in the same text form, with fields ended by US
// (0x1f) and records by RS (0x1e) instead of CSV quoting. Decoding needs no
// unquoting, so every field is a substring of the input and loading the
// embedded registry costs one pass and one allocation per row, several times
// less than the CSV path through gocsv (see BenchmarkLoadCompact).
const (
	compactMagic = "regdiff-compact-1\n"
	fieldSep     = '\x1f'
	recordSep    = '\x1e'
)

// WriteCompact writes the registry in the compact form. Text containing the
// separator bytes cannot be written; the registry has none.
func (r *Registry) WriteCompact(w io.Writer) error {
	var b strings.Builder
	b.WriteString(compactMagic)
	entries := r.Entries
	if !slices.IsSortedFunc(entries, Compare) {
		entries = slices.Clone(entries)
		Sort(entries)
	}
	for i := range entries {
		e := &entries[i]
		for c, f := range e.Record() {
			if strings.ContainsAny(f, "\x1e\x1f") {
				return fmt.Errorf("row %q: column %q holds a control character 0x1e or 0x1f", e.Label(), Column(c).Header())
			}
			b.WriteString(f)
			b.WriteByte(fieldSep)
		}
		b.WriteByte(recordSep)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ParseCompact reads the compact form written by [WriteCompact]. Entries
// share memory with s.
func ParseCompact(s string) (*Registry, error) {
	body, ok := strings.CutPrefix(s, compactMagic)
	if !ok {
		return nil, errors.New("not a compact registry: bad magic")
	}
	entries := make([]Entry, 0, strings.Count(body, string(recordSep)))
	prefault.Slice(entries) // 2.3 MB, every byte written below
	var r Record
	for n := 1; body != ""; n++ {
		var err error
		if body, err = nextCompact(body, r[:]); err != nil {
			return nil, fmt.Errorf("compact registry: record %d %v", n, err)
		}
		e, err := r.Entry()
		if err != nil {
			return nil, fmt.Errorf("compact registry: record %d: %w", n, err)
		}
		entries = append(entries, e)
	}
	if !slices.IsSortedFunc(entries, Compare) {
		return nil, errors.New("compact registry: rows are not in canonical order")
	}
	return &Registry{Entries: entries}, nil
}

// The compact form of people, as they are embedded beside the rows: id,
// name, org, uri and updated date, each ended by US, each person by RS.
const peopleCompactMagic = "regdiff-people-compact-1\n"

// WriteCompact writes the people in the compact form, sorted by id.
func (ps People) WriteCompact(w io.Writer) error {
	sorted := ps
	if !slices.IsSortedFunc(ps, comparePerson) {
		sorted = slices.Clone(ps)
		slices.SortStableFunc(sorted, comparePerson)
	}
	var b strings.Builder
	b.WriteString(peopleCompactMagic)
	for i, p := range sorted {
		if p.ID == "" || i > 0 && sorted[i-1].ID == p.ID {
			return fmt.Errorf("person id %q is empty or repeated", Clip(p.ID, 40))
		}
		for _, f := range [...]string{p.ID, p.Name, p.Org, p.URI, p.Updated.String()} {
			if strings.ContainsAny(f, "\x1e\x1f") {
				return fmt.Errorf("person %q holds a control character 0x1e or 0x1f", Clip(p.ID, 40))
			}
			b.WriteString(f)
			b.WriteByte(fieldSep)
		}
		b.WriteByte(recordSep)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ParsePeopleCompact reads what [People.WriteCompact] writes: one pass,
// the strings shared with s. Ids must be unique, non-empty and sorted.
func ParsePeopleCompact(s string) (People, error) {
	body, ok := strings.CutPrefix(s, peopleCompactMagic)
	if !ok {
		return nil, errors.New("not compact people: bad magic")
	}
	ps := make(People, 0, strings.Count(body, string(recordSep)))
	prefault.Slice(ps)
	var f [5]string
	for n := 1; body != ""; n++ {
		var err error
		if body, err = nextCompact(body, f[:]); err != nil {
			return nil, fmt.Errorf("compact people: person %d %v", n, err)
		}
		p := Person{ID: f[0], Name: f[1], Org: f[2], URI: f[3]}
		if p.Updated, err = ParseDate(f[4]); err != nil {
			return nil, fmt.Errorf("compact people: person %d: updated: %w", n, err)
		}
		if p.ID == "" || len(ps) > 0 && ps[len(ps)-1].ID >= p.ID {
			return nil, fmt.Errorf("compact people: person %d: id %q empty, repeated or out of order", n, Clip(p.ID, 40))
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// nextCompact cuts the first record off body into f, which it must fill
// exactly, and returns the rest.
func nextCompact(body string, f []string) (string, error) {
	end := strings.IndexByte(body, recordSep)
	if end < 0 {
		return "", errors.New("is cut short")
	}
	rec, rest := body[:end], body[end+1:]
	for c := range f {
		i := strings.IndexByte(rec, fieldSep)
		if i < 0 {
			return "", errors.New("has too few fields")
		}
		f[c], rec = rec[:i], rec[i+1:]
	}
	if rec != "" {
		return "", errors.New("has too many fields")
	}
	return rest, nil
}
