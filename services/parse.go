package services

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdiff/regdiff/internal/prefault"
	"github.com/regdiff/regdiff/registry"
)

// Entry is one port and protocol of a service line. A line that writes
// several protocols ("1/tcp/udp") or a port range ("6000-6063/tcp") gives
// one Entry per port and protocol, all with the same Line and Text.
type Entry struct {
	Line    int      // 1-based line number
	Name    string   // as written (case kept)
	Port    int      // 0-65535
	Proto   string   // lower-cased protocol as written: tcp, udp, sctp, dccp, ddp, divert, ucp...
	Aliases []string // tokens after port/proto up to the first '#' (nil if none)
	Freq    float64  // nmap-services open frequency; 0 when the file is not nmap format
	Text    string   // the raw line, without the newline (invalid UTF-8 bytes kept as they are)
}

// Comment returns the text after the first '#' on the line, trimmed
// (without the '#'); "" if none. It is worked out from Text: an entry is
// kept for every line of a file, and a field of its own cost SUSE's 11,000
// entries 180 KB.
func (e *Entry) Comment() string {
	if i := strings.IndexByte(e.Text, '#'); i >= 0 {
		return trimBlanks(e.Text[i+1:])
	}
	return ""
}

// Warning is a problem found on one line; parsing goes on.
type Warning struct {
	Line int    `json:"line"`    // 1-based
	Code string `json:"code"`    // stable identifier: one of the Warn constants
	Msg  string `json:"message"` // one line, lower case, says what is wrong and, when useful, what resolvers do with it
	Text string `json:"text"`    // the raw line
}

// File is a parsed services file.
type File struct {
	Entries []Entry
	// Unnamed are the entries whose name says the port has none:
	// nmap-services' "unknown" lines. They are not in Entries, so that a
	// comparison does not take "unknown" for a service at thousands of
	// ports; one WarnNmapUnknown warning counts them.
	Unnamed  []Entry
	Warnings []Warning // in line order
	Nmap     bool      // the file is in nmap-services layout (a frequency column was detected)
	Lines    int       // number of lines read
	// EntryLines is the number of lines that gave an entry (in Entries or
	// Unnamed); 0 for an empty, blank or comments-only file (see Empty).
	EntryLines int
}

// Empty reports whether the file has no entry at all: it is empty, blank,
// or only comments. Parse accepts such a file; a caller may want to say so.
func (f *File) Empty() bool { return f.EntryLines == 0 }

// Parse reads a services file. It never panics and never fails on a bad
// line: bad lines become Warnings. It fails on a read error, and with a
// *FormatError (wrapping one of the Err sentinels) when the input is over
// the caps (MaxBytes and the others) or is not a services file: the
// registry's CSV or XML, an HTML page, binary data, or lines of which few
// or none are entries (none at all, or under one in ten of the lines that
// are not blank or comments when there are 20 or more). An empty, blank or
// comments-only input is a valid file with no entries ([File.Empty]).
//
// Lines are read the way glibc reads them: everything from the first '#' is
// a comment (so commented-out entries stay out), fields are separated by
// runs of blanks, the first field is the name, the second is port/proto,
// the rest are aliases. A '\r' before the newline is dropped. Bytes are
// kept as they are, whatever the encoding.
func Parse(r io.Reader) (*File, error) {
	f, err := parse(r)
	var fe *FormatError
	if err != nil && !errors.As(err, &fe) {
		return nil, fmt.Errorf("reading services file: %w", err)
	}
	return f, err
}

func parse(r io.Reader) (*File, error) {
	// One string for the whole input: every Text, Name and Alias is a
	// substring of it, which saves an allocation per field.
	s, entryLines, err := readCapped(r)
	if err != nil {
		return nil, err
	}
	return parseLines(s, entryLines)
}

// parseString parses the text of a services file, read and checked.
func parseString(s string) (*File, error) { return parseLines(s, entryLines(s)) }

