package services

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdiff/regdiff/registry"
)

// GenerateOptions choose what a generated services file holds.
type GenerateOptions struct {
	// Protocols to write lines for; nil means tcp and udp.
	Protocols []registry.Protocol
	// Preset is "full" (every assignment, the default) or "common": the
	// system ports 0-1023, and above them only the assignments the IETF
	// documented in an RFC, a compact file for small systems.
	Preset string
	// ExpandRanges writes a named range (x11 6000-6063) as one line per
	// port instead of its first port only. Its name then stands at several
	// ports, which lint reports: resolvers map the name to one of them.
	ExpandRanges bool
	// AllPorts writes every port of a name the registry gives several
	// ports (http-alt at 591, 8008 and 8080), so that every assigned port
	// resolves back to a name; lint then reports those names, which glibc
	// maps to their first port and Go to their last.
	AllPorts bool
	// Header lines (without "# "), written first.
	Header []string
}

// Line is one line of a generated file.
type Line struct {
	Name    string
	Port    int
	Proto   registry.Protocol
	Aliases []string
	Comment string
}

// Generated is a services file made from a registry.
type Generated struct {
	Lines []Line
	// Local are the entries kept from a merged file (see Merge).
	Local []Line
	// Kept are the local names Merge keeps as the file writes them,
	// beyond what generate writes itself: over 15 bytes, IANA's limit, or
	// not valid UTF-8. One to a line, after Local; lint reports them.
	Kept []Line
	// Notes say what was left out and why, one line each, for stderr.
	Notes  []string
	header []string
	protos []registry.Protocol // the protocols written
	// used maps a name and protocol to the port it was given, so that every name
	// stands at one port per protocol.
	used map[nameProto]usedAt
	// elsewhere maps name/proto/port to the description of a port the
	// registry also gives a name that stands at another port: a merged
	// file may choose it (see Merge).
	elsewhere map[nameAt]string
}

// Limits of every line written, but the Kept ones: under musl's 128-byte
// line buffer, and no more aliases than the BSD getservent keeps. A line
// with more names goes on in continuation lines (see WriteTo).
const (
	maxLine    = 127
	maxAliases = bsdAliasKeep
)

type portProto struct {
	port  int
	proto registry.Protocol
}

type nameProto struct {
	name  string
	proto registry.Protocol
}

type nameAt struct {
	name  string
	proto registry.Protocol
	port  int
}

// usedAt is where a name stands: its port, and the merged file's line
// that put it there (0: the registry did).
type usedAt struct {
	port, line int
}

