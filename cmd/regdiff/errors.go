package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// errFound is returned by a command that found what it reports (differences,
// or nothing for a query): exit 1, and the report says why.
var errFound = errors.New("found")

// notFoundError is exit 1 with a message: the thing asked about does not
// exist.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

// usageError is bad usage: exit 2 with a hint to read --help.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitCode is the one place where errors become exit codes and messages.
func exitCode(err error, stderr io.Writer) int {
	var nf *notFoundError
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFound):
		return 1
	case errors.As(err, &nf):
		fmt.Fprintf(stderr, "regdiff: %s\n", oneLine(nf.msg))
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "regdiff: %s (see regdiff --help)\n", oneLine(ue.Error()))
		return 2
	}
	fmt.Fprintf(stderr, "regdiff: %s\n", oneLine(err.Error()))
	return 2
}

// oneLine keeps an error message on one line whatever text it quotes.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
