package registry

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Format is the format of a file that should hold the registry.
type Format uint8

// The formats [Detect] tells apart. HTML is never the registry, but it is
// what a captive portal, a login page or an error page delivers instead.
const (
	FormatUnknown Format = iota
	FormatCSV
	FormatXML
	FormatHTML
)

func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "csv"
	case FormatXML:
		return "xml"
	case FormatHTML:
		return "html"
	}
	return "unknown"
}

// MarshalText writes the format's name.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// DetectSize is how many leading bytes [Detect] looks at; it needs no more.
const DetectSize = 1024

// Detect tells the format of a file from its first bytes (up to
// [DetectSize]), by content alone: a UTF-8 byte order mark and leading white
// space are skipped; markup is HTML if its first element is <html> or it
// declares an HTML doctype, else XML; a first line with a comma, no markup
// and not JSON is CSV. It judges the format, not whether the file is the
// registry: the parsers do that.
func Detect(prefix []byte) Format {
	b := prefix[:min(len(prefix), DetectSize)]
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return FormatUnknown
	}
	switch b[0] {
	case '<':
		return detectMarkup(b)
	case '{', '[':
		return FormatUnknown // JSON, an API's error
	}
	line := b
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		line = b[:i]
	}
	if bytes.IndexByte(line, ',') >= 0 && bytes.IndexByte(line, '<') < 0 && bytes.IndexByte(line, 0) < 0 {
		return FormatCSV
	}
	return FormatUnknown
}

// detectMarkup skips the XML declaration, processing instructions and
// comments, and looks at the first doctype or element.
func detectMarkup(b []byte) Format {
	for len(b) > 0 {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case len(b) == 0:
			return FormatXML // only a prolog in the prefix
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return FormatXML
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return FormatXML
			}
			b = b[i+3:]
		case hasPrefixFoldBytes(b, "<!doctype"):
			if hasPrefixFoldBytes(bytes.TrimLeft(b[len("<!doctype"):], " \t\r\n"), "html") {
				return FormatHTML
			}
			return FormatXML
		case hasPrefixFoldBytes(b, "<html") && (len(b) == 5 || strings.IndexByte(" \t\r\n>/", b[5]) >= 0):
			return FormatHTML
		case b[0] == '<':
			return FormatXML
		default:
			return FormatUnknown // text after markup: neither
		}
	}
	return FormatXML
}

func hasPrefixFoldBytes(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

// ErrFormat is wrapped by the error of [ParseAny] for input that is neither
// CSV nor XML.
var ErrFormat = errors.New("not the registry's CSV or XML")

// ParseAny reads the registry as CSV or XML, whichever r holds (see
// [Detect]), naming the input in errors. The Format is what was found, also
// with an error.
func ParseAny(r io.Reader, name string) (*Registry, Format, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	prefix, err := br.Peek(DetectSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, FormatUnknown, fmt.Errorf("%s: %w", name, err)
	}
	return parseAs(prefix, name, func() (*Registry, error) { return ParseNamed(br, name) },
		func() (*Registry, error) { return ParseXMLNamed(br, name) })
}

// ParseAnyBytes is [ParseAny] of a file in memory, which [ParseXMLBytes]
// reads faster than a stream.
func ParseAnyBytes(b []byte, name string) (*Registry, Format, error) {
	return parseAs(b, name, func() (*Registry, error) { return ParseNamed(bytes.NewReader(b), name) },
		func() (*Registry, error) {
			reg, err := ParseXMLBytes(b)
			return reg, named(err, name)
		})
}

// parseAs parses with csv or xml, as the prefix of the input says.
func parseAs(prefix []byte, name string, csv, xml func() (*Registry, error)) (*Registry, Format, error) {
	f := Detect(prefix)
	var reg *Registry
	var err error
	switch f {
	case FormatCSV:
		reg, err = csv()
	case FormatXML:
		reg, err = xml()
	case FormatHTML:
		err = fmt.Errorf("%s: found an HTML page, want the registry as csv or xml (%w; a login, error or proxy page?)", name, ErrFormat)
	default:
		what := "empty input"
		if len(bytes.TrimSpace(prefix)) > 0 {
			what = fmt.Sprintf("unknown content starting %q", Clip(string(bytes.TrimSpace(prefix[:min(len(prefix), 40)])), 40))
		}
		err = fmt.Errorf("%s: found %s, want the registry as csv or xml (%w)", name, what, ErrFormat)
	}
	if err != nil {
		return nil, f, err
	}
	return reg, f, nil
}

// MaxBytes is the most a registry file may hold: ten times IANA's XML
// (3.9 MB in 2026), the larger of its two forms. Readers of registry files
// stop there, so memory is bounded by the cap, not by the input.
const MaxBytes = 40 << 20
