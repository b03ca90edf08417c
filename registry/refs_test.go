package registry

import (
	"reflect"
	"testing"
)

func TestReferences(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		e    Entry
		want []Ref
	}{
		{"none", Entry{}, nil},
		{"persons then references",
			Entry{Assignee: "[IESG]", Contact: "[IETF_Chair]", Reference: "[RFC6335][draft-ietf-tsvwg-port-use-11][RFC-ietf-emailcore-rfc5321bis-43]"},
			[]Ref{{RefPerson, "IESG"}, {RefPerson, "IETF_Chair"}, {RefRFC, "RFC6335"}, {RefDraft, "draft-ietf-tsvwg-port-use-11"}, {RefDraft, "RFC-ietf-emailcore-rfc5321bis-43"}}},
		{"same person twice, two assignees",
			Entry{Assignee: "[Vera_Heinau][Heiko_Schlichting]", Contact: "[Vera_Heinau][Heiko_Schlichting]"},
			[]Ref{{RefPerson, "Vera_Heinau"}, {RefPerson, "Heiko_Schlichting"}}},
		{"uri, note, text, section",
			Entry{Reference: "[1][http://www.broadband-forum.org/assignments][ISO/IEC 13818-6 MPEG-2 DSM-CC][RFC8765, Section 6.1][TR-352]"},
			[]Ref{{RefNote, "1"}, {RefURI, "http://www.broadband-forum.org/assignments"}, {RefText, "ISO/IEC 13818-6 MPEG-2 DSM-CC"},
				{RefRFC, "RFC8765, Section 6.1"}, {RefText, "TR-352"}}},
		{"nested brackets and stray text",
			Entry{Reference: "see [a [b] c] and [x"},
			[]Ref{{RefText, "see"}, {RefText, "a [b] c"}, {RefText, "and"}, {RefText, "[x"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.References(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("References() =\n %q\nwant\n %q", got, tc.want)
			}
		})
	}
}

func TestRefURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ref  Ref
		want string
	}{
		{Ref{RefRFC, "RFC6335"}, "https://www.rfc-editor.org/rfc/rfc6335"},
		{Ref{RefRFC, "RFC0793"}, "https://www.rfc-editor.org/rfc/rfc793"},
		{Ref{RefRFC, "RFC8765, Section 6.1"}, "https://www.rfc-editor.org/rfc/rfc8765#section-6.1"},
		{Ref{RefDraft, "draft-ietf-tsvwg-port-use-11"}, "https://datatracker.ietf.org/doc/draft-ietf-tsvwg-port-use-11/"},
		{Ref{RefDraft, "RFC-ietf-emailcore-rfc5321bis-43"}, "https://datatracker.ietf.org/doc/draft-ietf-emailcore-rfc5321bis-43/"},
		{Ref{RefDraft, "draft-zubov-snif-05, Section 4.3"}, "https://datatracker.ietf.org/doc/draft-zubov-snif-05/#section-4.3"},
		{Ref{RefURI, "https://xahau.network"}, "https://xahau.network"},
		{Ref{RefPerson, "Jon_Postel"}, ""},
		{Ref{RefNote, "1"}, ""},
		{Ref{RefText, "n/a"}, ""},
	} {
		if got := tc.ref.URL(); got != tc.want {
			t.Errorf("%v.URL() = %q, want %q", tc.ref, got, tc.want)
		}
	}
	if s := (Ref{RefRFC, "RFC6335"}).String(); s != "[RFC6335]" {
		t.Errorf("String() = %q", s)
	}
}

// TestReferencesReal types every reference of the Reference column of a
// real registry; what the guess gets wrong is listed.
func TestReferencesReal(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	types := map[string]int{}
	text := map[string]bool{}
	for i := range reg.Entries {
		e := &reg.Entries[i]
		refs := e.References()
		if len(refs) < len(e.PersonIDs()) {
			t.Fatalf("%s: fewer references than persons", e.Label())
		}
		for _, r := range refs[len(e.PersonIDs()):] {
			types[r.Type]++
			if r.Type == RefText {
				text[r.Data] = true
			}
			if (r.Type == RefRFC || r.Type == RefDraft || r.Type == RefURI) && r.URL() == "" {
				t.Errorf("%s: %v has no URL", e.Label(), r)
			}
		}
	}
	t.Logf("reference types: %v", types)
	// The XML's xref types of these: uri with a title ("TR-352", "3GPP TS
	// 24.379 v13.5.0s"); the others are text.
	wantText := []string{"3GPP TS 24.379 v13.5.0s", "Ari√´n Huisken <xadmin&huisken-systems.nl> 15 June 2009",
		"ISO/IEC 13818-6 MPEG-2 DSM-CC", "ITU-T X.510 / ISO/IEC 9584-11", "TR-352", "n/a"}
	for _, w := range wantText {
		if !text[w] {
			t.Errorf("%q not typed text", w)
		}
		delete(text, w)
	}
	for d := range text {
		if len(d) < 100 { // the long ICTP description of pon-ictp
			t.Errorf("unexpected text reference %q", d)
		}
	}
}
