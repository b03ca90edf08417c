// Package layering holds the test that keeps the packages' imports
// pointing one way, as DESIGN.md draws them.
package layering
