// Package report holds what regdiff's commands print: one value per report,
// whose JSON is the report itself, and its text and markdown views. The
// views only lay out what the analyses in registry, diff and snapshots
// found; they decide nothing.
//
// # JSON
//
// Every report's --format json is its value, with snake_case keys (a test
// holds every type to it); fields are only ever added, never renamed or
// removed. A registry row ("row" below) is {"name", "ports": {"lo", "hi"} or null, "protocol", "kind",
// "description", "assignee", "contact", "registered", "modified",
// "reference", "service_code", "unauthorized_use", "notes"}.
//
//	check      {"file", "registry", "entries", "findings": [{"category", "line",
//	           "text", "name", "port", "protocols", "message", "registry": [row],
//	           "reasons", "code", "deassigned": {"date", "former"}}],
//	           "summary": {category: count}, "people": [person]}
//	show       {"query", "type" (port, range, name), "registry", "class",
//	           "rows": [row + "class"], "siblings": [row + "class"], and the
//	           story unless --brief: "people": [{"id", "name", "org",
//	           "updated", "email" (--contacts only), "stale", "unknown"}],
//	           "no_people", "warnings": [{"row", "message"}], "places":
//	           [{"protocol", "port", "status", "run", "below", "above":
//	           {"port", "names"}}], "history": [event], "local": {"file",
//	           "lines": [{"line", "text"}], "note"}, "listening": [{"protocol",
//	           "address", "processes"}]}
//	vague      {"registry", "threshold", "all", "below_threshold", "people",
//	           "entries": [row + "class", "score", "vague", "reasons",
//	           "credits", "evidence": [{"sign", "weight", "text"}]],
//	           "summary": {reason: count}}
//	gaps       {"registry", "range", "protocols", "gaps": [{"protocol", "ports",
//	           "status"}], "summary": [{"protocol", "class", "ports", "counts":
//	           {status: count}}], "free": [port]}
//	diff       {"old", "new", "changes": [{"type", "message", "old": [row],
//	           "new": [row], "fields": [{"field", "old", "new"}]}], "summary":
//	           {type: count}, "unchanged", "formatting"}
//	diff --since {"registry", "since", "rows": [row]}
//	history    {"query", "snapshots": [name], "events": [{"snapshot", "type",
//	           "message", "change"}], "people": [person]}
//
// A person ("person") is {"id", "name", "org", "updated", "stale",
// "unknown"}, and "email" in show's story with --contacts only.
//
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
//	version    {"version", "revision", "modified", "vcs_time", "go_version",
//	           "embedded_registry", "embedded_rows", "embedded_sha256"}
//	generate   (with -o) {"output", "registry", "lines", "bytes", "left_out",
//	           "conflicts"}
//	sync       {"store", "url", "not_modified", "snapshot", "rows", "created",
//	           "reverted", "previous", "headline", "changes": diff's changes,
//	           "committed"}
//	snapshot list   {"dir", "latest", "snapshots": [sidecar]}
//	snapshot verify {"dir", "snapshots", "problems": [{"path", "kind", "message"}]}
package report
