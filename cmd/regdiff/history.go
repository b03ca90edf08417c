package main

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

type historyOptions struct {
	query  string
	format string
}

func newHistoryCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history PORT|NAME|LO-HI",
		Short: "The life of a port or a name across the store's snapshots",
		Long: `History follows a port (or range) or a service name through every
snapshot of the store (--dir; in a clone of regdiff's repository, its
committed history in ./snapshots): the rows present in the oldest snapshot,
then one line per change with the date of the snapshot that shows it
(assigned, removed, renamed, moved, status changes, changed fields, ranges
split or merged). A name is followed together with the rows that share its
ports, so a rename shows as one.

Exit status: 0 when the port or name was found, 1 when no snapshot has it,
2 on trouble.`,
		Example: "  regdiff history 1008\n  regdiff history vfo",
		Args:    exactArgs(1, "one PORT, NAME or LO-HI"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = args[0]
			return runHistory(e, g, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output format: text, json or markdown")
	return cmd
}

type historyReport struct {
	Query     string         `json:"query"`
	Snapshots []string       `json:"snapshots"`
	Events    []historyEvent `json:"events"`
}

type historyEvent struct {
	Snapshot string          `json:"snapshot"`
	Type     diff.ChangeType `json:"type"` // "present" for the first snapshot's rows
	Message  string          `json:"message"`
	Change   diff.Change     `json:"change"`
}

// present marks the rows already there in the oldest snapshot.
const present diff.ChangeType = "present"

func runHistory(e *env, g *globalOptions, opts *historyOptions) error {
	if err := checkFormat(opts.format, "text", "json", "markdown"); err != nil {
		return err
	}
	pr, isPort, err := parseQuery(opts.query)
	if err != nil {
		return usagef("%v", err)
	}
	st := g.store(e)
	list, err := st.List()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("the store %s holds no snapshot (give --dir, or import some with regdiff snapshot import)", st.Dir)
	}
	regs, err := loadAll(list)
	if err != nil {
		return err
	}

	// The ports to follow: the port asked, or every port the name ever had.
	var ports []registry.Entry
	if isPort {
		ports = []registry.Entry{{Ports: pr}}
	} else {
		for _, reg := range regs {
			ports = append(ports, reg.Name(opts.query)...)
		}
	}
	subset := func(reg *registry.Registry) *registry.Registry {
		var rows []registry.Entry
		for _, en := range reg.Entries {
			keep := !isPort && strings.EqualFold(en.Name, opts.query)
			for i := 0; i < len(ports) && !keep; i++ {
				p := &ports[i]
				keep = en.Ports.Overlaps(p.Ports) && (isPort || en.Proto == p.Proto || en.Proto == registry.NoProto || p.Proto == registry.NoProto)
			}
			if keep {
				rows = append(rows, en)
			}
		}
		return &registry.Registry{Entries: rows}
	}

	rep := &historyReport{Query: opts.query, Events: []historyEvent{}}
	var prev *registry.Registry
	for i, reg := range regs {
		name := list[i].Name
		rep.Snapshots = append(rep.Snapshots, name)
		cur := subset(reg)
		if prev == nil {
			for _, en := range cur.Entries {
				rep.Events = append(rep.Events, historyEvent{Snapshot: name, Type: present,
					Message: fmt.Sprintf("%s %s: %s", en.Label(), en.Kind, registry.Clip(registry.Canon(en.Description), 70)),
					Change:  diff.Change{Type: present, New: []registry.Entry{en}}})
			}
		} else {
			for _, c := range diff.Registries(prev, cur).Changes {
				rep.Events = append(rep.Events, historyEvent{Snapshot: name, Type: c.Type, Message: c.Message, Change: c})
			}
		}
		prev = cur
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Events) == 0 {
		return &notFoundError{fmt.Sprintf("no snapshot of %s has a row for %q (%s to %s)", st.Dir, opts.query, list[0].Name, list[len(list)-1].Name)}
	}
	return nil
}

// loadAll parses the snapshots, as many at once as there are CPUs.
func loadAll(list []snapshots.Snapshot) ([]*registry.Registry, error) {
	regs := make([]*registry.Registry, len(list))
	errs := make([]error, len(list))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, s := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			regs[i], errs[i] = s.Load()
			<-sem
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return regs, nil
}

func (r *historyReport) text(w io.Writer, color bool) error {
	if len(r.Events) == 0 {
		return nil
	}
	bw := bufio.NewWriter(w)
	st := styler(color)
	fmt.Fprintf(bw, "history of %s across %s (%s to %s)\n\n", r.Query, plural(len(r.Snapshots), "snapshot"), r.Snapshots[0], r.Snapshots[len(r.Snapshots)-1])
	for _, ev := range r.Events {
		fmt.Fprintf(bw, "%s  %-9s %s\n", ev.Snapshot, st.bold(string(ev.Type)), ev.Message)
		for _, f := range ev.Change.Fields {
			fmt.Fprintf(bw, "%s      %s: %s -> %s\n", strings.Repeat(" ", len(ev.Snapshot)), f.Field, quoteOrNone(f.Old), quoteOrNone(f.New))
		}
	}
	return bw.Flush()
}

func (r *historyReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## History of %s\n\n| snapshot | event | what |\n|---|---|---|\n", mdEscape(r.Query))
	for _, ev := range r.Events {
		fmt.Fprintf(bw, "| %s | %s | %s |\n", ev.Snapshot, ev.Type, mdEscape(ev.Message))
	}
	return bw.Flush()
}
