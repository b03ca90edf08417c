package services

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdiff/regdiff/registry"
)

// Caps on what Parse reads. The largest real services file known, SUSE's,
// is 1.26 MB with 11271 entries, 6 aliases and 204-byte lines at most;
// nmap-services has about 27,000 entries. The caps are ten times that or
// more, so that they stop only what is not a services file, and they keep
// the memory Parse uses bounded whatever it is given: about 100 MB at
// worst, a few times the input for real files.
const (
	// MaxBytes is the most Parse reads: 16 MiB.
	MaxBytes = 16 << 20
	// MaxLineBytes is the longest line Parse reads, without its newline:
	// 2 MiB, far above any real line, and enough for one line of 200,000
	// short aliases (what BenchmarkMergeManyAliases merges).
	MaxLineBytes = 2 << 20
	// MaxEntries is the most entries (Entries and Unnamed together, each
	// port and protocol of a range or merged-protocol line counted) Parse
	// returns: 262,144.
	MaxEntries = 1 << 18
	// MaxAliases is the most aliases Parse keeps over all entries, a copy
	// for each entry of a line that gives several counted: 262,144.
	MaxAliases = 1 << 18
	// MaxWarnings is the most warnings Parse keeps; past it, one last
	// warning (WarnTooManyWarnings) counts the rest.
	MaxWarnings = 1 << 16
	// MaxLineEntries is the most entries one line may stand for: a range
	// or merged-protocol line ("x11 6000-6063/tcp/udp", 128 entries) that
	// stands for more is not read, with a warning.
	MaxLineEntries = 1024
)

// sniffLen is how much of the input is looked at to tell a services file
// from something else, as git does to tell binary files.
const sniffLen = 8000

// Sentinel errors: a *FormatError wraps one of them (errors.Is), so a caller
// can tell what the input was.
var (
	// ErrTooLarge: the input is over one of the caps (MaxBytes,
	// MaxLineBytes, MaxEntries, MaxAliases).
	ErrTooLarge = errors.New("too large for a services file")
	// ErrRegistryCSV: the input is the IANA registry's CSV.
	ErrRegistryCSV = errors.New("the IANA registry CSV, not a services file")
	// ErrRegistryXML: the input is the IANA registry's XML.
	ErrRegistryXML = errors.New("the IANA registry XML, not a services file")
	// ErrHTML: the input is an HTML page, often an error page served in
	// place of a download.
	ErrHTML = errors.New("an HTML page, not a services file")
	// ErrBinary: the input has NUL bytes near its start (a compressed or
	// binary file).
	ErrBinary = errors.New("binary data, not a services file")
	// ErrNotServices: the input has lines, but few or none of them are
	// services entries.
	ErrNotServices = errors.New("not a services file")
)

// FormatError says the input is not a services file Parse will read: it
// is too large, or it is something else (see the Err sentinels, which
// Kind holds and errors.Is finds).
type FormatError struct {
	File string // the name given to ParseNamed; "" from Parse
	Line int    // 1-based line the problem is on; 0 when it is about the whole input
	Text string // that line, clipped; "" when Line is 0
	Kind error  // ErrTooLarge, ErrRegistryCSV, ErrRegistryXML, ErrHTML, ErrBinary or ErrNotServices
	Msg  string // one line, lower case: what the input looks like and what to do
}

