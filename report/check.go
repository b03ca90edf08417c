package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
)

// Check is what check prints: the JSON output is this value.
type Check struct {
	File     string `json:"file"`
	Registry string `json:"registry"`
	*diff.Report
	Verbose bool `json:"-"` // text lists every finding
	// People are the persons the registry rows of the findings name (but
	// the missing ones: every assignment the file lacks), from the
	// registry's people data; text lists them with --verbose.
	People []Holder `json:"people,omitempty"`
}

// CheckPeople resolves the persons named by the rows of findings other
// than missing ones.
func CheckPeople(rep *diff.Report, people registry.People, date registry.Date) []Holder {
	var evs []diff.Event
	for _, f := range rep.Findings {
		if f.Category != diff.Missing {
			evs = append(evs, diff.Event{Change: diff.Change{New: f.Registry}})
		}
	}
	return Holders(evs, people, date)
}

// PerCategory is how many findings of each category text lists without
// --verbose.
const PerCategory = 10

func (r *Check) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s against registry %s: %s compared\n", r.File, r.Registry, Plural(r.Entries, "entry"))
	if r.Entries == 0 {
		fmt.Fprintf(bw, "the file has no entries (is it the right file?), so all IANA assigned is missing from it\n")
	}
	i := 0
	for _, c := range diff.Categories {
		n := r.Summary[c]
		if n == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n%s (%d)\n", st.bold(string(c)), n)
		shown := 0
		for ; i < len(r.Findings) && r.Findings[i].Category == c; i++ {
			if !r.Verbose && shown == PerCategory {
				continue
			}
			shown++
			f := r.Findings[i]
			where := "     -"
			if f.Line > 0 {
				where = fmt.Sprintf("%6d", f.Line)
			}
			fmt.Fprintf(bw, "  %s  %s\n", where, f.Message)
		}
		if shown < n {
			fmt.Fprintf(bw, "  ... and %d more (--verbose lists all, --only %s keeps this category)\n", n-shown, c)
		}
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(bw, "\nno differences\n")
	} else {
		if r.Verbose && len(r.People) > 0 {
			fmt.Fprintf(bw, "\npeople named by these rows\n")
			for _, h := range r.People {
				fmt.Fprintf(bw, "  %s\n", h.line())
			}
		}
		fmt.Fprintf(bw, "\nsummary: %s\n", joinCounts(diff.Categories, r.Summary, ""))
	}
	return bw.Flush()
}

func (r *Check) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## regdiff check %s\n\nRegistry %s, %s compared.\n", MDEscape(r.File), r.Registry, Plural(r.Entries, "entry"))
	i := 0
	for _, c := range diff.Categories {
		if r.Summary[c] == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n### %s (%d)\n\n", c, r.Summary[c])
		var rows [][]string
		for ; i < len(r.Findings) && r.Findings[i].Category == c; i++ {
			f := r.Findings[i]
			line := ""
			if f.Line > 0 {
				line = fmt.Sprint(f.Line)
			}
			rows = append(rows, []string{line, f.Name, f.Port, strings.Join(f.Protocols, ","), f.Message})
		}
		mdTable(bw, []string{"line", "name", "port", "protocols", "finding"}, rows)
	}
	return bw.Flush()
}
