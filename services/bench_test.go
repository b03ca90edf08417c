package services

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParse reads the largest real file, SUSE's (1.26 MB, 16229 lines,
// 11271 entries, about 700 warnings).
func BenchmarkParse(b *testing.B) {
	raw, err := os.ReadFile("../testdata/services/suse12-netcfg.services")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}
