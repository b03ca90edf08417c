// Package diff compares registries with each other and with services files, and renders text diffs.
package diff
