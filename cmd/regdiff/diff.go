package main

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	since   string
	unified bool
	context int
	format  string
}

func newDiffCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff [OLD [NEW]]",
		Short: "What IANA changed between two registries, typed",
		Long: `Diff compares two registries and classifies every change:

  added      a new assignment, with its registration date
  removed    an assignment gone
  renamed    the same port and protocol under another name
  moved      the same name and protocol at another port
  status     assigned <-> reserved, unassigned or de-registered, or marked historic
  changed    other fields: description, assignee, contact, dates, reference,
             service code, unauthorized use, notes (each listed old -> new)
  ranges     Unassigned/Reserved rows split, merged, added or dropped

Rows whose text changed only in white space or line breaks (IANA rewrote
them in 2020 and 2025) are counted apart as formatting, never mixed with
real changes, and do not make the exit status 1.

OLD and NEW are registry references: a snapshot date or name in the store,
latest, embedded, or a snapshot or IANA CSV path. With no argument the two
newest snapshots of the store are compared; with one, NEW is latest.
--since DATE lists instead the rows of --registry registered or modified
on or after DATE. --unified prints a line diff of the two snapshots' CSVs.

Exit status: 0 no changes, 1 changes, 2 trouble.`,
		Example: "  regdiff diff 2025-09-22 2026-04-09\n  regdiff diff --format markdown 2025-09-22\n  regdiff diff --since 2026-01-01",
		Args:    maxArgs(2, "at most OLD and NEW"),
		RunE:    func(cmd *cobra.Command, args []string) error { return runDiff(e, g, opts, args) },
	}
	cmd.Flags().StringVar(&opts.since, "since", "", "list the rows registered or modified since DATE (YYYY-MM-DD) instead")
	cmd.Flags().BoolVarP(&opts.unified, "unified", "u", false, "print a unified line diff of the two snapshot CSVs")
	cmd.Flags().IntVar(&opts.context, "context", 3, "lines of context for --unified")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

// diffReport is what diff prints; JSON is this value.
type diffReport struct {
	Old string `json:"old"`
	New string `json:"new"`
	*diff.Changes
}

func runDiff(e *env, g *globalOptions, opts *diffOptions, args []string) error {
	if opts.context < 0 {
		return usagef("--context must be 0 or more, got %d", opts.context)
	}
	if opts.since != "" {
		if len(args) > 0 {
			return usagef("--since reads one registry (--registry), not OLD/NEW arguments")
		}
		return runSince(e, g, opts)
	}
	st := g.store(e)
	refs := args
	if len(refs) == 0 {
		list, err := st.List()
		if err != nil {
			return err
		}
		if len(list) < 2 {
			return usagef("the store %s holds %d snapshots: give OLD (and NEW) to compare", st.Dir, len(list))
		}
		refs = []string{list[len(list)-2].CSVPath(), list[len(list)-1].CSVPath()}
	}
	if len(refs) == 1 {
		refs = append(refs, g.registry)
	}
	// The two registries load at once: parsing is most of a diff's time.
	var (
		oldReg, newReg   *registry.Registry
		oldMeta, newMeta snapshots.Meta
		oldErr, newErr   error
		wg               sync.WaitGroup
	)
	wg.Go(func() { oldReg, oldMeta, oldErr = snapshots.Resolve(refs[0], st) })
	newReg, newMeta, newErr = snapshots.Resolve(refs[1], st)
	wg.Wait()
	if err := cmp.Or(oldErr, newErr); err != nil {
		return err
	}
	if opts.unified {
		var a, b bytes.Buffer
		if err := cmp.Or(oldReg.WriteCSV(&a), newReg.WriteCSV(&b)); err != nil {
			return err
		}
		u := diff.Unified(oldMeta.Name+".csv", newMeta.Name+".csv", a.String(), b.String(), opts.context)
		if _, err := io.WriteString(e.stdout, u); err != nil {
			return err
		}
		return found(len(u))
	}
	rep := &diffReport{Old: oldMeta.Name, New: newMeta.Name, Changes: diff.Registries(oldReg, newReg)}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(rep.Changes.Changes))
}

