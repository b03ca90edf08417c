package services_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
	"github.com/regdiff/regdiff/snapshots"
)

// keptHeader starts the section of the local names Merge keeps as written.
const keptHeader = "# Local names kept as the merged file writes them"

// generate --merge keeps generate's promises for every real file: what it
// writes lints clean, but for the local names it keeps as written, and an
// entry the registry has on a protocol not written is not a local addition.
func TestMergeRealFilesLintClean(t *testing.T) {
	t.Parallel()
	reg, _, err := snapshots.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob("../testdata/services/*.services")
	if err != nil || len(paths) == 0 {
		t.Fatal("no real files in ../testdata/services")
	}
	for _, protos := range [][]registry.Protocol{nil, registry.Protocols} {
		for _, path := range paths {
			name := filepath.Base(path)
			if protos != nil && !strings.HasPrefix(name, "centos") {
				continue // one file with sctp and dccp lines is enough for all four protocols
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			local, err := services.ParseNamed(bytes.NewReader(raw), name)
			if err != nil {
				t.Fatal(err)
			}
			g := services.Generate(reg, services.GenerateOptions{Protocols: protos, Header: []string{"test"}})
			conflicts := g.Merge(local, name)
			var out bytes.Buffer
			if _, err := g.WriteTo(&out); err != nil {
				t.Fatal(err)
			}
			merged, err := services.Parse(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("%s: the merged file: %v", name, err)
			}
			lines := strings.Split(out.String(), "\n")
			kept := len(lines)
			if i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, keptHeader) }); i >= 0 {
				kept = i + 1 // 1-based: lines after the header are exempt
			}
			allowed := []string{}
			if protos != nil {
				allowed = append(allowed, services.WarnOtherProto) // sctp and dccp lines: musl and Go read none
			}
			bad := 0
			for _, w := range merged.Warnings {
				if w.Line > kept || slices.Contains(allowed, w.Code) {
					continue
				}
				if bad++; bad <= 5 {
					t.Errorf("%s (protocols %v): line %d: %s: %s\n\t%q", name, protos, w.Line, w.Code, w.Msg, w.Text)
				}
			}
			for i, l := range lines[:min(kept, len(lines))] {
				if len(l) >= 128 {
					t.Errorf("%s: line %d is %d bytes", name, i+1, len(l))
				}
			}
			if protos == nil {
				for _, l := range g.Local {
					if l.Proto != registry.TCP && l.Proto != registry.UDP && assigned(reg, l.Port, l.Proto) {
						t.Errorf("%s: %s %d/%s, the registry's, is called a local addition", name, l.Name, l.Port, l.Proto)
					}
				}
			}
			t.Logf("%s (protocols %v): %d lines, %d local additions, %d kept as written, %d conflicts, %d notes",
				name, protos, len(lines), len(g.Local), len(g.Kept), len(conflicts), len(g.Notes))
		}
	}
}

func assigned(reg *registry.Registry, port int, proto registry.Protocol) bool {
	for _, e := range reg.Port(port) {
		if e.Kind == registry.Assigned && e.Proto == proto {
			return true
		}
	}
	return false
}
