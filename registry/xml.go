package registry

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ErrNotRegistryXML is wrapped by errors about an XML document that is not
// the registry: another registry, an HTML page, or a changed format.
var ErrNotRegistryXML = errors.New("not the IANA service names and port numbers XML")

// ErrIncomplete is wrapped by errors about a registry XML that ends early:
// a cut download. Such a document must never become a snapshot.
var ErrIncomplete = errors.New("the document is cut short")

// ParseXML reads the registry's XML, IANA's source of the CSV, and returns
// the same entries [Parse] gives for the CSV of the same date (see the
// rendering rules below), plus the people its rows refer to.
//
// The document is streamed, one <record> or <person> at a time. It must be
// whole: a cut anywhere, even between elements, is an error wrapping
// [ErrIncomplete], because only the closing </people> and </registry> prove
// that a download arrived entire.
//
// Each record becomes a row as IANA's CSV renders it (as of 2025; older
// CSVs differ in white space only, see [Canon]):
//   - name, protocol, number: trimmed text;
//   - the record's date and updated attributes: registration and
//     modification dates;
//   - description, note, unauthorized, sc: their text, trimmed, with inline
//     <xref>s written as in the Reference column, <br/> as nothing (the line
//     break after it stays), each <paragraph> indented by eight spaces, and
//     the XML's wrapped lines (a space, a line break, indentation) joined
//     with one space;
//   - the <xref>s of <assignee>: Assignee, "[IESG]", several side by side;
//   - person <xref>s directly in the record: Contact; when the record has no
//     <assignee>, they are the Assignee too;
//   - other <xref>s directly in the record: Reference, in document order.
//
// An <xref> is written in brackets: its text if it has any ("[TR-352]",
// "[RFC8765, Section 6.1]"), else its data, an rfc's as "[RFC6335]" for
// "rfc6335", and the others as they are ("[Jon_Postel]", "[1]",
// "[draft-ietf-...]", "[https://...]").
//
// The registry keeps the persons of <people> that its rows refer to (in any
// column, notes included): since 2022 that is all of them, and before, the
// few dozen unreferenced were left over from removed rows.
func ParseXML(r io.Reader) (*Registry, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3) //nolint:errcheck // Peek just saw these bytes; encoding/xml takes a BOM for text
	}
	p := xmlParser{d: xml.NewDecoder(br)}
	p.tok = stdTokens{p.d}
	return p.parse()
}

// ParseXMLBytes is [ParseXML] of a document in memory, read about three
// times faster: the body is tokenized by a reader of the small part of XML
// the registry uses, and should it meet anything else, or any error, the
// document is read again by ParseXML, whose result this then is.
func ParseXMLBytes(b []byte) (*Registry, error) {
	// A whole registry ends with its closing tag: a cut one (the common bad
	// download) goes straight to ParseXML, which says where it ends.
	if bytes.HasSuffix(bytes.TrimRight(b, " \t\r\n"), []byte("</registry>")) {
		if reg, err := parseXMLFast(b); err == nil {
			return reg, nil
		}
	}
	return ParseXML(bytes.NewReader(b))
}

// parseXMLFast is the first attempt of ParseXMLBytes. Its errors do not
// count: they may be fastXML declining.
func parseXMLFast(b []byte) (*Registry, error) {
	src := bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	p := xmlParser{d: xml.NewDecoder(bytes.NewReader(src)), src: src}
	p.tok = stdTokens{p.d}
	return p.parse()
}

// ParseXMLNamed is [ParseXML] with the input's name (a file path) put into
// errors: "FILE:LINE (record N): ...".
func ParseXMLNamed(r io.Reader, name string) (*Registry, error) {
	reg, err := ParseXML(r)
	return reg, named(err, name)
}

