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
	"sync"

	"github.com/gocarina/gocsv"
	"github.com/regdiff/regdiff/internal/prefault"
)

// row is one CSV record as gocsv hands it over, field by header name (see
// UnmarshalCSVWithFields), so the column order of the file does not matter
// and both header generations load.
type row struct {
	// A pointer: gocsv makes two of a row for each record, and copies one
	// into its slice, so a row of 8 bytes spares 5 MB of copies a
	// registry. The record is made on its first field.
	Fields *Record
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
	prefault.Slice(entries)
	for i := range rows {
		if rows[i].Fields == nil { // a record of no fields, which encoding/csv does not give
			rows[i].Fields = new(Record)
		}
		if entries[i], err = rows[i].Fields.Entry(); err != nil {
			return nil, &ParseError{Line: dec.lines[i], Record: i + 1, Err: err}
		}
	}
	return New(entries), nil
}

// ParseNamed is [Parse] with the input's name (a file path) put into
// errors: "FILE:LINE (record N): ...".
func ParseNamed(r io.Reader, name string) (*Registry, error) {
	reg, err := Parse(r)
	return reg, named(err, name)
}

// ParseCanonical is [ParseNamed] for a CSV that [Registry.WriteCSV] wrote,
// as a store's snapshots are. When the first line is WriteCSV's header, the
// records go straight into rows, without gocsv's reflection: a third of
// the time. Any other first line goes to ParseNamed. Either way the result,
// or the error, is ParseNamed's (FuzzParseCanonical holds them together).
// size, the input's length when known, sizes the rows; 0 is unknown.
func ParseCanonical(r io.Reader, name string, size int64) (*Registry, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if first, err := br.Peek(len(canonicalHeader())); err != nil || string(first) != canonicalHeader() {
		return ParseNamed(br, name)
	}
	reg, err := parseCanonical(br, size)
	return reg, named(err, name)
}

// canonicalHeader is the first line WriteCSV writes.
var canonicalHeader = sync.OnceValue(func() string {
	var b strings.Builder
	cw := csv.NewWriter(&b)
	cw.Write(Header) //nolint:errcheck // a strings.Builder
	cw.Flush()
	return b.String()
})

// parseCanonical reads the records after the header as Parse would: a CSV
// error wins over a bad row before it, since Parse reads every record
// before it converts any.
func parseCanonical(r io.Reader, size int64) (*Registry, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = int(NumColumns)
	if _, err := cr.Read(); err != nil {
		return nil, csvError(err, 0)
	}
	// 72 to 74 bytes a row; the hint is capped, so that a huge file grows
	// its rows as it proves them rather than reserving them up front.
	entries := make([]Entry, 0, min(size/70, 1<<16))
	var bad error
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err, n)
		}
		if bad != nil {
			continue
		}
		e, err := (*Record)(rec).Entry()
		if err != nil {
			line, _ := cr.FieldPos(0)
			bad = &ParseError{Line: line, Record: n, Err: err}
			continue
		}
		entries = append(entries, e)
	}
	if bad != nil {
		return nil, bad
	}
	return New(entries), nil
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
// (gocsv's TypeUnmarshalCSVWithFields): a table lookup instead of gocsv's
// reflection per field, which was most of the parse time. checkHeader has
// already refused unknown names.
func (r *row) UnmarshalCSVWithFields(key, value string) error {
	if r.Fields == nil {
		r.Fields = new(Record)
	}
	r.Fields[columnOf[key]] = value
	return nil
}