// Generate makes a services file from a registry:
//
//   - one line per assigned port and protocol; name-only, reserved,
//     unassigned, deregistered and nameless rows never become lines;
//   - the primary name is the registry's best-formed name at that port
//     and protocol: not historic, not a declared duplicate or alias of
//     another ("www" is a duplicate of "http"), lower-case letters, digits
//     and dashes, with a description and a registrant, and then the
//     registry's order; the other names there become aliases, so
//     `getent services www` still finds 80;
//   - names are written in lower case (Go's resolver lower-cases what it
//     looks up); a name with white space, '#', ',' or '/' is left out;
//   - a name stands at one port per protocol: the registry gives 58 names
//     two ports or more (http-alt at 591, 8008 and 8080), and glibc would
//     take the first line, Go the last; Generate keeps the lowest port and
//     leaves a port whose only names are taken out, with a note (unless
//     AllPorts);
//   - the description is a trailing comment, on one line, cut so that the
//     line stays under 128 bytes (musl).
func Generate(reg *registry.Registry, opts GenerateOptions) *Generated {
	protos := opts.Protocols
	if protos == nil {
		protos = []registry.Protocol{registry.TCP, registry.UDP}
	}
	n := len(reg.Entries)
	g := &Generated{header: opts.Header, protos: protos, used: make(map[nameProto]usedAt, n), elsewhere: map[nameAt]string{}, Lines: make([]Line, 0, n)}

	// Group the assigned rows by port and protocol, in registry order.
	type slot struct {
		port  int
		proto registry.Protocol
		rows  []*registry.Entry
	}
	slots := make([]slot, 0, n)
	index := make(map[[2]int]int, n) // -> index in slots
	for i := range reg.Entries {
		e := &reg.Entries[i]
		if e.Kind != registry.Assigned || !slices.Contains(protos, e.Proto) || !keepPreset(e, opts.Preset) {
			continue
		}
		hi := e.Ports.Lo()
		if opts.ExpandRanges {
			hi = e.Ports.Hi()
		}
		for p := e.Ports.Lo(); p <= hi; p++ {
			if p == 0 {
				continue // Go's resolver ignores port 0, and the registry assigns none
			}
			k := [2]int{p, e.Proto.Rank()}
			i, ok := index[k]
			if !ok {
				i = len(slots)
				index[k] = i
				slots = append(slots, slot{port: p, proto: e.Proto})
			}
			slots[i].rows = append(slots[i].rows, e)
		}
	}
	slices.SortStableFunc(slots, func(a, b slot) int {
		if a.port != b.port {
			return a.port - b.port
		}
		return a.proto.Rank() - b.proto.Rank()
	})

	for _, s := range slots {
		rows := s.rows
		if len(rows) > 1 {
			ranks := make(map[*registry.Entry]int, len(rows))
			for _, e := range rows {
				ranks[e] = primaryRank(e)
			}
			rows = slices.Clone(rows)
			slices.SortStableFunc(rows, func(a, b *registry.Entry) int { return ranks[b] - ranks[a] })
		}
		var names, takenAt []string
		var comment string
		for _, e := range rows {
			name := strings.ToLower(e.Name)
			switch {
			case !usable(name):
				g.Notes = append(g.Notes, fmt.Sprintf("left out the name %q of %d/%s: resolvers cannot read it", e.Name, s.port, s.proto))
				continue
			case slices.Contains(names, name):
				continue
			}
			if at, taken := g.used[nameProto{name, s.proto}]; taken && at.port != s.port && !opts.AllPorts {
				g.elsewhere[nameAt{name, s.proto, s.port}] = registry.Canon(e.Description)
				takenAt = append(takenAt, fmt.Sprintf("%s is at %d/%s", name, at.port, s.proto))
				continue
			}
			names = append(names, name)
			if comment == "" {
				comment = registry.Canon(e.Description)
			}
		}
		if len(names) == 0 {
			if len(takenAt) > 0 {
				g.Notes = append(g.Notes, fmt.Sprintf("left out %d/%s: its names stand at other ports (%s), and a name at two ports resolves differently in glibc (first) and Go (last)", s.port, s.proto, strings.Join(takenAt, ", ")))
			}
			continue
		}
		for _, n := range names {
			g.used[nameProto{n, s.proto}] = usedAt{port: s.port}
		}
		g.Lines = append(g.Lines, Line{Name: names[0], Port: s.port, Proto: s.proto, Aliases: names[1:], Comment: comment})
	}
	return g
}

// keepPreset decides whether a row belongs to the preset.
func keepPreset(e *registry.Entry, preset string) bool {
	if preset != "common" {
		return true
	}
	return e.Ports.Lo() <= 1023 || strings.Contains(e.Reference, "[RFC")
}

// primaryRank scores a row's claim to lead its line.
func primaryRank(e *registry.Entry) int {
	r := 0
	notes := strings.ToLower(e.Notes)
	if h, _ := registry.Historic(e); !h {
		r += 16
	}
	if !strings.Contains(notes, "duplicate of") && !strings.Contains(notes, "alias to") {
		r += 8
	}
	if wellFormed(e.Name) {
		r += 4
	}
	if strings.TrimSpace(e.Description) != "" {
		r += 2
	}
	if e.Assignee != "" || e.Contact != "" || e.Reference != "" {
		r++
	}
	return r
}

// wellFormed is RFC 6335's form of a service name: letters, digits and
// dashes, at most 15, a letter somewhere, no dash at either end.
func wellFormed(name string) bool {
	if name == "" || len(name) > 15 || name[0] == '-' || name[len(name)-1] == '-' {
		return false
	}
	letter := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z':
			letter = true
		case '0' <= c && c <= '9', c == '-':
		default:
			return false
		}
	}
	return letter
}

