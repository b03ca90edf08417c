package registry

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// TestParseXMLBytesFastOnRealFiles: every real registry XML goes through
// the fast path without declining, and gives what encoding/xml gives.
func TestParseXMLBytesFastOnRealFiles(t *testing.T) {
	t.Parallel()
	for date, raw := range xmlFiles() {
		t.Run(date, func(t *testing.T) {
			t.Parallel()
			fast, err := parseXMLFast(raw)
			if err != nil {
				t.Fatalf("the fast path declined: %v", err)
			}
			slow, err := ParseXML(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Errorf("the fast path and encoding/xml differ")
			}
		})
	}
}

// TestFastXMLDeclines: what the fast path leaves to encoding/xml, and the
// error the caller then gets, which is encoding/xml's.
func TestFastXMLDeclines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, records, err string }{
		{"cdata", `<record><name><![CDATA[echo]]></name><protocol>tcp</protocol><number>7</number></record>`, ""},
		{"comment", `<record><!-- x --><name>echo</name><protocol>tcp</protocol><number>7</number></record>`, ""},
		{"carriage return", "<record><name>echo</name>\r\n<protocol>tcp</protocol><number>7</number></record>", ""},
		{"entity", `<record><name>echo&nbsp;</name><protocol>tcp</protocol><number>7</number></record>`, "invalid character entity &nbsp;"},
		{"surrogate", `<record><name>echo</name><description>a&#xD800;</description><protocol>tcp</protocol><number>7</number></record>`, ""},
		{"nul", `<record><name>echo</name><description>a&#0;</description><protocol>tcp</protocol><number>7</number></record>`, "illegal character code U+0000"},
		{"cdata end", `<record><name>echo</name><description>a]]>b</description><protocol>tcp</protocol><number>7</number></record>`, "unescaped ]]> not in CDATA section"},
		{"lt in value", `<record date="2020<"><name>echo</name><protocol>tcp</protocol><number>7</number></record>`, "unescaped < inside quoted string"},
		{"prefix", `<record><x:name>echo</x:name><protocol>tcp</protocol><number>7</number></record>`, "unexpected element <x:name>"},
		{"bad utf-8", "<record><name>echo</name><description>a\xff</description><protocol>tcp</protocol><number>7</number></record>", "invalid UTF-8"},
		{"unquoted", `<record date=2020-01-01><name>echo</name><protocol>tcp</protocol><number>7</number></record>`, "unquoted or missing attribute value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := xmlSeed(tc.records)
			if _, err := parseXMLFast(doc); err == nil {
				t.Fatal("the fast path accepted it")
			}
			got, err := ParseXMLBytes(doc)
			want, wantErr := ParseXML(bytes.NewReader(doc))
			if !reflect.DeepEqual(got, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Fatalf("ParseXMLBytes = %v, %v; ParseXML = %v, %v", got, err, want, wantErr)
			}
			if tc.err == "" && err != nil {
				t.Fatalf("encoding/xml refused it: %v", err)
			}
			if tc.err != "" && (err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.err))) {
				t.Fatalf("error %v, want one saying %q", err, tc.err)
			}
		})
	}
}

// FuzzParseXMLBytes holds the fast path to encoding/xml: whenever it
// accepts a document, encoding/xml accepts it too, with the same result.
func FuzzParseXMLBytes(f *testing.F) {
	for _, seed := range xmlFuzzSeeds {
		f.Add(xmlSeed(seed))
	}
	f.Add(xmlSeed(`<record><name a="&lt;&#x41;&#66;&quot;&apos;&amp;&gt;">echo</name><protocol>tcp</protocol><number>7</number><description>]]&gt; ]&#93;> é &#13;</description></record>`))
	f.Add(xmlSeed(`<record><name>echo</name ><protocol>tcp</protocol><number>7</number><description>x<br/>y</description></record>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		fast, err := parseXMLFast(in)
		if err != nil {
			return // declined or refused: ParseXML decides
		}
		slow, err := ParseXML(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("the fast path accepted what encoding/xml refuses (%v):\n%q", err, in)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("the fast path and encoding/xml differ:\n%+v\n%+v", fast, slow)
		}
		if got, err := ParseXMLBytes(in); err != nil || !reflect.DeepEqual(got, slow) {
			t.Fatalf("ParseXMLBytes: %v", err)
		}
	})
}

func TestErrDeclineNotExported(t *testing.T) {
	t.Parallel()
	_, err := ParseXMLBytes(xmlSeed(`<record><!-- x --><name>echo</name><protocol>tcp</protocol></record>`))
	if errors.Is(err, errDecline) {
		t.Fatalf("a decline reached the caller: %v", err)
	}
}

// BenchmarkParseXMLBytes is BenchmarkParseXML through the fast path: the
// path of `snapshot import`, `fetch` and `sync`.
func BenchmarkParseXMLBytes(b *testing.B) {
	raw := rawXML(b, "2026-08-17")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseXMLBytes(raw); err != nil {
			b.Fatal(err)
		}
	}
}
