package main

import (
	"context"
	"errors"
	"io"
	"testing"
)

// benchCommand runs `regdiff ARGS...` in process, minus process start-up;
// exit 1 (findings) counts as success.
func benchCommand(b *testing.B, args ...string) {
	e := testEnv(b, io.Discard, io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), args, e); err != nil && !errors.Is(err, errFindings) {
			b.Fatal(err)
		}
	}
}

// BenchmarkShowPort is a whole `regdiff show 80`: load the embedded
// registry, query, render.
func BenchmarkShowPort(b *testing.B) { benchCommand(b, "show", "80") }

// BenchmarkCheckLargest is a whole `regdiff FILE` on the largest real
// services file (SUSE, 1.26 MB, 16k lines): parse the file, load the
// embedded registry, compare, render the text report.
func BenchmarkCheckLargest(b *testing.B) {
	benchCommand(b, repoRoot+"/testdata/services/suse12-netcfg.services")
}

// BenchmarkCheckCurated is the check of Debian's curated file: few entries,
// but six thousand missing findings, of which text shows the first ten.
func BenchmarkCheckCurated(b *testing.B) {
	benchCommand(b, repoRoot+"/testdata/services/debian-netbase-6.4.services")
}

// BenchmarkDiffNewest is `regdiff diff` of the two newest committed
// snapshots.
func BenchmarkDiffNewest(b *testing.B) { benchCommand(b, "diff", "--dir", repoRoot+"/snapshots") }

// BenchmarkHistory is `regdiff history 1008` over every committed snapshot.
func BenchmarkHistory(b *testing.B) {
	benchCommand(b, "history", "1008", "--dir", repoRoot+"/snapshots")
}

// BenchmarkGenerate is a whole `regdiff generate` of the full registry:
// load the embedded registry, choose names, write the file.
func BenchmarkGenerate(b *testing.B) { benchCommand(b, "generate", "--registry", "embedded") }

// BenchmarkGenerateMerge is a whole `regdiff generate --merge` of Debian's
// curated file (this machine's /etc/services): the generated file with the
// file's local additions kept.
func BenchmarkGenerateMerge(b *testing.B) {
	benchCommand(b, "generate", "--merge", repoRoot+"/testdata/services/debian-netbase-6.4.services")
}

// BenchmarkReport is a whole `regdiff report` of the committed store: load
// the newest snapshot, read the changes of every snapshot
// (snapshots.Deltas), draw the page.
func BenchmarkReport(b *testing.B) { benchCommand(b, "report", "--dir", repoRoot+"/snapshots") }
