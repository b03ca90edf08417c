package registry

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Format{
		"":                          FormatUnknown,
		"   \n\t":                   FormatUnknown,
		header:                      FormatCSV,
		"\xef\xbb\xbf" + header:     FormatCSV,
		"\r\n  " + header:           FormatCSV,
		"id,name,org,uri,updated\n": FormatCSV, // a CSV, if not the registry's
		"<?xml version='1.0' encoding='UTF-8'?>\n<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n<registry xmlns=\"http://www.iana.org/assignments\">": FormatXML,
		"\xef\xbb\xbf  <registry>":          FormatXML,
		"<!-- c --><registry/>":             FormatXML,
		"<?xml version='1.0'?>":             FormatXML,
		"<!DOCTYPE html>\n<html lang=en>":   FormatHTML,
		"<!doctype HTML><title>503</title>": FormatHTML,
		"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">": FormatHTML,
		"\n<HTML>\n<HEAD>":         FormatHTML,
		"<htmlish/>":               FormatXML,
		"\x1f\x8b\x08\x00":         FormatUnknown, // gzip
		"Service unavailable":      FormatUnknown,
		"{\"error\": 1, \"x\": 2}": FormatUnknown,
		"<p>":                      FormatXML,
	} {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseAny(t *testing.T) {
	t.Parallel()
	xml := abridge(t, rawXML(t, "2026-08-17"))
	csv := "\xef\xbb\xbf" + header + "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n"
	fromXML, f, err := ParseAny(bytes.NewReader(append([]byte("\xef\xbb\xbf\n"), xml...)), "r.xml")
	if err != nil || f != FormatXML || len(fromXML.Entries) != 200 || len(fromXML.People) == 0 {
		t.Fatalf("ParseAny(xml) = %s, %v", f, err)
	}
	fromCSV, f, err := ParseAny(strings.NewReader(csv), "r.csv")
	if err != nil || f != FormatCSV || len(fromCSV.Entries) != 1 || fromCSV.People != nil {
		t.Fatalf("ParseAny(csv) = %s, %v", f, err)
	}

	for _, tc := range []struct {
		name, in string
		format   Format
		want     string
		is       error
	}{
		{"html", "<!DOCTYPE html><html><body>Please log in</body></html>", FormatHTML, "in: found an HTML page, want the registry as csv or xml", ErrFormat},
		{"empty", "", FormatUnknown, "in: found empty input, want the registry as csv or xml", ErrFormat},
		{"binary", "\x1f\x8b\x08\x00\x00", FormatUnknown, `in: found unknown content starting "\x1f\x8b\b\x00\x00", want`, ErrFormat},
		{"other csv", "a,b\n1,2\n", FormatCSV, `in:1: unexpected column "a"`, ErrNotRegistry},
		{"other xml", "<rss version=\"2.0\"></rss>", FormatXML, `in:1: root element is <rss id="">`, ErrNotRegistryXML},
		{"cut xml", string(xml[:len(xml)/2]), FormatXML, "in:", ErrIncomplete},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, f, err := ParseAny(strings.NewReader(tc.in), "in")
			if err == nil || reg != nil {
				t.Fatalf("got %v, want an error", reg)
			}
			if f != tc.format {
				t.Errorf("format = %s, want %s", f, tc.format)
			}
			if !strings.HasPrefix(err.Error(), tc.want) || !errors.Is(err, tc.is) {
				t.Errorf("error %q\n does not start with %q or wrap %q", err, tc.want, tc.is)
			}
		})
	}
}