// named puts name, when there is one, into a parse's error.
func named(err error, name string) error {
	if name == "" {
		return err
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.File = name
		return pe
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// xmlParser holds the state of one parse; its buffers are reused from record
// to record.
type xmlParser struct {
	d        *xml.Decoder
	tok      xmlTokens // d, or a fastXML for the body of src
	cur      token
	src      []byte   // the whole document, when in memory
	stack    []string // open elements, for error messages
	record   int      // records seen
	text     []byte   // the text being rendered
	contact  []byte
	assign   []byte
	ref      []byte
	xrefText []byte   // the text of an <xref>
	ids      []string // person ids referred to by records
	persons  int      // about how many persons the document has, when known
}

// xmlNS is the namespace of every element of the registry.
const xmlNS = "http://www.iana.org/assignments"

// next returns the next token, keeping the stack of open elements. At the
// end of the input it returns io.EOF only if every element was closed.
//
// It reads with RawToken, a third faster than Token, and does itself the
// two checks Token adds that matter here: an end tag must close the element
// open, and no element may have a namespace prefix (IANA uses none, and
// the root's default namespace is checked in parse).
func (p *xmlParser) next() (token, error) {
	err := p.tok.next(&p.cur) // into p: a token passed to an interface method escapes
	t := p.cur
	if err != nil {
		if err == io.EOF && len(p.stack) > 0 {
			return t, p.errorf("%w: input ends inside <%s>", ErrIncomplete, p.top())
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return t, p.syntaxError(se)
		}
		return t, err
	}
	switch t.kind {
	case tokStart:
		if t.Name.Space != "" {
			return t, p.errorf("unexpected element <%s:%s> (%w, or IANA changed its format)", Clip(t.Name.Space, 20), Clip(t.Name.Local, 40), ErrNotRegistryXML)
		}
		p.stack = append(p.stack, t.Name.Local)
	case tokEnd:
		if len(p.stack) == 0 || t.Name.Space != "" || t.Name.Local != p.top() {
			return t, p.errorf("malformed XML: element <%s> closed by </%s>", p.top(), Clip(xmlName(t.Name), 40))
		}
		p.stack = p.stack[:len(p.stack)-1]
	}
	return t, nil
}

func xmlName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (p *xmlParser) top() string {
	if len(p.stack) == 0 {
		return ""
	}
	return p.stack[len(p.stack)-1]
}

func (p *xmlParser) line() int {
	line, _ := p.d.InputPos()
	return line
}

// errorf is an error at the decoder's line, in the record being read.
func (p *xmlParser) errorf(format string, args ...any) error {
	return &ParseError{Line: p.line(), Record: p.inRecord(), Err: fmt.Errorf(format, args...)}
}

// inRecord is the number of the record being read, or 0 outside records.
func (p *xmlParser) inRecord() int {
	if len(p.stack) > 1 && p.stack[1] == "record" {
		return p.record
	}
	return 0
}

func (p *xmlParser) syntaxError(se *xml.SyntaxError) error {
	msg := se.Msg
	if msg == "unexpected EOF" {
		// encoding/xml says this for input ending inside a tag, a comment or
		// an entity, and for open elements at the end.
		err := fmt.Errorf("%w: input ends", ErrIncomplete)
		if top := p.top(); top != "" {
			err = fmt.Errorf("%w: input ends inside <%s>", ErrIncomplete, top)
		}
		return &ParseError{Line: se.Line, Record: p.inRecord(), Err: err}
	}
	where := ""
	if top := p.top(); top != "" {
		where = " in <" + top + ">"
	}
	return &ParseError{Line: se.Line, Record: p.inRecord(), Err: fmt.Errorf("malformed XML%s: %s", where, msg)}
}

func (p *xmlParser) parse() (*Registry, error) {
	// Prolog: the <?xml?> declaration, processing instructions, comments.
	var root xml.StartElement
	for {
		t, err := p.next()
		if err == io.EOF {
			return nil, &ParseError{Line: p.line(), Err: fmt.Errorf("%w: no root element", ErrIncomplete)}
		}
		if err != nil {
			return nil, err
		}
		if t.kind == tokStart {
			root = t.StartElement
			root.Attr = slices.Clone(root.Attr)
			break
		}
		if t.kind == tokText && len(bytes.TrimSpace(t.text)) > 0 {
			return nil, p.errorf("text before the root element (%w)", ErrNotRegistryXML)
		}
	}
	if root.Name.Local != "registry" || attr(root, "xmlns") != xmlNS || attr(root, "id") != "service-names-port-numbers" {
		return nil, p.errorf("root element is <%s id=%q>, want <registry xmlns=%q id=\"service-names-port-numbers\"> (%w)",
			Clip(root.Name.Local, 40), Clip(attr(root, "id"), 40), xmlNS, ErrNotRegistryXML)
	}
	// The body of a document in memory goes through fastXML, which starts
	// right after "<registry ...>" (encoding/xml reads a bytes.Reader byte
	// by byte, so its offset is exact).
	if off := int(p.d.InputOffset()); p.src != nil && off >= 2 && p.src[off-1] == '>' && p.src[off-2] != '/' {
		p.tok = newFastXML(p.src[off:])
	}

	// Rows are collected in chunks and copied once at the end: growing one
	// slice by append would copy and allocate it several times over. A
	// document in memory says how many there are, or about (the count is
	// only a capacity).
	var chunks [][]Entry
	chunk := make([]Entry, 0, 256)
	if p.src != nil {
		// A record or a person takes 64 bytes at the very least: a
		// document of "<record" in a comment does not reserve millions.
		most := len(p.src) / 64
		chunk = make([]Entry, 0, min(bytes.Count(p.src, []byte("<record")), most)+1)
		p.persons = min(bytes.Count(p.src, []byte("<person")), most)
		p.ids = make([]string, 0, p.persons)
	}
	var people People
	sawPeople := false
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tokEnd {
			break // </registry>: next checked the name
		}
		if t.kind != tokStart {
			continue // white space, comments
		}
		se := t.StartElement
		if sawPeople {
			return nil, p.errorf("unexpected <%s> after <people> (%w, or IANA changed its format)", se.Name.Local, ErrNotRegistryXML)
		}
		switch se.Name.Local {
		case "record":
			p.record++
			if len(chunk) == cap(chunk) {
				chunks = append(chunks, chunk)
				chunk = make([]Entry, 0, min(2*cap(chunk), 4096))
			}
			chunk = append(chunk, Entry{})
			if err := p.parseRecord(se, &chunk[len(chunk)-1]); err != nil {
				return nil, err
			}
		case "people":
			if people, err = p.parsePeople(); err != nil {
				return nil, err
			}
			sawPeople = true
		case "title", "category", "updated", "xref", "expert", "note", "footnote":
			if err := p.skip(); err != nil {
				return nil, err
			}
		default:
			return nil, p.errorf("unexpected element <%s> in <registry> (%w, or IANA changed its format)", Clip(se.Name.Local, 40), ErrNotRegistryXML)
		}
	}
	// After the root: only white space, comments and processing instructions.
	end := p.line()
	for {
		t, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if t.kind == tokStart {
			return nil, p.errorf("a second root element <%s> after </registry>", t.Name.Local)
		}
	}
	if !sawPeople {
		return nil, &ParseError{Line: end, Err: fmt.Errorf("%w: no <people> section before </registry>", ErrIncomplete)}
	}
	if p.record == 0 {
		return nil, &ParseError{Line: end, Err: fmt.Errorf("no <record> in the registry (%w)", ErrNotRegistryXML)}
	}
	entries := chunk
	if len(chunks) > 0 {
		entries = slices.Concat(append(chunks, chunk)...)
	}
	reg := New(entries)
	reg.People = people.keep(p.ids)
	return reg, nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// unexpectedText is the error of text where only elements may be.
func (p *xmlParser) unexpectedText(t token, where string) error {
	return p.errorf("unexpected text %q in %s", Clip(string(bytes.TrimSpace(t.text)), 40), where)
}

// skip consumes the rest of the element just opened.
func (p *xmlParser) skip() error {
	depth := len(p.stack)
	for len(p.stack) >= depth {
		if _, err := p.next(); err != nil {
			return err
		}
	}
	return nil
}

// empty reads the rest of an element that must have no content.
func (p *xmlParser) empty() error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			return nil
		case tokText:
			if len(bytes.TrimSpace(t.text)) > 0 {
				return p.unexpectedText(t, "<"+p.top()+">")
			}
		case tokStart:
			return p.errorf("unexpected element <%s> in <%s>", Clip(t.Name.Local, 40), p.stack[len(p.stack)-2])
		}
	}
}

