package services

// Warning codes. They are stable: tools filter and count warnings by code,
// so a code is never renamed; the messages may change.
//
// Some codes mean the line gives no [Entry] (the resolvers skip it too), the
// others describe an entry that is returned but that some resolver reads
// differently from what the line seems to say.
const (
	// WarnMissingProto: the port has no "/protocol" ("foo 80"). No entry.
	// No tcp or udp lookup in glibc, musl or Go can find such a line.
	WarnMissingProto = "missing-proto"

	// WarnBadPort: the port is missing, not a decimal number ("x/tcp",
	// "+80/tcp", BSD's "80,tcp"), or outside 0-65535. No entry. glibc
	// keeps an out-of-range port truncated to 16 bits; musl and Go do not
	// use it.
	WarnBadPort = "bad-port"

	// WarnPortRange: a port range ("6000-6063/tcp", Wireshark's syntax).
	// glibc, musl and Go all skip the line; Parse reads it as one entry
	// per port, all with the line's number, so that a comparison sees
	// what the line means. A range that, times its protocols, stands for
	// more than MaxLineEntries entries gives none.
	WarnPortRange = "port-range"

	// WarnUnknownProto: a protocol other than tcp, udp, sctp and dccp
	// (ddp, divert, the typo ucp). The entry is returned; only glibc
	// answers lookups for it, and only for that exact protocol: musl
	// skips the line, and Go's net.LookupPort asks only for tcp and udp.
	WarnUnknownProto = "unknown-proto"

	// WarnOtherProto: the protocol is sctp or dccp. The entry is
	// returned, and glibc finds it for that protocol, but musl reads only
	// tcp and udp lines (it skips this one), and Go's net.LookupPort asks
	// only for tcp and udp. Informational for a file meant for glibc.
	WarnOtherProto = "other-proto"

	// WarnNoName: the line has a port/proto but no service name before it
	// (macOS: "   24/udp   # any private mail system"). No entry: glibc
	// takes "24/udp" for the name and then finds no port.
	WarnNoName = "no-name"

	// WarnMergedProto: the protocol field has a '/' of its own
	// (Wireshark's "1/tcp/udp"). Parse gives one entry per protocol (none
	// past MaxLineEntries), each with the line's number, but
	// glibc and Go read the whole "tcp/udp" as one protocol name that no
	// tcp or udp lookup matches, and musl uses only the first.
	WarnMergedProto = "merged-proto"

	// WarnDuplicateName: a name or alias already given, for the same
	// protocol, to another port on an earlier line. glibc and musl return
	// the first line, Go's net package the last.
	WarnDuplicateName = "duplicate-name"

	// WarnDuplicateEntry: the same name, port and protocol as an earlier
	// line, and no alias that earlier lines lack. Harmless to resolvers. A
	// repeat that adds aliases continues the earlier line (the way to give
	// a port more names than one line holds) and gets no warning: every
	// resolver finds each of its names.
	WarnDuplicateEntry = "duplicate-entry"

	// WarnSharedPort: the port/proto already has another name on an earlier
	// line. Informational (IANA assigns some ports to several services);
	// getservbyport in glibc and musl returns the first line's name.
	WarnSharedPort = "shared-port"

	// WarnCommaInName: a name or alias contains a comma. Aliases are
	// separated by blanks; every resolver takes the comma as part of the
	// name, so "a,b" is one name, not two.
	WarnCommaInName = "comma-in-name"

	// WarnMixedCase: a name or alias has upper-case ASCII letters, or the
	// protocol is not lower case. Go lower-cases the name it is asked for
	// but not the file, so it never finds such a name; glibc and musl match
	// names and protocols case-sensitively.
	WarnMixedCase = "mixed-case"

	// WarnNumericName: a name or alias made only of digits, with or
	// without a sign ("80", "+80"). getaddrinfo (strtoul), musl and Go's
	// net.LookupPort (parsePort) read such a service as a port number, so
	// the name is never looked up. A name that merely starts with a digit
	// ("3com-tsmux") is fine and gets no warning.
	WarnNumericName = "numeric-name"

	// WarnSignName: a name or alias that is only a sign, "-" or "+"
	// ("-  1775/tcp"). glibc and musl find no digits in it, look it up,
	// and find the line (port 1775); Go's parsePort takes a lone sign
	// for the number 0, so net.LookupPort answers 0 without reading the
	// file.
	WarnSignName = "sign-name"

	// WarnLongName: a name or alias over 15 bytes, IANA's limit (RFC 6335).
	// Informational, except over 25 bytes: Go's resolver never finds those.
	WarnLongName = "long-name"

	// WarnLongLine: a line of 128 bytes or more before its newline. musl
	// reads /etc/services with fgets into a 128-byte buffer, so it sees the
	// bytes after the 127th as a line of their own, even in a comment.
	WarnLongLine = "long-line"

	// WarnTooManyAliases: more than 34 aliases. The classic BSD getservent
	// (MAXALIASES 35, one slot for the terminating NULL) drops the rest.
	WarnTooManyAliases = "too-many-aliases"

	// WarnInvalidUTF8: the line is not valid UTF-8 (SUSE's file has Latin-1
	// lines). The bytes are kept as they are; resolvers compare bytes.
	WarnInvalidUTF8 = "invalid-utf8"

	// WarnNULByte: the line contains a NUL byte. Parse reads it as an
	// ordinary byte, but glibc and musl, which use C strings, see the line
	// end there. (A NUL in the first 8000 bytes makes the whole input
	// binary data: ErrBinary.)
	WarnNULByte = "nul-byte"

	// WarnNmapUnknown: an nmap-services file names ports "unknown" (seen
	// open, no service known). Those entries go to File.Unnamed, not
	// Entries, and one warning, on the first such line, counts them.
	WarnNmapUnknown = "nmap-unknown"

	// WarnTooManyWarnings: the file has more than MaxWarnings warnings;
	// this last one, on the line of the first not kept, counts the rest.
	WarnTooManyWarnings = "too-many-warnings"
)

// Limits that the warnings check.
const (
	ianaNameMax  = 15  // RFC 6335 section 5.1
	goNameMax    = 25  // net.maxPortBufSize: len("mobility-header") + 10
	muslLineBuf  = 128 // musl __lookup_serv: char line[128] filled by fgets
	bsdAliasKeep = 34  // 4.4BSD getservent: MAXALIASES 35, minus the NULL
)
