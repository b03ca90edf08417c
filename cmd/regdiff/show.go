package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/spf13/cobra"
)

type showOptions struct {
	query  string
	proto  string
	format string
}

func newShowCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show PORT|NAME|LO-HI",
		Short: "Show every registry row for a port, a service name, or a port range",
		Long: `Show prints every registry row for a port (all protocols; a port inside a
range row such as 856 in 855-859 finds that row), a service name (compared
case-insensitively; the other names on the same ports follow), or a port
range LO-HI (every row that overlaps it): its kind, range class, dates,
assignee, references and notes.

Exit status: 0 when rows were found, 1 when none was, 2 on trouble.`,
		Example: `  regdiff show 80
  regdiff show http --proto tcp
  regdiff show 855-859 --format json`,
		Args: exactArgs(1, "one PORT, NAME or LO-HI"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = args[0]
			return runShow(e, g, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.proto, "proto", "p", "", "only rows of this protocol (tcp, udp, sctp, dccp); rows with no protocol are kept")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

// showReport is what show found; the JSON output is this value, and the
// text and markdown views are rendered from it.
type showReport struct {
	Query    string    `json:"query"`
	Type     string    `json:"type"` // port, range or name
	Registry string    `json:"registry"`
	Class    string    `json:"class,omitempty"` // of the port or range asked about
	Rows     []showRow `json:"rows"`
	Siblings []showRow `json:"siblings,omitempty"` // name query: other names on the same port/protocol
	q        registry.Query
}

type showRow struct {
	registry.Entry
	Class string `json:"class,omitempty"`
}

func runShow(e *env, g *globalOptions, opts *showOptions) error {
	proto, err := protoFlag("--proto", opts.proto)
	if err != nil {
		return err
	}
	q, err := registry.ParseQuery(opts.query)
	if err != nil {
		return usagef("%v", err)
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep := &showReport{Query: opts.query, Registry: meta.Name, q: q, Type: "name", Rows: []showRow{}}
	var rows []registry.Entry
	if q.IsPort() {
		rep.Class = q.Ports.Class().String()
		rep.Type = "range"
		if q.Ports.Len() == 1 {
			rep.Type = "port"
		}
		rows = reg.Range(q.Ports)
	} else {
		rows = reg.Name(opts.query)
		for _, r := range rows {
			for _, s := range reg.Siblings(r) {
				if s.On(proto) && !slices.ContainsFunc(rep.Siblings, func(o showRow) bool { return o.Entry == s }) {
					rep.Siblings = append(rep.Siblings, newShowRow(s))
				}
			}
		}
	}
	slices.SortFunc(rep.Siblings, func(a, b showRow) int { return registry.Compare(a.Entry, b.Entry) })
	for _, r := range rows {
		if r.On(proto) {
			rep.Rows = append(rep.Rows, newShowRow(r))
		}
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Rows) == 0 && opts.format == "text" {
		return &notFoundError{rep.nothing(opts.proto)}
	}
	return nonEmpty(len(rep.Rows))
}

func newShowRow(r registry.Entry) showRow {
	row := showRow{Entry: r}
	if r.HasPort() {
		row.Class = r.Ports.Class().String()
	}
	return row
}

// nothing explains an empty result.
func (r *showReport) nothing(proto string) string {
	in := ""
	if proto != "" {
		in = " for " + proto
	}
	switch r.Type {
	case "name":
		return fmt.Sprintf("no registry row named %q%s in registry %s (names compare case-insensitively; try a port number, or regdiff show with part of a range)", r.Query, in, r.Registry)
	case "port":
		if r.q.Ports.Class() == registry.Dynamic {
			return fmt.Sprintf("port %d has no registry row%s: it is a dynamic port (49152-65535), which IANA never assigns", r.q.Ports.Lo(), in)
		}
		return fmt.Sprintf("port %d has no registry row%s in registry %s (%s port)", r.q.Ports.Lo(), in, r.Registry, r.Class)
	}
	return fmt.Sprintf("no registry row%s overlaps %s in registry %s", in, r.q.Ports, r.Registry)
}

// text renders the report for people: a heading, then one block per row
// with its fields aligned, then the sibling names.
func (r *showReport) text(w io.Writer, st styler) error {
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
	fmt.Fprintf(bw, "%s: %s in registry %s\n", subject, plural(len(r.Rows), "row"), r.Registry)
	for _, row := range r.Rows {
		fmt.Fprintf(bw, "\n%s  %s", st.bold(row.Label()), st.kind(row.Kind))
		if row.Class != "" {
			fmt.Fprintf(bw, ", %s", row.Class)
		}
		if r.Type == "port" && row.Ports.Len() > 1 {
			fmt.Fprintf(bw, " (%d is part of this range of %d ports)", r.q.Ports.Lo(), row.Ports.Len())
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
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, []string{r.Name, r.Ports.String(), string(r.Proto), r.Kind.String(), r.Class,
			registry.Canon(r.Description), r.Registered.String(), r.Modified.String(), r.Reference})
	}
	mdTable(w, []string{"name", "port", "protocol", "kind", "class", "description", "registered", "modified", "reference"}, cells)
}
