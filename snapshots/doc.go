// Package snapshots keeps dated, content-addressed copies of the registry on
// disk, and holds the repository's committed history and the embedded newest
// snapshot that every command uses by default.
//
// # On disk
//
// A snapshot is two files in a store folder:
//
//   - NAME.csv: the normalized registry (registry.WriteCSV): UTF-8, LF line
//     ends, IANA's current header, canonical row order. The same registry
//     content always gives the same bytes, so a git diff between two
//     snapshots shows only what IANA changed.
//   - NAME.json: the sidecar ([Meta]): where and when the registry was
//     fetched, the HTTP validators, the sha256 of the raw download and of the
//     CSV, and the row counts by kind.
//
// NAME is the registry's own date, the newest registration or modification
// date inside it (2026-04-09), not the clock. IANA edits notes and references
// without touching any date, so the identity of a snapshot is the sha256 of
// its CSV: a second snapshot with the same date and different content is
// named 2026-04-09.2, then .3, and so on. Writing content the store already
// holds under that date does nothing.
//
// Writes are atomic: each file is written to a temporary file in the same
// folder, synced, and renamed into place, and then the folder is synced. The
// sidecar goes first and the CSV last, so a snapshot exists exactly when its
// CSV does; a write that fails removes what it had put down. Nothing ever
// rewrites or deletes an existing snapshot.
//
// # The committed history
//
// The .csv/.json pairs beside this package's Go files are the repository's
// history, imported with `regdiff snapshot import` from the IANA files in
// shared/data/iana. The newest of them is embedded in the binary in the
// compact form (registry.WriteCompact) as embedded.reg; `go generate
// ./snapshots` refreshes it after an import, and a test fails when it is
// stale.
package snapshots
