package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/services"
)

// runJSON runs regdiff and decodes its JSON output into v.
func runJSON(t *testing.T, v any, args ...string) (code int, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = exitCode(run(context.Background(), args, testEnv(t, &out, &errb)), &errb)
	if v != nil {
		if err := json.Unmarshal(out.Bytes(), v); err != nil {
			t.Fatalf("regdiff %v: %v\n%s", args, err, out.String())
		}
	}
	return code, errb.String()
}

// TestGenerateRoundTrip: a generated file checked against the same registry
// has nothing local-only, and nothing missing but the ports generate said
// it left out; with --all-ports, nothing missing at all.
func TestGenerateRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		flags   []string
		missing func(notes int) int
	}{
		{nil, func(notes int) int { return notes }},
		{[]string{"--all-ports"}, func(int) int { return 0 }},
		{[]string{"--protocols", "tcp,udp,sctp,dccp", "--all-ports"}, func(int) int { return 0 }},
	} {
		gen := filepath.Join(dir, "gen")
		code, stderr := runJSON(t, nil, append([]string{"generate", "--registry", "embedded", "-o", gen, "--no-backup", "--verbose"}, tc.flags...)...)
		if code != 0 {
			t.Fatalf("generate %v: exit %d: %s", tc.flags, code, stderr)
		}
		notes := len(regexp.MustCompile(`(?m)^regdiff: note: left out \d+/\w+: `).FindAllString(stderr, -1))
		protos := "tcp,udp"
		if len(tc.flags) > 1 && tc.flags[0] == "--protocols" {
			protos = tc.flags[1]
		}
		var rep checkJSON
		runJSON(t, &rep, "check", gen, "--registry", "embedded", "--proto", protos, "--format", "json", "--only", "missing,local-only")
		if rep.Summary[diff.LocalOnly] != 0 {
			t.Errorf("%v: %d local-only", tc.flags, rep.Summary[diff.LocalOnly])
		}
		missingPorts := 0
		for _, f := range rep.Findings {
			if f.Category == diff.Missing {
				missingPorts += len(f.Protocols)
			}
		}
		if want := tc.missing(notes); missingPorts != want {
			t.Errorf("%v: %d port/protocols missing, generate noted %d left out", tc.flags, missingPorts, want)
		}
		t.Logf("generate %v: %d port/protocols missing, %d noted", tc.flags, missingPorts, notes)
	}
}

// TestGenerateMergeKeepsLocalOnly: --merge keeps every entry check calls
// local-only, for this machine's /etc/services and the real files kept in
// testdata.
func TestGenerateMergeKeepsLocalOnly(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(repoRoot + "/testdata/services/*.services")
	if _, err := os.Stat(defaultServices); err == nil {
		files = append(files, defaultServices)
	}
	for _, file := range files {
		var rep checkJSON
		runJSON(t, &rep, "check", file, "--registry", "embedded", "--format", "json", "--only", "local-only")
		gen := filepath.Join(t.TempDir(), "gen")
		code, stderr := runJSON(t, nil, "generate", "--registry", "embedded", "--protocols", "tcp,udp,sctp,dccp", "--merge", file, "-o", gen)
		if code != 0 {
			t.Fatalf("%s: generate --merge: exit %d: %s", file, code, stderr)
		}
		f, err := os.Open(gen)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := services.Parse(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, e := range parsed.Entries {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				have[n+" "+e.Proto+" "+strconv.Itoa(e.Port)] = true
			}
		}
		// Every local-only entry is kept, unless the file itself has the
		// name at an earlier port: then the conflict is reported.
		kept, reported := 0, 0
		for _, fd := range rep.Findings {
			key := strings.ToLower(fd.Name) + " " + fd.Protocols[0] + " " + fd.Port
			switch {
			case have[key]:
				kept++
			case strings.Contains(stderr, fmt.Sprintf(":%d: %s is at %s/%s here and at", fd.Line, strings.ToLower(fd.Name), fd.Port, fd.Protocols[0])):
				reported++
			default:
				t.Errorf("%s:%d: local-only %q neither kept nor reported", file, fd.Line, fd.Text)
			}
		}
		t.Logf("%s: kept %d local-only entries, reported %d whose name the file has at an earlier port", filepath.Base(file), kept, reported)
	}
}

// checkJSON is the part of check's JSON these tests read.
type checkJSON struct {
	Summary  map[diff.Category]int `json:"summary"`
	Findings []struct {
		Category  diff.Category `json:"category"`
		Line      int           `json:"line"`
		Text      string        `json:"text"`
		Name      string        `json:"name"`
		Port      string        `json:"port"`
		Protocols []string      `json:"protocols"`
	} `json:"findings"`
}
