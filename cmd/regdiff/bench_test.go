package main

import (
	"context"
	"errors"
	"io"
	"testing"
)

// BenchmarkShowPort is a whole `regdiff show 80` minus process start-up:
// load the embedded registry, query, render.
func BenchmarkShowPort(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"show", "80"}, e); err != nil {
			b.Fatal(err)
		}
	}
}

var benchFile = "suse12-netcfg.services"

// BenchmarkCheckLargest is a whole `regdiff FILE` on the largest real
// services file (SUSE, 1.26 MB, 16k lines) minus process start-up: parse the
// file, load the embedded registry, compare, render the text report.
func BenchmarkCheckLargest(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		err := run(context.Background(), []string{repoRoot + "/testdata/services/" + benchFile}, e)
		if err != nil && !errors.Is(err, errFindings) {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckCurated is the check of Debian's curated file: few entries,
// but six thousand missing findings to build, sort and render.
func BenchmarkCheckCurated(b *testing.B) {
	benchFile = "debian-netbase-6.4.services"
	defer func() { benchFile = "suse12-netcfg.services" }()
	BenchmarkCheckLargest(b)
}

// BenchmarkDiffNewest is `regdiff diff` of the two newest committed
// snapshots (two CSVs parsed, compared, rendered).
func BenchmarkDiffNewest(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		err := run(context.Background(), []string{"diff", "--dir", repoRoot + "/snapshots"}, e)
		if err != nil && !errors.Is(err, errFindings) {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistory is `regdiff history 1008` over every committed snapshot.
func BenchmarkHistory(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"history", "1008", "--dir", repoRoot + "/snapshots"}, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerate is a whole `regdiff generate` of the full registry:
// load the embedded registry, choose names, write the file.
func BenchmarkGenerate(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"generate", "--registry", "embedded"}, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateMerge is a whole `regdiff generate --merge` of Debian's
// curated file (this machine's /etc/services): the generated file with the
// file's local additions kept.
func BenchmarkGenerateMerge(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"generate", "--merge", repoRoot + "/testdata/services/debian-netbase-6.4.services"}, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReport is a whole `regdiff report` of the committed store minus
// process start-up: load the newest snapshot, read the changes of every
// snapshot (snapshots.Deltas), draw the page.
func BenchmarkReport(b *testing.B) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"report", "--dir", repoRoot + "/snapshots"}, e); err != nil {
			b.Fatal(err)
		}
	}
}
