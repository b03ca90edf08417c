package registry

import (
	"strings"
)

// Ref is a typed reference of a row: the XML's <xref type=... data=...>,
// recovered from the bracketed form both formats share ("[RFC6335]").
type Ref struct {
	Type string `json:"type"` // one of the Ref* constants
	Data string `json:"data"` // the bracketed text: "RFC6335", "Jon_Postel"
}

// The types of reference, named as the XML's xref types.
const (
	RefRFC    = "rfc"    // "RFC6335"
	RefDraft  = "draft"  // "draft-ietf-tsvwg-...", or "RFC-ietf-..." for one in the RFC Editor's queue
	RefURI    = "uri"    // "http://...", "https://..."
	RefPerson = "person" // "Jon_Postel": an id of the people section
	RefNote   = "note"   // "1": a footnote of the registry
	RefText   = "text"   // anything else: "ISO/IEC 13818-6 MPEG-2 DSM-CC"
)

// References returns the row's references in order: the persons of its
// Assignee and Contact columns (without repeats), then the references of its
// Reference column, typed by their form. References written inline in
// descriptions and notes are not included.
//
// The CSV keeps only the bracketed text, so the type of a Reference-column
// entry is a guess from its form: "RFC" and digits is an rfc, "draft-..."
// and "RFC-..." a draft, a URL a uri, digits a note, anything else text.
// IANA renders a uri reference that has a title as the title alone
// ("[TR-352]"), which reads back as text.
func (e *Entry) References() []Ref {
	var refs []Ref
	for _, id := range e.PersonIDs() {
		refs = append(refs, Ref{RefPerson, id})
	}
	for _, r := range parseRefs(e.Reference) {
		if r.Type == RefPerson {
			r.Type = RefText // IANA writes persons in Assignee and Contact
		}
		refs = append(refs, r)
	}
	return refs
}

// parseRefs splits "[A][B]" into typed references. Brackets nest; text
// outside brackets becomes a text reference of its own.
func parseRefs(s string) []Ref {
	var refs []Ref
	add := func(t string, bracketed bool) {
		t = strings.TrimSpace(t)
		if t == "" {
			return
		}
		typ := RefText
		if bracketed {
			typ = refType(t)
		}
		refs = append(refs, Ref{typ, t})
	}
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			if depth == 0 {
				add(s[start:i], false)
				start = i + 1
			}
			depth++
		case ']':
			if depth == 0 {
				continue
			}
			if depth--; depth == 0 {
				add(s[start:i], true)
				start = i + 1
			}
		}
	}
	if depth > 0 {
		start-- // an unclosed bracket is text, bracket included
	}
	add(s[start:], false)
	return refs
}

// refType guesses the type of a bracketed reference from its form. A
// section after a comma ("RFC8765, Section 6.1") does not change the type.
func refType(s string) string {
	head, _, _ := strings.Cut(s, ",")
	switch {
	case isRFC(head):
		return RefRFC
	case hasPrefixFold(head, "draft-") || hasPrefixFold(head, "RFC-"):
		if !strings.ContainsFunc(head, isSpace) {
			return RefDraft
		}
	case hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") || hasPrefixFold(s, "ftp://"):
		return RefURI
	case isDigits(s):
		return RefNote
	case !strings.ContainsFunc(s, isSpace):
		return RefPerson
	}
	return RefText
}

func isRFC(s string) bool {
	rest, ok := cutPrefixFold(s, "RFC")
	return ok && isDigits(rest)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' }

// cutPrefixFold is strings.CutPrefix, ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func hasPrefixFold(s, prefix string) bool {
	_, ok := cutPrefixFold(s, prefix)
	return ok
}

// URL is where the reference can be read: the RFC Editor's page of an RFC,
// the IETF Datatracker's page of a draft (with "#section-6.1" for a
// reference to a section), the URI itself. It is empty for persons, notes
// and text.
func (r Ref) URL() string {
	head, rest, _ := strings.Cut(r.Data, ",")
	anchor := ""
	if sec, ok := cutPrefixFold(strings.TrimSpace(rest), "Section "); ok && sec != "" && !strings.ContainsFunc(sec, isSpace) {
		anchor = "#section-" + sec
	}
	switch r.Type {
	case RefRFC:
		if n, ok := cutPrefixFold(head, "RFC"); ok && isDigits(n) {
			if n = strings.TrimLeft(n, "0"); n == "" {
				n = "0"
			}
			return "https://www.rfc-editor.org/rfc/rfc" + n + anchor
		}
	case RefDraft:
		name := head
		if rest, ok := cutPrefixFold(name, "RFC-"); ok {
			name = "draft-" + rest // a draft in the RFC Editor's queue
		}
		return "https://datatracker.ietf.org/doc/" + name + "/" + anchor
	case RefURI:
		return r.Data
	}
	return ""
}

// String is the bracketed form, "[RFC6335]".
func (r Ref) String() string { return "[" + r.Data + "]" }
