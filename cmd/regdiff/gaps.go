package main

import (
	"bufio"
	"fmt"
	"io"

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
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "output format: text, json or markdown")
	return cmd
}

type gapsReport struct {
	Registry string              `json:"registry"`
	Range    registry.PortRange  `json:"range"`
	Gaps     []registry.Gap      `json:"gaps,omitempty"`
	Summary  []classSummary      `json:"summary,omitempty"`
	Free     []int               `json:"free,omitempty"`
	Protos   []registry.Protocol `json:"protocols"`
	freeMode bool                // --free: Free is the answer
}

// classSummary counts the ports of each status in one class and protocol.
type classSummary struct {
	Proto  registry.Protocol       `json:"protocol"`
	Class  registry.Class          `json:"class"`
	Ports  registry.PortRange      `json:"ports"`
	Counts map[registry.Status]int `json:"counts"`
}

func runGaps(e *env, g *globalOptions, opts *gapsOptions) error {
	if err := checkFormat(opts.format, "text", "json", "markdown"); err != nil {
		return err
	}
	within, err := parseRange(opts.rng)
	if err != nil {
		return usagef("--range: %v", err)
	}
	if opts.min < 1 || opts.free < 0 {
		return usagef("--min must be 1 or more and --free 0 or more")
	}
	rep := &gapsReport{Range: within, freeMode: opts.free > 0}
	for _, p := range opts.protos {
		proto, err := registry.ParseProtocol(p)
		if err != nil || proto == registry.NoProto {
			return usagef("--proto: unknown transport protocol %q: want tcp, udp, sctp or dccp", p)
		}
		rep.Protos = append(rep.Protos, proto)
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	rep.Registry = meta.Name
	found := false
	if opts.free > 0 {
		rep.Free = reg.Free(opts.free, within, rep.Protos...)
		found = len(rep.Free) > 0
	} else {
		for _, p := range rep.Protos {
			st := reg.PortStatus(p)
			rep.Gaps = append(rep.Gaps, registry.Gaps(p, st, within, opts.min)...)
			for _, c := range []registry.Class{registry.System, registry.User, registry.Dynamic} {
				b := c.Bounds()
				if !b.Overlaps(within) {
					continue
				}
				part := registry.Ports(uint16(max(b.Lo(), within.Lo())), uint16(min(b.Hi(), within.Hi())))
				rep.Summary = append(rep.Summary, classSummary{p, c, part, registry.CountStatus(st, part)})
			}
		}
		found = len(rep.Gaps) > 0
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if !found {
		return errFound
	}
	return nil
}

var statusOrder = []registry.Status{registry.StatusUnassigned, registry.StatusReserved, registry.StatusAssigned, registry.StatusDeregistered, registry.StatusDynamic}

func (r *gapsReport) text(w io.Writer, _ bool) error {
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
		for _, st := range statusOrder {
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
	fmt.Fprintf(bw, "## Gaps in %s\n\nRegistry %s.\n\n| protocol | ports | status | count |\n|---|---|---|---|\n", r.Range, r.Registry)
	for _, g := range r.Gaps {
		fmt.Fprintf(bw, "| %s | %s | %s | %d |\n", g.Proto, g.Ports, g.Status, g.Ports.Len())
	}
	fmt.Fprintf(bw, "\n| protocol | class | ports | unassigned | reserved | assigned | deregistered |\n|---|---|---|---|---|---|---|\n")
	for _, s := range r.Summary {
		fmt.Fprintf(bw, "| %s | %s | %s | %d | %d | %d | %d |\n", s.Proto, s.Class, s.Ports,
			s.Counts[registry.StatusUnassigned], s.Counts[registry.StatusReserved], s.Counts[registry.StatusAssigned], s.Counts[registry.StatusDeregistered])
	}
	return bw.Flush()
}

func protoList(ps []registry.Protocol) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += " and "
		}
		s += string(p)
	}
	return s
}