// parseRecord reads one <record> into e.
func (p *xmlParser) parseRecord(start xml.StartElement, e *Entry) error {
	var err error
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "date":
			if e.Registered, err = ParseDate(a.Value); err != nil {
				return p.errorf("<record date=%q>: registration date: %w", Clip(a.Value, 40), err)
			}
		case "updated":
			if e.Modified, err = ParseDate(a.Value); err != nil {
				return p.errorf("<record updated=%q>: modification date: %w", Clip(a.Value, 40), err)
			}
		default:
			return p.errorf("unexpected attribute %q of <record> (%w, or IANA changed its format)", Clip(a.Name.Local, 40), ErrNotRegistryXML)
		}
	}
	p.contact, p.assign, p.ref = p.contact[:0], p.assign[:0], p.ref[:0]
	hasAssignee := false
	var name, number, proto string
	var numberLine, protoLine int
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		if t.kind == tokEnd {
			break
		}
		if t.kind != tokStart {
			if t.kind == tokText && len(bytes.TrimSpace(t.text)) > 0 {
				return p.unexpectedText(t, "<record>")
			}
			continue
		}
		se := t.StartElement
		line := p.line()
		var field *string
		switch se.Name.Local {
		case "name":
			field = &name
		case "number":
			field, numberLine = &number, line
		case "protocol":
			field, protoLine = &proto, line
		case "description":
			field = &e.Description
		case "note":
			field = &e.Notes
		case "unauthorized":
			field = &e.UnauthorizedUse
		case "sc":
			field = &e.ServiceCode
		case "assignee":
			hasAssignee = true
			if err := p.parseAssignee(); err != nil {
				return err
			}
			continue
		case "xref":
			typ, data := attr(se, "type"), attr(se, "data")
			if typ == "person" {
				p.ids = append(p.ids, data)
				if p.contact, err = p.xref(p.contact, typ, data); err != nil {
					return err
				}
				continue
			}
			if p.ref, err = p.xref(p.ref, typ, data); err != nil {
				return err
			}
			continue
		default:
			return p.errorf("unexpected element <%s> in <record> (%w, or IANA changed its format)", Clip(se.Name.Local, 40), ErrNotRegistryXML)
		}
		if *field != "" {
			return &ParseError{Line: line, Record: p.record, Err: fmt.Errorf("<%s> appears twice in <record>", se.Name.Local)}
		}
		if *field, err = p.textOf(); err != nil {
			return err
		}
	}
	e.Name = name
	if e.Ports, err = ParsePortRange(number); err != nil {
		return &ParseError{Line: numberLine, Record: p.record, Err: fmt.Errorf("<number>: %w", err)}
	}
	if e.Proto, err = ParseProtocol(proto); err != nil {
		return &ParseError{Line: protoLine, Record: p.record, Err: fmt.Errorf("<protocol>: %w", err)}
	}
	if e.Name == "" && e.Ports.IsNone() {
		return &ParseError{Line: p.line(), Record: p.record, Err: errors.New("<record> has neither a <name> nor a <number>")}
	}
	e.Contact = string(p.contact)
	if hasAssignee {
		e.Assignee = string(p.assign)
	} else {
		e.Assignee = e.Contact
	}
	e.Reference = string(p.ref)
	e.Kind = Classify(e.Name, e.Ports, e.Description)
	return nil
}