// parseLines parses s, of which entryLines lines can hold entries.
func parseLines(s string, entryLines int) (*File, error) {
	// Sizing by the lines that can hold an entry spares the rehashing of
	// growing maps, which was half of the time on SUSE's 16229 lines. Not
	// by every line: a third of SUSE's are comments, and a map's tables,
	// unlike a slice's spare capacity, are written when they are made.
	nl := min(entryLines, MaxEntries)
	p := &parser{f: &File{Entries: make([]Entry, 0, nl)}, entryLines: nl, unknown: -1}
	prefault.Slice(p.f.Entries) // a line's entry at most: spare room when lines give none, or ranges give more
	p.f.Nmap = detectNmap(s)
	for n := 1; len(s) > 0 && p.tooLarge == nil; n++ {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		p.f.Lines = n
		p.line(n, line)
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.f, nil
}

// entryLines counts the lines of s that are neither blank nor comments:
// an upper bound of the entries on them, bar ranges and merged protocols.
func entryLines(s string) int {
	n := 0
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if isEntryLine(line) {
			n++
		}
	}
	return n
}

// isEntryLine reports whether line, without its newline, is neither blank
// nor a comment.
func isEntryLine[T string | []byte](line T) bool {
	i := 0
	for i < len(line) && isBlank(line[i]) { // the parser's blanks
		i++
	}
	return i < len(line) && line[i] != '#'
}

// protoMaps are the cross-line maps of one known protocol, keyed the way
// resolvers look things up: a map per protocol, so that a key is a name
// or a port alone, which keeps the slots small (24 and 8 bytes).
type protoMaps struct {
	names map[string]nameRef // name or alias
	ports map[uint16]portSeen
}

// knownProtos is the number of protocols with maps of their own (ids 1 to
// 4: tcp, udp, sctp and dccp). Any other protocol's names and ports are in
// two maps keyed with its id as well, so that a file of thousands of
// made-up protocols does not cost a pair of maps each.
const knownProtos = 4

type otherName struct {
	name string
	pid  uint32
}

// maps returns the maps of the known protocol pid, made on first use.
// tcp and udp have about half the entries each.
func (p *parser) maps(pid uint32) *protoMaps {
	m := &p.byProto[pid-1]
	if m.names == nil {
		hint := 0
		if pid == 1 || pid == 2 {
			hint = p.entryLines / 2
		}
		m.names, m.ports = make(map[string]nameRef, hint), make(map[uint16]portSeen, hint)
	}
	return m
}

// nameOf returns where the name k of protocol pid was seen.
func (p *parser) nameOf(pid uint32, k string) (nameRef, bool) {
	if pid <= knownProtos {
		r, ok := p.maps(pid).names[k]
		return r, ok
	}
	r, ok := p.otherNames[otherName{k, pid}]
	return r, ok
}

func (p *parser) setName(pid uint32, k string, r nameRef) {
	if pid <= knownProtos {
		p.maps(pid).names[k] = r
		return
	}
	if p.otherNames == nil {
		p.otherNames = make(map[otherName]nameRef)
	}
	p.otherNames[otherName{k, pid}] = r
}

// portOf returns the first entry of port/pid.
func (p *parser) portOf(pid uint32, port int) (portSeen, bool) {
	if pid <= knownProtos {
		s, ok := p.maps(pid).ports[uint16(port)]
		return s, ok
	}
	s, ok := p.otherPorts[makePortKey(port, pid)]
	return s, ok
}

func (p *parser) setPort(pid uint32, port int, s portSeen) {
	if pid <= knownProtos {
		p.maps(pid).ports[uint16(port)] = s
		return
	}
	if p.otherPorts == nil {
		p.otherPorts = make(map[portKey]portSeen)
	}
	p.otherPorts[makePortKey(port, pid)] = s
}

// portKey is a port and an interned protocol in one integer.
type portKey uint64

func makePortKey(port int, proto uint32) portKey { return portKey(uint64(port)<<32 | uint64(proto)) }

