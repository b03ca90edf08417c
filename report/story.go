package report

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
)

// Story is what show tells beyond the registry's rows: who holds the port,
// its life across the store, where it sits, this machine's view of it, and
// what the analyses warn about. Sections with nothing to say are empty and
// not shown.
type Story struct {
	People    []Holder             `json:"people,omitempty"`
	History   []diff.Event         `json:"history,omitempty"`
	Places    []registry.Placement `json:"places,omitempty"`
	Local     *Local               `json:"local,omitempty"`
	Listening []Listener           `json:"listening,omitempty"`
	Warnings  []Warning            `json:"warnings,omitempty"`
	// NoPeople says the registry read has no people data (it came from a
	// CSV): names could not be given.
	NoPeople bool `json:"no_people,omitempty"`
}

// Holder is a person or organisation a row names, from the people data.
type Holder struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Org     string `json:"org,omitempty"`
	Updated string `json:"updated,omitempty"` // when IANA last updated the person record
	Email   string `json:"email,omitempty"`   // only with --contacts
	Stale   bool   `json:"stale,omitempty"`   // the record is older than the stale-contact threshold
	Unknown bool   `json:"unknown,omitempty"` // the id is not in the people data
}

// Local is the local services file's view of the port or name.
type Local struct {
	File  string      `json:"file"`
	Lines []LocalLine `json:"lines"` // none: the file has no line for it
	Note  string      `json:"note"`  // what that means against the registry
}

// LocalLine is one line of the local file that names the port or name.
type LocalLine struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Listener is something listening on the port on this machine.
type Listener struct {
	Proto     string            `json:"protocol"`
	Address   string            `json:"address"`
	Processes []procnet.Process `json:"processes"`
}

// Warning is one thing an analysis says about a row.
type Warning struct {
	Row     string `json:"row"`
	Message string `json:"message"`
}

func (s *Story) text(bw *bufio.Writer, st Style) {
	section := func(title string) { fmt.Fprintf(bw, "\n%s\n", st.bold(title)) }
	if len(s.People) > 0 || s.NoPeople {
		section("who holds it")
		if s.NoPeople {
			fmt.Fprintf(bw, "  this registry was read from a CSV, which has no people data: only the ids in brackets are known\n")
		}
		for _, h := range s.People {
			fmt.Fprintf(bw, "  %s\n", h.line())
		}
	}
	if len(s.Warnings) > 0 {
		section("warnings")
		for _, w := range s.Warnings {
			fmt.Fprintf(bw, "  %s: %s\n", w.Row, w.Message)
		}
	}
	if len(s.Places) > 0 {
		section("where it sits")
		for _, p := range s.Places {
			fmt.Fprintf(bw, "  %s\n", placeText(p))
		}
	}
	if len(s.History) > 0 {
		section("its life across the store")
		for _, ev := range s.History {
			fmt.Fprintf(bw, "  %s  %s %s\n", ev.Snapshot, pad(string(ev.Type), 9), ev.Message)
		}
	}
	if s.Local != nil {
		section("this machine")
		for _, l := range s.Local.Lines {
			fmt.Fprintf(bw, "  %s:%d: %s\n", s.Local.File, l.Line, l.Text)
		}
		fmt.Fprintf(bw, "  %s\n", s.Local.Note)
		for _, l := range s.Listening {
			fmt.Fprintf(bw, "  listening: %s on %s, %s\n", l.Proto, l.Address, processes(l.Processes))
		}
	}
}

func (h Holder) line() string {
	who := h.Name
	if h.Org != "" {
		who = strings.TrimSpace(who + ", " + h.Org)
	}
	switch {
	case h.Unknown:
		return fmt.Sprintf("[%s]: not in the people data", h.ID)
	case who == "":
		who = "[" + h.ID + "]"
	}
	s := fmt.Sprintf("%s [%s]", who, h.ID)
	if h.Email != "" {
		s += " <" + h.Email + ">"
	}
	switch {
	case h.Updated == "":
		s += ", the person record has no date (the contact may be gone)"
	case h.Stale:
		s += ", person record last updated " + h.Updated + " (a long time ago: the contact may be gone)"
	default:
		s += ", person record last updated " + h.Updated
	}
	return s
}

func placeText(p registry.Placement) string {
	s := fmt.Sprintf("%d/%s: %s", p.Port, p.Proto, p.Status)
	if p.Run.Len() > 1 {
		s += fmt.Sprintf(", one of %s (%d ports)", p.Run, p.Run.Len())
	}
	var near []string
	if p.Below != nil {
		near = append(near, fmt.Sprintf("below %d %s", p.Below.Port, strings.Join(p.Below.Names, ",")))
	}
	if p.Above != nil {
		near = append(near, fmt.Sprintf("above %d %s", p.Above.Port, strings.Join(p.Above.Names, ",")))
	}
	if len(near) > 0 {
		s += "; nearest assigned: " + strings.Join(near, ", ")
	}
	return s
}

func processes(ps []procnet.Process) string {
	if len(ps) == 0 {
		return "process not readable"
	}
	return processText(ps)
}

