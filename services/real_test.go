package services

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sourceCounts are the figures of ../testdata/services/SOURCES.md that Parse
// can be held to: "lines", "entries", "alias tokens" and "protocols seen"
// from its tables, the macOS lines with no name, SUSE's Latin-1 lines, and
// the "same port/proto with several names" counts of quirk 9.
//
// SOURCES.md counts the latter as (port, proto) groups with more than one
// name, while shared-port warns once per extra name, so the test counts
// groups. Its "inline # comments" column is not compared: it was measured
// inconsistently across files (CentOS counts only non-empty comments,
// 10752, while macOS counts every non-comment line with a '#', 9885,
// including its 20 lines with no name).
var sourceCounts = map[string]struct {
	lines, entries, aliases int
	protos                  map[string]int
	sharedGroups            int // -1: not stated in SOURCES.md
	noName, invalidUTF8     int
}{
	"debian-netbase-6.4":        {361, 318, 86, map[string]int{"tcp": 218, "udp": 95, "sctp": 1, "ddp": 4}, -1, 0, 0},
	"centos7-setup-2.8.71":      {11176, 11039, 371, map[string]int{"tcp": 5610, "udp": 5363, "sctp": 56, "dccp": 6, "ddp": 4}, -1, 0, 0},
	"suse12-netcfg":             {16229, 11271, 6, map[string]int{"tcp": 5712, "udp": 5497, "sctp": 52, "dccp": 6, "ddp": 4}, 230, 0, 15},
	"arch-iana-etc":             {11462, 11460, 0, map[string]int{"tcp": 5876, "udp": 5497, "sctp": 78, "dccp": 9}, 42, 0, 0},
	"freebsd-12-stable-r358870": {2092, 1979, 147, map[string]int{"tcp": 983, "udp": 943, "sctp": 50, "ucp": 2, "divert": 1}, 25, 0, 0},
	"alpine-baselayout-2.x":     {1184, 1110, 196, map[string]int{"tcp": 561, "udp": 545, "ddp": 4}, -1, 0, 0},
	"macos-files-972":           {13926, 9869, 29, map[string]int{"tcp": 4935, "udp": 4923, "sctp": 6, "ddp": 4, "divert": 1}, 19, 20, 0},
}

func TestRealFiles(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../testdata/services/*.services")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no real files in ../testdata/services")
	}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".services")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(strings.NewReader(string(raw)))
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, f)
			want, ok := sourceCounts[name]
			if !ok {
				t.Fatalf("%s is not in sourceCounts: add its SOURCES.md figures", name)
			}
			if f.Nmap {
				t.Error("taken for nmap-services")
			}
			if f.Lines != want.lines {
				t.Errorf("%d lines, SOURCES.md says %d", f.Lines, want.lines)
			}
			if len(f.Entries) != want.entries {
				t.Errorf("%d entries, SOURCES.md says %d", len(f.Entries), want.entries)
			}
			protos := map[string]int{}
			aliases := 0
			groups := map[string]map[string]bool{}
			for i, e := range f.Entries {
				protos[e.Proto]++
				if i == 0 || f.Entries[i-1].Line != e.Line {
					aliases += len(e.Aliases)
				}
				k := strconv.Itoa(e.Port) + "/" + e.Proto
				if groups[k] == nil {
					groups[k] = map[string]bool{}
				}
				groups[k][e.Name] = true
			}
			if aliases != want.aliases {
				t.Errorf("%d alias tokens, SOURCES.md says %d", aliases, want.aliases)
			}
			if len(protos) != len(want.protos) {
				t.Errorf("protocols %v, SOURCES.md says %v", protos, want.protos)
			}
			for p, n := range want.protos {
				if protos[p] != n {
					t.Errorf("%d %s entries, SOURCES.md says %d", protos[p], p, n)
				}
			}
			shared := 0
			for _, names := range groups {
				if len(names) > 1 {
					shared++
				}
			}
			if want.sharedGroups >= 0 && shared != want.sharedGroups {
				t.Errorf("%d port/protos with several names, SOURCES.md says %d", shared, want.sharedGroups)
			}
			if n := len(linesWith(f, WarnNoName)); n != want.noName {
				t.Errorf("%d no-name lines, SOURCES.md says %d", n, want.noName)
			}
			if n := len(linesWith(f, WarnInvalidUTF8)); n != want.invalidUTF8 {
				t.Errorf("%d invalid-utf8 lines, SOURCES.md says %d", n, want.invalidUTF8)
			}
			// A line that gives no entry and is not blank or a comment must
			// say why: nothing is dropped silently.
			entryLines := map[int]bool{}
			for _, e := range f.Entries {
				entryLines[e.Line] = true
			}
			warned := map[int]bool{}
			for _, w := range f.Warnings {
				warned[w.Line] = true
			}
			for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") {
				content, _, _ := strings.Cut(line, "#")
				if strings.TrimSpace(content) != "" && !entryLines[i+1] && !warned[i+1] {
					t.Errorf("line %d gives no entry and no warning: %q", i+1, line)
				}
			}
		})
	}
}

// SUSE's file ends with the IANA people table as comments and then one
// appended entry; the Latin-1 names in the table must not matter.
func TestSUSETrailingEntry(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../testdata/services/suse12-netcfg.services")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	last := f.Entries[len(f.Entries)-1]
	if last.Name != "bfagent" || last.Port != 5558 || last.Proto != "tcp" || last.Comment() != "IBM Rational Build Forge Agent Service" {
		t.Errorf("last entry %+v", last)
	}
}
