// Package registry models the IANA Service Name and Transport Protocol Port
// Number Registry: it parses the registry's CSV into normalized entries and
// answers questions about ports, names and protocols.
//
// It also reads the registry's XML, IANA's source of the CSV ([ParseXML]),
// into the same entries the CSV of the same date gives, plus the people the
// rows refer to ([People]: who "[Jon_Postel]" is), which only the XML has;
// and only a whole XML document parses, so a cut download is refused.
// [ParseXMLBytes] reads a document in memory three times faster, with
// encoding/xml still the judge of what is well-formed. [ParseAny] and
// [ParseAnyBytes] take either format, telling them apart by content
// ([Detect]).
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

// # Vague rows
//
// [Assessor.Assess] judges an assigned or nameless row on signs, each with a
// weight and its evidence in words ([Evidence]): a [Reason] is a sign that
// the row does not say what uses the port or who answers for it (positive
// weight), a [Credit] a sign that it is documented (negative weight).
//
//	reason          weight   credit       weight
//	nameless          +3     rfc            -3
//	hedged            +3     draft          -2
//	no-description    +2     registrant     -2
//	no-registrant     +2     described      -1
//	conflict          +2     recent         -1
//	no-reference      +1
//	repeats-name      +1
//	unauthorized      +1
//	stale-contact     +1
//
// The score is the sum of the weights; a row is vague when its score is at
// least [VagueThreshold] (4), unless it cites an RFC and names a registrant
// the people data knows by name or organisation: a standard and someone who
// answers for it make a row documented whatever else it lacks.
//
// The weights were set against the real registry. No sign passes the
// threshold alone. An empty description with no registrant and no
// reference does (801 "device", 997 "maitrd": 5), and so does a
// description that only repeats the name with no registrant and no
// reference ("Graphics" for graphics: 4); a nameless row passes with a
// hedge (1008/udp "Possibly used by Sun Solaris????": 9), not when a named
// registrant and a real description stand behind it (24 "any private mail
// system", Rick Adams: 2). A row with no registrant but an RFC (ssh 22/tcp)
// or with a registrant but a terse description (domain, ldap) stays well
// below.
//
// "repeats-name" means every word of the description is a word of the name,
// the whole name, or filler ("service", "server", "protocol"): "SNMP" for
// snmp, "NETSC" for netsc-prod. "described" is a description that is not
// empty, does not hedge and says more than that. "recent" is a registration
// or modification less than [RecentYears] (10) before the registry's date.
//
// Two signs need the people data ([Registry.People]), which only a registry
// read from the XML has: the "registrant" credit (a person the row names as
// assignee or contact whose record has a name or organisation) and the
// "stale-contact" reason: every person the row names is missing from the
// people data, has an undated record, or was last updated more than
// [StaleContactYears] (15) years before the registry's date. Undated
// records are those IANA has not touched since it began dating them (2002):
// almost all belong to rows with no registration date; for the few others
// the row's newest date stands for the record's (the SCTP rows RFC 9260
// updated in 2022 name undated persons). Records of the
// bodies of the standards process (mail at ietf.org, iab.org, irtf.org,
// iana.org, rfc-editor.org: the IESG, the IETF Chair, IANA) do not age. A
// registry made from the CSV has no people: its rows are neither flagged
// nor credited for their contacts, and each row that names persons says so
// in an evidence of weight 0 ([SignNoPeople]).
