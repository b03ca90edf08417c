package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/regdiff/regdiff/services"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":          "plain",
		"tab\tand\nline": "tab\tand\nline",
		"nul\x00":        `nul\x00`,
		"\x1b[31mred":    `\x1b[31mred`,
		"bad \xff utf8":  `bad \xff utf8`,
		"del\x7f":        `del\x7f`,
		"c1 \u0085 ok é": `c1 \xc2\x85 ok é`,
		"Gaëtan 端口 ????": "Gaëtan 端口 ????",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRenderEscapes renders a report holding raw control bytes: text and
// markdown show them escaped, JSON keeps them (escaped by JSON itself).
func TestRenderEscapes(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "markdown"} {
		rep := &Lint{File: "f\x1b[2J", Findings: []services.Warning{{Line: 1, Code: "x", Msg: "name \x00\xff"}}, Summary: map[string]int{"x": 1}}
		var b bytes.Buffer
		if err := Render(&b, format, rep, false); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x00\x1b") || !utf8.ValidString(b.String()) {
			t.Errorf("%s output holds raw control bytes: %q", format, b.String())
		}
	}
	var b bytes.Buffer
	Render(&b, "json", &Lint{File: "f\x1b", Summary: map[string]int{}}, false) //nolint:errcheck // a bytes.Buffer
	if !strings.Contains(b.String(), `f\u001b`) {
		t.Errorf("json: %s", b.String())
	}
}

// TestEscapeAllRecursiveType: a type that holds itself is walked through
// the cycle, and fields that hold no string are skipped.
func TestEscapeAllRecursiveType(t *testing.T) {
	t.Parallel()
	type node struct {
		Name string
		Kids []node
		Port int
	}
	v := &node{Name: "a\x1b", Kids: []node{{Name: "b\x07", Kids: []node{{Name: "c\x00"}}}}}
	escapeAll(reflect.ValueOf(v))
	if v.Name != `a\x1b` || v.Kids[0].Name != `b\x07` || v.Kids[0].Kids[0].Name != `c\x00` {
		t.Errorf("not every name escaped: %q %q %q", v.Name, v.Kids[0].Name, v.Kids[0].Kids[0].Name)
	}
}
