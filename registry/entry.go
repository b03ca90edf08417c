package registry

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Entry is one normalized row of the registry. Every column of the IANA CSV
// has a field here, so nothing of the row is lost.
type Entry struct {
	// Name is the service name as IANA wrote it ("http", "CAIlic",
	// "914c/g"); empty for Reserved, Unassigned and other nameless rows.
	Name string `json:"name"`
	// Ports is the port or port range; [PortRange.IsNone] for name-only rows.
	Ports PortRange `json:"ports"`
	// Proto is the transport protocol; [NoProto] when the row has none.
	Proto Protocol `json:"protocol"`
	// Kind is derived from the other fields; see [Classify].
	Kind Kind `json:"kind"`

	Description string `json:"description"`
	Assignee    string `json:"assignee"` // person or organisation references, "[Jon_Postel]"
	Contact     string `json:"contact"`
	Registered  Date   `json:"registered"`
	Modified    Date   `json:"modified"`
	Reference   string `json:"reference"`    // "[RFC6335]", "[http://...]"
	ServiceCode string `json:"service_code"` // DCCP service code
	// UnauthorizedUse is the "Unauthorized Use Reported" column, called
	// "Known Unauthorized Uses" before 2019.
	UnauthorizedUse string `json:"unauthorized_use"`
	Notes           string `json:"notes"` // "Assignment Notes"
}

// Key is the case-folded name used to match names: resolvers and IANA treat
// service names case-insensitively.
func (e *Entry) Key() string { return strings.ToLower(e.Name) }

// HasPort reports whether the row names a port or port range.
func (e *Entry) HasPort() bool { return !e.Ports.IsNone() }

// Label is a short human form of the row: "http 80/tcp", "855-859",
// "1008/udp", "rdp" (name only).
func (e *Entry) Label() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.HasPort() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.Ports.String())
		if e.Proto != NoProto {
			b.WriteByte('/')
			b.WriteString(string(e.Proto))
		}
	} else if e.Proto != NoProto {
		b.WriteString(" (")
		b.WriteString(string(e.Proto))
		b.WriteString(")")
	}
	return b.String()
}

// Protocol is a transport protocol of the registry.
type Protocol string

// The protocols the registry uses. NoProto marks rows that name no
// protocol (most Reserved/Unassigned ranges and some name-only rows).
const (
	NoProto Protocol = ""
	TCP     Protocol = "tcp"
	UDP     Protocol = "udp"
	SCTP    Protocol = "sctp"
	DCCP    Protocol = "dccp"
)

// Protocols lists the registry's transport protocols in canonical order.
var Protocols = []Protocol{TCP, UDP, SCTP, DCCP}

// ParseProtocol reads a protocol name, case-insensitively. The empty string
// is [NoProto].
func ParseProtocol(s string) (Protocol, error) {
	switch p := Protocol(strings.ToLower(strings.TrimSpace(s))); p {
	case NoProto, TCP, UDP, SCTP, DCCP:
		return p, nil
	}
	return NoProto, fmt.Errorf("unknown transport protocol %q: want tcp, udp, sctp or dccp", s)
}

// Rank orders protocols: tcp, udp, sctp, dccp, none.
func (p Protocol) Rank() int {
	switch p {
	case TCP:
		return 0
	case UDP:
		return 1
	case SCTP:
		return 2
	case DCCP:
		return 3
	}
	return 4
}

// Kind is what a registry row says about its port or name.
type Kind uint8

// The kinds of row found in the real registry.
const (
	Assigned     Kind = iota // a name at a port (or port range)
	NameOnly                 // a name without a port: DNS-SD/SRV use only
	Reserved                 // nameless, "Reserved"
	Unassigned               // nameless, "Unassigned"
	Deregistered             // nameless, "De-registered", "Removed", "Deprecated", "Decommissioned"
	Nameless                 // nameless, any other text: "Possibly used by Sun Solaris????"
	numKinds
)

// Kinds lists every kind in order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

var kindNames = [numKinds]string{"assigned", "name-only", "reserved", "unassigned", "deregistered", "nameless"}