// nameSeen is where a name or alias, for one protocol, appears first (what
// glibc and musl return), last with a nonzero port (what Go returns), and
// last (to check a name written twice on a line once).
type nameSeen struct {
	firstLine, firstPort int32
	goLine, goPort       int32
	line                 int32
}

// nameRef is where the parser keeps a name's nameSeen. Most names are on
// one line, whose entry says it all: for them, the index of that entry in
// File.Entries; for the others, the index in parser.seen, complemented
// (negative). The names maps, the largest part of a parse, then hold
// 4 bytes a name, not 20.
type nameRef int32

// seenOf returns the nameSeen of r.
func (p *parser) seenOf(r nameRef) nameSeen {
	if r < 0 {
		return p.seen[^r]
	}
	e := &p.f.Entries[r]
	s := nameSeen{firstLine: int32(e.Line), firstPort: int32(e.Port), line: int32(e.Line)}
	if e.Port > 0 { // Go's readServices ignores port 0
		s.goLine, s.goPort = s.firstLine, s.firstPort
	}
	return s
}

// portSeen is the first entry of a port/proto, what getservbyport gives:
// its index in File.Entries, complemented (negative) once other names
// share the port. Their lines, rare, are in parser.shared, only to tell
// duplicate entries. An index, not the name and line, keeps the map at 8
// bytes a slot.
type portSeen int32

func (s portSeen) shared() bool { return s < 0 }

func (s portSeen) entry() int {
	if s < 0 {
		return int(^s)
	}
	return int(s)
}

type sharedKey struct {
	name string
	port portKey
}

// pendingDup is a duplicate-name warning whose message is written at the end.
type pendingDup struct {
	warning     int
	name, proto string
	pid         uint32
	port        int
}

type parser struct {
	f      *File
	fields []string // reused for every line
	arena  []string // backing store for Aliases, carved with full slice expressions
	// Cross-line checks.
	byProto    [knownProtos]protoMaps // by protocol id - 1
	otherNames map[otherName]nameRef  // of the other protocols
	otherPorts map[portKey]portSeen
	entryLines int               // lines that can hold entries, to size the maps
	seen       []nameSeen        // of the names on more than one line
	shared     map[sharedKey]int // name + port + proto of shared ports: first line
	protos     map[string]uint32 // protocols other than the four known ones
	dups       []pendingDup
	protoBuf   []string // the line's protocols
	// What the line count check of finish needs.
	content              int    // lines that are not blank or comments
	badLine              int    // the first of them that gave no entry
	badText, badShort    string // its text, and what is wrong with it
	entries, aliases     int    // counted against MaxEntries and MaxAliases
	tooLarge             *FormatError
	unknown, unknowns    int // nmap "unknown": its warning's index (-1: none), and how many
	dropped, droppedLine int // warnings past MaxWarnings, and the line of the first
}

// warn records a warning and returns its index, or -1 past MaxWarnings.
// Messages quote the line's fields, which can be of any length: they are
// clipped to stay one readable line.
func (p *parser) warn(n int, text, code, msg string) int {
	if len(p.f.Warnings) >= MaxWarnings {
		if p.dropped == 0 {
			p.droppedLine = n
		}
		p.dropped++
		return -1
	}
	p.f.Warnings = append(p.f.Warnings, Warning{Line: n, Code: code, Msg: registry.Clip(msg, 300), Text: text})
	return len(p.f.Warnings) - 1
}

// skip records a content line that gives no entry. short says what is wrong
// (the message of a FormatError, when no line gives an entry); detail says
// what resolvers do.
func (p *parser) skip(n int, text, code, short, detail string) {
	msg := short
	if detail != "" {
		msg += "; " + detail
	}
	p.warn(n, text, code, msg)
	if p.badLine == 0 {
		p.badLine, p.badText, p.badShort = n, registry.Clip(text, 200), registry.Clip(short, 200)
	}
}

