package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/regdiff/regdiff/snapshots"
)

// Snapshots is what snapshot list prints: the store's snapshots, oldest
// first, and which one is latest.
type Snapshots struct {
	Dir       string           `json:"dir"`
	Latest    string           `json:"latest"`
	Snapshots []snapshots.Meta `json:"snapshots"`
}

// NewSnapshots lists a store's snapshots, oldest first; latest names the
// latest, or is empty.
func NewSnapshots(dir string, list []snapshots.Snapshot, latest string) *Snapshots {
	r := &Snapshots{Dir: dir, Latest: latest, Snapshots: make([]snapshots.Meta, 0, len(list))}
	for _, s := range list {
		r.Snapshots = append(r.Snapshots, s.Meta)
	}
	return r
}

// Text writes one line per snapshot, the latest marked.
func (r *Snapshots) Text(w io.Writer, _ Style) error {
	bw := bufio.NewWriter(w)
	if len(r.Snapshots) == 0 {
		fmt.Fprintf(bw, "the store %s holds no snapshot\n", r.Dir)
	}
	rows := [][]string{}
	for _, s := range r.Snapshots {
		mark := ""
		if s.Name == r.Latest && len(r.Snapshots) > 1 {
			mark = "latest"
		}
		rows = append(rows, []string{s.Name, Plural(s.Rows, "row"), s.SHA256[:min(12, len(s.SHA256))], s.Source, mark})
	}
	if len(rows) > 0 {
		table(bw, rows)
	}
	return bw.Flush()
}

// Markdown writes a table.
func (r *Snapshots) Markdown(w io.Writer) error {
	var rows [][]string
	for _, s := range r.Snapshots {
		rows = append(rows, []string{s.Name, fmt.Sprint(s.Rows), s.SHA256, s.Source, fmt.Sprint(s.Name == r.Latest)})
	}
	fmt.Fprintf(w, "## Snapshots in %s\n\n", MDEscape(r.Dir))
	mdTable(w, []string{"snapshot", "rows", "sha256", "source", "latest"}, rows)
	return nil
}

// Verify is what snapshot verify prints: every problem of a store.
type Verify struct {
	Dir       string              `json:"dir"`
	Snapshots int                 `json:"snapshots"`
	Problems  []snapshots.Problem `json:"problems"`
}

// NewVerify is the verdict on a store of n snapshots.
func NewVerify(dir string, n int, problems []snapshots.Problem) *Verify {
	return &Verify{Dir: dir, Snapshots: n, Problems: append([]snapshots.Problem{}, problems...)}
}

// Text writes one line per problem and a verdict.
func (r *Verify) Text(w io.Writer, _ Style) error {
	bw := bufio.NewWriter(w)
	for _, p := range r.Problems {
		fmt.Fprintf(bw, "%s: %s: %s\n", p.Path, p.Kind, p.Message)
	}
	if len(r.Problems) == 0 {
		fmt.Fprintf(bw, "%s: %s verified, no problem\n", r.Dir, Plural(r.Snapshots, "snapshot"))
	} else {
		fmt.Fprintf(bw, "\n%s: %s in %s\n", r.Dir, Plural(len(r.Problems), "problem"), Plural(r.Snapshots, "snapshot"))
	}
	return bw.Flush()
}

// Markdown writes a table.
func (r *Verify) Markdown(w io.Writer) error {
	var rows [][]string
	for _, p := range r.Problems {
		rows = append(rows, []string{p.Path, string(p.Kind), p.Message})
	}
	fmt.Fprintf(w, "## Verify %s\n\n%s, %s.\n\n", MDEscape(r.Dir), Plural(r.Snapshots, "snapshot"), Plural(len(r.Problems), "problem"))
	mdTable(w, []string{"path", "kind", "problem"}, rows)
	return nil
}
