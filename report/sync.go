package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/diff"
)

// Sync is what a sync did: the snapshot it wrote or found, what changed
// since the previous latest, and whether it was committed.
type Sync struct {
	Store       string        `json:"store"`
	URL         string        `json:"url"`
	NotModified bool          `json:"not_modified,omitempty"` // a 304: nothing downloaded
	Snapshot    string        `json:"snapshot,omitempty"`     // the latest after the sync
	Rows        int           `json:"rows,omitempty"`
	Created     bool          `json:"created"`            // a new snapshot was written
	Reverted    bool          `json:"reverted,omitempty"` // the content of an older snapshot came back
	Previous    string        `json:"previous,omitempty"` // the latest before the sync
	Headline    string        `json:"headline,omitempty"`
	Changes     *diff.Changes `json:"changes,omitempty"` // since Previous, for a new snapshot
	Committed   bool          `json:"committed"`
}

// Text says what happened, with the changelog of a new snapshot.
func (r *Sync) Text(w io.Writer, st Style) error {
	bw := bufio.NewWriter(w)
	switch {
	case r.NotModified:
		fmt.Fprintf(bw, "registry unchanged (the server answered 304 Not Modified)\n")
	case r.Created:
		fmt.Fprintf(bw, "new snapshot %s (%d rows) in %s\n", r.Snapshot, r.Rows, r.Store)
		if r.Previous != "" {
			if err := (&Diff{Old: r.Previous, New: r.Snapshot, Changes: r.Changes}).Text(bw, st); err != nil {
				return err
			}
		}
	case r.Headline != "":
		fmt.Fprintln(bw, r.Headline)
	default:
		fmt.Fprintf(bw, "registry unchanged: same content as snapshot %s\n", r.Snapshot)
	}
	if r.Committed {
		fmt.Fprintf(bw, "committed: %s\n", r.Headline)
	}
	return bw.Flush()
}

// Markdown is the changelog.
func (r *Sync) Markdown(w io.Writer) error {
	if r.Created && r.Previous != "" {
		return (&Diff{Old: r.Previous, New: r.Snapshot, Changes: r.Changes}).Markdown(w)
	}
	_, err := fmt.Fprintf(w, "## regdiff sync\n\n%s\n", MDEscape(r.Headline))
	return err
}

// Changelog is the markdown of a snapshot's changes, for the commit
// message of a sync.
func Changelog(old, new string, cs *diff.Changes) string {
	var md strings.Builder
	(&Diff{Old: old, New: new, Changes: cs}).Markdown(&md) //nolint:errcheck // a strings.Builder
	return md.String()
}
