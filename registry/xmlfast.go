package registry

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"unicode/utf8"
)

// The registry's body (everything inside <registry>) is 99% of the XML and
// uses a small part of XML: ASCII element and attribute names, quoted
// attribute values, text with the five predefined entities and character
// references. fastXML reads that part from memory, three times faster than
// encoding/xml, which spends most of its time on a string per name and a
// method call per byte.
//
// It is an optimisation, never a second judge of what is well-formed: it
// gives the tokens encoding/xml's RawToken gives, or declines (errDecline)
// at the first thing it is not sure of, and it declines every error, so the
// parse starts over with encoding/xml, which then accepts the document or
// says exactly what is wrong with it. FuzzParseXMLBytes holds it to that.

// errDecline is returned by fastXML for anything it leaves to encoding/xml.
var errDecline = errors.New("left to encoding/xml")

// xmlTokens is what the parser needs of a tokenizer: encoding/xml
// (stdTokens) or fastXML. next sets t to the next token.
type xmlTokens interface {
	next(t *token) error
}

// token is a token of [xml.Decoder.RawToken] without an interface value
// (and the allocation of one per token).
type token struct {
	kind             tokenKind
	xml.StartElement        // a start's or an end's name, a start's attributes
	text             []byte // tokText: the text, valid until the next token
}

type tokenKind uint8

const (
	tokOther tokenKind = iota // comments, processing instructions, directives
	tokStart
	tokEnd
	tokText
)

// stdTokens reads tokens with encoding/xml.
type stdTokens struct{ d *xml.Decoder }

func (s stdTokens) next(t *token) error {
	raw, err := s.d.RawToken()
	if err != nil {
		return err
	}
	switch raw := raw.(type) {
	case xml.StartElement:
		*t = token{kind: tokStart, StartElement: raw}
	case xml.EndElement:
		*t = token{kind: tokEnd, StartElement: xml.StartElement{Name: raw.Name}}
	case xml.CharData:
		*t = token{kind: tokText, text: raw}
	default:
		*t = token{kind: tokOther}
	}
	return nil
}

// fastXML tokenizes b from memory.
type fastXML struct {
	b       []byte
	i       int
	toClose string // the element of a "<name/>" just read, whose end comes next
	names   map[string]string
	text    []byte // decoded text, when it had references
	attrs   []xml.Attr
}

func newFastXML(b []byte) *fastXML {
	return &fastXML{b: b, names: make(map[string]string, 32)}
}

// next reads the token [xml.Decoder.RawToken] would return. The attributes
// and text it sets are valid until the next call.
func (f *fastXML) next(t *token) error {
	if f.toClose != "" {
		*t = token{kind: tokEnd, StartElement: xml.StartElement{Name: xml.Name{Local: f.toClose}}}
		f.toClose = ""
		return nil
	}
	b := f.b
	if f.i >= len(b) {
		return io.EOF
	}
	if b[f.i] != '<' {
		end := bytes.IndexByte(b[f.i:], '<')
		if end < 0 {
			end = len(b)
		} else {
			end += f.i
		}
		text, ok := f.decode(b[f.i:end], false)
		if !ok {
			return errDecline
		}
		f.i = end
		*t = token{kind: tokText, text: text}
		return nil
	}
	i := f.i + 1
	if i < len(b) && b[i] == '/' {
		name, j, ok := f.name(i + 1)
		j = skipXMLSpace(b, j)
		if !ok || j >= len(b) || b[j] != '>' {
			return errDecline
		}
		f.i = j + 1
		*t = token{kind: tokEnd, StartElement: xml.StartElement{Name: xml.Name{Local: name}}}
		return nil
	}
	// Comments, CDATA, DOCTYPE and processing instructions are left to
	// encoding/xml: the registry's body has none.
	name, j, ok := f.name(i)
	if !ok {
		return errDecline
	}
	attrs := f.attrs[:0]
	for {
		j = skipXMLSpace(b, j)
		if j >= len(b) {
			return errDecline
		}
		switch b[j] {
		case '>':
			f.i, f.attrs = j+1, attrs
			*t = token{kind: tokStart, StartElement: xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs}}
			return nil
		case '/':
			if j+1 >= len(b) || b[j+1] != '>' {
				return errDecline
			}
			f.i, f.toClose, f.attrs = j+2, name, attrs
			*t = token{kind: tokStart, StartElement: xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs}}
			return nil
		}
		key, k, ok := f.name(j)
		if !ok {
			return errDecline
		}
		k = skipXMLSpace(b, k)
		if k >= len(b) || b[k] != '=' {
			return errDecline
		}
		k = skipXMLSpace(b, k+1)
		if k >= len(b) || b[k] != '"' && b[k] != '\'' {
			return errDecline
		}
		end := bytes.IndexByte(b[k+1:], b[k])
		if end < 0 {
			return errDecline
		}
		value, ok := f.decode(b[k+1:k+1+end], true)
		if !ok {
			return errDecline
		}
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: key}, Value: string(value)})
		j = k + 1 + end + 1
	}
}

