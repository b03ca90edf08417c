// Package procnet reads the listening sockets of a Linux host from /proc:
// the socket tables of /proc/net and, where /proc/PID/fd can be read, the
// processes that own them.
package procnet

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Socket is one listening socket.
type Socket struct {
	Proto string     // "tcp" or "udp"
	Addr  netip.Addr // the local address (0.0.0.0 or :: for all)
	Port  int
	UID   int
	Inode uint64
	// Processes own the socket; empty when no /proc/PID/fd that holds it
	// could be read (another user's process, without root).
	Processes []Process
}

// Process is a process holding a socket.
type Process struct {
	PID  int    `json:"pid"`
	Name string `json:"name"` // /proc/PID/comm
}

// TCP states of /proc/net/tcp that matter here.
const (
	stateClose  = 0x07 // an unconnected UDP socket shows this
	stateListen = 0x0A
)

// ParseTable reads one /proc/net/{tcp,tcp6,udp,udp6} table and returns its
// listening sockets: TCP in state LISTEN, UDP bound and not connected (state
// CLOSE, no remote address). proto is "tcp" or "udp".
func ParseTable(r io.Reader, proto string) ([]Socket, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	var out []Socket
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if n == 1 || len(f) == 0 {
			continue // the header
		}
		if len(f) < 10 {
			return nil, fmt.Errorf("line %d: %d fields, want at least 10 (is this a /proc/net table?)", n, len(f))
		}
		state, err := strconv.ParseUint(f[3], 16, 8)
		if err != nil {
			return nil, fmt.Errorf("line %d: bad state %q", n, f[3])
		}
		addr, port, err := parseHexAddr(f[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: local address: %v", n, err)
		}
		remote, _, err := parseHexAddr(f[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: remote address: %v", n, err)
		}
		listening := proto == "tcp" && state == stateListen ||
			proto == "udp" && state == stateClose && remote.IsUnspecified()
		if !listening {
			continue
		}
		uid, err := strconv.Atoi(f[7])
		if err != nil {
			return nil, fmt.Errorf("line %d: bad uid %q", n, f[7])
		}
		inode, err := strconv.ParseUint(f[9], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: bad inode %q", n, f[9])
		}
		out = append(out, Socket{Proto: proto, Addr: addr, Port: port, UID: uid, Inode: inode})
	}
	return out, sc.Err()
}

// parseHexAddr reads "0100007F:0016" (IPv4) or 32 hex digits and a port
// (IPv6). The kernel prints the address as 32-bit words in host byte order
// (little-endian on the machines this runs on) and the port big-endian.
func parseHexAddr(s string) (netip.Addr, int, error) {
	a, p, ok := strings.Cut(s, ":")
	if !ok {
		return netip.Addr{}, 0, fmt.Errorf("%q has no port", s)
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.Addr{}, 0, fmt.Errorf("bad port in %q", s)
	}
	b, err := hex.DecodeString(a)
	if err != nil || (len(b) != 4 && len(b) != 16) {
		return netip.Addr{}, 0, fmt.Errorf("bad address in %q", s)
	}
	for i := 0; i < len(b); i += 4 {
		b[i], b[i+1], b[i+2], b[i+3] = b[i+3], b[i+2], b[i+1], b[i]
	}
	addr, _ := netip.AddrFromSlice(b)
	return addr.Unmap(), int(port), nil
}

// Report is what Listening found.
type Report struct {
	Sockets []Socket
	// Hidden counts the processes whose fds could not be read: their
	// sockets show no owner.
	Hidden int
}

// Listening reads the listening sockets under the proc root (normally
// "/proc") and who owns them.
func Listening(root string) (*Report, error) {
	rep := &Report{}
	found := false
	for _, t := range []struct{ file, proto string }{{"tcp", "tcp"}, {"tcp6", "tcp"}, {"udp", "udp"}, {"udp6", "udp"}} {
		f, err := os.Open(filepath.Join(root, "net", t.file))
		if errors.Is(err, fs.ErrNotExist) {
			continue // no IPv6, say
		}
		if err != nil {
			return nil, err
		}
		socks, err := ParseTable(f, t.proto)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Name(), err)
		}
		found = true
		rep.Sockets = append(rep.Sockets, socks...)
	}
	if !found {
		return nil, fmt.Errorf("%s/net has no tcp or udp table: is %s a proc file system?", root, root)
	}
	owners, hidden := socketOwners(root)
	rep.Hidden = hidden
	for i := range rep.Sockets {
		rep.Sockets[i].Processes = owners[rep.Sockets[i].Inode]
	}
	slices.SortFunc(rep.Sockets, func(a, b Socket) int {
		if a.Port != b.Port {
			return a.Port - b.Port
		}
		if a.Proto != b.Proto {
			return strings.Compare(a.Proto, b.Proto)
		}
		return a.Addr.Compare(b.Addr)
	})
	return rep, nil
}

// socketOwners maps socket inodes to the processes holding them, and counts
// the processes whose fd folder could not be read.
func socketOwners(root string) (map[uint64][]Process, int) {
	owners := map[uint64][]Process{}
	hidden := 0
	des, err := os.ReadDir(root)
	if err != nil {
		return owners, 0
	}
	for _, de := range des {
		pid, err := strconv.Atoi(de.Name())
		if err != nil || !de.IsDir() {
			continue
		}
		fdDir := filepath.Join(root, de.Name(), "fd")
		fds, err := os.ReadDir(fdDir)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				hidden++
			}
			continue // a process that ended meanwhile, or not ours to see
		}
		var name string
		for _, fd := range fds {
			link, err := os.Readlink(filepath.Join(fdDir, fd.Name()))
			if err != nil || !strings.HasPrefix(link, "socket:[") {
				continue
			}
			inode, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]"), 10, 64)
			if err != nil {
				continue
			}
			if name == "" {
				comm, _ := os.ReadFile(filepath.Join(root, de.Name(), "comm"))
				name = strings.TrimSpace(string(comm))
			}
			if !slices.ContainsFunc(owners[inode], func(p Process) bool { return p.PID == pid }) {
				owners[inode] = append(owners[inode], Process{PID: pid, Name: name})
			}
		}
	}
	return owners, hidden
}

// EphemeralRange is the kernel's range of ports for outgoing connections
// (/proc/sys/net/ipv4/ip_local_port_range); ok is false when unreadable.
func EphemeralRange(root string) (lo, hi int, ok bool) {
	b, err := os.ReadFile(filepath.Join(root, "sys", "net", "ipv4", "ip_local_port_range"))
	if err != nil {
		return 0, 0, false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, 0, false
	}
	lo, err1 := strconv.Atoi(f[0])
	hi, err2 := strconv.Atoi(f[1])
	return lo, hi, err1 == nil && err2 == nil && lo <= hi
}
