package registry

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Person is one entry of the XML's <people> section: whom an id such as
// "Jon_Postel" in a row's Assignee or Contact stands for.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Org  string `json:"org"`
	// URI is as IANA writes it, "mailto:jon&example.com" with "&" for "@"
	// (see [Person.Email]); a person with several URIs has them here
	// separated by a space.
	URI     string `json:"uri"`
	Updated Date   `json:"updated"`
}

// URIs splits [Person.URI].
func (p Person) URIs() []string { return strings.Fields(p.URI) }

// Email is the person's first mailto address, with the "&" IANA writes in
// place of "@" put back: "jon@example.com". It is empty when the person has
// no mailto URI.
func (p Person) Email() string {
	for _, u := range p.URIs() {
		if addr, ok := cutPrefixFold(u, "mailto:"); ok {
			return strings.Replace(addr, "&", "@", 1)
		}
	}
	return ""
}

// People is the registry's people, sorted by ID (byte order). A sorted slice
// rather than a map: it is written in this order anyway (snapshots, JSON),
// it costs one allocation to build, and lookups by binary search are cheap
// for the few thousand persons the registry has.
type People []Person

func comparePerson(a, b Person) int { return strings.Compare(a.ID, b.ID) }

// Lookup returns the person with the given id.
func (ps People) Lookup(id string) (Person, bool) {
	i, ok := slices.BinarySearchFunc(ps, id, func(p Person, id string) int { return strings.Compare(p.ID, id) })
	if !ok {
		return Person{}, false
	}
	return ps[i], true
}

// Person returns the person an id of the registry's rows stands for. A
// registry made from the CSV has no people: ok is always false there.
func (r *Registry) Person(id string) (Person, bool) { return r.People.Lookup(id) }

// PersonIDs returns the ids of the persons the row names as assignee or
// contact, in order, without repeats: "[IESG]" and "[IETF_Chair]" give
// "IESG", "IETF_Chair". Bracketed text that cannot be an id (it has a space,
// or is a URL or an RFC) is left out. It works on rows of either format.
func (e *Entry) PersonIDs() []string {
	var ids []string
	for _, col := range [...]string{e.Assignee, e.Contact} {
		for _, ref := range parseRefs(col) {
			if ref.Type == RefPerson && !slices.Contains(ids, ref.Data) {
				ids = append(ids, ref.Data)
			}
		}
	}
	return ids
}

// peopleHeader is the header of the people CSV.
var peopleHeader = []string{"id", "name", "org", "uri", "updated"}

// WriteCSV writes the people as a CSV sorted by id, with the header
// "id,name,org,uri,updated" and LF line ends. The same people always give the
// same bytes, and [ParsePeopleCSV] reads them back.
func (ps People) WriteCSV(w io.Writer) error {
	sorted := ps
	if !slices.IsSortedFunc(ps, comparePerson) {
		sorted = slices.Clone(ps)
		slices.SortStableFunc(sorted, comparePerson)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(peopleHeader); err != nil {
		return err
	}
	for _, p := range sorted {
		if err := cw.Write([]string{p.ID, p.Name, p.Org, p.URI, p.Updated.String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ParsePeopleCSV reads what [People.WriteCSV] writes. Ids must be unique and
// non-empty; rows may come in any order and are returned sorted.
func ParsePeopleCSV(r io.Reader) (People, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.ReuseRecord = true
	// FieldsPerRecord 0: every record must have as many fields as the header.
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{Line: 1, Err: errors.New("empty input: not a people CSV")}
	}
	if err != nil {
		return nil, peopleCSVError(err, 0)
	}
	if !slices.Equal(header, peopleHeader) {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf("header %q is not a people CSV's %q", Clip(strings.Join(header, ","), 60), strings.Join(peopleHeader, ","))}
	}
	var ps People
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, peopleCSVError(err, n)
		}
		line, _ := cr.FieldPos(0)
		p := Person{ID: rec[0], Name: rec[1], Org: rec[2], URI: rec[3]}
		if p.ID == "" {
			return nil, &ParseError{Line: line, Record: n, Err: errors.New("empty id")}
		}
		if p.Updated, err = ParseDate(rec[4]); err != nil {
			return nil, &ParseError{Line: line, Record: n, Err: fmt.Errorf("updated: %w", err)}
		}
		ps = append(ps, p)
	}
	slices.SortStableFunc(ps, comparePerson)
	for i := 1; i < len(ps); i++ {
		if ps[i].ID == ps[i-1].ID {
			return nil, fmt.Errorf("person id %q appears twice", Clip(ps[i].ID, 40))
		}
	}
	return ps, nil
}

func peopleCSVError(err error, record int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields: want 5"
		}
		return &ParseError{Line: pe.StartLine, Record: record, Err: fmt.Errorf("malformed CSV: %s (column %d, line %d)", msg, pe.Column, pe.Line)}
	}
	return err
}