// parseAssignee reads the person references of an <assignee>.
func (p *xmlParser) parseAssignee() error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			return nil
		case tokText:
			if len(bytes.TrimSpace(t.text)) > 0 {
				return p.unexpectedText(t, "<assignee>")
			}
		case tokStart:
			if t.Name.Local != "xref" {
				return p.errorf("unexpected element <%s> in <assignee> (%w, or IANA changed its format)", Clip(t.Name.Local, 40), ErrNotRegistryXML)
			}
			typ, data := attr(t.StartElement, "type"), attr(t.StartElement, "data")
			if typ == "person" {
				p.ids = append(p.ids, data)
			}
			if p.assign, err = p.xref(p.assign, typ, data); err != nil {
				return err
			}
		}
	}
}

// textOf renders the content of the element just opened, as the CSV writes
// it: text with inline references, trimmed.
func (p *xmlParser) textOf() (string, error) {
	p.text = p.text[:0]
	if err := p.appendText(0); err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(joinLines(crlf(p.text)))), nil
}

// crlf turns CR LF and lone CR into LF. The decoder does so for line breaks
// written as such, but not for those written as "&#13;".
func crlf(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// joinLines undoes the line wrapping of IANA's XML pretty printer, as the
// CSV (since 2025) does: a line break with a space before it and indentation
// after it becomes one space. A line break without both is IANA's own and
// stays as it is, indentation and all.
func joinLines(b []byte) []byte {
	i := bytes.Index(b, []byte(" \n"))
	if i < 0 {
		return b
	}
	out := b[:0:0]
	start := 0 // b[start:] is not yet copied
	for ; i >= 0; i = bytes.Index(b[start:], []byte(" \n")) {
		i += start
		j := i + 2
		k := j
		for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
			k++
		}
		if k == j {
			out = append(out, b[start:j]...)
			start = j
			continue
		}
		h := i
		for h > start && (b[h-1] == ' ' || b[h-1] == '\t') {
			h--
		}
		out = append(out, b[start:h]...)
		out = append(out, ' ')
		start = k
	}
	return append(out, b[start:]...)
}

