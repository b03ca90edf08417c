package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/regdiff/regdiff/registry"
)

type Vague struct {
	Registry string                  `json:"registry"`
	Entries  []registry.VagueRow     `json:"entries"`
	Summary  map[registry.Reason]int `json:"summary"` // rows listed per reason
}

func (r *Vague) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s in registry %s, vaguest first\n\n", Plural(len(r.Entries), "vague row"), r.Registry)
	width := 0
	for _, en := range r.Entries {
		width = max(width, len(en.Label()))
	}
	for _, en := range r.Entries {
		desc := registry.Canon(en.Description)
		if desc == "" {
			desc = "-"
		}
		fmt.Fprintf(bw, "%-*s  %2d  %s  %s\n", width, en.Label(), en.Score, st.bold(registry.JoinReasons(en.Reasons)), registry.Clip(desc, 60))
	}
	if len(r.Entries) > 0 {
		fmt.Fprintf(bw, "\nreasons: %s\n", joinCounts(registry.AllReasons, r.Summary, ""))
	}
	return bw.Flush()
}

func (r *Vague) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Vague registry entries\n\nRegistry %s: %s.\n\n", r.Registry, Plural(len(r.Entries), "row"))
	var rows [][]string
	for _, en := range r.Entries {
		rows = append(rows, []string{en.Label(), en.Class.String(), fmt.Sprint(en.Score), registry.JoinReasons(en.Reasons), registry.Canon(en.Description)})
	}
	mdTable(bw, []string{"entry", "class", "score", "reasons", "description"}, rows)
	return bw.Flush()
}