// changeCounts is "15 added, 8 renamed", or "no changes"; formatting-only
// rows are not changes.
func changeCounts(cs *diff.Changes) string {
	return joinCounts(diff.ChangeTypes, cs.Summary, "no changes")
}

// writeChanges lists changes by type, each with its changed fields; md
// writes a markdown list instead of indented text.
func writeChanges(w io.Writer, st styler, cs *diff.Changes, md bool) {
	for _, typ := range diff.ChangeTypes {
		if cs.Summary[typ] == 0 {
			continue
		}
		if md {
			fmt.Fprintf(w, "\n### %s\n\n", typ)
		} else {
			fmt.Fprintf(w, "\n%s (%d)\n", st.bold(string(typ)), cs.Summary[typ])
		}
		for _, c := range cs.Changes {
			if c.Type != typ {
				continue
			}
			if md {
				fmt.Fprintf(w, "- %s\n", mdEscape(strings.ReplaceAll(c.Message, " -> ", " → ")))
			} else {
				fmt.Fprintf(w, "  %s\n", c.Message)
			}
			for _, f := range c.Fields {
				if md {
					fmt.Fprintf(w, "  - %s: %s → %s\n", f.Field, mdEscape(quoteOrNone(f.Old)), mdEscape(quoteOrNone(f.New)))
				} else {
					fmt.Fprintf(w, "      %s: %s -> %s\n", f.Field, quoteOrNone(f.Old), quoteOrNone(f.New))
				}
			}
		}
	}
}

func (r *diffReport) text(w io.Writer, st styler) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "registry %s -> %s: %s, %s unchanged\n", r.Old, r.New, plural(len(r.Changes.Changes), "change"), plural(r.Unchanged, "row"))
	writeChanges(bw, st, r.Changes, false)
	if n := len(r.Formatting); n > 0 {
		fmt.Fprintf(bw, "\n%d rows changed only in white space or line breaks (not counted as changes)\n", n)
	}
	fmt.Fprintf(bw, "\nsummary: %s\n", changeCounts(r.Changes))
	return bw.Flush()
}

// markdown is a changelog, for a sync commit or a release note.
func (r *diffReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## IANA registry %s -> %s\n\n%s.", r.Old, r.New, changeCounts(r.Changes))
	if n := len(r.Formatting); n > 0 {
		fmt.Fprintf(bw, " %d rows changed only in white space.", n)
	}
	fmt.Fprintln(bw)
	writeChanges(bw, false, r.Changes, true)
	return bw.Flush()
}

// sinceReport lists the rows of one registry dated on or after a day.
type sinceReport struct {
	Registry string           `json:"registry"`
	Since    string           `json:"since"`
	Rows     []registry.Entry `json:"rows"`
}

func runSince(e *env, g *globalOptions, opts *diffOptions) error {
	since, err := registry.ParseDate(opts.since)
	if err != nil || since.IsZero() {
		return usagef("--since: want a date YYYY-MM-DD, got %q", opts.since)
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep := &sinceReport{Registry: meta.Name, Since: since.String(), Rows: reg.Since(since)}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return found(len(rep.Rows))
}

func (r *sinceReport) text(w io.Writer, _ styler) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s of registry %s registered or modified since %s\n\n", plural(len(r.Rows), "row"), r.Registry, r.Since)
	for _, en := range r.Rows {
		fmt.Fprintf(bw, "  %-10s  %-10s  %s  %s\n", en.Registered, en.Modified, en.Label(), registry.Clip(registry.Canon(en.Description), 60))
	}
	return bw.Flush()
}

func (r *sinceReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Registry %s: rows since %s\n\n", r.Registry, r.Since)
	var rows [][]string
	for _, en := range r.Rows {
		rows = append(rows, []string{en.Registered.String(), en.Modified.String(), en.Label(), registry.Canon(en.Description)})
	}
	mdTable(bw, []string{"registered", "modified", "entry", "description"}, rows)
	return bw.Flush()
}