// finish writes the messages that needed the whole file, and decides
// whether it was a services file at all.
func (p *parser) finish() error {
	if p.tooLarge != nil {
		return p.tooLarge
	}
	if p.f.EntryLines == 0 && p.badLine > 0 {
		return &FormatError{Line: p.badLine, Text: p.badText, Kind: ErrNotServices, Msg: p.badShort + ": " + wantLines}
	}
	if p.content >= minLinesForRatio && p.f.EntryLines*10 < p.content {
		return &FormatError{Kind: ErrNotServices, Msg: fmt.Sprintf("only %d of its %d lines that are not blank or comments are services entries (line %d: %s): %s",
			p.f.EntryLines, p.content, p.badLine, p.badShort, wantLines)}
	}
	p.finishDups()
	if p.unknown >= 0 {
		p.f.Warnings[p.unknown].Msg = fmt.Sprintf("%d entries are named %q, nmap's word for a port seen open with no known service: they are read as unnamed ports, not as one service at %d ports",
			p.unknowns, "unknown", p.unknowns)
	}
	if p.dropped > 0 {
		p.f.Warnings = append(p.f.Warnings, Warning{Line: p.droppedLine, Code: WarnTooManyWarnings, Text: "",
			Msg: fmt.Sprintf("%d more warnings from line %d on are not listed: the first %d are kept", p.dropped, p.droppedLine, MaxWarnings)})
	}
	return nil
}

// minLinesForRatio is the number of lines, not blank or comments, from
// which a file must have entries on one in ten of them. Real files have
// entries on 99% or more (macOS, the lowest, 9869 of 9889); a short
// hand-written file is not held to it.
const minLinesForRatio = 20

