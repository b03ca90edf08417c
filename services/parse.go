package services

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regdiff/regdiff/registry"
)

// Entry is one service line (a line with merged protocols like "1/tcp/udp"
// gives one Entry per protocol, same Line).
type Entry struct {
	Line    int      // 1-based line number
	Name    string   // as written (case kept)
	Port    int      // 0-65535
	Proto   string   // lower-cased protocol as written: tcp, udp, sctp, dccp, ddp, divert, ucp...
	Aliases []string // tokens after port/proto up to the first '#' (nil if none)
	Comment string   // text after the first '#' on the line, trimmed (without the '#'); "" if none
	Freq    float64  // nmap-services open frequency; 0 when the file is not nmap format
	Text    string   // the raw line, without the newline (invalid UTF-8 bytes kept as they are)
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
	Entries  []Entry
	Warnings []Warning // in line order
	Nmap     bool      // the file is in nmap-services layout (a frequency column was detected)
	Lines    int       // number of lines read
}

// FormatError says the input is not a services file: it has content lines
// but not one of them is an entry. Line and Text are the first such line.
type FormatError struct {
	Line int
	Text string
	Msg  string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("line %d: %s: not a services file (want lines like %q)", e.Line, e.Msg, "http 80/tcp www")
}

// Parse reads a services file. It never panics and never fails on a bad
// line: bad lines become Warnings. It returns an error only on a read error,
// or when the input is not a services file at all: it has content lines (not
// blank, not comment) but not one of them is a valid entry; then a
// *FormatError naming the first bad line. An empty or comments-only input is
// a valid, empty file.
//
// Lines are read the way glibc reads them: everything from the first '#' is
// a comment (so commented-out entries stay out), fields are separated by
// runs of blanks, the first field is the name, the second is port/proto,
// the rest are aliases. A '\r' before the newline is dropped. Bytes are
// kept as they are, whatever the encoding.
func Parse(r io.Reader) (*File, error) {
	// One string for the whole input: every Text, Name, Alias and Comment is
	// a substring of it, which saves an allocation per field.
	var sb strings.Builder
	if n := sizeHint(r); n > 0 {
		sb.Grow(n)
	}
	if _, err := io.Copy(&sb, r); err != nil {
		return nil, fmt.Errorf("reading services file: %w", err)
	}
	s := sb.String()
	// Sizing by the line count, an upper bound, spares the rehashing of
	// growing maps, which was half of the time on SUSE's 16229 lines.
	nl := strings.Count(s, "\n") + 1
	p := &parser{
		f:       &File{Entries: make([]Entry, 0, nl)},
		names:   make(map[nameKey]nameSeen, nl),
		ports:   make(map[portKey]portSeen, nl),
		nameBuf: make([]string, 0, 8),
	}
	p.f.Nmap = detectNmap(s)
	for n := 1; len(s) > 0; n++ {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		p.f.Lines = n
		p.line(n, line)
	}
	if len(p.f.Entries) == 0 && p.bad != nil {
		return nil, p.bad
	}
	p.finishDups()
	return p.f, nil
}

// sizeHint is the input's size when the reader knows it, to read it into
// one allocation.
func sizeHint(r io.Reader) int {
	var n int64
	switch r := r.(type) {
	case interface{ Len() int }: // bytes.Reader, strings.Reader, bytes.Buffer
		n = int64(r.Len())
	case *os.File:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			n = fi.Size()
		}
	}
	if n < 0 || n > 1<<30 {
		return 0
	}
	return int(n)
}

// nameKey is a name or alias and an interned protocol (see protoID).
type nameKey struct {
	name  string
	proto uint32
}

// portKey is a port and an interned protocol in one integer, which hashes
// faster than a struct with a string.
type portKey uint64

func makePortKey(port int, proto uint32) portKey { return portKey(uint64(port)<<32 | uint64(proto)) }

// nameSeen is where a name or alias, for one protocol, appears first (what
// glibc and musl return) and last with a nonzero port (what Go returns).
type nameSeen struct {
	firstLine, firstPort int
	goLine, goPort       int
}

