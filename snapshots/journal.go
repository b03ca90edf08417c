package snapshots

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/regdiff/regdiff/internal/atomicfile"
)

// JournalFile is the store's journal, in the store folder: one line per
// event that added a snapshot or changed which one is the latest.
const JournalFile = "journal.csv"

const journalHeader = "time,event,snapshot,sha256,previous"

// EventType says what an event did to the store.
type EventType string

// The events of a journal.
const (
	// EventNew: a fetch brought content the store did not hold; its new
	// snapshot is the latest.
	EventNew EventType = "new"
	// EventRevert: a fetch brought content the store already held under an
	// older snapshot (the registry went A -> B -> A); that snapshot is the
	// latest again. Nothing but the journal is written.
	EventRevert EventType = "revert"
	// EventImport: an import added a registry newer than the latest
	// snapshot (or the first one); it is the latest.
	EventImport EventType = "import"
	// EventBackfill: an import added a registry no newer than the latest
	// snapshot, a piece of history; the latest stays as it was.
	EventBackfill EventType = "backfill"
)

func (t EventType) known() bool {
	switch t {
	case EventNew, EventRevert, EventImport, EventBackfill:
		return true
	}
	return false
}

// Event is one line of the journal.
type Event struct {
	// Time is when the registry was fetched or imported (Source.FetchedAt).
	Time     time.Time `json:"time"`
	Type     EventType `json:"event"`
	Snapshot string    `json:"snapshot"` // the snapshot written or made latest
	SHA256   string    `json:"sha256"`   // its CSV's, as in its sidecar
	// Previous is the latest snapshot before the event, "" for none.
	Previous string `json:"previous,omitempty"`
}

// Latest is the store's latest snapshot after the event.
func (e Event) Latest() string {
	if e.Type == EventBackfill {
		return e.Previous
	}
	return e.Snapshot
}

func (e Event) line() string {
	return strings.Join([]string{e.Time.UTC().Format(time.RFC3339Nano), string(e.Type), e.Snapshot, e.SHA256, e.Previous}, ",") + "\n"
}

// JournalPath is the path of the store's journal.
func (s *Store) JournalPath() string { return filepath.Join(s.Dir, JournalFile) }

// Events returns the journal, oldest first; nil when the store has none
// (a store written before the journal existed, or an empty one).
func (s *Store) Events() ([]Event, error) {
	evs, _, err := s.readJournal()
	return evs, err
}

// readJournal returns the journal's events and bytes; nil, nil when there is
// no journal.
func (s *Store) readJournal() ([]Event, []byte, error) {
	raw, err := os.ReadFile(s.JournalPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	evs, err := parseJournal(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%s:%w (restore it from git; regdiff snapshot verify lists every problem)", s.JournalPath(), err)
	}
	return evs, raw, nil
}

// parseJournal reads a journal. Its fields never hold a comma or a quote, so
// it is split strictly rather than read as general CSV: anything else is
// damage. Errors start with the line number.
func parseJournal(b []byte) ([]Event, error) {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("%d: the last line is cut short", bytes.Count(b, []byte("\n"))+1)
	}
	lines := strings.Split(string(b[:len(b)-1]), "\n")
	if lines[0] != journalHeader {
		return nil, fmt.Errorf("1: header %q, want %q", clip(lines[0]), journalHeader)
	}
	evs := make([]Event, 0, len(lines)-1)
	for i, line := range lines[1:] {
		n := i + 2
		f := strings.Split(line, ",")
		if len(f) != 5 {
			return nil, fmt.Errorf("%d: %d fields, want 5 (%s): %q", n, len(f), journalHeader, clip(line))
		}
		t, err := time.Parse(time.RFC3339Nano, f[0])
		if err != nil {
			return nil, fmt.Errorf("%d: bad time %q", n, clip(f[0]))
		}
		ev := Event{Time: t.UTC(), Type: EventType(f[1]), Snapshot: f[2], SHA256: f[3], Previous: f[4]}
		switch {
		case !ev.Type.known():
			return nil, fmt.Errorf("%d: unknown event %q (want new, revert, import or backfill)", n, clip(f[1]))
		case !nameRE().MatchString(ev.Snapshot):
			return nil, fmt.Errorf("%d: bad snapshot name %q", n, clip(ev.Snapshot))
		case !isSHA256(ev.SHA256):
			return nil, fmt.Errorf("%d: bad sha256 %q", n, clip(ev.SHA256))
		case ev.Previous != "" && !nameRE().MatchString(ev.Previous):
			return nil, fmt.Errorf("%d: bad previous snapshot name %q", n, clip(ev.Previous))
		case ev.Type == EventBackfill && ev.Previous == "":
			return nil, fmt.Errorf("%d: a backfill with no previous latest", n)
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

func isSHA256(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// appendEvent writes the journal old (nil for none) with ev added,
// atomically.
func (s *Store) appendEvent(old []byte, ev Event) error {
	buf := append([]byte(nil), old...)
	if len(buf) == 0 {
		buf = append(buf, journalHeader+"\n"...)
	}
	buf = append(buf, ev.line()...)
	if err := atomicfile.Write(s.JournalPath(), buf, 0o644, s.beforeCommit); err != nil {
		if got, rerr := os.ReadFile(s.JournalPath()); rerr == nil && bytes.Equal(got, buf) {
			return nil // only the folder's sync failed: the event is recorded
		}
		return fmt.Errorf("write %s: %w", s.JournalPath(), err)
	}
	return nil
}
