package registry

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// On reports whether the row applies to protocol p: a row without a
// protocol applies to every protocol, and NoProto asks for any.
func (e *Entry) On(p Protocol) bool {
	return p == NoProto || e.Proto == NoProto || e.Proto == p
}

// ParseProtocols reads a list of protocol names, dropping repeats. Every
// name must be a real protocol: an empty one is an error.
func ParseProtocols(names []string) ([]Protocol, error) {
	var out []Protocol
	for _, n := range names {
		p, err := ParseProtocol(n)
		if err != nil || p == NoProto {
			return nil, fmt.Errorf("unknown transport protocol %q: want tcp, udp, sctp or dccp", n)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// Classes lists the range classes a port can be in.
var Classes = []Class{System, User, Dynamic}

// ParseRange reads LO-HI, a single port, or a class name (system, user,
// dynamic) as the ports it covers.
func ParseRange(s string) (PortRange, error) {
	for _, c := range Classes {
		if strings.EqualFold(s, c.String()) {
			return c.Bounds(), nil
		}
	}
	pr, err := ParsePortRange(s)
	if err == nil && pr.IsNone() {
		err = errors.New("empty range")
	}
	if err != nil {
		return pr, fmt.Errorf("%v (want LO-HI, a port, or system, user, dynamic)", err)
	}
	return pr, nil
}

// Query is what a user asks about: a port, a port range, or a name.
type Query struct {
	Text  string    // as given
	Ports PortRange // for a port or range; none for a name
}

// ParseQuery reads "80" and "855-859" as ports; anything else is a name,
// including names that start with digits (3com-tsmux).
func ParseQuery(q string) (Query, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return Query{}, errors.New("empty query: want a port, a name, or LO-HI")
	}
	if strings.Trim(q, "0123456789-") != "" || strings.Trim(q, "-") == "" {
		return Query{Text: q}, nil
	}
	pr, err := ParsePortRange(q)
	return Query{Text: q, Ports: pr}, err
}

// IsPort reports whether the query is a port or a range rather than a name.
func (q Query) IsPort() bool { return !q.Ports.IsNone() }

// Since returns the rows registered or modified on or after d.
func (r *Registry) Since(d Date) []Entry {
	out := []Entry{}
	for _, e := range r.Entries {
		if !e.Registered.Before(d) || !e.Modified.Before(d) {
			out = append(out, e)
		}
	}
	return out
}

// NamesFrom returns the registry's service names (lower case, each once)
// that start with prefix, compared case-insensitively: what a shell
// completes.
func (r *Registry) NamesFrom(prefix string) []string {
	prefix = strings.ToLower(prefix)
	var out []string
	seen := map[string]bool{}
	for i := range r.Entries {
		if k := r.Entries[i].Key(); k != "" && strings.HasPrefix(k, prefix) && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
