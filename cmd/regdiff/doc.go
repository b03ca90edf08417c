// Command regdiff keeps /etc/services honest against the IANA Service Name
// and Transport Protocol Port Number Registry.
//
// Usage:
//
//	regdiff show PORT|NAME|LO-HI    every registry row for a port, name or range
//	regdiff snapshot import FILE... store IANA CSVs as dated snapshots
//	regdiff snapshot list           the snapshots of a store
//	regdiff version                 the version and the embedded registry's date
//
// Every command reads the registry named by --registry (default "latest": the
// newest of the store's snapshots and the one embedded in the binary), so the
// tool works offline on a fresh machine. The store is the folder --dir, or
// $REGDIFF_DIR, or $XDG_DATA_HOME/regdiff (~/.local/share/regdiff).
//
// Reports take --format text|json|markdown. Text is colored only when
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
package main