func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Classify derives the kind of a row from its name, port and description.
func Classify(name string, ports PortRange, description string) Kind {
	if name != "" {
		if ports.IsNone() {
			return NameOnly
		}
		return Assigned
	}
	d := strings.ToLower(strings.TrimSpace(description))
	switch {
	case strings.HasPrefix(d, "unassigned"):
		return Unassigned
	case strings.HasPrefix(d, "reserved"), strings.HasPrefix(d, "iana reserved"):
		return Reserved
	}
	for _, p := range deregisteredPrefixes {
		if strings.HasPrefix(d, p) {
			return Deregistered
		}
	}
	return Nameless
}

// deregisteredPrefixes are the ways IANA has marked a nameless row whose
// assignment was withdrawn (all seen in the real registry, typos included).
var deregisteredPrefixes = []string{"de-registered", "deregistered", "removed", "deprecated", "de-commissioned", "decommissioned", "decomissioned"}

// PortRange is a port or an inclusive range of ports. The zero value is no
// port at all (a name-only row).
type PortRange struct {
	lo, hi uint16
	set    bool
}

// MaxPort is the highest port number.
const MaxPort = 65535

// Port is the single port p.
func Port(p uint16) PortRange { return PortRange{p, p, true} }

// Ports is the range lo-hi; it panics if lo > hi, which is a programming
// error (parsed input goes through [ParsePortRange]).
func Ports(lo, hi uint16) PortRange {
	if lo > hi {
		panic("registry: port range " + strconv.Itoa(int(lo)) + "-" + strconv.Itoa(int(hi)) + " is reversed")
	}
	return PortRange{lo, hi, true}
}

// ParsePortRange reads "80", "855-859" or "" (no port).
func ParsePortRange(s string) (PortRange, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return PortRange{}, nil
	}
	los, his, isRange := strings.Cut(s, "-")
	lo, err := parsePort(los)
	if err != nil {
		return PortRange{}, fmt.Errorf("bad port number %q: %w", s, err)
	}
	hi := lo
	if isRange {
		if hi, err = parsePort(his); err != nil {
			return PortRange{}, fmt.Errorf("bad port range %q: %w", s, err)
		}
		if lo > hi {
			return PortRange{}, fmt.Errorf("bad port range %q: the first port is above the last", s)
		}
	}
	return PortRange{lo, hi, true}, nil
}

func parsePort(s string) (uint16, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 5 {
		return 0, fmt.Errorf("want a number from 0 to %d", MaxPort)
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("want a number from 0 to %d", MaxPort)
		}
		n = n*10 + int(c-'0')
	}
	if n > MaxPort {
		return 0, fmt.Errorf("%d is above the highest port, %d", n, MaxPort)
	}
	return uint16(n), nil
}

// IsNone reports whether the range holds no port (a name-only row).
func (r PortRange) IsNone() bool { return !r.set }

// Lo is the first port of the range.
func (r PortRange) Lo() int { return int(r.lo) }

// Hi is the last port of the range.
func (r PortRange) Hi() int { return int(r.hi) }

// Len is the number of ports in the range.
func (r PortRange) Len() int {
	if !r.set {
		return 0
	}
	return int(r.hi) - int(r.lo) + 1
}

// Contains reports whether port p is in the range.
func (r PortRange) Contains(p int) bool { return r.set && int(r.lo) <= p && p <= int(r.hi) }

// Overlaps reports whether the two ranges share a port.
func (r PortRange) Overlaps(o PortRange) bool {
	return r.set && o.set && r.lo <= o.hi && o.lo <= r.hi
}

// String writes "80", "855-859", or "" for no port.
func (r PortRange) String() string {
	switch {
	case !r.set:
		return ""
	case r.lo == r.hi:
		return strconv.Itoa(int(r.lo))
	}
	return strconv.Itoa(int(r.lo)) + "-" + strconv.Itoa(int(r.hi))
}

// MarshalJSON writes the range as {"lo":855,"hi":859}, or null for no port.
func (r PortRange) MarshalJSON() ([]byte, error) {
	if !r.set {
		return []byte("null"), nil
	}
	return json.Marshal(struct {
		Lo int `json:"lo"`
		Hi int `json:"hi"`
	}{int(r.lo), int(r.hi)})
}