func (p *xmlParser) appendText(depth int) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			return nil
		case tokText:
			p.text = append(p.text, t.text...)
		case tokStart:
			switch t.Name.Local {
			case "xref":
				typ, data := attr(t.StartElement, "type"), attr(t.StartElement, "data")
				if typ == "person" {
					p.ids = append(p.ids, data)
				}
				if p.text, err = p.xref(p.text, typ, data); err != nil {
					return err
				}
			case "br":
				if err := p.empty(); err != nil {
					return err
				}
			case "paragraph":
				if depth > 0 {
					return p.errorf("<paragraph> inside <paragraph>")
				}
				p.text = append(p.text, "        "...)
				if err := p.appendText(depth + 1); err != nil {
					return err
				}
			default:
				return p.errorf("unexpected element <%s> in <%s> (%w, or IANA changed its format)", Clip(t.Name.Local, 40), p.stack[len(p.stack)-2], ErrNotRegistryXML)
			}
		}
	}
}

// xref reads the rest of an <xref> just opened and appends its rendering to
// dst.
func (p *xmlParser) xref(dst []byte, typ, data string) ([]byte, error) {
	p.xrefText = p.xrefText[:0]
	for {
		t, err := p.next()
		if err != nil {
			return dst, err
		}
		switch t.kind {
		case tokEnd:
			return appendRef(dst, typ, data, string(bytes.TrimSpace(joinLines(crlf(p.xrefText))))), nil
		case tokText:
			p.xrefText = append(p.xrefText, t.text...)
		case tokStart:
			return dst, p.errorf("unexpected element <%s> in <xref> (%w, or IANA changed its format)", Clip(t.Name.Local, 40), ErrNotRegistryXML)
		}
	}
}

