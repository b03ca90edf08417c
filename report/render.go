package report

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/rivo/uniseg"
)

// Report is a command's result: its JSON is the value itself; text and
// markdown are views of it.
type Report interface {
	Text(w io.Writer, st Style) error
	Markdown(w io.Writer) error
}

// Render writes r as format: text (colored when color is set), json or
// markdown.
func Render(w io.Writer, format string, r Report, color bool) error {
	if format == "json" {
		return WriteJSON(w, r)
	}
	escapeAll(reflect.ValueOf(r))
	if format == "markdown" {
		return r.Markdown(w)
	}
	return r.Text(w, Style(color))
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Width is the number of columns s takes on a terminal: escape sequences
// take none, wide characters two (uniseg measures grapheme clusters as
// terminals draw them).
func Width(s string) int { return uniseg.StringWidth(Strip(s)) }

// Strip removes the escape sequences Style writes (CSI ... m), leaving
// what the eye sees.
func Strip(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexFunc(s[i+2:], func(r rune) bool { return r >= 0x40 && r <= 0x7e })
		if j < 0 {
			s = ""
			break
		}
		s = s[i+2+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// pad fills s with spaces to width columns as the eye sees them: escape
// sequences take none, wide characters two.
func pad(s string, width int) string {
	if n := Width(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// table writes rows as columns two spaces apart, each as wide as its widest
// cell as the eye sees it, so styled cells line up; the last cell of a row
// is not padded.
func table(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r[:len(r)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], Width(c))
		}
	}
	var line strings.Builder
	for _, r := range rows {
		line.Reset()
		for i, c := range r[:len(r)-1] {
			line.WriteString(pad(c, widths[i]+2))
		}
		line.WriteString(r[len(r)-1])
		io.WriteString(w, strings.TrimRight(line.String(), " ")+"\n") //nolint:errcheck // w is a bufio.Writer, checked at Flush
	}
}

// Style colors text when asked to, and passes it through otherwise.
type Style bool

func (s Style) wrap(code, text string) string {
	if !s {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s Style) bold(text string) string { return s.wrap("1", text) }

func (s Style) kind(k registry.Kind) string {
	code := map[registry.Kind]string{
		registry.Assigned: "32", registry.NameOnly: "36", registry.Reserved: "33",
		registry.Unassigned: "33", registry.Deregistered: "31", registry.Nameless: "35",
	}[k]
	return s.wrap(code, k.String())
}

// MDEscape keeps text from breaking a markdown table or turning into markup.
var MDEscape = strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`).Replace

// mdTable writes a markdown table, every cell escaped.
func mdTable(w io.Writer, header []string, rows [][]string) { mdTableRaw(w, header, rows, -1) }

// mdTableRaw is mdTable with column raw, already markdown, not escaped.
func mdTableRaw(w io.Writer, header []string, rows [][]string, raw int) {
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, r := range rows {
		for i := range r {
			if i != raw {
				r[i] = MDEscape(r[i])
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
	}
}

func Plural(n int, noun string) string {
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
