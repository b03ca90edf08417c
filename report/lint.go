package report

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/regdiff/regdiff/services"
)

type Lint struct {
	File     string             `json:"file"`
	Findings []services.Warning `json:"findings"`
	Summary  map[string]int     `json:"summary"`
}

func (r *Lint) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "%s:%d: %s: %s\n", r.File, f.Line, st.bold(f.Code), f.Msg)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(bw, "%s: clean\n", r.File)
	} else {
		fmt.Fprintf(bw, "\nsummary: %s\n", joinCounts(slices.Sorted(maps.Keys(r.Summary)), r.Summary, ""))
	}
	return bw.Flush()
}

func (r *Lint) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## regdiff lint %s\n\n", MDEscape(r.File))
	var rows [][]string
	for _, f := range r.Findings {
		rows = append(rows, []string{fmt.Sprint(f.Line), f.Code, f.Msg})
	}
	mdTable(bw, []string{"line", "finding", "message"}, rows)
	return bw.Flush()
}

// NewLint is the lint report of a parsed services file: its warnings, and
// how many of each code.
func NewLint(file string, f *services.File) *Lint {
	rep := &Lint{File: file, Findings: f.Warnings, Summary: map[string]int{}}
	if rep.Findings == nil {
		rep.Findings = []services.Warning{}
	}
	for _, w := range f.Warnings {
		rep.Summary[w.Code]++
	}
	return rep
}
