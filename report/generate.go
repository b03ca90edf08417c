package report

import (
	"bufio"
	"fmt"
	"io"
)

// Generate is what generate --format json says of the file it wrote:
// where, from which registry, how big, and what it left out.
type Generate struct {
	Output    string   `json:"output"`
	Registry  string   `json:"registry"`
	Lines     int      `json:"lines"`
	Bytes     int      `json:"bytes"`
	LeftOut   []string `json:"left_out"`  // names or ports left out so that every name stands at one port
	Conflicts []string `json:"conflicts"` // --merge: local names the registry gives another port
}

// Text says what was written, and lists what was left out.
func (r *Generate) Text(w io.Writer, _ Style) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s: %s, %d bytes from registry %s\n", r.Output, Plural(r.Lines, "line"), r.Bytes, r.Registry)
	for _, c := range r.Conflicts {
		fmt.Fprintf(bw, "conflict: %s\n", c)
	}
	for _, n := range r.LeftOut {
		fmt.Fprintf(bw, "left out: %s\n", n)
	}
	return bw.Flush()
}

// Markdown lists the same.
func (r *Generate) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## regdiff generate %s\n\n%s, %d bytes from registry %s.\n", MDEscape(r.Output), Plural(r.Lines, "line"), r.Bytes, r.Registry)
	for _, c := range r.Conflicts {
		fmt.Fprintf(bw, "- conflict: %s\n", MDEscape(c))
	}
	for _, n := range r.LeftOut {
		fmt.Fprintf(bw, "- left out: %s\n", MDEscape(n))
	}
	return bw.Flush()
}

// Notes are what generate says on stderr when it writes the file itself:
// every conflict, and the names left out (all of them when verbose, else
// how many).
func (r *Generate) Notes(verbose bool) []string {
	var notes []string
	for _, c := range r.Conflicts {
		notes = append(notes, "conflict: "+c)
	}
	if verbose {
		for _, n := range r.LeftOut {
			notes = append(notes, "note: "+n)
		}
	} else if len(r.LeftOut) > 0 {
		notes = append(notes, fmt.Sprintf("note: %d names or ports left out so that every name stands at one port (--verbose lists them)", len(r.LeftOut)))
	}
	return notes
}
