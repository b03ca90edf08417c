package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
)

// Diff is what diff prints; JSON is this value.
type Diff struct {
	Old string `json:"old"`
	New string `json:"new"`
	*diff.Changes
	// People is what changed in the people data, apart from the rows; nil
	// when not compared (the sync changelog).
	People *diff.PeopleChanges `json:"people,omitempty"`
	// PeopleFrom says where a side's people came from when its own
	// snapshot, read from a CSV, had none.
	PeopleFrom string `json:"people_from,omitempty"`
}

// peopleText writes the people section of a diff.
func (r *Diff) peopleText(bw *bufio.Writer, md bool) {
	p := r.People
	if p == nil {
		return
	}
	head := "\npeople\n"
	if md {
		head = "\n### people\n\n"
	}
	bw.WriteString(head)
	item := func(format string, args ...any) {
		if md {
			bw.WriteString("- ")
		} else {
			bw.WriteString("  ")
		}
		fmt.Fprintf(bw, format+"\n", args...)
	}
	if r.PeopleFrom != "" {
		item("%s", r.PeopleFrom)
	}
	if p.Missing != "" {
		item("not compared: the %s registry was read from a CSV, which has no people data", p.Missing)
		return
	}
	for _, c := range p.Changed {
		var parts []string
		for _, f := range c.Fields {
			parts = append(parts, fmt.Sprintf("%s %s -> %s", f.Field, quoteOrNone(f.Old), quoteOrNone(f.New)))
		}
		if c.Address {
			parts = append(parts, "address changed")
		}
		item("changed %s: %s", c.ID, strings.Join(parts, "; "))
	}
	for _, a := range p.Added {
		item("added %s: %s", a.ID, strings.Trim(a.Name+", "+a.Org, ", "))
	}
	for _, a := range p.Removed {
		item("removed %s: %s", a.ID, strings.Trim(a.Name+", "+a.Org, ", "))
	}
	item("%d changed, %d added, %d removed", len(p.Changed), len(p.Added), len(p.Removed))
}

// ChangeCounts is "15 added, 8 renamed", or "no changes"; formatting-only
// rows are not changes.
func ChangeCounts(cs *diff.Changes) string {
	return joinCounts(diff.ChangeTypes, cs.Summary, "no changes")
}

// writeChanges lists changes by type, each with its changed fields; md
// writes a markdown list instead of indented text.
func writeChanges(w io.Writer, st Style, cs *diff.Changes, md bool) {
	for _, typ := range diff.ChangeTypes {
		if cs.Summary[typ] == 0 {
			continue
		}
		if md {
			fmt.Fprintf(w, "\n### %s\n\n", typ)
		} else {
			fmt.Fprintf(w, "\n%s (%d)\n", st.bold(string(typ)), cs.Summary[typ])
		}
		for _, c := range cs.Changes {
			if c.Type != typ {
				continue
			}
			if md {
				fmt.Fprintf(w, "- %s\n", MDEscape(strings.ReplaceAll(c.Message, " -> ", " → ")))
			} else {
				fmt.Fprintf(w, "  %s\n", c.Message)
			}
			for _, f := range c.Fields {
				if md {
					fmt.Fprintf(w, "  - %s: %s → %s\n", f.Field, MDEscape(quoteOrNone(f.Old)), MDEscape(quoteOrNone(f.New)))
				} else {
					fmt.Fprintf(w, "      %s: %s -> %s\n", f.Field, quoteOrNone(f.Old), quoteOrNone(f.New))
				}
			}
		}
	}
}

func (r *Diff) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "registry %s -> %s: %s, %s unchanged\n", r.Old, r.New, Plural(len(r.Changes.Changes), "change"), Plural(r.Unchanged, "row"))
	writeChanges(bw, st, r.Changes, false)
	if n := len(r.Formatting); n > 0 {
		fmt.Fprintf(bw, "\n%d rows changed only in white space or line breaks (not counted as changes)\n", n)
	}
	r.peopleText(bw, false)
	fmt.Fprintf(bw, "\nsummary: %s\n", ChangeCounts(r.Changes))
	return bw.Flush()
}

// markdown is a changelog, for a sync commit or a release note.
func (r *Diff) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## IANA registry %s -> %s\n\n%s.", r.Old, r.New, ChangeCounts(r.Changes))
	if n := len(r.Formatting); n > 0 {
		fmt.Fprintf(bw, " %d rows changed only in white space.", n)
	}
	fmt.Fprintln(bw)
	writeChanges(bw, false, r.Changes, true)
	r.peopleText(bw, true)
	return bw.Flush()
}

// Since lists the rows of one registry dated on or after a day.
type Since struct {
	Registry string           `json:"registry"`
	Since    string           `json:"since"`
	Rows     []registry.Entry `json:"rows"`
}

func (r *Since) Text(w io.Writer, _ Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s of registry %s registered or modified since %s\n\n", Plural(len(r.Rows), "row"), r.Registry, r.Since)
	for _, en := range r.Rows {
		fmt.Fprintf(bw, "  %-10s  %-10s  %s  %s\n", en.Registered, en.Modified, en.Label(), registry.Clip(registry.Canon(en.Description), 60))
	}
	return bw.Flush()
}

func (r *Since) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Registry %s: rows since %s\n\n", r.Registry, r.Since)
	var rows [][]string
	for _, en := range r.Rows {
		rows = append(rows, []string{en.Registered.String(), en.Modified.String(), en.Label(), registry.Canon(en.Description)})
	}
	mdTable(bw, []string{"registered", "modified", "entry", "description"}, rows)
	return bw.Flush()
}
