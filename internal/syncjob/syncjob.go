// Package syncjob is the scheduled job behind regdiff sync and fetch:
// download the registry, refuse what cannot be it or is implausible after
// the newest snapshot, write a snapshot only when IANA changed something,
// and commit it to git, finishing what an earlier run left undone. It
// prints nothing: it says what it did in a Result, and what the command
// should tell the user on the way through Note.
package syncjob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/fetch"
	"github.com/regdiff/regdiff/internal/gitrepo"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
)

// Options say what to fetch, how much to believe it, and where to keep it.
type Options struct {
	Fetch  fetch.Options // its Validators are filled from the store
	Accept snapshots.Acceptance
	Store  *snapshots.Store
	Commit bool      // commit to the git repository holding the store
	Now    time.Time // recorded as the fetch time
	// Note, when not nil, is told what the user should know along the way:
	// leftovers removed, a detached HEAD, an earlier run's work committed.
	Note func(format string, args ...any)
}

func (o *Options) note(format string, args ...any) {
	if o.Note != nil {
		o.Note(format, args...)
	}
}

// Download is a fetched and accepted registry; Registry is nil after a 304.
type Download struct {
	*fetch.Result
	Registry *registry.Registry
}

// Newest is the store's latest snapshot and its registry, both nil for an
// empty store.
func Newest(st *snapshots.Store) (*snapshots.Snapshot, *registry.Registry, error) {
	snap, ok, err := st.Latest()
	if err != nil || !ok {
		return nil, nil, err
	}
	reg, err := snap.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("%v (the newest snapshot must be readable to judge a download)", err)
	}
	return &snap, reg, nil
}

// Get fetches the registry (conditional on the validators the store
// remembers for the URL when conditional is set) and refuses what cannot be
// the registry or is implausible after prev, whose registry is prevReg.
func Get(ctx context.Context, opts Options, prev *snapshots.Snapshot, prevReg *registry.Registry, conditional bool) (*Download, error) {
	fo := opts.Fetch
	if conditional {
		fo.ETag, fo.LastModified = opts.Store.Validators(fo.URL)
	}
	res, err := fetch.Get(ctx, fo)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %v (nothing was written)", fo.URL, err)
	}
	d := &Download{Result: res}
	if res.NotModified {
		return d, nil
	}
	if d.Registry, err = parse(res.Body, fo.URL, res.Delimited == fetch.DelimitedByClose); err != nil {
		return nil, fmt.Errorf("refused the download: %v (nothing was written)", err) // the error names the URL
	}
	known, err := opts.Store.Holding(d.Registry)
	if err != nil {
		return nil, err
	}
	acc := opts.Accept
	acc.Force = acc.Force || known != nil // a revert, not a stale mirror
	if err := acc.Accept(prev, prevReg, d.Registry); err != nil {
		return nil, fmt.Errorf("refused the download from %s: %v (nothing was written)", fo.URL, err)
	}
	return d, nil
}

// parse reads a downloaded registry. A CSV whose end only the connection's
// close marked must at least end with a whole row: its format proves no
// more. (The XML proves itself whole.)
func parse(body []byte, name string, closeDelimited bool) (*registry.Registry, error) {
	if closeDelimited && len(body) > 0 && body[len(body)-1] != '\n' && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) {
		return nil, errors.New("the body ends inside a row and the server did not say its length: a download cut short")
	}
	reg, _, err := registry.ParseAnyBytes(body, name)
	return reg, err
}

// Result is what a sync did.
type Result struct {
	NotModified bool                  // a 304: nothing was downloaded
	Write       snapshots.WriteResult // what the store made of the download
	Changelog   *diff.Changes         // since the previous latest, for a new snapshot
	Previous    *snapshots.Snapshot   // the latest before the sync; nil for an empty store
	Headline    string                // one line: what changed
	Message     string                // the commit message: the headline, and the changelog in markdown when Markdown gives one
	Committed   bool
}

// Markdown renders a changelog for a commit message; the command supplies
// it (the views live above this package).
type Markdown func(old, new string, cs *diff.Changes) string

