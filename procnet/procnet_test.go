package procnet

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func parseFixture(t *testing.T, name, proto string) []Socket {
	t.Helper()
	f, err := os.Open("testdata/proc/net/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	socks, err := ParseTable(f, proto)
	if err != nil {
		t.Fatal(err)
	}
	return socks
}

func describe(socks []Socket) string {
	var s []string
	for _, k := range socks {
		s = append(s, fmt.Sprintf("%s %s %d uid%d ino%d", k.Proto, k.Addr, k.Port, k.UID, k.Inode))
	}
	return strings.Join(s, "; ")
}

func TestParseTable(t *testing.T) {
	for _, tc := range []struct{ file, proto, want string }{
		// LISTEN only: the TIME_WAIT (06) and ESTABLISHED (01) rows are not.
		{"tcp", "tcp", "tcp 0.0.0.0 2024 uid0 ino1062; tcp 127.0.0.1 856 uid1000 ino2001"},
		{"tcp6", "tcp", "tcp :: 22 uid0 ino4004; tcp ::1 8080 uid998 ino5005"},
		// Bound and unconnected only: the connected DNS socket (01) is not.
		{"udp", "udp", "udp 0.0.0.0 68 uid0 ino6006; udp 127.0.0.1 1008 uid0 ino7007"},
		{"udp6", "udp", "udp fe80::2fe:ff:4242:fffe 546 uid0 ino9009"},
	} {
		if got := describe(parseFixture(t, tc.file, tc.proto)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.file, got, tc.want)
		}
	}
}

func TestParseTableErrors(t *testing.T) {
	for _, in := range []string{
		"header\n 0: 00000000:07E8 00000000:0000 0A\n",
		"header\n 0: 0000:07E8 00000000:0000 0A 0 0 0 0 0 1\n",
		"header\n 0: 00000000:XYZ 00000000:0000 0A 0 0 0 0 0 1\n",
		"header\n 0: 00000000:07E8 00000000:0000 0A 0 0 0 x 0 1\n",
	} {
		if _, err := ParseTable(strings.NewReader(in), "tcp"); err == nil {
			t.Errorf("ParseTable(%q) succeeded", in)
		}
	}
}

func TestListeningFixtureRoot(t *testing.T) {
	rep, err := Listening("testdata/proc")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sockets) != 7 {
		t.Fatalf("%d sockets: %s", len(rep.Sockets), describe(rep.Sockets))
	}
	owned := map[int]string{}
	for _, s := range rep.Sockets {
		for _, p := range s.Processes {
			owned[s.Port] = fmt.Sprintf("%s/%d", p.Name, p.PID)
		}
	}
	if owned[856] != "fake-daemon/4242" || owned[1008] != "fake-daemon/4242" || len(owned) != 2 {
		t.Errorf("owners = %v", owned)
	}
	if lo, hi, ok := EphemeralRange("testdata/proc"); !ok || lo != 32768 || hi != 60999 {
		t.Errorf("EphemeralRange = %d-%d %v", lo, hi, ok)
	}
	if _, err := Listening(t.TempDir()); err == nil {
		t.Error("an empty folder read as a proc root")
	}
}

func FuzzParseTable(f *testing.F) {
	for _, name := range []string{"tcp", "tcp6", "udp", "udp6"} {
		b, err := os.ReadFile("testdata/proc/net/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, proto := range []string{"tcp", "udp"} {
			socks, err := ParseTable(strings.NewReader(in), proto)
			if err != nil {
				continue
			}
			for _, s := range socks {
				if s.Port < 0 || s.Port > 65535 || !s.Addr.IsValid() || s.Proto != proto {
					t.Fatalf("bad socket %+v", s)
				}
			}
		}
	})
}