// name reads an ASCII name without a colon at b[i:], returning it
// (interned) and the index after it. Anything else is declined: a colon
// (a namespace prefix), a byte above ASCII, a name that does not start
// with a letter or "_".
func (f *fastXML) name(i int) (string, int, bool) {
	b := f.b
	j := i
	for j < len(b) && isASCIINameByte(b[j]) {
		j++
	}
	if j == i || j < len(b) && (b[j] >= utf8.RuneSelf || b[j] == ':') {
		return "", 0, false
	}
	if c := b[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
		return "", 0, false
	}
	s, ok := f.names[string(b[i:j])]
	if !ok {
		s = string(b[i:j])
		f.names[s] = s
	}
	return s, j, true
}

func isASCIINameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'
}

func skipXMLSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// decode checks raw text (or an attribute value, when attr) as
// encoding/xml does and returns it with its references replaced: raw
// itself when it has none. It declines a carriage return (encoding/xml
// rewrites it), "]]>" in text, "<" in a value, control characters,
// invalid UTF-8, characters outside XML's range, and references other
// than the five predefined entities and character references.
func (f *fastXML) decode(raw []byte, attr bool) ([]byte, bool) {
	refs := false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			refs = true
			i++
		case c == '<' || c == '\r':
			return nil, false
		case c < 0x20:
			if c != '\t' && c != '\n' {
				return nil, false
			}
			i++
		case c < utf8.RuneSelf:
			if c == '>' && !attr && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']' {
				return nil, false
			}
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 || !inXMLRange(r) {
				return nil, false
			}
			i += size
		}
	}
	if !refs {
		return raw, true
	}
	out := f.text[:0]
	for len(raw) > 0 {
		amp := bytes.IndexByte(raw, '&')
		if amp < 0 {
			out = append(out, raw...)
			break
		}
		out = append(out, raw[:amp]...)
		semi := bytes.IndexByte(raw[amp:], ';')
		if semi < 0 {
			return nil, false
		}
		r, ok := xmlReference(raw[amp+1 : amp+semi])
		if !ok {
			return nil, false
		}
		out = utf8.AppendRune(out, r)
		raw = raw[amp+semi+1:]
	}
	f.text = out
	return out, true
}

// xmlReference is the character a reference (without & and ;) stands for.
func xmlReference(ref []byte) (rune, bool) {
	switch string(ref) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(ref) < 2 || ref[0] != '#' || len(ref) > 10 {
		return 0, false
	}
	digits, base := ref[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, false
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*base + d
		if r > utf8.MaxRune {
			return 0, false
		}
	}
	// encoding/xml turns a surrogate into U+FFFD; such a document is left
	// to it.
	if !inXMLRange(r) || 0xD800 <= r && r <= 0xDFFF {
		return 0, false
	}
	return r, true
}

// inXMLRange is XML's Char production, as encoding/xml checks it.
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
