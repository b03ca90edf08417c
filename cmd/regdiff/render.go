package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/spf13/pflag"
)

// report is a command's result: its JSON is the value itself; text and
// markdown are views of it.
type report interface {
	text(w io.Writer, st styler) error
	markdown(w io.Writer) error
}

// formats are the values of --format.
var formats = []string{"text", "json", "markdown"}

// formatValue is --format: checked when the flag is parsed.
type formatValue string

func (f *formatValue) String() string { return string(*f) }
func (f *formatValue) Type() string   { return "format" }
func (f *formatValue) Set(s string) error {
	if !slices.Contains(formats, s) {
		return fmt.Errorf("unknown format %q: want %s", s, strings.Join(formats, ", "))
	}
	*f = formatValue(s)
	return nil
}

// addFormatFlag adds --format (-f) to a report's flags.
func addFormatFlag(fs *pflag.FlagSet, p *string) {
	*p = "text"
	fs.VarP((*formatValue)(p), "format", "f", "output format: "+strings.Join(formats, ", "))
}

// render writes a report in the format --format names.
func render(e *env, format string, r report) error {
	switch format {
	case "json":
		return writeJSON(e.stdout, r)
	case "markdown":
		return r.markdown(e.stdout)
	}
	return r.text(e.stdout, styler(e.color()))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// styler colors text when asked to, and passes it through otherwise.
type styler bool

func (s styler) wrap(code, text string) string {
	if !s {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s styler) bold(text string) string { return s.wrap("1", text) }

func (s styler) kind(k registry.Kind) string {
	code := map[registry.Kind]string{
		registry.Assigned: "32", registry.NameOnly: "36", registry.Reserved: "33",
		registry.Unassigned: "33", registry.Deregistered: "31", registry.Nameless: "35",
	}[k]
	return s.wrap(code, k.String())
}

// mdEscape keeps text from breaking a markdown table or turning into markup.
var mdEscape = strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`).Replace

// mdTable writes a markdown table, every cell escaped.
func mdTable(w io.Writer, header []string, rows [][]string) {
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, r := range rows {
		for i := range r {
			r[i] = mdEscape(r[i])
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
	}
}

func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// quoteOrNone shows a field's value in a change: quoted, or (none).
func quoteOrNone(s string) string {
	s = registry.Canon(s)
	if s == "" {
		return "(none)"
	}
	return fmt.Sprintf("%q", registry.Clip(s, 100))
}

// joinCounts writes "15 added, 8 renamed" for the keys in order with a
// count, or none when every count is zero.
func joinCounts[K ~string](order []K, counts map[K]int, none string) string {
	var parts []string
	for _, k := range order {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(parts) == 0 {
		return none
	}
	return strings.Join(parts, ", ")
}
