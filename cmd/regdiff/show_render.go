package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

// text renders the report for people: a heading, then one block per row
// with its fields aligned, then the sibling names.
func (r *showReport) text(w io.Writer, color bool) error {
	if len(r.Rows) == 0 {
		return nil // the error message says why
	}
	bw := bufio.NewWriter(w)
	st := styler(color)
	subject := fmt.Sprintf("%s %s", r.Type, r.Query)
	if r.Type == "name" {
		subject = fmt.Sprintf("name %q", r.Query)
	} else if r.Class != "" {
		subject += " (" + r.Class + ")"
	}
	fmt.Fprintf(bw, "%s: %s in registry %s\n", subject, plural(len(r.Rows), "row"), r.Registry)
	for _, row := range r.Rows {
		bw.WriteString("\n")
		label := row.Label()
		fmt.Fprintf(bw, "%s  %s", st.bold(label), st.kind(row.Kind))
		if row.Class != "" {
			fmt.Fprintf(bw, ", %s", row.Class)
		}
		if r.port >= 0 && row.Ports.Len() > 1 {
			fmt.Fprintf(bw, " (%d is part of this range of %d ports)", r.port, row.Ports.Len())
		}
		bw.WriteString("\n")
		for _, f := range fields(row.Entry) {
			writeField(bw, f[0], f[1])
		}
	}
	if len(r.Siblings) > 0 {
		fmt.Fprintf(bw, "\nother names on the same ports:\n")
		for _, s := range r.Siblings {
			fmt.Fprintf(bw, "  %s  %s\n", s.Label(), firstLine(s.Description))
		}
	}
	return bw.Flush()
}

// fields are the non-empty fields of a row, labelled, in registry order.
func fields(e registry.Entry) [][2]string {
	var out [][2]string
	for _, f := range [...][2]string{
		{"description", e.Description}, {"assignee", e.Assignee}, {"contact", e.Contact},
		{"registered", e.Registered.String()}, {"modified", e.Modified.String()},
		{"reference", e.Reference}, {"service code", e.ServiceCode},
		{"unauthorized", e.UnauthorizedUse}, {"notes", e.Notes},
	} {
		if strings.TrimSpace(f[1]) != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeField writes "  label  value", with the value's further lines
// indented under its first.
func writeField(w *bufio.Writer, label, value string) {
	const indent = "  "
	const width = 14
	first := true
	for _, line := range strings.Split(value, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if first {
			fmt.Fprintf(w, "%s%-*s%s\n", indent, width, label, line)
			first = false
		} else {
			fmt.Fprintf(w, "%s%*s%s\n", indent, width, "", line)
		}
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " ..."
	}
	return s
}

// markdown renders the report as a table, for issues and notes.
func (r *showReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## regdiff show %s\n\n", mdEscape(r.Query))
	fmt.Fprintf(bw, "Registry %s: %s.\n\n", r.Registry, plural(len(r.Rows), "row"))
	writeMDTable(bw, r.Rows)
	if len(r.Siblings) > 0 {
		fmt.Fprintf(bw, "\nOther names on the same ports:\n\n")
		writeMDTable(bw, r.Siblings)
	}
	return bw.Flush()
}

func writeMDTable(w io.Writer, rows []showRow) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "| name | port | protocol | kind | class | description | registered | modified | reference |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			mdEscape(r.Name), r.Ports, r.Proto, r.Kind, r.Class, mdEscape(registry.Canon(r.Description)),
			r.Registered, r.Modified, mdEscape(r.Reference))
	}
}

// mdEscape keeps text from breaking a markdown table or turning into markup.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`).Replace(s)
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