// portSeen is the first name of a port/proto, what getservbyport gives.
// The other names of shared ports, rare, are in parser.shared, only to tell
// duplicate entries.
type portSeen struct {
	line   int
	name   string
	shared bool
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
	// Cross-line checks, keyed the way resolvers look things up.
	names   map[nameKey]nameSeen // name or alias + proto
	ports   map[portKey]portSeen // port + proto
	shared  map[sharedKey]int    // name + port + proto of shared ports: first line
	protos  map[string]uint32    // protocols other than the four known ones
	dups    []pendingDup
	nameBuf []string     // the line's distinct lookup keys
	bad     *FormatError // the first content line that gave no entry
}

// warn records a warning. Messages quote the line's fields, which can be
// of any length: they are clipped to stay one readable line.
func (p *parser) warn(n int, text, code, msg string) {
	p.f.Warnings = append(p.f.Warnings, Warning{Line: n, Code: code, Msg: registry.Clip(msg, 300), Text: text})
}

// skip records a content line that gives no entry. short says what is wrong
// (it becomes the FormatError message); detail says what resolvers do.
func (p *parser) skip(n int, text, code, short, detail string) {
	msg := short
	if detail != "" {
		msg += "; " + detail
	}
	p.warn(n, text, code, msg)
	if p.bad == nil {
		p.bad = &FormatError{Line: n, Text: text, Msg: registry.Clip(short, 200)}
	}
}

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

	content, comment := text, ""
	if i := strings.IndexByte(text, '#'); i >= 0 {
		content, comment = text[:i], trimBlanks(text[i+1:])
	}
	p.fields = splitBlanks(p.fields[:0], content)
	fields := p.fields
	if len(fields) == 0 {
		return // blank or comment line
	}

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
	port, ok := p.port(n, text, portStr)
	if !ok {
		return
	}
	if !hasSlash || strings.Trim(protoStr, "/") == "" {
		p.skip(n, text, WarnMissingProto, fmt.Sprintf("no /protocol after port %s", portStr), "no tcp or udp lookup in glibc, musl or Go finds it")
		return
	}
	if strings.IndexByte(protoStr, '/') >= 0 {
		p.warn(n, text, WarnMergedProto, fmt.Sprintf("protocol field %q has a '/' (Wireshark's merged protocols); glibc and Go read it as one protocol of that name, which no tcp or udp lookup matches, and musl uses only the first", protoStr))
	}

	rest := fields[2:]
	var freq float64
	if p.f.Nmap && len(rest) > 0 {
		if f, ok := parseFreq(rest[0]); ok {
			freq, rest = f, rest[1:]
		}
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

	p.checkName(n, text, name, "name")
	for _, a := range aliases {
		p.checkName(n, text, a, "alias")
	}
	if len(aliases) > bsdAliasKeep {
		p.warn(n, text, WarnTooManyAliases, fmt.Sprintf("%d aliases; the classic BSD getservent keeps only the first %d", len(aliases), bsdAliasKeep))
	}

	keys := p.lookupKeys(name, aliases)

	first := true
	for proto := range strings.SplitSeq(protoStr, "/") {
		if proto == "" {
			continue
		}
		lower := asciiLower(proto)
		if lower != proto {
			p.warn(n, text, WarnMixedCase, fmt.Sprintf("protocol %q is not lower case; glibc, musl and Go compare protocols case-sensitively, so %s lookups miss it", proto, lower))
		}
		if !knownProto(lower) {
			p.warn(n, text, WarnUnknownProto, fmt.Sprintf("protocol %q is not tcp, udp, sctp or dccp; only glibc answers lookups for it, and only for that exact protocol", proto))
		}
		e := Entry{Line: n, Name: name, Port: port, Proto: lower, Aliases: aliases, Comment: comment, Freq: freq, Text: text}
		if !first && aliases != nil {
			// Entries from one line must not share a slice a caller could
			// modify through the other.
			e.Aliases = append([]string(nil), aliases...)
		}
		first = false
		p.f.Entries = append(p.f.Entries, e)
		p.crossCheck(n, text, name, keys, port, lower, p.protoID(lower))
	}
}

