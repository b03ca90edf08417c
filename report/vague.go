package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/registry"
)

type Vague struct {
	Registry string `json:"registry"`
	// Threshold is the score from which a row is vague by default.
	Threshold int `json:"threshold"`
	// All is --all: rows below the threshold are listed too.
	All bool `json:"all"`
	// Below counts the rows with a sign of vagueness left out for their
	// score (0 with All).
	Below int `json:"below_threshold"`
	// People says whether contacts were judged: only a registry read from
	// the XML has people data.
	People  bool                    `json:"people"`
	Entries []registry.VagueRow     `json:"entries"`
	Summary map[registry.Reason]int `json:"summary"` // rows listed per reason
}

func (r *Vague) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s in registry %s, vaguest first", Plural(len(r.Entries), "row"), r.Registry)
	if r.All {
		fmt.Fprintf(bw, " (every row with a sign of vagueness; vague from score %d)\n", r.Threshold)
	} else {
		fmt.Fprintf(bw, " (score %d or more; %s below, --all lists them)\n", r.Threshold, Plural(r.Below, "row"))
	}
	if !r.People {
		fmt.Fprintln(bw, "no people data in this registry: contacts are neither flagged stale nor credited")
	}
	fmt.Fprintln(bw)
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
		if s := evidence(en.Evidence, 1); s != "" {
			fmt.Fprintf(bw, "    vague: %s\n", s)
		}
		if s := evidence(en.Evidence, -1); s != "" {
			fmt.Fprintf(bw, "    documented: %s\n", s)
		}
	}
	if len(r.Entries) > 0 {
		fmt.Fprintf(bw, "\nreasons: %s\n", joinCounts(registry.AllReasons, r.Summary, ""))
	}
	return bw.Flush()
}

// evidence writes the evidence of one direction (sign +1 or -1) as
// "no reference +1; RFC 9260 -3".
func evidence(evs []registry.Evidence, sign int) string {
	var parts []string
	for _, ev := range evs {
		if ev.Weight*sign > 0 {
			parts = append(parts, fmt.Sprintf("%s %+d", ev.Text, ev.Weight))
		}
	}
	return strings.Join(parts, "; ")
}

func (r *Vague) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Vague registry entries\n\nRegistry %s: %s", r.Registry, Plural(len(r.Entries), "row"))
	if r.All {
		fmt.Fprintf(bw, ", every row with a sign of vagueness (vague from score %d).\n\n", r.Threshold)
	} else {
		fmt.Fprintf(bw, " of score %d or more (%s below).\n\n", r.Threshold, Plural(r.Below, "row"))
	}
	if !r.People {
		fmt.Fprintf(bw, "No people data in this registry: contacts are neither flagged stale nor credited.\n\n")
	}
	var rows [][]string
	for _, en := range r.Entries {
		ev := evidence(en.Evidence, 1)
		if against := evidence(en.Evidence, -1); against != "" {
			ev += "; against: " + against
		}
		rows = append(rows, []string{en.Label(), en.Class.String(), fmt.Sprint(en.Score), registry.JoinReasons(en.Reasons), ev, registry.Canon(en.Description)})
	}
	mdTable(bw, []string{"entry", "class", "score", "reasons", "evidence", "description"}, rows)
	return bw.Flush()
}
