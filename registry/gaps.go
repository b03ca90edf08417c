package registry

// Status is what the registry says of one port for one protocol.
type Status uint8

// The statuses of a port, from most to least taken. A port takes the
// strongest status of all rows that cover it for its protocol (rows with no
// protocol cover every protocol).
const (
	StatusAssigned     Status = iota // a named assignment
	StatusNameless                   // held only by a row with text but no name (1008/udp): not free, yet no service
	StatusDeregistered               // "De-registered", "Removed": not free, not reserved
	StatusReserved                   // "Reserved"
	StatusUnassigned                 // an Unassigned row, or no row at all
	StatusDynamic                    // 49152-65535: never assigned, never free to request
)

func (s Status) String() string {
	switch s {
	case StatusAssigned:
		return "assigned"
	case StatusNameless:
		return "nameless"
	case StatusDeregistered:
		return "deregistered"
	case StatusReserved:
		return "reserved"
	case StatusUnassigned:
		return "unassigned"
	}
	return "dynamic"
}

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// statusOf maps a row's kind to the status it gives its ports.
func statusOf(k Kind) (Status, bool) {
	switch k {
	case Assigned:
		return StatusAssigned, true
	case Nameless:
		return StatusNameless, true
	case Deregistered:
		return StatusDeregistered, true
	case Reserved:
		return StatusReserved, true
	case Unassigned:
		return StatusUnassigned, true
	}
	return 0, false // name-only rows have no port
}

// PortStatus returns the status of every port, 0 to 65535, for protocol p.
// Ports no row covers are unassigned, and dynamic above 49151, whatever
// rows say (the registry lists none there).
func (r *Registry) PortStatus(p Protocol) []Status {
	st := make([]Status, MaxPort+1)
	for i := range st {
		st[i] = StatusUnassigned
		if ClassOf(i) == Dynamic {
			st[i] = StatusDynamic
		}
	}
	for i := range r.Entries {
		e := &r.Entries[i]
		s, ok := statusOf(e.Kind)
		if !ok || !e.On(p) {
			continue
		}
		for port := e.Ports.Lo(); port <= e.Ports.Hi(); port++ {
			if s < st[port] {
				st[port] = s
			}
		}
	}
	return st
}

// Gap is a run of ports of one protocol that are unassigned, or reserved.
type Gap struct {
	Proto  Protocol  `json:"protocol"`
	Ports  PortRange `json:"ports"`
	Status Status    `json:"status"`
}

// Gaps merges the unassigned and the reserved ports of status (as given by
// [Registry.PortStatus]) within the range into maximal runs, in port order.
// Runs shorter than min ports are left out.
func Gaps(p Protocol, status []Status, within PortRange, min int) []Gap {
	var out []Gap
	lo := -1
	flush := func(end int) {
		if lo >= 0 && end-lo+1 >= min {
			out = append(out, Gap{p, Ports(uint16(lo), uint16(end)), status[lo]})
		}
		lo = -1
	}
	for port := within.Lo(); port <= within.Hi(); port++ {
		s := status[port]
		free := s == StatusUnassigned || s == StatusReserved
		if lo >= 0 && (!free || s != status[lo]) {
			flush(port - 1)
		}
		if free && lo < 0 {
			lo = port
		}
	}
	flush(within.Hi())
	return out
}

// Free returns the n lowest ports within the range that are unassigned for
// every protocol given: ports a packager could ask IANA for.
func (r *Registry) Free(n int, within PortRange, protos ...Protocol) []int {
	statuses := make([][]Status, len(protos))
	for i, p := range protos {
		statuses[i] = r.PortStatus(p)
	}
	var out []int
	for port := within.Lo(); port <= within.Hi() && len(out) < n; port++ {
		free := true
		for _, st := range statuses {
			free = free && st[port] == StatusUnassigned
		}
		if free {
			out = append(out, port)
		}
	}
	return out
}

// CountStatus counts the ports of each status within the range.
func CountStatus(status []Status, within PortRange) map[Status]int {
	m := map[Status]int{}
	for port := within.Lo(); port <= within.Hi(); port++ {
		m[status[port]]++
	}
	return m
}

// ClassSummary counts the ports of each status in one range class (cut to
// the range asked about) for one protocol.
type ClassSummary struct {
	Proto  Protocol       `json:"protocol"`
	Class  Class          `json:"class"`
	Ports  PortRange      `json:"ports"`
	Counts map[Status]int `json:"counts"`
}

// Summarize counts, per range class that overlaps within, the ports of each
// status (as given by [Registry.PortStatus] for p).
func Summarize(p Protocol, status []Status, within PortRange) []ClassSummary {
	var out []ClassSummary
	for _, c := range Classes {
		b := c.Bounds()
		if !b.Overlaps(within) {
			continue
		}
		part := Ports(uint16(max(b.Lo(), within.Lo())), uint16(min(b.Hi(), within.Hi())))
		out = append(out, ClassSummary{p, c, part, CountStatus(status, part)})
	}
	return out
}

// StatusOrder lists the statuses in the order reports show them.
var StatusOrder = []Status{StatusUnassigned, StatusReserved, StatusAssigned, StatusNameless, StatusDeregistered, StatusDynamic}
