package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
)

// TestListeningRealSockets opens real sockets on 127.0.0.1, on ports the
// test picks from the registry (unassigned ones only where free), and finds
// them through the real /proc with the right verdicts and this process.
func TestListeningRealSockets(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/net: Linux only")
	}
	if _, err := os.Stat("/proc/net/tcp"); err != nil {
		t.Skipf("no /proc/net/tcp here: %v", err)
	}
	reg, _, err := snapshots.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	eLo, eHi, _ := procnet.EphemeralRange("/proc")
	outside := func(p int) bool { return p < eLo || p > eHi }

	// An unassigned port (tcp and udp) for a TCP listener and another for a
	// UDP socket, both inside an Unassigned range of the registry.
	var tcpPort, udpPort int
	var closers []func() error
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	inRange := func(p int) bool {
		for _, e := range reg.Port(p) {
			if e.Kind == registry.Unassigned && e.Ports.Len() > 1 {
				return true
			}
		}
		return false
	}
	for _, p := range reg.Free(2000, registry.User.Bounds(), registry.TCP, registry.UDP) {
		if !outside(p) || !inRange(p) {
			continue
		}
		addr := "127.0.0.1:" + strconv.Itoa(p)
		if tcpPort == 0 {
			if l, err := net.Listen("tcp", addr); err == nil {
				tcpPort, closers = p, append(closers, l.Close)
			}
		} else if udpPort == 0 {
			if c, err := net.ListenPacket("udp", addr); err == nil {
				udpPort, closers = p, append(closers, c.Close)
			}
		}
	}
	// An assigned port, named the same in the local services file.
	var assignedPort int
	var assignedName string
	assess := reg.Assessor()
	for _, e := range reg.Entries {
		if e.Kind != registry.Assigned || e.Proto != registry.TCP || e.Ports.Len() != 1 || e.Ports.Lo() < 1024 || !outside(e.Ports.Lo()) || assess.Assess(&e).Vague {
			continue
		}
		if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(e.Ports.Lo())); err == nil {
			assignedPort, assignedName, closers = e.Ports.Lo(), e.Name, append(closers, l.Close)
			break
		}
	}
	if tcpPort == 0 || udpPort == 0 || assignedPort == 0 {
		t.Fatalf("could not bind test ports: tcp %d udp %d assigned %d", tcpPort, udpPort, assignedPort)
	}
	svc := filepath.Join(t.TempDir(), "services")
	os.WriteFile(svc, []byte(assignedName+" "+strconv.Itoa(assignedPort)+"/tcp\n"), 0o644)

	var rep struct {
		Sockets []struct {
			Proto     string            `json:"protocol"`
			Port      int               `json:"port"`
			Verdict   string            `json:"verdict"`
			Message   string            `json:"message"`
			Processes []procnet.Process `json:"processes"`
		} `json:"sockets"`
		Suspicious int `json:"suspicious"`
	}
	code, stderr := runJSON(t, &rep, "listening", "--registry", "embedded", "--services", svc, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (something suspicious listens): %s", code, stderr)
	}
	comm, _ := os.ReadFile("/proc/self/comm")
	me := strings.TrimSpace(string(comm))
	want := map[string]string{
		strconv.Itoa(tcpPort) + "/tcp":      "unassigned",
		strconv.Itoa(udpPort) + "/udp":      "unassigned",
		strconv.Itoa(assignedPort) + "/tcp": "expected",
	}
	for _, s := range rep.Sockets {
		k := strconv.Itoa(s.Port) + "/" + s.Proto
		v, ok := want[k]
		if !ok {
			continue
		}
		delete(want, k)
		if s.Verdict != v {
			t.Errorf("%s: verdict %s, want %s (%s)", k, s.Verdict, v, s.Message)
		}
		if len(s.Processes) == 0 || s.Processes[0].PID != os.Getpid() || s.Processes[0].Name != me {
			t.Errorf("%s: processes %+v, want %s (pid %d)", k, s.Processes, me, os.Getpid())
		}
		if v == "unassigned" && !strings.Contains(s.Message, "is unassigned by IANA (") {
			t.Errorf("%s: message %q does not name the unassigned range", k, s.Message)
		}
	}
	if len(want) > 0 {
		t.Errorf("not found: %v", want)
	}
	t.Logf("found tcp %d and udp %d (unassigned) and tcp %d (%s, expected)", tcpPort, udpPort, assignedPort, assignedName)
}

// TestListeningWeighsRegistrants: a listener's verdict counts the
// registrant of the port's row, so listening loads the people. Port 4000
// (terabase) is vague without them and expected with them.
func TestListeningWeighsRegistrants(t *testing.T) {
	t.Parallel()
	proc := t.TempDir()
	os.MkdirAll(filepath.Join(proc, "net"), 0o755)
	header := "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	os.WriteFile(filepath.Join(proc, "net", "tcp"), []byte(header+"   0: 00000000:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1062 1 0000000000000000 100 0 0 10 0\n"), 0o644)
	svc := filepath.Join(proc, "services")
	os.WriteFile(svc, []byte("echo 7/tcp\n"), 0o644)
	var stdout, stderr bytes.Buffer
	e := testEnv(t, &stdout, &stderr)
	exitCode(run(context.Background(), []string{"listening", "--proc", proc, "--registry", "embedded", "--services", svc, "--format", "json"}, e), &stderr)
	var rep struct {
		Sockets []struct {
			Port    int    `json:"port"`
			Verdict string `json:"verdict"`
		} `json:"sockets"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || len(rep.Sockets) != 1 {
		t.Fatalf("%v: %s %s", err, stdout.String(), stderr.String())
	}
	if s := rep.Sockets[0]; s.Port != 4000 || s.Verdict != "expected" {
		t.Errorf("4000/tcp (terabase, with a registrant): verdict %q, want expected", s.Verdict)
	}
}