func (s *Story) markdown(bw *bufio.Writer) {
	if len(s.People) > 0 {
		fmt.Fprintf(bw, "\n### Who holds it\n\n")
		for _, h := range s.People {
			fmt.Fprintf(bw, "- %s\n", MDEscape(h.line()))
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintf(bw, "\n### Warnings\n\n")
		for _, w := range s.Warnings {
			fmt.Fprintf(bw, "- %s: %s\n", MDEscape(w.Row), MDEscape(w.Message))
		}
	}
	if len(s.Places) > 0 {
		fmt.Fprintf(bw, "\n### Where it sits\n\n")
		for _, p := range s.Places {
			fmt.Fprintf(bw, "- %s\n", MDEscape(placeText(p)))
		}
	}
	if len(s.History) > 0 {
		fmt.Fprintf(bw, "\n### Its life across the store\n\n")
		var rows [][]string
		for _, ev := range s.History {
			rows = append(rows, []string{ev.Snapshot, string(ev.Type), ev.Message})
		}
		mdTable(bw, []string{"snapshot", "event", "what"}, rows)
	}
	if s.Local != nil {
		fmt.Fprintf(bw, "\n### This machine\n\n")
		for _, l := range s.Local.Lines {
			fmt.Fprintf(bw, "- `%s:%d`: %s\n", s.Local.File, l.Line, MDEscape(l.Text))
		}
		fmt.Fprintf(bw, "- %s\n", MDEscape(s.Local.Note))
		for _, l := range s.Listening {
			fmt.Fprintf(bw, "- listening: %s on %s, %s\n", l.Proto, l.Address, MDEscape(processes(l.Processes)))
		}
	}
}

// refLinks writes a row's references for markdown, RFCs and drafts as links.
func refLinks(e *registry.Entry) string {
	var parts []string
	for _, r := range e.References() {
		if u := r.URL(); u != "" {
			parts = append(parts, fmt.Sprintf("[%s](%s)", MDEscape(r.Data), u))
		} else {
			parts = append(parts, MDEscape(r.String()))
		}
	}
	return strings.Join(parts, " ")
}

// StoryInput is what a story is told from: the registry, the rows shown
// and the query, and what could be read of this machine and the store
// (nil when not).
type StoryInput struct {
	Registry     *registry.Registry
	Rows         []ShowRow
	Query        registry.Query
	Contacts     bool // e-mail addresses wanted
	History      []diff.Event
	Services     *services.File
	ServicesFile string
	Sockets      []procnet.Socket
}

// NewStory tells the rest of a port's story: the people its rows name,
// what the analyses warn about, where it sits, its history in the store,
// and this machine's file and listeners.
func NewStory(in StoryInput) *Story {
	s := &Story{History: in.History}
	reg, q := in.Registry, in.Query
	asr := reg.Assessor()
	var rows []registry.Entry
	for _, row := range in.Rows {
		for _, w := range registry.Warnings(asr, &row.Entry) {
			s.Warnings = append(s.Warnings, Warning{Row: row.Label(), Message: w})
		}
		rows = append(rows, row.Entry)
		s.NoPeople = s.NoPeople || reg.People == nil && len(row.PersonIDs()) > 0
	}
	s.People = Holders([]diff.Event{{Change: diff.Change{New: rows}}}, reg.People, reg.Date())
	for i := range s.People {
		if p, ok := reg.Person(s.People[i].ID); ok && in.Contacts {
			s.People[i].Email = p.Email()
		}
	}
	if q.IsPort() && q.Ports.Len() == 1 {
		for _, p := range []registry.Protocol{registry.TCP, registry.UDP} {
			s.Places = append(s.Places, reg.Place(q.Ports.Lo(), p, reg.PortStatus(p)))
		}
	}
	if in.Services != nil {
		s.Local = localView(in.Services, in.ServicesFile, q, in.Rows)
	}
	for _, sk := range in.Sockets {
		if q.IsPort() && q.Ports.Contains(sk.Port) || !q.IsPort() && slices.ContainsFunc(in.Rows, func(r ShowRow) bool { return r.Ports.Contains(sk.Port) }) {
			s.Listening = append(s.Listening, Listener{Proto: sk.Proto, Address: fmt.Sprintf("%s:%d", sk.Addr, sk.Port), Processes: sk.Processes})
		}
	}
	return s
}

// localView says what the local services file has for the port or name.
func localView(sf *services.File, file string, q registry.Query, rows []ShowRow) *Local {
	l := &Local{File: file, Lines: []LocalLine{}}
	var names []string
	for _, le := range sf.Entries {
		if q.IsPort() && q.Ports.Contains(le.Port) || !q.IsPort() && (strings.EqualFold(le.Name, q.Text) || slices.ContainsFunc(le.Aliases, func(a string) bool { return strings.EqualFold(a, q.Text) })) {
			if len(l.Lines) == 0 || l.Lines[len(l.Lines)-1].Line != le.Line {
				l.Lines = append(l.Lines, LocalLine{Line: le.Line, Text: le.Text})
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