// appendRef renders a reference as the CSV does: "[RFC6335]", "[Jon_Postel]".
func appendRef(dst []byte, typ, data, content string) []byte {
	dst = append(dst, '[')
	switch {
	case content != "":
		dst = append(dst, content...)
	case typ == "rfc":
		if rest, ok := cutPrefixFold(data, "rfc"); ok {
			dst = append(dst, "RFC"...)
			data = rest
		}
		dst = append(dst, data...)
	default:
		dst = append(dst, data...)
	}
	return append(dst, ']')
}

// keep returns the persons whose id is in ids, in place.
func (ps People) keep(ids []string) People {
	used := make([]bool, len(ps))
	for _, id := range ids {
		if i, ok := slices.BinarySearchFunc(ps, id, func(p Person, id string) int { return strings.Compare(p.ID, id) }); ok {
			used[i] = true
		}
	}
	out := ps[:0]
	for i, p := range ps {
		if used[i] {
			out = append(out, p)
		}
	}
	clear(ps[len(out):])
	if len(out) == 0 {
		return nil
	}
	return out
}

// parsePeople reads the <people> section.
func (p *xmlParser) parsePeople() (People, error) {
	people := make(People, 0, max(p.persons, 64))
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokEnd:
			if !slices.IsSortedFunc(people, comparePerson) {
				slices.SortStableFunc(people, comparePerson)
			}
			for i := 1; i < len(people); i++ {
				if people[i].ID == people[i-1].ID {
					return nil, p.errorf("<person id=%q> appears twice in <people>", Clip(people[i].ID, 40))
				}
			}
			return people, nil
		case tokStart:
			if t.Name.Local != "person" {
				return nil, p.errorf("unexpected element <%s> in <people> (%w, or IANA changed its format)", Clip(t.Name.Local, 40), ErrNotRegistryXML)
			}
			per, err := p.parsePerson(t.StartElement)
			if err != nil {
				return nil, err
			}
			people = append(people, per)
		}
	}
}

func (p *xmlParser) parsePerson(start xml.StartElement) (Person, error) {
	per := Person{ID: attr(start, "id")}
	if per.ID == "" {
		return per, p.errorf("<person> without an id")
	}
	for {
		t, err := p.next()
		if err != nil {
			return per, err
		}
		switch t.kind {
		case tokEnd:
			return per, nil
		case tokText:
			if len(bytes.TrimSpace(t.text)) > 0 {
				return per, p.unexpectedText(t, fmt.Sprintf("<person id=%q>", Clip(per.ID, 40)))
			}
		case tokStart:
			p.text = p.text[:0]
			if err := p.appendPlain(); err != nil {
				return per, err
			}
			v := string(bytes.TrimSpace(crlf(p.text)))
			twice := func(s string) error {
				if s != "" {
					return p.errorf("<%s> appears twice in <person id=%q>", t.Name.Local, Clip(per.ID, 40))
				}
				return nil
			}
			switch t.Name.Local {
			case "name":
				if err := twice(per.Name); err != nil {
					return per, err
				}
				per.Name = v
			case "org":
				if err := twice(per.Org); err != nil {
					return per, err
				}
				per.Org = v
			case "uri":
				// A few persons have two; URIs hold no spaces.
				if per.URI != "" {
					per.URI += " "
				}
				per.URI += v
			case "updated":
				if err := twice(per.Updated.String()); err != nil {
					return per, err
				}
				if per.Updated, err = ParseDate(v); err != nil {
					return per, p.errorf("<person id=%q> <updated>: %w", Clip(per.ID, 40), err)
				}
			default:
				return per, p.errorf("unexpected element <%s> in <person> (%w, or IANA changed its format)", Clip(t.Name.Local, 40), ErrNotRegistryXML)
			}
		}
	}
}

// appendPlain appends the text of the element just opened, which may hold
// no elements.
func (p *xmlParser) appendPlain() error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			return nil
		case tokText:
			p.text = append(p.text, t.text...)
		case tokStart:
			return p.errorf("unexpected element <%s> in <%s>", Clip(t.Name.Local, 40), p.stack[len(p.stack)-2])
		}
	}
}