func (p *parser) line(n int, raw string) {
	text := strings.TrimSuffix(raw, "\r")

	// Byte-level checks come first and apply to comment lines too: musl
	// splits any long line, and a NUL or Latin-1 byte in a comment still
	// makes the file hard to handle for other tools.
	if len(raw) >= muslLineBuf {
		p.warn(n, text, WarnLongLine, fmt.Sprintf("line is %d bytes; musl reads it in %d-byte pieces (fgets into a %d-byte buffer) and parses the rest as a line of its own",
			len(raw), muslLineBuf-1, muslLineBuf))
	}
	if strings.IndexByte(text, 0) >= 0 {
		p.warn(n, text, WarnNULByte, "line contains a NUL byte; glibc and musl, which use C strings, see the line end there")
	}
	if !utf8.ValidString(text) {
		p.warn(n, text, WarnInvalidUTF8, "line is not valid UTF-8 (Latin-1?); its bytes are kept as they are, and resolvers compare bytes")
	}

	content := text
	if i := strings.IndexByte(text, '#'); i >= 0 {
		content = text[:i] // the rest is the comment (Entry.Comment)
	}
	p.fields = splitBlanks(p.fields[:0], content)
	fields := p.fields
	if len(fields) == 0 {
		return // blank or comment line
	}
	p.content++

	if looksLikePort(fields[0]) && (len(fields) < 2 || !looksLikePort(fields[1])) {
		p.skip(n, text, WarnNoName, fmt.Sprintf("no service name before %q", fields[0]), "glibc, musl and Go skip the line")
		return
	}
	name := fields[0]
	if len(fields) < 2 {
		p.skip(n, text, WarnBadPort, fmt.Sprintf("no port/protocol after %q", name), "resolvers skip the line")
		return
	}
	pp := fields[1]
	portStr, protoStr, hasSlash := strings.Cut(pp, "/")
	lo, hi, ok := p.port(n, text, portStr)
	if !ok {
		return
	}
	if !hasSlash || strings.Trim(protoStr, "/") == "" {
		p.skip(n, text, WarnMissingProto, fmt.Sprintf("no /protocol after port %s", portStr), "no tcp or udp lookup in glibc, musl or Go finds it")
		return
	}
	protos := p.protoBuf[:0]
	for proto := range strings.SplitSeq(protoStr, "/") {
		if proto != "" {
			protos = append(protos, proto)
		}
	}
	p.protoBuf = protos
	ranged := hi > lo
	if k := (hi - lo + 1) * len(protos); k > MaxLineEntries {
		code, what := WarnMergedProto, fmt.Sprintf("%d protocols", len(protos))
		if ranged {
			code, what = WarnPortRange, fmt.Sprintf("port range %s", portStr)
			if len(protos) > 1 {
				what += fmt.Sprintf(" on %d protocols", len(protos))
			}
		}
		p.skip(n, text, code, fmt.Sprintf("%s stands for %d entries, more than the %d read from one line", what, k, MaxLineEntries), "glibc, musl and Go skip the line")
		return
	}
	if ranged {
		p.warn(n, text, WarnPortRange, fmt.Sprintf("port range %s (Wireshark syntax) is read as %d entries, one per port, but glibc, musl and Go skip the line", portStr, hi-lo+1))
	}
	if len(protos) > 1 {
		p.warn(n, text, WarnMergedProto, fmt.Sprintf("protocol field %q has a '/' (Wireshark's merged protocols), read as %d entries; glibc and Go read it as one protocol of that name, which no tcp or udp lookup matches, and musl uses only the first", protoStr, len(protos)))
	}

	rest := fields[2:]
	var freq float64
	if p.f.Nmap && len(rest) > 0 {
		if f, ok := parseFreq(rest[0]); ok {
			freq, rest = f, rest[1:]
		}
	}
	unnamed := p.f.Nmap && name == "unknown"

	// The caps, before anything of the line is kept.
	k := (hi - lo + 1) * len(protos)
	if p.entries+k > MaxEntries {
		p.tooLarge = &FormatError{Line: n, Text: registry.Clip(text, 200), Kind: ErrTooLarge,
			Msg: fmt.Sprintf("more than %d entries (nmap-services, the largest file known, has about 27,000): not a services file, or one too large to check", MaxEntries)}
		return
	}
	if p.aliases+k*len(rest) > MaxAliases {
		p.tooLarge = &FormatError{Line: n, Text: registry.Clip(text, 200), Kind: ErrTooLarge,
			Msg: fmt.Sprintf("more than %d aliases (real files have a few hundred at most): not a services file, or one too large to check", MaxAliases)}
		return
	}
	p.entries += k
	p.aliases += k * len(rest)
	if !unnamed && cap(p.f.Entries)-len(p.f.Entries) < k {
		// Doubling, within the cap: range lines outgrow the line count
		// the slice was sized by, and append grows large slices by 1.25.
		p.f.Entries = slices.Grow(p.f.Entries, min(max(k, len(p.f.Entries)), MaxEntries-len(p.f.Entries)))
	}

	var aliases []string
	if len(rest) > 0 {
		if cap(p.arena)-len(p.arena) < len(rest) {
			p.arena = make([]string, 0, max(1024, len(rest)))
		}
		start := len(p.arena)
		p.arena = append(p.arena, rest...)
		aliases = p.arena[start:len(p.arena):len(p.arena)]
	}

	if !unnamed {
		p.checkName(n, text, name, "name")
		for _, a := range aliases {
			p.checkName(n, text, a, "alias")
		}
		if len(aliases) > bsdAliasKeep {
			p.warn(n, text, WarnTooManyAliases, fmt.Sprintf("%d aliases; the classic BSD getservent keeps only the first %d", len(aliases), bsdAliasKeep))
		}
	}

	p.f.EntryLines++
	first := true
	for _, proto := range protos {
		lower := asciiLower(proto)
		if lower != proto {
			p.warn(n, text, WarnMixedCase, fmt.Sprintf("protocol %q is not lower case; glibc, musl and Go compare protocols case-sensitively, so %s lookups miss it", proto, lower))
		}
		switch {
		case lower == "tcp" || lower == "udp":
		case knownProto(lower):
			p.warn(n, text, WarnOtherProto, fmt.Sprintf("protocol %s is not tcp or udp; only glibc finds the line, for %s lookups: musl skips it, and Go's net.LookupPort asks only for tcp and udp", lower, lower))
		default:
			p.warn(n, text, WarnUnknownProto, fmt.Sprintf("protocol %q is not tcp, udp, sctp or dccp; only glibc answers lookups for it, and only for that exact protocol (musl skips the line, Go asks only for tcp and udp)", proto))
		}
		pid := p.protoID(lower)
		for port := lo; port <= hi; port++ {
			e := Entry{Line: n, Name: name, Port: port, Proto: lower, Aliases: aliases, Freq: freq, Text: text}
			if !first && aliases != nil {
				// Entries from one line must not share a slice a caller could
				// modify through the other.
				e.Aliases = append([]string(nil), aliases...)
			}
			first = false
			if unnamed {
				p.f.Unnamed = append(p.f.Unnamed, e)
				if p.unknowns == 0 {
					p.unknown = p.warn(n, text, WarnNmapUnknown, "")
				}
				p.unknowns++
				continue
			}
			p.f.Entries = append(p.f.Entries, e)
			// No resolver reads a range line, so it cannot clash with
			// another line; its own ports would clash with each other.
			if !ranged {
				p.crossCheck(n, text, name, aliases, port, lower, pid)
			}
		}
	}
}

