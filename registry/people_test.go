package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestPersonEmail(t *testing.T) {
	t.Parallel()
	for uri, want := range map[string]string{
		"mailto:postel&isi.edu":                            "postel@isi.edu",
		"MAILTO:a&b.example":                               "a@b.example",
		"tel:+1-604-681-4549 mailto:x&y.example":           "x@y.example",
		"mailto:david&walend.net mailto:dev&other.example": "david@walend.net",
		"http://www.insidersoftware.com":                   "",
		"":                                                 "",
	} {
		if got := (Person{URI: uri}).Email(); got != want {
			t.Errorf("Email(%q) = %q, want %q", uri, got, want)
		}
	}
	p := Person{ID: "Jon_Postel", Name: "Jon Postel", URI: "mailto:postel&isi.edu", Updated: Date{1998, 10, 0}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"Jon_Postel","name":"Jon Postel","org":"","uri":"mailto:postel\u0026isi.edu","updated":"1998-10"}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

func TestPersonIDsFromCSV(t *testing.T) {
	t.Parallel()
	reg := mustParse(t, header+
		"nas,991,tcp,Netnews Administration System,[Vera_Heinau][Heiko_Schlichting],[Vera_Heinau][Heiko_Schlichting],,2017-02-10,[RFC4707],,,\n"+
		"PS-Server,7215,tcp,PaperStream,[PFU_Systems_Inc.],[Hari_Asuri],2016-02-26,,,,,\n"+
		"x,1,tcp,,,,,,,,,\n")
	want := map[string][]string{"nas": {"Vera_Heinau", "Heiko_Schlichting"}, "PS-Server": {"PFU_Systems_Inc.", "Hari_Asuri"}, "x": nil}
	for _, e := range reg.Entries {
		if got := e.PersonIDs(); !reflect.DeepEqual(got, want[e.Name]) {
			t.Errorf("%s: PersonIDs() = %q, want %q", e.Name, got, want[e.Name])
		}
	}
	if reg.People != nil {
		t.Error("a registry from the CSV has people")
	}
	if _, ok := reg.Person("Vera_Heinau"); ok {
		t.Error("Person found in a registry without people")
	}
}

func TestPeopleRealXML(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	postel, ok := reg.Person("Jon_Postel")
	if !ok || postel.Name != "Jon Postel" || postel.Email() == "" || strings.Contains(postel.Email(), "&") {
		t.Errorf("Person(Jon_Postel) = %+v, %v", postel, ok)
	}
	// The five persons with two URIs keep both.
	two := 0
	for _, p := range reg.People {
		if len(p.URIs()) > 1 {
			two++
		}
	}
	if two == 0 {
		t.Error("no person with two URIs")
	}

	var w1, w2 bytes.Buffer
	if err := reg.People.WriteCSV(&w1); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w1.String(), "id,name,org,uri,updated\n") || bytes.Contains(w1.Bytes(), []byte("\r")) {
		t.Errorf("people CSV starts %q, want the header and LF line ends", Clip(w1.String(), 60))
	}
	again, err := ParsePeopleCSV(bytes.NewReader(w1.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, reg.People) {
		t.Fatal("people CSV round trip changed the people")
	}
	// Any order in, the same bytes out.
	rev := make(People, len(again))
	for i, p := range again {
		rev[len(rev)-1-i] = p
	}
	if err := rev.WriteCSV(&w2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
		t.Error("writing the people in another order gave other bytes")
	}
}

func TestParsePeopleCSVErrors(t *testing.T) {
	t.Parallel()
	const h = "id,name,org,uri,updated\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "line 1: empty input"},
		{"registry CSV", header, `line 1: header "Service Name,Port Number,`},
		{"other header", "id,name,org,url,updated\n", `line 1: header "id,name,org,url,updated" is not a people CSV's "id,name,org,uri,updated"`},
		{"empty id", h + ",A,,,\n", "line 2 (record 1): empty id"},
		{"bad date", h + "a,A,,,2020-13\n", `line 2 (record 1): updated: bad date "2020-13"`},
		{"short", h + "a,A\n", "line 2 (record 1): malformed CSV: wrong number of fields: want 5"},
		{"twice", h + "a,A,,,\nb,B,,,\na,C,,,\n", `person id "a" appears twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := ParsePeopleCSV(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("got %v, want an error", ps)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\n does not contain %q", err, tc.want)
			}
		})
	}
	ps, err := ParsePeopleCSV(strings.NewReader(h + "b,B,,,\na,\"A, Jr.\",Org,mailto:a&b.example,2020-01-02\n"))
	if err != nil || len(ps) != 2 || ps[0].ID != "a" || ps[0].Name != "A, Jr." || ps[0].Updated != (Date{2020, 1, 2}) {
		t.Errorf("ParsePeopleCSV = %+v, %v", ps, err)
	}
	var pe *ParseError
	if _, err := ParsePeopleCSV(strings.NewReader(h + ",,,,\n")); !errors.As(err, &pe) {
		t.Errorf("error %T is not a *ParseError", err)
	}
}
