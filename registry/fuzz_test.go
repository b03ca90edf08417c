package registry

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(header + "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\"Defined TXT keys: u=<username>\n p=<password>\"\n"))
	f.Add([]byte("\xef\xbb\xbf" + strings.ReplaceAll(header, "Unauthorized Use Reported", "Known Unauthorized Uses") + ",855-859,,Unassigned,,,,,,,,\r\n,1008,udp,Possibly used by Sun Solaris????,,,,2009-12,,,,\r\n"))
	f.Add([]byte(header + "rdp,,,,,,,,,,,\nrdp,,,,,,,,,,,\n"))
	f.Add([]byte(header + "foo,70000,tcp,,,,,,,,,\n"))
	f.Add([]byte(header + "\"x\"\"y\",1-2,dccp,\"a\r\nb\",,,,,,1145656131,,\n"))
	f.Add([]byte("<html>oops</html>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		reg, err := Parse(bytes.NewReader(in))
		if err != nil {
			if reg != nil {
				t.Fatal("registry returned with an error")
			}
			return
		}
		// Whatever parses must survive a round trip through the snapshot
		// form byte for byte, and through the compact form.
		var w1, w2 bytes.Buffer
		if err := reg.WriteCSV(&w1); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(bytes.NewReader(w1.Bytes()))
		if err != nil {
			t.Fatalf("written CSV does not parse: %v\n%q", err, w1.String())
		}
		if !reflect.DeepEqual(reg.Entries, again.Entries) {
			t.Fatalf("round trip changed entries:\n%+v\n%+v", reg.Entries, again.Entries)
		}
		if err := again.WriteCSV(&w2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatal("writing is not deterministic")
		}
		var cb bytes.Buffer
		if reg.WriteCompact(&cb) == nil {
			compact, err := ParseCompact(cb.String())
			if err != nil {
				t.Fatalf("compact form does not parse: %v", err)
			}
			if !reflect.DeepEqual(reg.Entries, compact.Entries) {
				t.Fatal("compact round trip changed entries")
			}
		}
	})
}

func FuzzParseCompact(f *testing.F) {
	f.Add(compactMagic + "http\x1f80\x1ftcp\x1fWWW\x1f\x1f\x1f\x1f2021-10-01\x1f\x1f\x1f\x1f\x1f\x1e")
	f.Add(compactMagic + "\x1f855-859\x1f\x1fUnassigned\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1f\x1e")
	f.Fuzz(func(t *testing.T, in string) {
		reg, err := ParseCompact(in)
		if err != nil {
			return
		}
		var b strings.Builder
		if err := reg.WriteCompact(&b); err != nil {
			t.Fatal(err)
		}
		again, err := ParseCompact(b.String())
		if err != nil || !reflect.DeepEqual(reg.Entries, again.Entries) {
			t.Fatalf("compact round trip failed: %v", err)
		}
	})
}

// FuzzParsePeopleCompact: what parses writes back the same, and agrees
// with the people CSV of the same persons.
func FuzzParsePeopleCompact(f *testing.F) {
	f.Add(peopleCompactMagic + "IESG\x1f\x1fIESG\x1fmailto:iesg&ietf.org\x1f\x1f\x1eJon_Postel\x1fJon Postel\x1f\x1fmailto:postel&isi.edu tel:+1-310-822-1511\x1f1998-10\x1f\x1e")
	f.Add(peopleCompactMagic + "b\x1f\x1f\x1f\x1f\x1f\x1ea\x1f\x1f\x1f\x1f\x1f\x1e")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ParsePeopleCompact(in)
		if err != nil {
			return
		}
		var b strings.Builder
		if err := ps.WriteCompact(&b); err != nil {
			t.Fatal(err)
		}
		again, err := ParsePeopleCompact(b.String())
		if err != nil || len(again) != len(ps) || len(ps) > 0 && !reflect.DeepEqual(again, ps) {
			t.Fatalf("compact round trip failed: %v", err)
		}
		if strings.Contains(in, "\r") {
			return // encoding/csv reads CR LF inside a field as LF; the XML parser leaves none
		}
		var c strings.Builder
		if err := ps.WriteCSV(&c); err != nil {
			t.Fatal(err)
		}
		fromCSV, err := ParsePeopleCSV(strings.NewReader(c.String()))
		if err != nil || len(fromCSV) != len(ps) || len(ps) > 0 && !reflect.DeepEqual(fromCSV, ps) {
			t.Fatalf("the CSV of the same people differs: %v", err)
		}
	})
}

func TestWriteCompactRefusesBadIDs(t *testing.T) {
	t.Parallel()
	for _, ps := range []People{{{ID: ""}}, {{ID: "a"}, {ID: "a"}}} {
		if err := ps.WriteCompact(io.Discard); err == nil {
			t.Errorf("%v: written", ps)
		}
	}
}

// FuzzParseCanonical holds ParseCanonical to ParseNamed: the same rows, or
// the same error, for any input, whichever way ParseCanonical reads it.
func FuzzParseCanonical(f *testing.F) {
	canon := canonicalHeader()
	f.Add([]byte(canon + "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\"Defined TXT keys: u=<username>\n p=<password>\"\n"))
	f.Add([]byte(canon + ",855-859,,Unassigned,,,,,,,,\n,1008,udp,Possibly used by Sun Solaris????,,,,2009-12,,,,\n"))
	f.Add([]byte(canon + "foo,70000,tcp,,,,,,,,,\nbar,1,tcp,,,,,,,,,\n"))
	f.Add([]byte(canon + "foo,70000,tcp,,,,,,,,,\nbar,1,tcp,,,,,,,,\n")) // a bad row, then a short record
	f.Add([]byte(canon + "foo,1,tcp,,,,,,,,,\n\"bar,2,tcp,,,,,,,,,\n"))  // an open quote
	f.Add([]byte(canon))
	f.Add([]byte(canon[:len(canon)-1] + "\r\nrdp,,,,,,,,,,,\r\n"))
	f.Add([]byte(header + "rdp,,,,,,,,,,,\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want, werr := ParseNamed(bytes.NewReader(in), "f.csv")
		got, err := ParseCanonical(bytes.NewReader(in), "f.csv", int64(len(in)))
		switch {
		case (err == nil) != (werr == nil):
			t.Fatalf("ParseCanonical: %v; ParseNamed: %v", err, werr)
		case err != nil && err.Error() != werr.Error():
			t.Fatalf("ParseCanonical: %v\nParseNamed:     %v", err, werr)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("the rows differ:\n%+v\n%+v", got.Entries, want.Entries)
		}
	})
}