// port parses the port part of port/proto, a port or a range lo-hi,
// warning when it is not usable.
func (p *parser) port(n int, text, s string) (lo, hi int, ok bool) {
	if a, b, isRange := strings.Cut(s, "-"); isRange && allDigits(a) && allDigits(b) {
		lo, _ = portValue(a)
		hi, _ = portValue(b)
		if hi > 65535 || lo > hi {
			p.skip(n, text, WarnBadPort, fmt.Sprintf("port range %s is not within 0-65535, low to high", s), "glibc, musl and Go skip the line")
			return 0, 0, false
		}
		return lo, hi, true
	}
	if !allDigits(s) {
		short := fmt.Sprintf("port %q is not a decimal number", s)
		detail := "resolvers skip the line"
		switch {
		case strings.IndexByte(s, ',') >= 0:
			detail = "only BSD accepts ',' between port and protocol; glibc, musl and Go skip the line"
		case s != "" && (s[0] == '+' || s[0] == '-') && allDigits(s[1:]):
			detail = "Go skips the line; glibc and musl read the sign with strtoul"
		}
		p.skip(n, text, WarnBadPort, short, detail)
		return 0, 0, false
	}
	v, wrapped := portValue(s)
	if v > 65535 {
		p.skip(n, text, WarnBadPort, fmt.Sprintf("port %s is outside 0-65535", s),
			fmt.Sprintf("glibc truncates it to %d, musl and Go do not use it", wrapped))
		return 0, 0, false
	}
	return v, v, true
}

// portValue is the decimal value of s, saturated at 1<<32, and the port
// glibc makes of it: strtoul clamped to 32 bits, then truncated by htons.
func portValue(s string) (v int, glibc int) {
	const limit = 1 << 32
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
		if v >= limit {
			v = limit
			break
		}
	}
	g := v
	if g >= limit {
		g = limit - 1
	}
	return v, g & 0xffff
}

// checkName warns about a name or alias that some resolver cannot find.
func (p *parser) checkName(n int, text, tok, what string) {
	if strings.IndexByte(tok, ',') >= 0 {
		p.warn(n, text, WarnCommaInName, fmt.Sprintf("%s %q contains a comma; aliases are separated by blanks, and resolvers take the comma as part of the name", what, tok))
	}
	if hasUpper(tok) {
		p.warn(n, text, WarnMixedCase, fmt.Sprintf("%s %q has upper-case letters; Go lower-cases the name it looks up, so it never finds this one, and glibc and musl find it only with this exact case", what, tok))
	}
	switch {
	case tok == "-" || tok == "+":
		p.warn(n, text, WarnSignName, fmt.Sprintf("%s %q is only a sign; glibc and musl look it up and find this line, but Go's net.LookupPort reads it as the number 0 and never looks", what, tok))
	case allDigits(tok):
		p.warn(n, text, WarnNumericName, fmt.Sprintf("%s %q is all digits; getaddrinfo and Go's net.LookupPort read it as a port number, never as a name", what, tok))
	case (tok[0] == '+' || tok[0] == '-') && allDigits(tok[1:]):
		p.warn(n, text, WarnNumericName, fmt.Sprintf("%s %q is a signed number; getaddrinfo and Go's net.LookupPort read it as a port number (with strtoul and parsePort), never as a name", what, tok))
	}
	if len(tok) > ianaNameMax {
		msg := fmt.Sprintf("%s %q is %d bytes; IANA names are at most %d characters", what, tok, len(tok), ianaNameMax)
		if len(tok) > goNameMax {
			msg += fmt.Sprintf(", and Go's resolver never finds names over %d bytes", goNameMax)
		}
		p.warn(n, text, WarnLongName, msg)
	}
}

