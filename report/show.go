package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

// Show is what show found; the JSON output is this value, and the
// text and markdown views are rendered from it.
type Show struct {
	Query    string         `json:"query"`
	Type     string         `json:"type"` // port, range or name
	Registry string         `json:"registry"`
	Class    string         `json:"class,omitempty"` // of the port or range asked about
	Rows     []ShowRow      `json:"rows"`
	Siblings []ShowRow      `json:"siblings,omitempty"` // name query: other names on the same port/protocol
	Asked    registry.Query `json:"-"`                  // the query parsed
	// Story is the rest of the port's story; nil with --brief.
	*Story
}

type ShowRow struct {
	registry.Entry
	Class string `json:"class,omitempty"`
}

func NewShowRow(r registry.Entry) ShowRow {
	row := ShowRow{Entry: r}
	if r.HasPort() {
		row.Class = r.Ports.Class().String()
	}
	return row
}

// nothing explains an empty result.
func (r *Show) Nothing(proto string) string {
	in := ""
	if proto != "" {
		in = " for " + proto
	}
	switch r.Type {
	case "name":
		return fmt.Sprintf("no registry row named %q%s in registry %s (names compare case-insensitively; try a port number, or regdiff show with part of a range)", r.Query, in, r.Registry)
	case "port":
		if r.Asked.Ports.Class() == registry.Dynamic {
			return fmt.Sprintf("port %d has no registry row%s: it is a dynamic port (49152-65535), which IANA never assigns", r.Asked.Ports.Lo(), in)
		}
		return fmt.Sprintf("port %d has no registry row%s in registry %s (%s port)", r.Asked.Ports.Lo(), in, r.Registry, r.Class)
	}
	return fmt.Sprintf("no registry row%s overlaps %s in registry %s", in, r.Asked.Ports, r.Registry)
}

// text renders the report for people: a heading, then one block per row
// with its fields aligned, then the sibling names.
func (r *Show) Text(w io.Writer, st Style) error {
	if len(r.Rows) == 0 {
		return nil // the error message says why
	}
	bw := bufio.NewWriter(w)
	subject := fmt.Sprintf("%s %s", r.Type, r.Query)
	if r.Type == "name" {
		subject = fmt.Sprintf("name %q", r.Query)
	} else if r.Class != "" {
		subject += " (" + r.Class + ")"
	}
	fmt.Fprintf(bw, "%s: %s in registry %s\n", subject, Plural(len(r.Rows), "row"), r.Registry)
	for _, row := range r.Rows {
		fmt.Fprintf(bw, "\n%s  %s", st.bold(row.Label()), st.kind(row.Kind))
		if row.Class != "" {
			fmt.Fprintf(bw, ", %s", row.Class)
		}
		if r.Type == "port" && row.Ports.Len() > 1 {
			fmt.Fprintf(bw, " (%d is part of this range of %d ports)", r.Asked.Ports.Lo(), row.Ports.Len())
		}
		bw.WriteString("\n")
		for _, c := range registry.TextColumns {
			writeField(bw, c.Label(), row.Field(c))
		}
	}
	if len(r.Siblings) > 0 {
		fmt.Fprintf(bw, "\nother names on the same ports:\n")
		for _, s := range r.Siblings {
			fmt.Fprintf(bw, "  %s  %s\n", s.Label(), firstLine(s.Description))
		}
	}
	if r.Story != nil {
		r.Story.text(bw, st)
	}
	return bw.Flush()
}

// writeField writes "  label  value", with the value's further lines
// indented under its first; an empty value writes nothing.
func writeField(w *bufio.Writer, label, value string) {
	width := max(14, len(label)+2)
	first := true
	for _, line := range strings.Split(value, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if first {
			fmt.Fprintf(w, "  %-*s%s\n", width, label, line)
			first = false
		} else {
			fmt.Fprintf(w, "  %*s%s\n", width, "", line)
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
func (r *Show) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## regdiff show %s\n\n", MDEscape(r.Query))
	fmt.Fprintf(bw, "Registry %s: %s.\n\n", r.Registry, Plural(len(r.Rows), "row"))
	writeMDTable(bw, r.Rows)
	if len(r.Siblings) > 0 {
		fmt.Fprintf(bw, "\nOther names on the same ports:\n\n")
		writeMDTable(bw, r.Siblings)
	}
	if r.Story != nil {
		r.Story.markdown(bw)
	}
	return bw.Flush()
}

func writeMDTable(w io.Writer, rows []ShowRow) {
	if len(rows) == 0 {
		return
	}
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, []string{r.Name, r.Ports.String(), string(r.Proto), r.Kind.String(), r.Class,
			registry.Canon(r.Description), r.Registered.String(), r.Modified.String(), refLinks(&r.Entry)})
	}
	mdTableRaw(w, []string{"name", "port", "protocol", "kind", "class", "description", "registered", "modified", "reference"}, cells, 8)
}

// NewShow is the registry's rows for q (the text asked, parsed) on proto
// (NoProto: any): the rows of a port or range, or those of a name with the
// other names on their ports.
func NewShow(reg *registry.Registry, registryName, text string, q registry.Query, proto registry.Protocol) *Show {
	rep := &Show{Query: text, Registry: registryName, Asked: q, Type: "name", Rows: []ShowRow{}}
	var rows []registry.Entry
	if q.IsPort() {
		rep.Class = q.Ports.Class().String()
		rep.Type = "range"
		if q.Ports.Len() == 1 {
			rep.Type = "port"
		}
		rows = reg.Range(q.Ports)
	} else {
		rows = reg.Name(text)
		for _, r := range rows {
			for _, s := range reg.Siblings(r) {
				if s.On(proto) && !slices.ContainsFunc(rep.Siblings, func(o ShowRow) bool { return o.Entry == s }) {
					rep.Siblings = append(rep.Siblings, NewShowRow(s))
				}
			}
		}
	}
	slices.SortFunc(rep.Siblings, func(a, b ShowRow) int { return registry.Compare(a.Entry, b.Entry) })
	for _, r := range rows {
		if r.On(proto) {
			rep.Rows = append(rep.Rows, NewShowRow(r))
		}
	}
	return rep
}
