//go:build regdiffgen

package snapshots

// embeddedMeta stands in for embedded_meta.go while gen.go, built with the
// tag regdiffgen, writes it.
var embeddedMeta Meta