// crossCheck compares one entry, the last of File.Entries, with the
// earlier lines.
func (p *parser) crossCheck(n int, text, name string, aliases []string, port int, proto string, pid uint32) {
	pk := makePortKey(port, pid)
	ps, portSeenBefore := p.portOf(pid, port)
	var first *Entry // the port's first entry
	dupLine := 0
	if portSeenBefore {
		first = &p.f.Entries[ps.entry()]
		switch {
		case first.Name == name:
			dupLine = first.Line
		case ps.shared():
			dupLine = p.shared[sharedKey{name, pk}]
		}
	}
	dupEntry := dupLine > 0
	if dupEntry {
		// A repeat that brings new aliases continues the earlier line, the
		// way to give a port more names than one line holds: every
		// resolver finds them. Only a repeat with nothing new is redundant.
		continues := false
		for _, a := range aliases {
			if _, ok := p.nameOf(pid, a); !ok {
				continues = true
				break
			}
		}
		if !continues {
			p.warn(n, text, WarnDuplicateEntry, fmt.Sprintf("%q %d/%s repeats line %d; harmless to resolvers", name, port, proto, dupLine))
		}
	}

	// One map lookup per name keeps lines of many aliases linear.
	for i := -1; i < len(aliases); i++ {
		k := name
		if i >= 0 {
			k = aliases[i]
		}
		ref, ok := p.nameOf(pid, k)
		if !ok {
			p.setName(pid, k, nameRef(len(p.f.Entries)-1)) // this entry's
			continue
		}
		seen := p.seenOf(ref)
		switch {
		case seen.line == int32(n):
			continue // written twice on the line
		case seen.firstPort != int32(port) && !(dupEntry && k == name):
			// The message names Go's pick, which is only known at the end.
			if w := p.warn(n, text, WarnDuplicateName, ""); w >= 0 {
				p.dups = append(p.dups, pendingDup{warning: w, name: k, proto: proto, pid: pid, port: port})
			}
		}
		seen.line = int32(n)
		// Go's readServices ignores port 0, so its last is the last nonzero.
		if port > 0 {
			seen.goLine, seen.goPort = int32(n), int32(port)
		}
		if ref >= 0 {
			p.seen = append(p.seen, seen)
			p.setName(pid, k, ^nameRef(len(p.seen)-1))
		} else {
			p.seen[^ref] = seen
		}
	}

	switch {
	case !portSeenBefore:
		p.setPort(pid, port, portSeen(len(p.f.Entries)-1)) // this entry's
	case !dupEntry:
		p.warn(n, text, WarnSharedPort, fmt.Sprintf("%d/%s already has the name %q (line %d); getservbyport in glibc and musl returns the first line's name", port, proto, first.Name, first.Line))
		if !ps.shared() {
			p.setPort(pid, port, ^ps)
		}
		if p.shared == nil {
			p.shared = make(map[sharedKey]int)
		}
		p.shared[sharedKey{name, pk}] = n
	}
}

