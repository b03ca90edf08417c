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
// Where real files go beyond that syntax, Parse says what it did with a
// [Warning]: Wireshark's "1/tcp/udp" gives one [Entry] per protocol,
// Wireshark's port ranges and macOS's lines with no name give none, and
// protocols other than tcp, udp, sctp and dccp (ddp, divert, FreeBSD's typo
// ucp) are kept. nmap-services files are recognized by their frequency
// column, which goes to [Entry.Freq] instead of the aliases.
//
// # Resolvers disagree
//
// glibc, musl and Go's net package each read /etc/services with their own
// code, and the warnings (see the Warn constants) point out where they part
// ways: glibc and musl return the first line for a name, Go the last; Go
// never finds a name with upper-case letters or over 25 bytes; musl reads
// lines in 127-byte pieces and only knows tcp and udp; getaddrinfo takes an
// all-digit name for a port number.
//
// Parse never fails on a bad line. It fails only on a read error, or with a
// [*FormatError] when the input has content but not one entry, which means
// it is some other kind of file (an HTML error page, a binary).
package services
