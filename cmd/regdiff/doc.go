// Command regdiff keeps /etc/services honest against the IANA Service Name
// and Transport Protocol Port Number Registry.
//
// Usage:
//
//	regdiff [FILE]                  check a services file (default /etc/services)
//	regdiff check [FILE]            the same
//	regdiff show PORT|NAME|LO-HI    every registry row for a port, name or range
//	regdiff vague                   the registry's vague rows, vaguest first
//	regdiff gaps                    unassigned and reserved port runs per protocol
//	regdiff diff [OLD [NEW]]        what IANA changed between two registries, typed
//	regdiff history PORT|NAME       a port's or a name's life across the snapshots
//	regdiff generate [-o FILE]      a services file from the registry
//	regdiff lint FILE               what resolvers would misread in a services file
//	regdiff listening               what listens on this host, against the registry
//	regdiff report [FILE] [-o FILE] the port space and the registry over time, one HTML page
//	regdiff sync                    fetch the registry, keep a snapshot when it changed
//	regdiff fetch [-o FILE]         download and validate the registry CSV
//	regdiff snapshot import FILE... store IANA CSVs as dated snapshots
//	regdiff snapshot list           the snapshots of a store
//	regdiff version                 the version and the embedded registry's date
//
// Every command reads the registry named by --registry (default "latest": the
// newest of the store's snapshots and the one embedded in the binary), so the
// tool works offline on a fresh machine. The store is the folder --dir, or
// $REGDIFF_DIR, or $XDG_DATA_HOME/regdiff (~/.local/share/regdiff); for
// reading only, when none is given and that store is empty, ./snapshots of
// a clone of regdiff's repository.
//
// Reports take --format text|json|markdown; report's default is html. Text is colored only when
// standard output is a terminal and NO_COLOR is not set.
//
// # Exit codes
//
// Like diff(1):
//
//	0  success; nothing found that needs attention
//	1  something was found (differences), or the thing asked about does not exist
//	2  trouble: bad usage, unreadable or malformed input, a failed write
//
// Errors are printed on one line, prefixed "regdiff: ".
//
// # JSON
//
// Every report takes --format json and prints one object whose keys are
// snake_case; the Go types in package report are the contract, and fields
// are only ever added, never renamed or removed. A registry row ("row"
// below) is {"name", "ports": {"lo", "hi"} or null, "protocol", "kind",
// "description", "assignee", "contact", "registered", "modified",
// "reference", "service_code", "unauthorized_use", "notes"}.
//
//	check      {"file", "registry", "entries", "findings": [{"category", "line",
//	           "text", "name", "port", "protocols", "message", "registry": [row],
//	           "reasons", "code"}], "summary": {category: count}}
//	show       {"query", "type" (port, range, name), "registry", "class",
//	           "rows": [row + "class"], "siblings": [row + "class"]}
//	vague      {"registry", "entries": [row + "class", "reasons", "score"],
//	           "summary": {reason: count}}
//	gaps       {"registry", "range", "protocols", "gaps": [{"protocol", "ports",
//	           "status"}], "summary": [{"protocol", "class", "ports", "counts":
//	           {status: count}}], "free": [port]}
//	diff       {"old", "new", "changes": [{"type", "message", "old": [row],
//	           "new": [row], "fields": [{"field", "old", "new"}]}], "summary":
//	           {type: count}, "unchanged", "formatting"}
//	diff --since {"registry", "since", "rows": [row]}
//	history    {"query", "snapshots": [name], "events": [{"snapshot", "type",
//	           "message", "change"}]}
//	listening  {"registry", "sockets": [{"protocol", "address", "port", "uid",
//	           "processes": [{"pid", "name"}], "class", "registry": [row],
//	           "reasons", "local_names", "verdict", "message"}],
//	           "hidden_processes", "summary": {verdict: count}, "suspicious"}
//	lint       {"file", "findings": [{"line", "code", "message", "text"}],
//	           "summary": {code: count}}
//	report     {"registry", "map": {"protocol" ("" for all), "counts": {status:
//	           count}, "system_counts", "runs": [{"ports", "status"}], "names":
//	           [{"ports", "name"}]}, "timeline": {"store", "snapshots": [{"name",
//	           "date", "rows", "kinds": {kind: count}, "changes": {"added",
//	           "removed", "renamed", "deassigned", "unchanged", "summary":
//	           {type: count}}}]}, "check": check}
package main
