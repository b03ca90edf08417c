package registry

import (
	"errors"
	"fmt"
	"strings"
)

// Column is one of the registry's twelve columns. This file is the one
// declaration of them: header names (both generations), the label people
// read, and how a row's value is read and set. The CSV parser and writer,
// the compact form, the diff of two rows and show all go through it.
type Column uint8

// The columns, in the order of IANA's header.
const (
	ColName Column = iota
	ColPort
	ColProto
	ColDescription
	ColAssignee
	ColContact
	ColRegistered
	ColModified
	ColReference
	ColServiceCode
	ColUnauthorized
	ColNotes
	NumColumns
)

var columns = [NumColumns]struct {
	header string // the current IANA header
	old    string // an earlier header, accepted on input
	label  string // what people read: show, diff
}{
	ColName:         {"Service Name", "", "name"},
	ColPort:         {"Port Number", "", "port"},
	ColProto:        {"Transport Protocol", "", "protocol"},
	ColDescription:  {"Description", "", "description"},
	ColAssignee:     {"Assignee", "", "assignee"},
	ColContact:      {"Contact", "", "contact"},
	ColRegistered:   {"Registration Date", "", "registered"},
	ColModified:     {"Modification Date", "", "modified"},
	ColReference:    {"Reference", "", "reference"},
	ColServiceCode:  {"Service Code", "", "service code"},
	ColUnauthorized: {"Unauthorized Use Reported", "Known Unauthorized Uses", "unauthorized use"}, // renamed between 2018 and 2019
	ColNotes:        {"Assignment Notes", "", "notes"},
}

// Header is the header [Registry.WriteCSV] writes: the registry's current one.
var Header = func() []string {
	h := make([]string, NumColumns)
	for c := range NumColumns {
		h[c] = columns[c].header
	}
	return h
}()

// columnOf maps every header name either generation used to its column.
var columnOf = func() map[string]Column {
	m := make(map[string]Column, NumColumns+1)
	for c := range NumColumns {
		m[columns[c].header] = c
		if columns[c].old != "" {
			m[columns[c].old] = c
		}
	}
	return m
}()

// Header is the column's current IANA header name.
func (c Column) Header() string { return columns[c].header }

// Label is the column's name for people: "description", "service code".
func (c Column) Label() string { return columns[c].label }

// TextColumns are the columns after name, port and protocol: what a row
// says about its assignment.
var TextColumns = []Column{ColDescription, ColAssignee, ColContact, ColRegistered, ColModified,
	ColReference, ColServiceCode, ColUnauthorized, ColNotes}

// Field is the column's value in the registry's text form: what the CSV
// holds ("80", "855-859", "tcp", "2021-10-01").
func (e *Entry) Field(c Column) string {
	switch c {
	case ColName:
		return e.Name
	case ColPort:
		return e.Ports.String()
	case ColProto:
		return string(e.Proto)
	case ColDescription:
		return e.Description
	case ColAssignee:
		return e.Assignee
	case ColContact:
		return e.Contact
	case ColRegistered:
		return e.Registered.String()
	case ColModified:
		return e.Modified.String()
	case ColReference:
		return e.Reference
	case ColServiceCode:
		return e.ServiceCode
	case ColUnauthorized:
		return e.UnauthorizedUse
	case ColNotes:
		return e.Notes
	}
	panic(fmt.Sprintf("registry: no column %d", c))
}

// Record is a row in its text form, one field per column.
type Record [NumColumns]string

// Record returns the row's fields in column order.
func (e *Entry) Record() Record {
	var r Record
	for c := range NumColumns {
		r[c] = e.Field(c)
	}
	return r
}

// Entry parses and normalizes a record: names and dates trimmed, ports,
// protocol and dates parsed, free text kept as written, the kind derived.
func (r *Record) Entry() (Entry, error) {
	var e Entry
	var err error
	e.Name = strings.TrimSpace(r[ColName])
	if e.Ports, err = ParsePortRange(r[ColPort]); err != nil {
		return e, err
	}
	if e.Proto, err = ParseProtocol(r[ColProto]); err != nil {
		return e, err
	}
	if e.Registered, err = ParseDate(r[ColRegistered]); err != nil {
		return e, fmt.Errorf("registration date: %w", err)
	}
	if e.Modified, err = ParseDate(r[ColModified]); err != nil {
		return e, fmt.Errorf("modification date: %w", err)
	}
	if e.Name == "" && e.Ports.IsNone() {
		return e, errors.New("row has neither a service name nor a port number")
	}
	e.Description = r[ColDescription]
	e.Assignee = r[ColAssignee]
	e.Contact = r[ColContact]
	e.Reference = r[ColReference]
	e.ServiceCode = r[ColServiceCode]
	e.UnauthorizedUse = r[ColUnauthorized]
	e.Notes = r[ColNotes]
	e.Kind = Classify(e.Name, e.Ports, e.Description)
	return e, nil
}

// checkHeader insists on exactly the registry's twelve columns, in any order:
// a missing column loses data, and an unknown one means the format changed
// and would be dropped silently.
func checkHeader(header []string) error {
	var seen [NumColumns]bool
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		c, known := columnOf[h]
		switch {
		case !known:
			return fmt.Errorf("unexpected column %q (%w, or IANA changed its format)", Clip(h, 40), ErrNotRegistry)
		case seen[c]:
			return fmt.Errorf("column %q appears twice (%w)", h, ErrNotRegistry)
		}
		seen[c] = true
	}
	for c := range NumColumns {
		if !seen[c] {
			return fmt.Errorf("missing column %q (%w)", columns[c].header, ErrNotRegistry)
		}
	}
	return nil
}
