package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit status 1 without a message: the report on stdout says what.
var (
	// errFindings: the command found what it reports (differences,
	// findings, changes, something suspicious).
	errFindings = errors.New("findings")
	// errNoResult: the query matched nothing; the report shows an empty
	// result (JSON and markdown, where a message would be in the way).
	errNoResult = errors.New("no result")
)

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
	case errors.Is(err, errFindings), errors.Is(err, errNoResult):
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

// found is errFindings when n > 0: exit 1 when something was found.
func found(n int) error {
	if n > 0 {
		return errFindings
	}
	return nil
}

// nonEmpty is errNoResult when n == 0.
func nonEmpty(n int) error {
	if n == 0 {
		return errNoResult
	}
	return nil
}
