package registry

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"
)

// The benchmarks read the newest registry CSV kept in testdata.

func newestRaw(b *testing.B) []byte {
	raw := rawFiles(b)["2026-04-09"]
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	b.ResetTimer()
	return raw
}

// BenchmarkEncodingCSV is the floor: a bare encoding/csv read of the bytes.
func BenchmarkEncodingCSV(b *testing.B) {
	raw := newestRaw(b)
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(raw))
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParse is the raw IANA CSV through gocsv, normalized and sorted:
// the path of imports, fetches and CSV files named with --registry.
func BenchmarkParse(b *testing.B) {
	raw := newestRaw(b)
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCanonical is a snapshot's path: the CSV WriteCSV wrote.
func BenchmarkParseCanonical(b *testing.B) {
	reg, err := Parse(bytes.NewReader(newestRaw(b)))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reg.WriteCSV(&buf); err != nil {
		b.Fatal(err)
	}
	raw := buf.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCanonical(bytes.NewReader(raw), "snapshot.csv", int64(len(raw))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCompact is the embedded registry's path.
func BenchmarkParseCompact(b *testing.B) {
	raw := rawFiles(b)["2026-04-09"]
	reg, err := Parse(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reg.WriteCompact(&buf); err != nil {
		b.Fatal(err)
	}
	s := buf.String()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCompact(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	reg, err := Parse(bytes.NewReader(rawFiles(b)["2026-04-09"]))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := reg.WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