func (e *FormatError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func (e *FormatError) Unwrap() error { return e.Kind }

// wantLines ends the messages of inputs that are not services files.
const wantLines = `not a services file (want lines like "http 80/tcp www")`

// ParseNamed is [Parse] with the input's name (a file path) put into its
// errors: "FILE:LINE: ..." for a *FormatError, "reading FILE: ..." for a
// read error.
func ParseNamed(r io.Reader, name string) (*File, error) {
	f, err := parse(r)
	var fe *FormatError
	if errors.As(err, &fe) {
		fe.File = name
		return nil, fe
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return f, nil
}

// readCapped reads all of r into one string, stopping at the caps and at
// the first sign that r is not a services file, and counts its entry lines
// (see entryLines) on the way. It costs the input's size when r knows it
// (a file, a strings.Reader), twice that otherwise, and about MaxBytes at
// most whatever r yields.
func readCapped(r io.Reader) (string, int, error) {
	hint, size := sizeHint(r)
	if size > MaxBytes {
		return "", 0, &FormatError{Kind: ErrTooLarge, Msg: fmt.Sprintf("%d bytes, over the %s a services file may have (the largest known is 1.3 MB); is it the right file?",
			size, byteSize(MaxBytes))}
	}
	// A known size is read into the string's own buffer; an unknown one
	// into chunks, copied once at the end: growing a buffer would cost up
	// to five times the input in all (append grows large slices by 1.25).
	var sb strings.Builder
	var chunks [][]byte
	var buf []byte
	if hint > 0 {
		sb.Grow(hint + 1) // +1: the read that sees EOF must not grow it
		buf = make([]byte, 32<<10)
	}
	total, line, lineLen, sniffed := 0, 1, 0, false
	var drop commentDropper
	for {
		chunk := buf
		if hint == 0 {
			chunk = make([]byte, 64<<10) // at least sniffLen: the first chunk is sniffed
		}
		n, err := io.ReadFull(r, chunk)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		if err != nil && err != io.EOF {
			return "", 0, err
		}
		chunk = chunk[:n]
		if total += n; total > MaxBytes {
			return "", 0, &FormatError{Kind: ErrTooLarge, Msg: fmt.Sprintf("over the %s a services file may have (the largest known is 1.3 MB); is it the right file?", byteSize(MaxBytes))}
		}
		for rest := chunk; len(rest) > 0; {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 || lineLen+i > MaxLineBytes {
				lineLen += len(rest)
				break
			}
			line, lineLen, rest = line+1, 0, rest[i+1:]
		}
		if lineLen > MaxLineBytes {
			return "", 0, &FormatError{Line: line, Kind: ErrTooLarge, Msg: fmt.Sprintf("a line over %s (real services lines are under 300 bytes): not a services file, or one damaged beyond use", byteSize(MaxLineBytes))}
		}
		if !sniffed && (total >= sniffLen || err == io.EOF) {
			// The first chunk, as read: with a size, the whole buffer
			// but at EOF; without, at least sniffLen but at EOF.
			sniffed = true
			if ferr := sniff(string(chunk[:min(len(chunk), sniffLen)])); ferr != nil {
				return "", 0, ferr
			}
		}
		if hint > 0 {
			drop.write(&sb, chunk)
		} else if n > 0 {
			chunks = append(chunks, chunk)
		}
		if err == io.EOF {
			break
		}
	}
	if hint == 0 {
		sb.Grow(total)
		for _, c := range chunks {
			drop.write(&sb, c)
		}
	}
	sb.Write(drop.carry) // the last line, without a newline, as it is
	if isEntryLine(drop.carry) {
		drop.entryLines++
	}
	return sb.String(), drop.entryLines, nil
}

// commentDropper passes the input on but for the text of its quiet
// comment lines, of which it keeps only the newline: the parser gets
// nothing from them, line numbers stay, and the string a file is read
// into is written (and so takes memory) only where it holds entries. 40%
// of SUSE's file is comments. A quiet comment line has nothing but
// blanks before its '#' and nothing a warning is about: no NUL, no
// invalid UTF-8, not over musl's line length.
type commentDropper struct {
	carry      []byte // the start of a line that the last chunk cut
	entryLines int    // of the lines passed on
}

func (d *commentDropper) write(sb *strings.Builder, chunk []byte) {
	for len(chunk) > 0 {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			d.carry = append(d.carry, chunk...)
			return
		}
		line := chunk[:i+1]
		if len(d.carry) > 0 {
			d.carry = append(d.carry, line...)
			line = d.carry
		}
		switch raw := line[:len(line)-1]; {
		case quietComment(raw):
			sb.WriteByte('\n')
		case isEntryLine(raw):
			d.entryLines++
			fallthrough
		default:
			sb.Write(line)
		}
		d.carry, chunk = d.carry[:0], chunk[i+1:]
	}
}

// quietComment reports whether the line raw, without its newline, is a
// comment the parser neither reads nor warns about (see parser.line).
func quietComment(raw []byte) bool {
	if len(raw) >= muslLineBuf {
		return false
	}
	i := 0
	for i < len(raw) && isBlank(raw[i]) {
		i++
	}
	return i < len(raw) && raw[i] == '#' && bytes.IndexByte(raw, 0) < 0 && utf8.Valid(raw)
}

// sizeHint is the input's size when the reader knows it: hint, capped, to
// read it into one allocation, and size to refuse an oversized file before
// reading it.
func sizeHint(r io.Reader) (hint int, size int64) {
	switch r := r.(type) {
	case interface{ Len() int }: // bytes.Reader, strings.Reader, bytes.Buffer
		size = int64(r.Len())
	case *os.File:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size <= 0 || size > MaxBytes {
		return 0, size
	}
	return int(size), size
}

// byteSize writes one of the caps.
func byteSize(n int) string {
	if n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// sniff tells, from the start of the input, the files people pass for a
// services file by mistake: the registry itself (CSV or XML), an HTML page
// (what a failed download often saves), and binary data.
func sniff(head string) *FormatError {
	if i := strings.IndexByte(head, 0); i >= 0 {
		n := strings.Count(head[:i], "\n") + 1
		return &FormatError{Line: n, Text: clipLine(head, i), Kind: ErrBinary,
			Msg: "has NUL bytes: binary data (compressed? an executable?), " + wantLines}
	}
	s := strings.TrimPrefix(head, "\ufeff")
	lead := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
	s = s[lead:]
	n := strings.Count(head[:len(head)-len(s)], "\n") + 1
	first, _, _ := strings.Cut(s, "\n")
	first = strings.TrimSuffix(first, "\r")
	lower := strings.ToLower(s)
	hdr := strings.ToLower(strings.ReplaceAll(first, `"`, ""))
	switch {
	case strings.HasPrefix(hdr, "service name,port number"):
		return &FormatError{Line: n, Text: registry.Clip(first, 200), Kind: ErrRegistryCSV,
			Msg: "looks like the IANA registry CSV (header \"Service Name,Port Number,...\"), not a services file; give it to regdiff as the registry: --registry FILE"}
	case strings.HasPrefix(lower, "<?xml") || strings.HasPrefix(lower, "<registry"):
		if strings.Contains(lower, "<registry") {
			return &FormatError{Line: n, Text: registry.Clip(first, 200), Kind: ErrRegistryXML,
				Msg: "looks like the IANA registry XML, not a services file; give it to regdiff as the registry: --registry FILE"}
		}
		return &FormatError{Line: n, Text: registry.Clip(first, 200), Kind: ErrNotServices,
			Msg: "looks like an XML document, " + wantLines}
	case strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<html") ||
		strings.HasPrefix(lower, "<") && strings.Contains(lower, "<html"):
		return &FormatError{Line: n, Text: registry.Clip(first, 200), Kind: ErrHTML,
			Msg: "looks like an HTML page (an error page saved by a failed download?), " + wantLines}
	}
	return nil
}

// clipLine is the line of s around byte i, clipped.
func clipLine(s string, i int) string {
	start := strings.LastIndexByte(s[:i], '\n') + 1
	end := len(s)
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		end = i + j
	}
	return registry.Clip(s[start:end], 200)
}
