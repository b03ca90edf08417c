// Package snapshots keeps dated, content-addressed copies of the registry on
// disk, and holds the repository's committed history and the embedded newest
// snapshot that every command uses by default.
//
// # On disk
//
// A snapshot is two files in a store folder (three when it was read from
// IANA's XML: NAME.people.csv; [Snapshot.Files] lists them):
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
// named 2026-04-09.2, then .3, and so on. Content the store already holds is
// never written again: see the journal for what its return records.
//
// Writes are atomic: each file is written to a temporary file in the same
// folder, synced, and renamed into place, and then the folder is synced. The
// sidecar goes first, the CSV next and the journal line last, so a snapshot
// exists exactly when its CSV does; a write that fails removes what it had
// put down. Nothing ever rewrites or deletes an existing snapshot. Every
// check that can fail (the registry, the store's sidecars and journal) runs
// before the first byte is written, the store folder included, and
// [Store.Prepare] runs the same checks, writing nothing, before a fetch.
// Writes run under the store's [Lock]; a refused Lock names the holder's
// pid, host and start time.
//
// # The journal
//
// journal.csv, beside the snapshots and committed with them, is the store's
// history of events, one line each, appended (the file is rewritten
// atomically with the line added):
//
//	time,event,snapshot,sha256,previous
//	2026-04-09T03:00:00Z,new,2026-04-09,<sha256 of its CSV>,2026-03-30
//
// time is when the registry was fetched or imported (the sidecar's
// fetched_at), previous the latest snapshot before the event. The events:
//
//   - new: a sync fetched content the store did not hold.
//   - revert: a sync fetched content an older snapshot holds (the registry
//     went A -> B -> A): that snapshot is the latest again, and nothing but
//     the journal is written.
//   - import: `snapshot import` added a registry newer than the latest.
//   - backfill: an import added a registry no newer than the latest (a
//     historic file): it is history, and the latest stays as it was. An
//     import of content the store holds records nothing, so imports never
//     revert.
//
// A fetch of the latest content writes nothing at all, so the journal grows
// only when the registry does, never with the clock. The latest snapshot,
// the content most recently fetched, is the one the last event leaves
// latest ([Event.Latest]); a store without a journal (written before it
// existed, such as this folder) falls back to the highest name. A name
// resolves exactly: 2026-04-09 is the snapshot named so, even when
// 2026-04-09.2 exists; a bare date stands for another snapshot of its date
// only when none is named exactly so (the one the journal saw last).
//
// # Trust
//
// Every [Snapshot.Load] checks the CSV's sha256 against its sidecar and
// refuses a mismatch, and [LoadFile] refuses a CSV whose sidecar describes
// other bytes. [Store.Verify] checks the whole store: every CSV against its
// sidecar (and that it parses, with the rows and date the sidecar says),
// sidecar names, sidecars without CSVs, CSVs without sidecars, temporary
// files of dead writes, the journal (that it parses, and that each snapshot
// it names is there with the sha256 it recorded) and the validators file.
// [Lock.Clean], under the lock, removes what dead writes leave: the
// temporary files of this package's own files (internal/atomicfile's
// ".NAME.tmp-DIGITS"; another writer's are left alone) and sidecars or
// people files whose CSV is missing, unless the journal names them (then
// the CSV was lost, and Verify says to restore it).
//
// # Validators
//
// validators.json maps each source URL to the ETag and Last-Modified of its
// last successful fetch (200 or 304), whatever that fetch wrote, so the next
// sync is conditional even after an import, a revert or an unchanged
// download; without an entry, the latest snapshot's sidecar gives them when
// it came from that URL. The file is deterministic (sorted keys) and
// rewritten only when the validators change, so it is committed with the
// snapshots: a fresh clone syncs conditionally too.
//
// # People
//
// A registry read from IANA's XML names the persons behind its rows:
// NAME.people.csv (registry.People.WriteCSV) holds them beside the CSV, and
// the sidecar's people_sha256 covers the file, checked on load. The rows and
// the people together are a snapshot's content. The same rows arriving with
// people for a snapshot made from a CSV give it the people file and a new
// sidecar (WriteResult.Enriched), not a new snapshot.
//
// # The index
//
// Commands that read many snapshots (history, a port's story, diff, the
// report) go through [Store.Index]: every distinct row of the store once,
// with the runs of snapshots that hold it, in one binary file in the
// user's cache folder (Store.IndexDir overrides), so that their cost stays
// about one registry read however many snapshots weekly syncs leave. It is
// derived data, never committed: each use checks the folder's mtime and
// each CSV's size and mtime (and, on any change, the sidecars' sha256),
// updates what changed, and rebuilds from the CSVs when the file is stale,
// foreign, truncated or fails its checksum.
//
// # The committed history
//
// The files beside this package's Go files are the repository's history,
// imported with `regdiff snapshot import` from the IANA CSVs and XMLs in
// shared/data/iana. The newest of them is embedded in the binary in the
// compact form (registry.WriteCompact) as embedded.reg, with its people in
// theirs (People.WriteCompact) as embedded.people, and its sidecar as a Go
// value in embedded_meta.go; `go generate ./snapshots` refreshes them after
// an import, and tests fail when they are stale.
package snapshots
