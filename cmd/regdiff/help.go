package main

import (
	"embed"
	"strings"
)

// The long help of each command is a text file of its own in help/: prose
// is easier to edit there than in a Go string, and the man pages and the
// markdown reference are made from it through cobra.
//
//go:embed help/*.txt
var helpFiles embed.FS

// help is the long help of a command, help/NAME.txt.
func help(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("regdiff: no help/" + name + ".txt") // a build without it is broken
	}
	return strings.TrimRight(string(b), "\n")
}
