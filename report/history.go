package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
)

// History is the life of a port or a name across a store's snapshots.
type History struct {
	Query     string       `json:"query"`
	Snapshots []string     `json:"snapshots"`
	Events    []diff.Event `json:"events"`
	// People are the persons the rows of the events name, from the newest
	// people data the store or the binary has.
	People []Holder `json:"people,omitempty"`
}

// Holders resolves the persons the rows of events name in people (nil:
// none), in the order they first appear; stale as in a story, against
// date.
func Holders(events []diff.Event, people registry.People, date registry.Date) []Holder {
	if people == nil {
		return nil
	}
	cutoff := date
	cutoff.Year -= registry.StaleContactYears
	seen := map[string]bool{}
	var out []Holder
	for _, ev := range events {
		for _, rows := range [][]registry.Entry{ev.Change.Old, ev.Change.New} {
			for _, e := range rows {
				for _, id := range e.PersonIDs() {
					if seen[id] {
						continue
					}
					seen[id] = true
					p, ok := people.Lookup(id)
					out = append(out, Holder{ID: id, Name: p.Name, Org: p.Org, Updated: p.Updated.String(), Unknown: !ok, Stale: ok && p.Updated.Before(cutoff)})
				}
			}
		}
	}
	return out
}

func (r *History) Text(w io.Writer, st Style) error {
	if len(r.Events) == 0 {
		return nil
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "history of %s across %s (%s to %s)\n\n", r.Query, Plural(len(r.Snapshots), "snapshot"), r.Snapshots[0], r.Snapshots[len(r.Snapshots)-1])
	for _, ev := range r.Events {
		fmt.Fprintf(bw, "%s  %s %s\n", ev.Snapshot, pad(st.bold(string(ev.Type)), 9), ev.Message)
		for _, f := range ev.Change.Fields {
			fmt.Fprintf(bw, "%s      %s: %s -> %s\n", strings.Repeat(" ", len(ev.Snapshot)), f.Field, quoteOrNone(f.Old), quoteOrNone(f.New))
		}
	}
	if len(r.People) > 0 {
		fmt.Fprintf(bw, "\npeople named\n")
		for _, h := range r.People {
			fmt.Fprintf(bw, "  %s\n", h.line())
		}
	}
	return bw.Flush()
}

func (r *History) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## History of %s\n\n", MDEscape(r.Query))
	var rows [][]string
	for _, ev := range r.Events {
		rows = append(rows, []string{ev.Snapshot, string(ev.Type), ev.Message})
	}
	mdTable(bw, []string{"snapshot", "event", "what"}, rows)
	return bw.Flush()
}
