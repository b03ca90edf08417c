// Command regdiff keeps /etc/services honest against the IANA Service Name
// and Transport Protocol Port Number Registry: it checks services files
// against the registry, keeps dated snapshots of it, and answers questions
// about ports and names.
//
// The user's documentation is the help of each command (regdiff help
// COMMAND), written in help/*.txt; go generate renders it as man pages
// (docs/man) and a markdown reference (docs/cli), and writes the JSON Schema
// of every report (docs/schema) from the Go types of package report, which
// are the JSON contract. Tests fail when any of them is stale.
//
// Exit status, as diff(1): 0 when nothing needs attention, 1 when something
// was found (or the thing asked about does not exist), 2 on trouble, with
// one line on stderr prefixed "regdiff: ".
//
// This package is thin: each command is its flags, an options struct, one
// call into the domain packages and report.Render (see render.go).
package main

//go:generate go test -run ^(TestSchemas|TestDocs)$ -update .