// lookupKeys returns the line's distinct lookup keys: the name and the
// aliases, each once.
func (p *parser) lookupKeys(name string, aliases []string) []string {
	keys := append(p.nameBuf[:0], name)
	if len(aliases) > 8 {
		// A map keeps hostile lines with thousands of aliases linear.
		seen := map[string]bool{name: true}
		for _, a := range aliases {
			if !seen[a] {
				seen[a] = true
				keys = append(keys, a)
			}
		}
	} else {
		for _, a := range aliases {
			if !slices.Contains(keys, a) {
				keys = append(keys, a)
			}
		}
	}
	p.nameBuf = keys
	return keys
}

// port parses the port part of port/proto, warning when it is not usable.
func (p *parser) port(n int, text, s string) (int, bool) {
	if lo, hi, ok := strings.Cut(s, "-"); ok && allDigits(lo) && allDigits(hi) {
		p.skip(n, text, WarnPortRange, fmt.Sprintf("port range %s (Wireshark syntax) is not services(5) syntax", s), "glibc, musl and Go skip the line")
		return 0, false
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
		return 0, false
	}
	v, wrapped := portValue(s)
	if v > 65535 {
		p.skip(n, text, WarnBadPort, fmt.Sprintf("port %s is outside 0-65535", s),
			fmt.Sprintf("glibc truncates it to %d, musl and Go do not use it", wrapped))
		return 0, false
	}
	return v, true
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
	if allDigits(tok) {
		p.warn(n, text, WarnNumericName, fmt.Sprintf("%s %q is all digits; getaddrinfo and Go's net.LookupPort read it as a port number, never as a name", what, tok))
	}
	if len(tok) > ianaNameMax {
		msg := fmt.Sprintf("%s %q is %d bytes; IANA names are at most %d characters", what, tok, len(tok), ianaNameMax)
		if len(tok) > goNameMax {
			msg += fmt.Sprintf(", and Go's resolver never finds names over %d bytes", goNameMax)
		}
		p.warn(n, text, WarnLongName, msg)
	}
}

// crossCheck compares one entry with the earlier lines.
func (p *parser) crossCheck(n int, text, name string, keys []string, port int, proto string, pid uint32) {
	pk := makePortKey(port, pid)
	ps, portSeenBefore := p.ports[pk]
	dupLine := 0
	switch {
	case !portSeenBefore:
	case ps.name == name:
		dupLine = ps.line
	case ps.shared:
		dupLine = p.shared[sharedKey{name, pk}]
	}
	dupEntry := dupLine > 0
	if dupEntry {
		p.warn(n, text, WarnDuplicateEntry, fmt.Sprintf("%q %d/%s repeats line %d; harmless to resolvers", name, port, proto, dupLine))
	}

	for _, k := range keys {
		nk := nameKey{k, pid}
		seen, ok := p.names[nk]
		if !ok {
			seen = nameSeen{firstLine: n, firstPort: port}
		} else if seen.firstPort != port && !(dupEntry && k == name) {
			// The message names Go's pick, which is only known at the end.
			p.dups = append(p.dups, pendingDup{warning: len(p.f.Warnings), name: k, proto: proto, pid: pid, port: port})
			p.warn(n, text, WarnDuplicateName, "")
		}
		// Go's readServices ignores port 0, so its last is the last nonzero.
		if port > 0 {
			seen.goLine, seen.goPort = n, port
		}
		p.names[nk] = seen
	}

	switch {
	case !portSeenBefore:
		p.ports[pk] = portSeen{line: n, name: name}
	case !dupEntry:
		p.warn(n, text, WarnSharedPort, fmt.Sprintf("%d/%s already has the name %q (line %d); getservbyport in glibc and musl returns the first line's name", port, proto, ps.name, ps.line))
		if !ps.shared {
			ps.shared = true
			p.ports[pk] = ps
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
		seen := p.names[nameKey{d.name, d.pid}]
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
		fields = splitBlanks(fields[:0], line)
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
func splitBlanks(dst []string, s string) []string {
	i := 0
	for i < len(s) {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isBlank(s[j]) {
			j++
		}
		if j > i {
			dst = append(dst, s[i:j])
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
