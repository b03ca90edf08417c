package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/spf13/cobra"
)

type gapsOptions struct {
	protos []string
	rng    string
	min    int
	free   int
	format string
}

func newGapsCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &gapsOptions{}
	cmd := &cobra.Command{
		Use:   "gaps",
		Short: "List the ports no one is assigned, per protocol",
		Long: `Gaps lists, per protocol, the runs of ports the registry assigns to no one:
its explicit Unassigned rows merged with the ports no row covers, and
Reserved ports as runs of their own. A port is taken when any row covers
it for the protocol (rows with no protocol cover all). The dynamic range
49152-65535 is never listed: IANA does not assign it. A summary per range
class follows.

--free N lists the N lowest ports unassigned on every protocol asked for
(tcp and udp by default): candidates for a request to IANA.

Exit status: 0 when something was listed, 1 when nothing was, 2 on trouble.`,
		Example: "  regdiff gaps --range system\n  regdiff gaps --proto tcp --min 10\n  regdiff gaps --free 5 --range user",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runGaps(e, g, opts) },
	}
	cmd.Flags().StringSliceVarP(&opts.protos, "proto", "p", []string{"tcp", "udp"}, "protocols: tcp, udp, sctp, dccp")
	cmd.Flags().StringVar(&opts.rng, "range", "0-49151", "ports LO-HI, or system, user, dynamic")
	cmd.Flags().IntVar(&opts.min, "min", 1, "only runs of at least N ports")
	cmd.Flags().IntVar(&opts.free, "free", 0, "list the N lowest ports free on every protocol instead")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

type gapsReport struct {
	Registry string                  `json:"registry"`
	Range    registry.PortRange      `json:"range"`
	Gaps     []registry.Gap          `json:"gaps,omitempty"`
	Summary  []registry.ClassSummary `json:"summary,omitempty"`
	Free     []int                   `json:"free,omitempty"`
	Protos   []registry.Protocol     `json:"protocols"`
	freeMode bool                    // --free: Free is the answer
}

func runGaps(e *env, g *globalOptions, opts *gapsOptions) error {
	within, err := rangeFlag(opts.rng)
	if err != nil {
		return err
	}
	if opts.min < 1 || opts.free < 0 {
		return usagef("--min must be 1 or more and --free 0 or more")
	}
	rep := &gapsReport{Range: within, freeMode: opts.free > 0}
	if rep.Protos, err = protosFlag("--proto", opts.protos); err != nil {
		return err
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep.Registry = meta.Name
	if rep.freeMode {
		rep.Free = reg.Free(opts.free, within, rep.Protos...)
	} else {
		for _, p := range rep.Protos {
			st := reg.PortStatus(p)
			rep.Gaps = append(rep.Gaps, registry.Gaps(p, st, within, opts.min)...)
			rep.Summary = append(rep.Summary, registry.Summarize(p, st, within)...)
		}
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	return nonEmpty(len(rep.Gaps) + len(rep.Free))
}

func (r *gapsReport) text(w io.Writer, _ styler) error {
	bw := bufio.NewWriter(w)
	if r.freeMode {
		fmt.Fprintf(bw, "lowest ports in %s free on %s in registry %s:\n", r.Range, protoList(r.Protos), r.Registry)
		for _, p := range r.Free {
			fmt.Fprintf(bw, "  %d\n", p)
		}
		return bw.Flush()
	}
	fmt.Fprintf(bw, "gaps in %s, registry %s\n", r.Range, r.Registry)
	var last registry.Protocol
	for _, g := range r.Gaps {
		if g.Proto != last {
			fmt.Fprintf(bw, "\n%s\n", g.Proto)
			last = g.Proto
		}
		fmt.Fprintf(bw, "  %-11s  %-10s  (%s)\n", g.Ports, g.Status, plural(g.Ports.Len(), "port"))
	}
	fmt.Fprintf(bw, "\nsummary\n")
	for _, s := range r.Summary {
		fmt.Fprintf(bw, "  %-4s  %-7s %-11s", s.Proto, s.Class, s.Ports)
		for _, st := range registry.StatusOrder {
			if n := s.Counts[st]; n > 0 {
				fmt.Fprintf(bw, "  %d %s", n, st)
			}
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func (r *gapsReport) markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if r.freeMode {
		fmt.Fprintf(bw, "## Free ports in %s on %s\n\nRegistry %s.\n\n", r.Range, protoList(r.Protos), r.Registry)
		for _, p := range r.Free {
			fmt.Fprintf(bw, "- %d\n", p)
		}
		return bw.Flush()
	}
	fmt.Fprintf(bw, "## Gaps in %s\n\nRegistry %s.\n\n", r.Range, r.Registry)
	var rows [][]string
	for _, g := range r.Gaps {
		rows = append(rows, []string{string(g.Proto), g.Ports.String(), g.Status.String(), fmt.Sprint(g.Ports.Len())})
	}
	mdTable(bw, []string{"protocol", "ports", "status", "count"}, rows)
	fmt.Fprintln(bw)
	rows = nil
	for _, s := range r.Summary {
		rows = append(rows, []string{string(s.Proto), s.Class.String(), s.Ports.String(), fmt.Sprint(s.Counts[registry.StatusUnassigned]),
			fmt.Sprint(s.Counts[registry.StatusReserved]), fmt.Sprint(s.Counts[registry.StatusAssigned]), fmt.Sprint(s.Counts[registry.StatusDeregistered])})
	}
	mdTable(bw, []string{"protocol", "class", "ports", "unassigned", "reserved", "assigned", "deregistered"}, rows)
	return bw.Flush()
}

func protoList(ps []registry.Protocol) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, " and ")
}
