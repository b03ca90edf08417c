package registry

import (
	"bytes"
	"slices"
	"testing"
)

func TestVagueOnRealRegistry(t *testing.T) {
	reg, err := Parse(bytes.NewReader(rawFiles(t)["2026-04-09"]))
	if err != nil {
		t.Fatal(err)
	}
	find := func(port int, proto Protocol, name string) *Entry {
		for i := range reg.Entries {
			e := &reg.Entries[i]
			if e.Ports.Contains(port) && e.Proto == proto && e.Name == name && e.Ports.Len() == 1 {
				return e
			}
		}
		t.Fatalf("no row %s %d/%s", name, port, proto)
		return nil
	}
	for _, tc := range []struct {
		port  int
		proto Protocol
		name  string
		want  []Reason
	}{
		{1008, UDP, "", []Reason{ReasonNameless, ReasonHedged, ReasonNoRegistrant}},
		{801, TCP, "device", []Reason{ReasonNoDescription, ReasonNoRegistrant}},
		{80, TCP, "http", nil},
		{557, TCP, "openvms-sysipc", []Reason{ReasonRepeatsName}},
		{2049, TCP, "shilp", []Reason{ReasonNoDescription, ReasonNoRegistrant, ReasonConflict}},
	} {
		if got := VagueReasons(find(tc.port, tc.proto, tc.name)); !slices.Equal(got, tc.want) {
			t.Errorf("VagueReasons(%s %d/%s) = %v, want %v", tc.name, tc.port, tc.proto, got, tc.want)
		}
	}
	if h, repl := Historic(find(63, TCP, "whois++")); !h || repl != "whoispp" {
		t.Errorf("Historic(whois++) = %v, %q; want true, whoispp", h, repl)
	}
	if h, _ := Historic(find(18, TCP, "msp")); !h {
		t.Error("msp (historic) is not historic")
	}
	if h, _ := Historic(find(80, TCP, "http")); h {
		t.Error("http is historic")
	}
	// How many rows each reason flags, to watch the word lists against the
	// real data.
	counts := map[Reason]int{}
	for i := range reg.Entries {
		for _, r := range VagueReasons(&reg.Entries[i]) {
			counts[r]++
		}
	}
	t.Logf("vague reasons in 2026-04-09: %v", counts)
	if counts[ReasonNameless] != 16 {
		t.Errorf("nameless = %d, want the 16 nameless rows", counts[ReasonNameless])
	}
}
