package console

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func testEnv(vars map[string]string, tty bool, height int) *Env {
	e := New(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	e.Getenv = func(k string) string { return vars[k] }
	e.LookupEnv = func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	e.IsTTY = tty
	if tty {
		e.TermSize = func() (int, int, error) { return 10, height, nil }
	}
	return e
}

func TestPagerChoice(t *testing.T) {
	for _, tc := range []struct {
		vars    map[string]string
		tty     bool
		noPager bool
		want    string
	}{
		{map[string]string{}, true, false, DefaultPager},
		{map[string]string{}, false, false, ""},
		{map[string]string{}, true, true, ""},
		{map[string]string{"PAGER": "more"}, true, false, "more"},
		{map[string]string{"PAGER": "more", "REGDIFF_PAGER": " most "}, true, false, "most"},
		{map[string]string{"PAGER": ""}, true, false, ""},
		{map[string]string{"PAGER": "cat"}, true, false, ""},
	} {
		e := testEnv(tc.vars, tc.tty, 24)
		e.NoPager = tc.noPager
		if got := e.Pager(); got != tc.want {
			t.Errorf("%v tty=%v no-pager=%v: pager %q, want %q", tc.vars, tc.tty, tc.noPager, got, tc.want)
		}
	}
}

func TestFitsScreen(t *testing.T) {
	e := testEnv(nil, true, 3)
	if !e.FitsScreen([]byte("a\nb\n")) {
		t.Error("two short lines do not fit three rows")
	}
	if e.FitsScreen([]byte("a\nb\nc\n")) {
		t.Error("three lines fit three rows, leaving none for the prompt")
	}
	if e.FitsScreen([]byte(strings.Repeat("x", 25) + "\n")) {
		t.Error("a line wrapping to three rows fits three rows")
	}
	if testEnv(nil, false, 0).FitsScreen([]byte("a\n")) {
		t.Error("no terminal: an unknown size fits")
	}
}

func TestColorAndClock(t *testing.T) {
	for _, tc := range []struct {
		mode string
		vars map[string]string
		tty  bool
		want bool
	}{
		{"auto", nil, true, true},
		{"auto", nil, false, false},
		{"auto", map[string]string{"NO_COLOR": "1"}, true, false},
		{"auto", map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{"auto", map[string]string{"CLICOLOR_FORCE": "0"}, false, false},
		{"auto", map[string]string{"TERM": "dumb"}, true, false},
		{"always", map[string]string{"NO_COLOR": "1"}, false, true},
		{"never", nil, true, false},
	} {
		e := testEnv(tc.vars, tc.tty, 24)
		e.ColorMode = tc.mode
		if got := e.Color(); got != tc.want {
			t.Errorf("--color %s %v tty=%v: %v, want %v", tc.mode, tc.vars, tc.tty, got, tc.want)
		}
	}
	e := testEnv(map[string]string{"SOURCE_DATE_EPOCH": "86400"}, false, 0)
	if got := e.Clock(); !got.Equal(time.Unix(86400, 0)) {
		t.Errorf("SOURCE_DATE_EPOCH=86400: clock %v", got)
	}
}
