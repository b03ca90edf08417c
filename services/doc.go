// Package services reads services(5) files such as /etc/services: entries
// with their line numbers, aliases and comments, and warnings for lines that
// resolvers would skip or read differently from what they seem to say.
//
// # What a line means
//
// [Parse] reads lines the way glibc's nss_files does, since that is what
// most systems that run regdiff resolve with:
//
//   - everything from the first '#' is a comment, so a commented-out entry
//     ("#ftp 21/udp fsp") is never an entry, and a second '#' is part of
//     the comment;
//   - fields are separated by runs of blanks (spaces, tabs, and the other C
//     isspace bytes); leading and trailing blanks do not matter;
//   - the first field is the name, the second is port/proto, and every
//     other field up to the comment is an alias;
//   - names and aliases are kept byte for byte: any byte other than a blank
//     or '#' can be part of a name ("sql*net", "914c/g", "whois++"), and
//     invalid UTF-8 is kept as it is.
//
// # Layouts found in the wild
//
// Where real files go beyond that syntax, Parse reads what the line means
// and says with a [Warning] what resolvers make of it:
//
//   - Wireshark's merged protocols ("tcpmux 1/tcp/udp") and port ranges
//     ("x11 6000-6063/tcp/udp") give one [Entry] per port and protocol,
//     each with the line's number (WarnMergedProto, WarnPortRange): glibc
//     and Go read "tcp/udp" as one protocol, musl only the first, and all
//     three skip a range. A line that stands for more than MaxLineEntries
//     entries gives none.
//   - nmap-services files are recognized by their frequency column, which
//     goes to [Entry.Freq], never to the aliases; their thousands of ports
//     named "unknown" go to [File.Unnamed], counted by one WarnNmapUnknown.
//   - macOS's lines with no name give no entry (WarnNoName); protocols other
//     than tcp and udp are kept (WarnOtherProto for sctp and dccp,
//     WarnUnknownProto for ddp, divert and FreeBSD's typo ucp).
//
// # Resolvers disagree
//
// glibc, musl and Go's net package each read /etc/services with their own
// code, and the warnings (see the Warn constants) point out where they part
// ways: glibc and musl return the first line for a name, Go the last; Go
// never finds a name with upper-case letters or over 25 bytes; musl reads
// lines in 127-byte pieces and only knows tcp and udp; getaddrinfo takes an
// all-digit name for a port number, and Go's parsePort a lone "-" for 0.
//
// # What Parse refuses
//
// Parse never fails on a bad line. It fails on a read error, and with a
// [*FormatError] that wraps one of the Err sentinels when the input is not
// a services file it should read:
//
//   - over a cap (ErrTooLarge): MaxBytes (16 MiB, thirteen times SUSE's
//     1.26 MB, the largest real file known), MaxLineBytes (2 MiB; real
//     lines are under 300 bytes, and one line of 200,000 short aliases
//     fits), MaxEntries and MaxAliases (262,144 each; nmap-services has
//     about 27,000 entries). Parse stops reading at the cap, so what it
//     costs is bounded by the caps whatever it is given: /dev/zero stops
//     at the first 8000 bytes, a 50 MB line at 2 MiB. Past MaxWarnings
//     (65,536) warnings, one more counts the rest;
//   - the IANA registry itself, as CSV (ErrRegistryCSV) or XML
//     (ErrRegistryXML), an HTML page (ErrHTML), binary data: a NUL byte in
//     the first 8000 bytes (ErrBinary);
//   - lines of which none is an entry, or, from 20 lines that are not
//     blank or comments, fewer than one in ten (ErrNotServices). Real files
//     have entries on 99% of such lines or more.
//
// An empty, blank or comments-only input is a valid file with no entries:
// [File.Empty] tells it. [ParseNamed] puts the file's name in errors.
//
// # Generate and Merge
//
// [Generate] writes a services file from the registry that every resolver
// reads as intended: lines under 128 bytes, at most 34 aliases, names of
// at most 15 bytes (the registry's limit), one port per name and protocol.
// [Generated.Merge] keeps the local additions of an existing file within
// the same limits, in linear time: aliases that do not fit a line go to
// continuation lines (the same name and port/protocol again, which every
// resolver reads), local names beyond the limits go to [Generated.Kept],
// written as the file has them, and entries on protocols not written are
// left out with a note.
package services
