package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/regdiff/regdiff/services"
	"github.com/spf13/cobra"
)

type showOptions struct {
	query    string
	proto    string
	format   string
	brief    bool
	contacts bool
	services string
	proc     string
}

func newShowCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show PORT|NAME|LO-HI",
		Short: "Show every registry row for a port, a service name, or a port range",
		Long:  help("show"),
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
	cmd.Flags().BoolVar(&opts.brief, "brief", false, "the registry rows only, not the rest of the story")
	cmd.Flags().BoolVar(&opts.contacts, "contacts", false, "show the e-mail addresses of the people named (kept out of output by default)")
	cmd.Flags().StringVar(&opts.services, "services", defaultServices, "the local services file, for this machine's view")
	cmd.Flags().StringVar(&opts.proc, "proc", "/proc", "the proc file system, for what listens here")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
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
	rep := &report.Show{Query: opts.query, Registry: meta.Name, Asked: q, Type: "name", Rows: []report.ShowRow{}}
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
				if s.On(proto) && !slices.ContainsFunc(rep.Siblings, func(o report.ShowRow) bool { return o.Entry == s }) {
					rep.Siblings = append(rep.Siblings, report.NewShowRow(s))
				}
			}
		}
	}
	slices.SortFunc(rep.Siblings, func(a, b report.ShowRow) int { return registry.Compare(a.Entry, b.Entry) })
	for _, r := range rows {
		if r.On(proto) {
			rep.Rows = append(rep.Rows, report.NewShowRow(r))
		}
	}
	if !opts.brief && len(rep.Rows) > 0 {
		if rep.Story, err = story(e, g, opts, reg, rep); err != nil {
			return err
		}
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Rows) == 0 && opts.format == "text" {
		return &notFoundError{rep.Nothing(opts.proto)}
	}
	return nonEmpty(len(rep.Rows))
}

// staleContact is how old a person record may be, against the registry's
// own date, before show calls the contact stale.
const staleContact = 15

// story gathers the rest of a port's story: the people its rows name, what
// the analyses warn about, where it sits, its history in the store, and
// this machine's file and listeners. A part that cannot be read here (no
// store, no services file, no /proc) is left out.
func story(e *env, g *globalOptions, opts *showOptions, reg *registry.Registry, rep *report.Show) (*report.Story, error) {
	s := &report.Story{}
	seen := map[string]bool{}
	cutoff := reg.Date()
	cutoff.Year -= staleContact
	for _, row := range rep.Rows {
		for _, w := range registry.Warnings(&row.Entry) {
			s.Warnings = append(s.Warnings, report.Warning{Row: row.Label(), Message: w})
		}
		for _, id := range row.PersonIDs() {
			if seen[id] {
				continue
			}
			seen[id] = true
			if reg.People == nil {
				s.NoPeople = true
				continue
			}
			p, ok := reg.Person(id)
			h := report.Holder{ID: id, Name: p.Name, Org: p.Org, Updated: p.Updated.String(), Unknown: !ok, Stale: ok && p.Updated.Before(cutoff)}
			if opts.contacts {
				h.Email = p.Email()
			}
			s.People = append(s.People, h)
		}
	}
	q := rep.Asked
	if q.IsPort() && q.Ports.Len() == 1 {
		for _, p := range []registry.Protocol{registry.TCP, registry.UDP} {
			s.Places = append(s.Places, reg.Place(q.Ports.Lo(), p, reg.PortStatus(p)))
		}
	}
	st := g.store(e)
	if list, err := st.List(); err == nil && len(list) > 1 {
		if _, s.History, err = storeHistory(st, list, q); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(opts.services); err == nil {
		sf, err := readServices(e, opts.services)
		if err != nil {
			return nil, err
		}
		s.Local = localView(sf, opts.services, q, rep.Rows)
	}
	if socks, err := procnet.Listening(opts.proc); err == nil {
		for _, sk := range socks.Sockets {
			if q.IsPort() && q.Ports.Contains(sk.Port) || !q.IsPort() && slices.ContainsFunc(rep.Rows, func(r report.ShowRow) bool { return r.Ports.Contains(sk.Port) }) {
				s.Listening = append(s.Listening, report.Listener{Proto: sk.Proto, Address: fmt.Sprintf("%s:%d", sk.Addr, sk.Port), Processes: sk.Processes})
			}
		}
	}
	return s, nil
}

// localView says what the local services file has for the port or name.
func localView(sf *services.File, file string, q registry.Query, rows []report.ShowRow) *report.Local {
	l := &report.Local{File: file, Lines: []report.LocalLine{}}
	var names []string
	for _, le := range sf.Entries {
		if q.IsPort() && q.Ports.Contains(le.Port) || !q.IsPort() && (strings.EqualFold(le.Name, q.Text) || slices.ContainsFunc(le.Aliases, func(a string) bool { return strings.EqualFold(a, q.Text) })) {
			if len(l.Lines) == 0 || l.Lines[len(l.Lines)-1].Line != le.Line {
				l.Lines = append(l.Lines, report.LocalLine{Line: le.Line, Text: le.Text})
			}
			names = append(names, le.Name)
		}
	}
	var regNames []string
	for _, r := range rows {
		if r.Name != "" {
			regNames = append(regNames, r.Name)
		}
	}
	switch {
	case len(l.Lines) == 0:
		l.Note = fmt.Sprintf("%s has no line for %s", file, q.Text)
	case len(regNames) > 0 && !slices.ContainsFunc(names, func(n string) bool {
		return slices.ContainsFunc(regNames, func(r string) bool { return strings.EqualFold(n, r) })
	}):
		l.Note = fmt.Sprintf("%s calls it %s; the registry, %s", file, strings.Join(slices.Compact(names), ", "), strings.Join(slices.Compact(regNames), ", "))
	default:
		l.Note = fmt.Sprintf("%s has it as the registry does", file)
	}
	return l
}
