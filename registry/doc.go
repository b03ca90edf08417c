// Package registry models the IANA Service Name and Transport Protocol Port
// Number Registry: it parses the registry's CSV into normalized entries and
// answers questions about ports, names and protocols.
//
// It also reads the registry's XML, IANA's source of the CSV ([ParseXML]),
// into the same entries the CSV of the same date gives, plus the people the
// rows refer to ([People]: who "[Jon_Postel]" is), which only the XML has;
// and only a whole XML document parses, so a cut download is refused.
// [ParseAny] takes either format, telling them apart by content ([Detect]).
//
// The package is pure: readers in, values out. It never touches the network
// or the file system.
//
// # Normalization
//
// Every column of a row is kept (see [Entry]); nothing is dropped. Names,
// ports, protocols and dates are trimmed and parsed; free text
// (description, notes, ...) is kept as IANA wrote it, with line breaks as LF.
// IANA has changed how it renders line breaks inside text over the years
// (2020, 2025), so code that compares text across registry versions should
// compare [Canon] forms, which collapse every run of white space to one space.
//
// Rows are kept in a canonical order (see [Sort]) so that the same registry
// content always gives the same entries and the same bytes when written with
// [WriteCSV], whatever order the input had.
//
// # Kinds of row
//
// A row with a name and a port is [Assigned]; a name without a port is
// [NameOnly] (used for DNS-SD/SRV only). A row without a name is [Reserved]
// or [Unassigned] when its description says so, [Deregistered] when it says
// the port was de-registered, removed, deprecated or decommissioned, and
// [Nameless] otherwise (a port with text but no name, such as 1008/udp
// "Possibly used by Sun Solaris????").
package registry