// protoID interns a protocol name for the map keys.
func (p *parser) protoID(proto string) uint32 {
	switch proto {
	case "tcp":
		return 1
	case "udp":
		return 2
	case "sctp":
		return 3
	case "dccp":
		return 4
	}
	id, ok := p.protos[proto]
	if !ok {
		if p.protos == nil {
			p.protos = make(map[string]uint32)
		}
		id = uint32(len(p.protos) + 5)
		p.protos[proto] = id
	}
	return id
}

// finishDups writes the duplicate-name messages, now that the last line of
// each name is known.
func (p *parser) finishDups() {
	for _, d := range p.dups {
		ref, _ := p.nameOf(d.pid, d.name)
		seen := p.seenOf(ref)
		p.f.Warnings[d.warning].Msg = fmt.Sprintf("name %q is at %d/%s here but at %d/%s on line %d; glibc and musl use the first (line %d), Go's net package the last (line %d, port %d)",
			d.name, d.port, d.proto, seen.firstPort, d.proto, seen.firstLine, seen.firstLine, seen.goLine, seen.goPort)
	}
}

// detectNmap decides whether the input is in nmap-services layout: the
// token after port/proto is a frequency on most of the first entry lines.
// Deciding once per file keeps a float-looking alias in an ordinary file
// an alias.
func detectNmap(s string) bool {
	const sample = 50
	var fields []string
	entries, freqs := 0, 0
	for len(s) > 0 && entries < sample {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields = splitBlanksN(fields[:0], line, 3)
		if len(fields) < 2 || looksLikePort(fields[0]) {
			continue
		}
		port, proto, ok := strings.Cut(fields[1], "/")
		if !ok || proto == "" || !allDigits(port) {
			continue
		}
		entries++
		if len(fields) > 2 {
			if _, ok := parseFreq(fields[2]); ok {
				freqs++
			}
		}
	}
	return entries > 0 && freqs*2 > entries
}

// parseFreq reads nmap's open frequency: a decimal with a '.', in [0,1].
// Only digits and one '.' are allowed, so that aliases such as "z39.50",
// "1e-3" or "NaN" are never taken for one.
func parseFreq(tok string) (float64, bool) {
	dots := 0
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return 0, false
		}
	}
	if dots != 1 || len(tok) < 2 {
		return 0, false
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil || f < 0 || f > 1 {
		return 0, false
	}
	return f, true
}

// isBlank is glibc's isspace in the C locale, less '\n' which ends lines.
// Go's resolver splits on ' ', '\t' and '\r' only; '\v' and '\f' do not
// occur in real files.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// splitBlanks appends the blank-separated fields of s to dst.
func splitBlanks(dst []string, s string) []string { return splitBlanksN(dst, s, -1) }

// splitBlanksN appends at most n (all, if n < 0) of the blank-separated
// fields of s to dst.
func splitBlanksN(dst []string, s string, n int) []string {
	i := 0
	for i < len(s) && n != 0 {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isBlank(s[j]) {
			j++
		}
		if j > i {
			dst = append(dst, s[i:j])
			n--
		}
		i = j
	}
	return dst
}

func trimBlanks(s string) string {
	i, j := 0, len(s)
	for i < j && isBlank(s[i]) {
		i++
	}
	for j > i && isBlank(s[j-1]) {
		j--
	}
	return s[i:j]
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// looksLikePort reports whether tok is a port, port range or port/proto
// rather than a name: digits, optionally "-digits", then the end or a '/'.
// Names that start with digits ("3com-tsmux", "914c/g") do not qualify.
func looksLikePort(tok string) bool {
	i := 0
	for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(tok) && tok[i] == '-' {
		j := i + 1
		for j < len(tok) && tok[j] >= '0' && tok[j] <= '9' {
			j++
		}
		if j == i+1 {
			return false
		}
		i = j
	}
	return i == len(tok) || tok[i] == '/'
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// asciiLower lower-cases ASCII letters only, as resolvers do, and keeps
// other bytes (including invalid UTF-8) as they are.
func asciiLower(s string) string {
	if !hasUpper(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func knownProto(p string) bool {
	switch p {
	case "tcp", "udp", "sctp", "dccp":
		return true
	}
	return false
}
