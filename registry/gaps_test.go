package registry

import (
	"bytes"
	"slices"
	"testing"
)

func TestGapsOnRealRegistry(t *testing.T) {
	t.Parallel()
	reg, err := Parse(bytes.NewReader(rawFiles(t)["2026-04-09"]))
	if err != nil {
		t.Fatal(err)
	}
	all := Ports(0, MaxPort)
	for _, p := range Protocols {
		st := reg.PortStatus(p)
		gaps := Gaps(p, st, all, 1)
		// 855-859 is one unassigned gap on tcp and udp (it has no
		// protocol, so on sctp and dccp it merges with neighbours).
		if p == TCP || p == UDP {
			found := false
			for _, g := range gaps {
				if g.Ports.Contains(856) {
					found = g.Ports == Ports(855, 859) && g.Status == StatusUnassigned
				}
			}
			if !found {
				t.Errorf("%s: 855-859 is not one unassigned gap", p)
			}
		}
		// No assigned port inside any gap: every assigned row's ports are
		// checked against the gaps, not against PortStatus.
		inGap := make([]bool, MaxPort+1)
		covered := 0
		for _, g := range gaps {
			covered += g.Ports.Len()
			if g.Status != StatusUnassigned && g.Status != StatusReserved {
				t.Errorf("%s: gap %s has status %s", p, g.Ports, g.Status)
			}
			for port := g.Ports.Lo(); port <= g.Ports.Hi(); port++ {
				inGap[port] = true
			}
		}
		for _, e := range reg.Entries {
			if (e.Kind != Assigned && e.Kind != Nameless) || (e.Proto != p && e.Proto != NoProto) {
				continue
			}
			for port := e.Ports.Lo(); port <= e.Ports.Hi(); port++ {
				if inGap[port] {
					t.Fatalf("%s: port %d of %s is inside a gap", p, port, e.Label())
				}
			}
		}
		// Per class, the counts add up to the class's size, and the gaps
		// cover exactly the unassigned and reserved ports.
		free := 0
		for _, c := range []Class{System, User, Dynamic} {
			n := 0
			counts := CountStatus(st, c.Bounds())
			for _, k := range counts {
				n += k
			}
			if n != c.Bounds().Len() {
				t.Errorf("%s %s: counts add up to %d, want %d", p, c, n, c.Bounds().Len())
			}
			free += counts[StatusUnassigned] + counts[StatusReserved]
			if c == Dynamic && counts[StatusDynamic] != c.Bounds().Len() {
				t.Errorf("%s: dynamic ports are %v", p, counts)
			}
		}
		if free != covered {
			t.Errorf("%s: gaps cover %d ports, %d are unassigned or reserved", p, covered, free)
		}
	}
	if st := reg.PortStatus(TCP); st[80] != StatusAssigned || st[0] != StatusReserved || st[1008] != StatusUnassigned || reg.PortStatus(UDP)[1008] != StatusNameless {
		t.Error("statuses of 80/tcp, 0/tcp, 1008/tcp, 1008/udp are wrong")
	}
	got := reg.Free(3, User.Bounds(), TCP, UDP)
	if len(got) != 3 {
		t.Fatalf("Free(3, user) = %v", got)
	}
	for _, port := range got {
		for _, e := range reg.Port(port) {
			if e.Kind != Unassigned {
				t.Errorf("free port %d has row %s (%s)", port, e.Label(), e.Kind)
			}
		}
	}
}

// TestGapsNameless: ports held only by nameless rows are counted apart
// from assigned ones, and are neither gaps nor free.
func TestGapsNameless(t *testing.T) {
	t.Parallel()
	reg := parsedXML(t, "2026-08-17")
	for _, p := range []Protocol{TCP, UDP} {
		st := reg.PortStatus(p)
		var named, nameless [MaxPort + 1]bool
		for i := range reg.Entries {
			e := &reg.Entries[i]
			if !e.HasPort() || !e.On(p) {
				continue
			}
			for port := e.Ports.Lo(); port <= e.Ports.Hi(); port++ {
				named[port] = named[port] || e.Kind == Assigned
				nameless[port] = nameless[port] || e.Kind == Nameless
			}
		}
		want := 0
		for port := range nameless {
			if nameless[port] && !named[port] {
				want++
				if st[port] != StatusNameless {
					t.Errorf("%d/%s: status %s, want nameless", port, p, st[port])
				}
			}
		}
		if got := CountStatus(st, Ports(0, MaxPort))[StatusNameless]; got != want || want == 0 {
			t.Errorf("%s: %d nameless ports counted, %d held only by nameless rows", p, got, want)
		}
		for _, g := range Gaps(p, st, Ports(0, MaxPort), 1) {
			if g.Ports.Contains(1008) && p == UDP {
				t.Errorf("1008/udp is in gap %s", g.Ports)
			}
		}
	}
	if slices.Contains(reg.Free(2000, Ports(1000, 3000), TCP, UDP), 2825) {
		t.Error("2825, held by a nameless row, is free")
	}
}

func TestGapsMin(t *testing.T) {
	t.Parallel()
	st := make([]Status, MaxPort+1)
	for i := range st {
		st[i] = StatusAssigned
	}
	for _, p := range []int{10, 20, 21, 22, 30, 31} {
		st[p] = StatusUnassigned
	}
	st[32] = StatusReserved
	gaps := Gaps(TCP, st, Ports(0, 100), 2)
	want := []Gap{{TCP, Ports(20, 22), StatusUnassigned}, {TCP, Ports(30, 31), StatusUnassigned}}
	if len(gaps) != len(want) || gaps[0] != want[0] || gaps[1] != want[1] {
		t.Errorf("Gaps(min 2) = %v, want %v", gaps, want)
	}
	if gaps := Gaps(TCP, st, Ports(21, 30), 1); len(gaps) != 2 || gaps[0].Ports != Ports(21, 22) || gaps[1].Ports != Ports(30, 30) {
		t.Errorf("Gaps clipped to 21-30 = %v", gaps)
	}
}