// Run is one sync. Every check that can fail (the repository, the store,
// the newest snapshot, the download) runs before anything is written; a
// run stopped by ctx says what it wrote.
func Run(ctx context.Context, opts Options, md Markdown) (*Result, error) {
	st := opts.Store
	var repo *gitrepo.Repo
	if opts.Commit {
		var err error
		if repo, err = gitrepo.Open(ctx, st.Dir); err != nil {
			return nil, fmt.Errorf("--commit: %v", err)
		}
		if repo.Detached {
			opts.note("warning: HEAD is detached in the repository of %s: the commit will be on no branch", st.Dir)
		}
	}
	if err := st.Prepare(); err != nil {
		return nil, err
	}
	lock, err := st.Lock(opts.Now)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	removed, err := lock.Clean()
	if err != nil {
		return nil, err
	}
	if len(removed) > 0 {
		opts.note("removed %d files left by an interrupted run: %s", len(removed), strings.Join(removed, ", "))
	}
	if repo != nil {
		if err := finishPending(ctx, opts, repo, md); err != nil {
			return nil, err
		}
	}
	prev, prevReg, err := Newest(st)
	if err != nil {
		return nil, err
	}
	res := &Result{Previous: prev}
	d, err := Get(ctx, opts, prev, prevReg, true)
	if err != nil {
		return nil, interrupted(ctx, err, "")
	}
	if d.Registry == nil {
		res.NotModified = true
		return res, st.SaveValidators(opts.Fetch.URL, d.ETag, d.LastModified)
	}
	if err := ctx.Err(); err != nil {
		return nil, interrupted(ctx, err, "")
	}
	if res.Write, err = st.Write(d.Registry, snapshots.Source{URL: d.URL, FetchedAt: opts.Now, ETag: d.ETag, LastModified: d.LastModified, Raw: d.Body}); err != nil {
		return nil, err
	}
	if err := st.SaveValidators(opts.Fetch.URL, d.ETag, d.LastModified); err != nil {
		return nil, err
	}
	wr := res.Write
	switch {
	case wr.Created:
		res.Changelog, res.Headline, res.Message = changelog(prev, prevReg, wr.Snapshot, d.Registry, md)
	case wr.Reverted():
		res.Headline = fmt.Sprintf("registry %s again: IANA reverted from %s (or a stale mirror answered)", wr.Snapshot.Name, wr.Previous)
	case wr.Event != nil:
		res.Headline = fmt.Sprintf("registry %s: recorded the snapshot an interrupted sync wrote", wr.Snapshot.Name)
	default:
		return res, nil // the same content as the latest: nothing written
	}
	if res.Message == "" {
		res.Message = res.Headline
	}
	if repo == nil {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, interrupted(ctx, err, wr.Snapshot.Name)
	}
	files := wr.Written
	if _, err := os.Stat(st.ValidatorsPath()); err == nil {
		files = append(files, st.ValidatorsPath())
	}
	if err := repo.Commit(ctx, res.Message, files...); err != nil {
		return nil, fmt.Errorf("the snapshot %s was written, but not committed: %v (the next sync --commit commits it)", wr.Snapshot.Name, err)
	}
	res.Committed = true
	return res, nil
}

// changelog is what changed from prev to a new snapshot: the changes, a
// one-line headline and the commit message.
func changelog(prev *snapshots.Snapshot, prevReg *registry.Registry, snap snapshots.Snapshot, reg *registry.Registry, md Markdown) (*diff.Changes, string, string) {
	if prev == nil {
		h := fmt.Sprintf("registry %s: first snapshot, %d rows", snap.Name, snap.Rows)
		return &diff.Changes{Changes: []diff.Change{}, Summary: map[diff.ChangeType]int{}}, h, h
	}
	cs := diff.Registries(prevReg, reg)
	var parts []string
	for _, typ := range diff.ChangeTypes {
		if n := cs.Summary[typ]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, typ))
		}
	}
	counts := strings.Join(parts, ", ")
	if counts == "" {
		counts = "no changes"
	}
	if n := len(cs.Formatting); n > 0 {
		counts += fmt.Sprintf(", %d formatting only", n)
	}
	h := fmt.Sprintf("registry %s: %s since %s", snap.Name, counts, prev.Name)
	msg := h
	if md != nil {
		msg += "\n\n" + md(prev.Name, snap.Name, cs)
	}
	return cs, h, msg
}

// finishPending commits what an earlier sync wrote but did not commit: the
// newest snapshot (with its changelog against the one before it), the
// journal and the validators.
func finishPending(ctx context.Context, opts Options, repo *gitrepo.Repo, md Markdown) error {
	st := opts.Store
	snap, ok, err := st.Latest()
	if err != nil || !ok {
		return err
	}
	pending, err := repo.Pending(ctx, append(snap.Files(), st.JournalPath(), st.ValidatorsPath())...)
	if err != nil || len(pending) == 0 {
		return err
	}
	msg := fmt.Sprintf("registry %s: finishing an interrupted sync", snap.Name)
	if p, err := repo.Pending(ctx, snap.CSVPath()); err == nil && len(p) > 0 {
		reg, err := snap.Load()
		if err != nil {
			return err
		}
		var prev *snapshots.Snapshot
		var prevReg *registry.Registry
		if list, err := st.List(); err == nil {
			for i := range list {
				if list[i].Name == snap.Name && i > 0 {
					prev = &list[i-1]
				}
			}
		}
		if prev != nil {
			if prevReg, err = prev.Load(); err != nil {
				return fmt.Errorf("snapshot %s was written but not committed, and %v: restore it, then sync again", snap.Name, err)
			}
		}
		_, h, m := changelog(prev, prevReg, snap, reg, md)
		msg = strings.Replace(m, h, h+" (committed by a later sync)", 1)
	}
	if err := repo.Commit(ctx, msg, pending...); err != nil {
		return fmt.Errorf("snapshot %s was written by an earlier sync but is not committed, and committing it failed: %v", snap.Name, err)
	}
	opts.note("committed what an earlier sync left: %s", strings.SplitN(msg, "\n", 2)[0])
	return nil
}

// interrupted words an error after SIGINT or SIGTERM: what was written.
func interrupted(ctx context.Context, err error, written string) error {
	if ctx.Err() == nil {
		return err
	}
	if written == "" {
		return errors.New("interrupted (nothing was written)")
	}
	return fmt.Errorf("interrupted: snapshot %s was written but not committed (the next sync --commit commits it)", written)
}