// Class is the IANA range class of a port (RFC 6335, section 6).
type Class uint8

// The range classes. Mixed is for a range that spans classes.
const (
	System  Class = iota // 0-1023
	User                 // 1024-49151
	Dynamic              // 49152-65535
	Mixed
)

// ClassOf returns the class of port p.
func ClassOf(p int) Class {
	switch {
	case p <= 1023:
		return System
	case p <= 49151:
		return User
	}
	return Dynamic
}

// Class is the class shared by every port of the range, or [Mixed].
func (r PortRange) Class() Class {
	if c := ClassOf(int(r.lo)); c == ClassOf(int(r.hi)) {
		return c
	}
	return Mixed
}

// Bounds is the port range a class covers.
func (c Class) Bounds() PortRange {
	switch c {
	case System:
		return Ports(0, 1023)
	case User:
		return Ports(1024, 49151)
	case Dynamic:
		return Ports(49152, MaxPort)
	}
	return Ports(0, MaxPort)
}

func (c Class) String() string {
	switch c {
	case System:
		return "system"
	case User:
		return "user"
	case Dynamic:
		return "dynamic"
	}
	return "mixed"
}

// MarshalText writes the class's name.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Date is a registry date. IANA writes most dates as YYYY-MM-DD, about 2,600
// as YYYY-MM; Day is 0 for those. The zero Date is "no date".
type Date struct {
	Year       uint16
	Month, Day uint8
}

// ParseDate reads "2021-10-01", "2009-12" or "" (no date).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	bad := func() (Date, error) { return Date{}, fmt.Errorf("bad date %q: want YYYY-MM-DD or YYYY-MM", s) }
	if len(s) != 7 && len(s) != 10 {
		return bad()
	}
	num := func(t string) int {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			n = n*10 + int(t[i]-'0')
		}
		return n
	}
	y, m := num(s[0:4]), -1
	if s[4] == '-' {
		m = num(s[5:7])
	}
	d := 0
	if len(s) == 10 {
		if s[7] != '-' {
			return bad()
		}
		if d = num(s[8:10]); d < 1 || d > 31 {
			return bad()
		}
	}
	if y < 1 || m < 1 || m > 12 {
		return bad()
	}
	return Date{uint16(y), uint8(m), uint8(d)}, nil
}

// IsZero reports whether there is no date.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d sorts before o; a month-only date sorts before
// every day of its month.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// Compare returns -1, 0 or +1 as d sorts before, with, or after o.
func (d Date) Compare(o Date) int {
	a := int(d.Year)<<16 | int(d.Month)<<8 | int(d.Day)
	b := int(o.Year)<<16 | int(o.Month)<<8 | int(o.Day)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String writes "2021-10-01", "2009-12", or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	// By hand, not fmt: snapshots write two dates a row.
	b := make([]byte, 0, 10)
	b = append(b, byte('0'+d.Year/1000%10), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10))
	b = append(b, '-', '0'+d.Month/10%10, '0'+d.Month%10)
	if d.Day != 0 {
		b = append(b, '-', '0'+d.Day/10%10, '0'+d.Day%10)
	}
	return string(b)
}

// MarshalText writes the date as [Date.String] does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Clip shortens s to at most n characters, ending a cut with "…", so that
// quoted input never makes a message longer than a line.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(0, n-1)]) + "…"
}

// Canon is the form of free text to compare across registry versions: runs of
// white space, line breaks included, become one space, and the ends are
// trimmed. IANA has rewritten line breaks in text fields without changing
// their words (2020, 2025); Canon makes those rewrites compare equal.
func Canon(s string) string {
	if !needsCanon(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func needsCanon(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			if prevSpace {
				return true
			}
			prevSpace = true
		case '\t', '\n', '\r', '\v', '\f':
			return true
		default:
			if c >= 0x80 {
				return true // let strings.Fields judge Unicode spaces
			}
			prevSpace = false
		}
	}
	return prevSpace && len(s) > 0
}
