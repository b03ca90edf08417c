package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/diff"
)

type History struct {
	Query     string       `json:"query"`
	Snapshots []string     `json:"snapshots"`
	Events    []diff.Event `json:"events"`
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