// usable reports whether resolvers and the tools around them read the name
// as one: no blank, no comment mark, no comma, no slash (getent and many
// tools read "cl/1/tcp" as name "cl", protocol "1/tcp"; the registry's
// names with a slash are historic aliases of well-formed ones), not a
// number or a lone sign (getaddrinfo and Go read those as port numbers).
func usable(name string) bool {
	if name == "" || strings.ContainsAny(name, " \t#,/") {
		return false
	}
	if name[0] == '+' || name[0] == '-' {
		name = name[1:]
	}
	return name != "" && !allDigits(name)
}

// Merge keeps the entries of a local file that the registry lacks, and
// reports conflicts instead of picking a side:
//
//   - an entry at a port and protocol the generated file has no line for
//     is kept, in a section of its own, when its name is free;
//   - a local name at a port/protocol the registry names otherwise is
//     added as an alias of that line ("fsp" on ftp 21/udp), when free;
//   - a local name the generated file gives another port is a conflict:
//     the registry's port is kept and the local line is reported;
//   - an entry on a protocol not written (GenerateOptions.Protocols) is
//     left out, with a note that counts them: the registry assigns most
//     of them (amqp 5672/sctp), and the others are not what was asked for;
//   - a local name over 15 bytes, IANA's limit, or not valid UTF-8 is not
//     made an alias: it goes to Kept, written as the file has it;
//   - a name resolvers cannot read as one (a comma, a slash, all digits,
//     a lone sign) is left out, with a note.
//
// Every line Merge adds to stays within generate's limits: WriteTo moves
// aliases that do not fit to continuation lines. Merge is linear in the
// size of the local file, however many aliases a line has.
//
// It returns the conflicts, one line each.
func (g *Generated) Merge(local *File, fileName string) (conflicts []string) {
	key := func(port int, p registry.Protocol) portProto { return portProto{port, p} }
	gen, loc := map[portProto]int{}, map[portProto]int{} // port/proto -> index in Lines, Local
	indexLines := func() {
		clear(gen)
		for i, l := range g.Lines {
			gen[key(l.Port, l.Proto)] = i
		}
	}
	indexLines()
	reported := map[string]bool{} // line/message: a line of many entries reports a name once
	unwritten := map[registry.Protocol]int{}
	var names []string
	for _, le := range local.Entries {
		proto, err := registry.ParseProtocol(le.Proto)
		if err != nil || proto == registry.NoProto {
			continue // ddp, divert: no registry to compare with; not carried over
		}
		if !slices.Contains(g.protos, proto) {
			unwritten[proto]++
			continue
		}
		conflict := func(msg string, args ...any) {
			r := strconv.Itoa(le.Line) + "/" + msg
			if !reported[r] {
				reported[r] = true
				conflicts = append(conflicts, fmt.Sprintf("%s:%d: ", fileName, le.Line)+fmt.Sprintf(msg, args...))
			}
		}
		names = names[:0]
		// One map lookup per name keeps a line of 200,000 aliases linear;
		// a name repeated on the line is found used at this port.
		for i := -1; i < len(le.Aliases); i++ {
			orig := le.Name
			if i >= 0 {
				orig = le.Aliases[i]
			}
			n := asciiLower(orig)
			if !usable(n) {
				g.Notes = append(g.Notes, fmt.Sprintf("%s:%d: left out the name %q of %d/%s: resolvers cannot read it as a name", fileName, le.Line, registry.Clip(orig, 40), le.Port, proto))
				continue
			}
			np := nameProto{n, proto}
			at, taken := g.used[np]
			switch {
			case taken && at.port == le.Port:
				continue
			case taken && at.line == le.Line:
				conflict("%s stands at several ports on this line; kept %d/%s, the first", n, at.port, proto)
				continue
			case taken && at.line > 0:
				conflict("%s is at %d/%s here and at %d/%s on an earlier line; kept the earlier, as glibc would (Go takes the last)", n, le.Port, proto, at.port, proto)
				continue
			case taken:
				desc, registryToo := g.elsewhere[nameAt{n, proto, le.Port}]
				if !registryToo {
					conflict("%s is at %d/%s here, but the registry gives it %d/%s; kept the registry's", n, le.Port, proto, at.port, proto)
					continue
				}
				// The registry gives the name both ports: the file's
				// choice wins, as a registry line.
				g.move(n, proto, at.port, le.Port, desc)
				g.used[np] = usedAt{port: le.Port, line: le.Line}
				g.Notes = append(g.Notes, fmt.Sprintf("%s:%d: %s moved from %d/%s to %d/%s, the file's choice among the registry's ports", fileName, le.Line, n, at.port, proto, le.Port, proto))
				indexLines() // move may have dropped or added a line
				continue
			}
			g.used[np] = usedAt{port: le.Port, line: le.Line}
			if len(n) > ianaNameMax || !utf8.ValidString(n) {
				g.Kept = append(g.Kept, Line{Name: orig, Port: le.Port, Proto: proto, Comment: le.Comment})
				continue
			}
			names = append(names, n)
		}
		if len(names) == 0 {
			continue
		}
		k := key(le.Port, proto)
		if i, ok := gen[k]; ok {
			g.Lines[i].Aliases = append(g.Lines[i].Aliases, names...)
		} else if i, ok := loc[k]; ok {
			g.Local[i].Aliases = append(g.Local[i].Aliases, names...)
		} else {
			loc[k] = len(g.Local)
			g.Local = append(g.Local, Line{Name: names[0], Port: le.Port, Proto: proto, Aliases: slices.Clone(names[1:]), Comment: le.Comment})
		}
	}
	if len(unwritten) > 0 {
		var parts []string
		for _, p := range registry.Protocols {
			if n := unwritten[p]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d on %s", n, p))
			}
		}
		g.Notes = append(g.Notes, fmt.Sprintf("%s: left out its entries on protocols not written (%s): they are not local additions; add the protocols to write them", fileName, strings.Join(parts, ", ")))
	}
	return conflicts
}

