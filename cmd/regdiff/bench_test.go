package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// BenchmarkShowPort is a whole `regdiff show 80` minus process start-up:
// load the embedded registry, query, render.
func BenchmarkShowPort(b *testing.B) {
	e := newEnv(strings.NewReader(""), io.Discard, io.Discard)
	dir := b.TempDir()
	e.getenv = func(k string) string {
		if k == "REGDIFF_DIR" {
			return dir
		}
		return ""
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"show", "80"}, e); err != nil {
			b.Fatal(err)
		}
	}
}
