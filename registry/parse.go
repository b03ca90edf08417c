package registry

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
)

// Column names of the IANA CSV. Column 11 was "Known Unauthorized Uses"
// until 2018 and "Unauthorized Use Reported" since 2019; both are accepted.
const (
	colName         = "Service Name"
	colPort         = "Port Number"
	colProto        = "Transport Protocol"
	colDescription  = "Description"
	colAssignee     = "Assignee"
	colContact      = "Contact"
	colRegistered   = "Registration Date"
	colModified     = "Modification Date"
	colReference    = "Reference"
	colServiceCode  = "Service Code"
	colUnauthorized = "Unauthorized Use Reported"
	colUnauthOld    = "Known Unauthorized Uses"
	colNotes        = "Assignment Notes"
)

// Header is the header [WriteCSV] writes: the registry's current one.
var Header = []string{colName, colPort, colProto, colDescription, colAssignee, colContact,
	colRegistered, colModified, colReference, colServiceCode, colUnauthorized, colNotes}

// row is one CSV record as gocsv maps it, by header name, so the column order
// of the file does not matter and both header generations load.
type row struct {
	Name            string `csv:"Service Name"`
	Port            string `csv:"Port Number"`
	Proto           string `csv:"Transport Protocol"`
	Description     string `csv:"Description"`
	Assignee        string `csv:"Assignee"`
	Contact         string `csv:"Contact"`
	Registered      string `csv:"Registration Date"`
	Modified        string `csv:"Modification Date"`
	Reference       string `csv:"Reference"`
	ServiceCode     string `csv:"Service Code"`
	UnauthorizedUse string `csv:"Unauthorized Use Reported,Known Unauthorized Uses"`
	Notes           string `csv:"Assignment Notes"`
}

// ParseError is an error in the registry CSV. Line is the line of the file
// where the record starts (1 is the header); Record counts data records
// from 1 (0 for the header).
type ParseError struct {
	File   string // set by callers that know it
	Line   int
	Record int
	Err    error
}

func (e *ParseError) Error() string {
	loc := "line " + strconv.Itoa(e.Line)
	if e.File != "" {
		loc = e.File + ":" + strconv.Itoa(e.Line)
	}
	if e.Record > 0 {
		loc += " (record " + strconv.Itoa(e.Record) + ")"
	}
	return loc + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrNotRegistry is wrapped by errors about a header that is not the
// registry's: the input is some other file, an HTML page, or IANA changed
// the format.
var ErrNotRegistry = errors.New("not the IANA service names and port numbers CSV")

// Parse reads the IANA registry CSV (either header generation, any column
// order, optional UTF-8 BOM, CRLF or LF records, quoted fields spanning
// lines) and returns its rows normalized, in canonical order.
func Parse(r io.Reader) (*Registry, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3) //nolint:errcheck // Peek just saw these bytes
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, &ParseError{Line: 1, Err: fmt.Errorf("empty input: %w", ErrNotRegistry)}
		}
		return nil, csvError(err, 0)
	}
	if err := checkHeader(header); err != nil {
		return nil, &ParseError{Line: 1, Err: err}
	}
	dec := &decoder{cr: cr, header: header}
	var rows []row
	if err := gocsv.UnmarshalDecoder(dec, &rows); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, &ParseError{Line: 1, Err: err}
	}
	entries := make([]Entry, len(rows))
	for i := range rows {
		if err := rows[i].normalize(&entries[i]); err != nil {
			return nil, &ParseError{Line: dec.lines[i], Record: i + 1, Err: err}
		}
	}
	return New(entries), nil
}

// ParseNamed is [Parse] with the input's name (a file path) put into
// errors: "FILE:LINE (record N): ...".
func ParseNamed(r io.Reader, name string) (*Registry, error) {
	reg, err := Parse(r)
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.File = name
		return nil, pe
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return reg, nil
}

// checkHeader insists on exactly the registry's twelve columns, in any order:
// a missing column loses data, and an unknown one means the format changed
// and would be dropped silently.
func checkHeader(header []string) error {
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		known := h == colUnauthOld
		for _, c := range Header {
			known = known || h == c
		}
		if h == colUnauthOld {
			h = colUnauthorized
		}
		switch {
		case !known:
			return fmt.Errorf("unexpected column %q (%w, or IANA changed its format)", Clip(header[i], 40), ErrNotRegistry)
		case seen[h]:
			return fmt.Errorf("column %q appears twice (%w)", header[i], ErrNotRegistry)
		}
		seen[h] = true
	}
	for _, c := range Header {
		if !seen[c] {
			return fmt.Errorf("missing column %q (%w)", c, ErrNotRegistry)
		}
	}
	return nil
}

// decoder feeds gocsv from an encoding/csv reader that has already read the
// header, remembering where each record starts for error messages.
type decoder struct {
	cr     *csv.Reader
	header []string
	lines  []int
}

func (d *decoder) GetCSVRows() ([][]string, error) {
	rows := [][]string{d.header}
	for {
		rec, err := d.cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, csvError(err, len(rows))
		}
		line, _ := d.cr.FieldPos(0)
		d.lines = append(d.lines, line)
		rows = append(rows, rec)
	}
}

func csvError(err error, record int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields: want 12 (the record is malformed or cut short)"
		}
		return &ParseError{Line: pe.StartLine, Record: record, Err: fmt.Errorf("malformed CSV: %s (column %d, line %d)", msg, pe.Column, pe.Line)}
	}
	return err
}

// UnmarshalCSVWithFields lets gocsv hand over each field by its header name
// (gocsv's TypeUnmarshalCSVWithFields): a switch on the name instead of
// gocsv's reflection per field, which was most of the parse time.
func (r *row) UnmarshalCSVWithFields(key, value string) error {
	switch key {
	case colName:
		r.Name = value
	case colPort:
		r.Port = value
	case colProto:
		r.Proto = value
	case colDescription:
		r.Description = value
	case colAssignee:
		r.Assignee = value
	case colContact:
		r.Contact = value
	case colRegistered:
		r.Registered = value
	case colModified:
		r.Modified = value
	case colReference:
		r.Reference = value
	case colServiceCode:
		r.ServiceCode = value
	case colUnauthorized, colUnauthOld:
		r.UnauthorizedUse = value
	case colNotes:
		r.Notes = value
	}
	return nil
}

func (r *row) normalize(e *Entry) error {
	var err error
	e.Name = strings.TrimSpace(r.Name)
	if e.Ports, err = ParsePortRange(r.Port); err != nil {
		return err
	}
	if e.Proto, err = ParseProtocol(r.Proto); err != nil {
		return err
	}
	if e.Registered, err = ParseDate(r.Registered); err != nil {
		return fmt.Errorf("registration date: %w", err)
	}
	if e.Modified, err = ParseDate(r.Modified); err != nil {
		return fmt.Errorf("modification date: %w", err)
	}
	if e.Name == "" && e.Ports.IsNone() {
		return errors.New("row has neither a service name nor a port number")
	}
	e.Description = r.Description
	e.Assignee = r.Assignee
	e.Contact = r.Contact
	e.Reference = r.Reference
	e.ServiceCode = r.ServiceCode
	e.UnauthorizedUse = r.UnauthorizedUse
	e.Notes = r.Notes
	e.Kind = Classify(e.Name, e.Ports, e.Description)
	return nil
}