// move takes a name off its line at port from, and gives it a registry line
// of its own at port to.
func (g *Generated) move(name string, proto registry.Protocol, from, to int, desc string) {
	for i := range g.Lines {
		l := &g.Lines[i]
		if l.Port != from || l.Proto != proto {
			continue
		}
		if l.Name == name {
			if len(l.Aliases) == 0 {
				g.Lines = slices.Delete(g.Lines, i, i+1)
			} else {
				l.Name, l.Aliases = l.Aliases[0], l.Aliases[1:]
			}
		} else {
			l.Aliases = slices.DeleteFunc(l.Aliases, func(a string) bool { return a == name })
		}
		break
	}
	g.used[nameProto{name, proto}] = usedAt{port: to}
	for i := range g.Lines {
		if l := &g.Lines[i]; l.Port == to && l.Proto == proto {
			l.Aliases = append(l.Aliases, name)
			return
		}
	}
	g.Lines = append(g.Lines, Line{Name: name, Port: to, Proto: proto, Comment: desc})
}

// WriteTo writes the file: the header, the registry's lines, the local
// section when there is one, and the kept local names. Columns are aligned
// with spaces. A line whose names do not fit in 127 bytes or 34 aliases
// goes on in continuation lines: the same name and port/protocol with the
// next aliases. glibc, musl and Go all find a name on such a line, and
// getservbyport still gives the first line's name.
func (g *Generated) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 64<<10)
	var line []byte // one line at a time: the file is never whole in memory
	for _, h := range g.header {
		bw.WriteString(strings.TrimRight("# "+h, " ")) //nolint:errcheck // bufio keeps the first error for Flush
		bw.WriteByte('\n')                             //nolint:errcheck
	}
	bw.WriteByte('\n') //nolint:errcheck
	lines := g.Lines
	if !slices.IsSortedFunc(lines, compareLines) {
		lines = slices.Clone(lines)
		slices.SortStableFunc(lines, compareLines)
	}
	for _, l := range lines {
		line = appendLine(line[:0], l)
		bw.Write(line) //nolint:errcheck
	}
	if len(g.Local) > 0 {
		bw.WriteString("\n# Local additions: entries the registry lacks, kept from the merged file.\n") //nolint:errcheck
		for _, l := range g.Local {
			line = appendLine(line[:0], l)
			bw.Write(line) //nolint:errcheck
		}
	}
	if len(g.Kept) > 0 {
		bw.WriteString("\n# Local names kept as the merged file writes them, though over 15 bytes\n# (IANA's limit; Go finds none over 25) or not UTF-8: lint reports them.\n") //nolint:errcheck
		for _, l := range g.Kept {
			bw.WriteString(l.Name + " " + strconv.Itoa(l.Port) + "/" + string(l.Proto)) //nolint:errcheck
			if c := cleanComment(l.Comment); c != "" {
				bw.WriteString(" # " + c) //nolint:errcheck
			}
			bw.WriteByte('\n') //nolint:errcheck
		}
	}
	err := bw.Flush()
	return cw.n, err
}

