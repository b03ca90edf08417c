package main

import (
	"encoding/json"
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
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output format: text, json or markdown")
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
	port     int       // port query: the port asked about
	pr       registry.PortRange
}

type showRow struct {
	registry.Entry
	Class string `json:"class,omitempty"`
}

func runShow(e *env, g *globalOptions, opts *showOptions) error {
	if err := checkFormat(opts.format, "text", "json", "markdown"); err != nil {
		return err
	}
	proto, err := registry.ParseProtocol(opts.proto)
	if err != nil {
		return usagef("--proto: %v", err)
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep := &showReport{Query: opts.query, Registry: meta.Name, port: -1}
	var rows []registry.Entry
	switch pr, isPort, err := parseQuery(opts.query); {
	case err != nil:
		return usagef("%v", err)
	case isPort:
		rep.pr = pr
		rep.Class = pr.Class().String()
		rep.Type = "range"
		if pr.Len() == 1 {
			rep.Type, rep.port = "port", pr.Lo()
		}
		rows = reg.Range(pr)
	default:
		rep.Type = "name"
		rows = reg.Name(opts.query)
		for _, r := range rows {
			for _, s := range reg.Siblings(r) {
				if proto == registry.NoProto || s.Proto == proto {
					rep.Siblings = appendUnique(rep.Siblings, s)
				}
			}
		}
	}
	slices.SortFunc(rep.Siblings, func(a, b showRow) int { return registry.Compare(a.Entry, b.Entry) })
	for _, r := range rows {
		if proto == registry.NoProto || r.Proto == proto || r.Proto == registry.NoProto {
			rep.Rows = append(rep.Rows, newShowRow(r))
		}
	}
	if rep.Rows == nil {
		rep.Rows = []showRow{}
	}

	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Rows) == 0 {
		if opts.format != "text" {
			return errFound
		}
		return &notFoundError{rep.nothing(opts.proto)}
	}
	return nil
}

func newShowRow(r registry.Entry) showRow {
	row := showRow{Entry: r}
	if r.HasPort() {
		row.Class = r.Ports.Class().String()
	}
	return row
}

func appendUnique(rows []showRow, e registry.Entry) []showRow {
	for _, r := range rows {
		if r.Entry == e {
			return rows
		}
	}
	return append(rows, newShowRow(e))
}

// parseQuery reads "80" and "855-859" as ports; anything else is a name.
func parseQuery(q string) (pr registry.PortRange, isPort bool, err error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return pr, false, fmt.Errorf("empty query: want a port, a name, or LO-HI")
	}
	if strings.Trim(q, "0123456789-") != "" || strings.Trim(q, "-") == "" {
		return pr, false, nil // a name, possibly one that starts with digits: 3com-tsmux
	}
	pr, err = registry.ParsePortRange(q)
	return pr, err == nil, err
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
		if r.pr.Class() == registry.Dynamic {
			return fmt.Sprintf("port %d has no registry row%s: it is a dynamic port (49152-65535), which IANA never assigns", r.port, in)
		}
		return fmt.Sprintf("port %d has no registry row%s in registry %s (%s port)", r.port, in, r.Registry, r.Class)
	}
	return fmt.Sprintf("no registry row%s overlaps %s in registry %s", in, r.pr, r.Registry)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
