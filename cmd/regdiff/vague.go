package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/spf13/cobra"
)

type vagueOptions struct {
	reasons []string
	rng     string
	proto   string
	format  string
}

func newVagueCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &vagueOptions{}
	var reasons []string
	for _, r := range allReasons {
		reasons = append(reasons, fmt.Sprintf("  %-15s %s (weight %d)", r, r.Explain(), r.Weight()))
	}
	cmd := &cobra.Command{
		Use:   "vague",
		Short: "List the registry's vague entries, the vaguest first",
		Long: `Vague lists the registry rows that do not say clearly what uses a port or
who answers for it, ranked by a score (the sum of their reasons' weights),
then by port. The reasons:

` + strings.Join(reasons, "\n") + `

Exit status: 0 when rows were listed, 1 when none matched, 2 on trouble.`,
		Example: "  regdiff vague --range 0-1023\n  regdiff vague --reason nameless,hedged --format json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runVague(e, g, opts) },
	}
	cmd.Flags().StringSliceVar(&opts.reasons, "reason", nil, "only rows with any of these reasons (comma-separated)")
	cmd.Flags().StringVar(&opts.rng, "range", "", "only ports in LO-HI, or system, user, dynamic")
	cmd.Flags().StringVarP(&opts.proto, "proto", "p", "", "only rows of this protocol (rows with none are kept)")
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output format: text, json or markdown")
	return cmd
}

var allReasons = []registry.Reason{registry.ReasonNameless, registry.ReasonHedged, registry.ReasonNoDescription,
	registry.ReasonNoRegistrant, registry.ReasonConflict, registry.ReasonUnauthorized, registry.ReasonRepeatsName}

type vagueReport struct {
	Registry string         `json:"registry"`
	Entries  []vagueEntry   `json:"entries"`
	Summary  map[string]int `json:"summary"` // rows listed per reason
}

type vagueEntry struct {
	registry.Entry
	Class   string            `json:"class"`
	Reasons []registry.Reason `json:"reasons"`
	Score   int               `json:"score"`
}

func runVague(e *env, g *globalOptions, opts *vagueOptions) error {
	if err := checkFormat(opts.format, "text", "json", "markdown"); err != nil {
		return err
	}
	var want []registry.Reason
	for _, r := range opts.reasons {
		if !slices.Contains(allReasons, registry.Reason(r)) {
			return usagef("--reason: unknown reason %q: want %s", r, registry.JoinReasons(allReasons))
		}
		want = append(want, registry.Reason(r))
	}
	within := registry.Ports(0, registry.MaxPort)
	if opts.rng != "" {
		var err error
		if within, err = parseRange(opts.rng); err != nil {
			return usagef("--range: %v", err)
		}
	}
	proto, err := registry.ParseProtocol(opts.proto)
	if err != nil {
		return usagef("--proto: %v", err)
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep := &vagueReport{Registry: meta.Name, Entries: []vagueEntry{}, Summary: map[string]int{}}
	for i := range reg.Entries {
		en := &reg.Entries[i]
		if !en.Ports.Overlaps(within) || (proto != registry.NoProto && en.Proto != proto && en.Proto != registry.NoProto) {
			continue
		}
		rs := registry.VagueReasons(en)
		if len(rs) == 0 || (want != nil && !slices.ContainsFunc(rs, func(r registry.Reason) bool { return slices.Contains(want, r) })) {
			continue
		}
		rep.Entries = append(rep.Entries, vagueEntry{Entry: *en, Class: en.Ports.Class().String(), Reasons: rs, Score: registry.VagueScore(rs)})
		for _, r := range rs {
			rep.Summary[string(r)]++
		}
	}
	slices.SortStableFunc(rep.Entries, func(a, b vagueEntry) int { return cmp.Compare(b.Score, a.Score) })
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Entries) == 0 {
		return errFound
	}
	return nil
}

func (r *vagueReport) text(w io.Writer, color bool) error {
	bw := bufio.NewWriter(w)
	st := styler(color)
	fmt.Fprintf(bw, "%s in registry %s, vaguest first\n\n", plural(len(r.Entries), "vague row"), r.Registry)
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
		var parts []string
		for _, rs := range allReasons {
			if n := r.Summary[string(rs)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, rs))
			}
		}
		fmt.Fprintf(bw, "\nreasons: %s\n", strings.Join(parts, ", "))
	}
	return bw.Flush()
}

func (r *vagueReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Vague registry entries\n\nRegistry %s: %s.\n\n| entry | class | score | reasons | description |\n|---|---|---|---|---|\n", r.Registry, plural(len(r.Entries), "row"))
	for _, en := range r.Entries {
		fmt.Fprintf(bw, "| %s | %s | %d | %s | %s |\n", mdEscape(en.Label()), en.Class, en.Score, registry.JoinReasons(en.Reasons), mdEscape(registry.Canon(en.Description)))
	}
	return bw.Flush()
}