// compareLines orders lines by port, then protocol.
func compareLines(a, b Line) int {
	if a.Port != b.Port {
		return a.Port - b.Port
	}
	return a.Proto.Rank() - b.Proto.Rank()
}

// countWriter counts what reaches w.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// commentRoom is what a line that needs continuation lines leaves free for
// its comment on the first one.
const commentRoom = 40

// appendLine appends l as one line, or a first line and continuation
// lines, each within maxLine bytes and maxAliases aliases.
func appendLine(dst []byte, l Line) []byte {
	head := func() int {
		start := len(dst)
		dst = append(dst, l.Name...)
		for i := len(l.Name); i < 15; i++ {
			dst = append(dst, ' ')
		}
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(l.Port), 10)
		dst = append(dst, '/')
		dst = append(dst, l.Proto...)
		return start
	}
	start := head()
	aliases := l.Aliases
	// Everything fits on one line, the comment cut to the room left.
	fits := len(aliases) <= maxAliases
	for i, n := 0, len(dst)-start; fits && i < len(aliases); i++ {
		n += 1 + len(aliases[i])
		fits = n <= maxLine
	}
	limit := maxLine
	if !fits && l.Comment != "" {
		limit = maxLine - commentRoom
	}
	for first := true; first || len(aliases) > 0; first = false {
		if !first {
			start = head()
		}
		taken := 0
		for taken < len(aliases) && taken < maxAliases && (taken == 0 || len(dst)-start+1+len(aliases[taken]) <= limit) {
			dst = append(dst, ' ')
			dst = append(dst, aliases[taken]...)
			taken++
		}
		aliases = aliases[taken:]
		// The comment is cut to keep the line under musl's limit; a line
		// too long even without it stays whole, and lint tells.
		if c := cleanComment(l.Comment); first && c != "" {
			n := len(dst) - start
			pad := max(1, 32-n)
			if room := maxLine - n - pad - 2; room >= 8 {
				for range pad {
					dst = append(dst, ' ')
				}
				dst = append(dst, "# "...)
				dst = append(dst, cutUTF8(c, room)...)
			}
		}
		for len(dst) > start && dst[len(dst)-1] == ' ' {
			dst = dst[:len(dst)-1]
		}
		dst = append(dst, '\n')
		limit = maxLine
	}
	return dst
}

// cleanComment makes a comment safe to write on one line: no '#' (a
// second one reads as part of the comment anyway), control bytes made
// spaces, invalid UTF-8 (a local file's Latin-1) made '?'.
func cleanComment(c string) string {
	if isPlainComment(c) {
		return c
	}
	c = strings.ReplaceAll(c, "#", "")
	c = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(c, "?"))
	return strings.TrimSpace(c)
}

// isPlainComment reports whether cleanComment would leave c as it is:
// printable ASCII without "#", trimmed. Most registry descriptions are.
func isPlainComment(c string) bool {
	if c == "" || c[0] == ' ' || c[len(c)-1] == ' ' {
		return c == ""
	}
	for i := 0; i < len(c); i++ {
		if b := c[i]; b < ' ' || b >= 0x7f || b == '#' {
			return false
		}
	}
	return true
}

// cutUTF8 shortens s to at most n bytes without splitting a character,
// marking a cut with "...".
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - 3
	for cut > 0 && s[cut]&0xc0 == 0x80 {
		cut--
	}
	return strings.TrimRight(s[:cut], " ") + "..."
}
