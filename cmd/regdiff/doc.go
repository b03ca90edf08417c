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
// Reports take --format text|json|markdown (report's default is html). Text is colored as --color
// says: auto (the default) colors on a terminal unless NO_COLOR is set, or
// when CLICOLOR_FORCE is set and not 0; always; never. Colors never move a
// column. On a terminal, a text report longer than the screen goes through
// a pager, as git does: $REGDIFF_PAGER, else $PAGER, else "less -FRX", run
// by sh -c (LESS=FRX when LESS is unset); set empty or to cat, or given
// --no-pager, none.
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
// Every report takes --format json and prints one object with snake_case
// keys; package report documents each report's fields, and its Go types
// are the contract. Fields are only ever added, never renamed or removed.
//
// Each report has a JSON Schema (draft 2020-12) generated from those types,
// in the repository's docs/schema folder: check, show, vague, gaps, diff,
// since (diff --since), history, listening, lint, version, snapshots
// (snapshot list) and verify (snapshot verify), each NAME.schema.json. A
// test validates every report's output against its schema, and another
// fails when a schema is stale; go generate ./cmd/regdiff rewrites them.
package main

//go:generate go test -run ^(TestSchemas|TestDocs)$ -update .
