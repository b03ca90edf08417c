package registry

import (
	"bytes"
	"strings"
	"testing"
)

func TestPortNamesAndVaguePorts(t *testing.T) {
	t.Parallel()
	reg, err := Parse(strings.NewReader(strings.Join(Header, ",") + "\n" +
		"http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,\n" +
		"device,801,tcp,,,,,,,,,\n" +
		"device,801,udp,,,,,,,,,\n" +
		",1008,udp,Possibly used by Sun Solaris????,,,,,,,,\n" +
		"ufsd,1008,tcp,UFS-aware server,[Jon],[Jon],,,,,,\n" +
		",1021,,De-registered (2006-01-01),,,,,,,,\n" +
		"x11,6000-6063,tcp,X Window System,[Bob],[Bob],,,,,,\n" +
		",855-859,,Unassigned,,,,,,,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	names := reg.PortNames(NoProto)
	for port, want := range map[int]string{80: "http", 801: "device", 1008: "ufsd", 1021: "De-registered (2006-01-01)", 6042: "x11", 856: "", 81: ""} {
		if names[port] != want {
			t.Errorf("PortNames(any)[%d] = %q, want %q", port, names[port], want)
		}
	}
	if got := reg.PortNames(UDP)[1008]; got != "Possibly used by Sun Solaris????" {
		t.Errorf("PortNames(udp)[1008] = %q", got)
	}
	for _, tc := range []struct {
		p     Protocol
		port  int
		vague bool
	}{
		{NoProto, 80, false}, {NoProto, 801, true}, {NoProto, 1008, false}, {UDP, 1008, true},
		{TCP, 1008, false}, {NoProto, 1021, false}, {NoProto, 856, false}, {TCP, 6000, false},
	} {
		if got := reg.VaguePorts(tc.p)[tc.port]; got != tc.vague {
			t.Errorf("VaguePorts(%q)[%d] = %v, want %v", tc.p, tc.port, got, tc.vague)
		}
	}
}

// TestVaguePortsAreAssigned: on the real registry, every vague port is an
// assigned or a nameless one, and 1008/udp and 801 are among them.
func TestVaguePortsAreAssigned(t *testing.T) {
	t.Parallel()
	reg, err := Parse(bytes.NewReader(rawFiles(t)["2026-04-09"]))
	if err != nil {
		t.Fatal(err)
	}
	st := reg.PortStatus(UDP)
	vague := reg.VaguePorts(UDP)
	n := 0
	for port, v := range vague {
		if v {
			n++
			if st[port] != StatusAssigned && st[port] != StatusNameless {
				t.Errorf("vague port %d is %s", port, st[port])
			}
		}
	}
	if !vague[1008] || !vague[801] || vague[80] {
		t.Errorf("vague 1008/udp %v, 801/udp %v, 80/udp %v; want true, true, false", vague[1008], vague[801], vague[80])
	}
	t.Logf("%d vague udp ports", n)
}
