package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/services"
	"github.com/spf13/cobra"
)

type generateOptions struct {
	output       string
	protocols    []string
	preset       string
	expandRanges bool
	allPorts     bool
	merge        string
	diff         bool
	check        bool
	noBackup     bool
	verbose      bool
}

func newGenerateCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate [-o FILE]",
		Short: "Write a services file from the registry that every resolver reads as intended",
		Long: `Generate writes a services file from the registry: deterministic (the same
registry and options give the same bytes), with a header naming the
registry's date, source, sha256 and the options used.

  - One line per assigned port and protocol (--protocols, default tcp,udp).
    Name-only, reserved, unassigned and nameless rows are never lines.
    --preset common keeps the system ports and the RFC-documented services
    above them, a compact file for small systems.
  - The primary name is the registry's best-formed one at that port (nfs
    over shilp at 2049, http over www at 80); its other names there become
    aliases, so getent services www still finds 80.
  - Names are lower case (Go lower-cases lookups). A name stands at one
    port per protocol: where the registry gives a name several ports
    (http-alt at 591, 8008, 8080), the lowest keeps it, and a port whose
    only names are taken is left out, since glibc would take the first such
    line and Go the last. Such notes go to stderr (--verbose lists them);
    --all-ports writes every port instead, and lint reports those names.
  - A named range (x11 6000-6063) is its first port unless --expand-ranges.
  - Descriptions are trailing comments, cut to keep lines under 128 bytes.

--merge FILE keeps the local additions of FILE (entries the registry lacks)
in a section of their own, adds local names at registry ports as aliases,
and reports conflicts (a local name the registry gives another port) on
stderr instead of picking silently. --diff prints a unified diff of the
target file (-o, else --merge) against what would be written, and --check
exits 1 when it would change; neither writes. -o writes atomically (a
symbolic link stays a link, the file keeps its mode) and keeps FILE.bak
unless --no-backup. The output lints clean (regdiff lint), but for the
local lines --merge keeps as they were written.

Exit status: 0 written (or nothing to change), 1 with --diff/--check when the
file would change, 2 on trouble.`,
		Example: "  regdiff generate -o services\n  regdiff generate --merge /etc/services --diff\n  sudo regdiff generate --merge /etc/services -o /etc/services",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runGenerate(e, g, opts) },
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write to FILE (atomically; FILE.bak keeps the old one)")
	f.StringSliceVar(&opts.protocols, "protocols", []string{"tcp", "udp"}, "protocols to write: tcp, udp, sctp, dccp")
	f.StringVar(&opts.preset, "preset", "full", "full, or common: system ports and RFC services only")
	f.BoolVar(&opts.expandRanges, "expand-ranges", false, "one line per port of a named range")
	f.BoolVar(&opts.allPorts, "all-ports", false, "write every port of a name the registry gives several ports (lint then reports them)")
	f.StringVar(&opts.merge, "merge", "", "keep the local additions of FILE")
	f.BoolVar(&opts.diff, "diff", false, "print a unified diff of the target file against the output; write nothing")
	f.BoolVar(&opts.check, "check", false, "exit 1 when the target file would change; write nothing")
	f.BoolVar(&opts.noBackup, "no-backup", false, "do not keep FILE.bak")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list every name left out")
	return cmd
}

func runGenerate(e *env, g *globalOptions, opts *generateOptions) error {
	if opts.preset != "full" && opts.preset != "common" {
		return usagef("--preset: want full or common, got %q", opts.preset)
	}
	protos, err := protosFlag("--protocols", opts.protocols)
	if err != nil {
		return err
	}
	target := cmp.Or(opts.output, opts.merge)
	if (opts.diff || opts.check) && target == "" {
		return usagef("--diff and --check compare with a file: give -o FILE or --merge FILE")
	}
	reg, meta, err := g.load(e)
	if err != nil {
		return err
	}
	optText := "--protocols " + strings.Join(opts.protocols, ",") + " --preset " + opts.preset
	if opts.expandRanges {
		optText += " --expand-ranges"
	}
	if opts.allPorts {
		optText += " --all-ports"
	}
	if opts.merge != "" {
		optText += " --merge " + opts.merge
	}
	gen := services.Generate(reg, services.GenerateOptions{Protocols: protos, Preset: opts.preset, ExpandRanges: opts.expandRanges, AllPorts: opts.allPorts, Header: []string{
		"Network services, Internet style: generated by regdiff from the IANA",
		"Service Name and Transport Protocol Port Number Registry.",
		"",
		fmt.Sprintf("registry: %s (%d rows)", meta.Name, meta.Rows),
		"source:   " + meta.Source,
		"sha256:   " + meta.SHA256,
		"options:  " + optText,
		"",
		"Each line: name port/protocol aliases # description. Regenerate rather",
		"than edit: regdiff generate --merge FILE keeps a file's local entries.",
	}})
	var notes []string // printed once the output is written: an error stays one line
	if opts.merge != "" {
		local, err := readServices(e, opts.merge)
		if err != nil {
			return err
		}
		for _, c := range gen.Merge(local, opts.merge) {
			notes = append(notes, "conflict: "+c)
		}
	}
	if opts.verbose {
		for _, n := range gen.Notes {
			notes = append(notes, "note: "+n)
		}
	} else if len(gen.Notes) > 0 {
		notes = append(notes, fmt.Sprintf("note: %d names or ports left out so that every name stands at one port (--verbose lists them)", len(gen.Notes)))
	}
	var out bytes.Buffer
	if _, err := gen.WriteTo(&out); err != nil {
		return err
	}
	if opts.diff || opts.check {
		old, err := os.ReadFile(target)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if bytes.Equal(old, out.Bytes()) {
			return nil
		}
		if opts.diff {
			if _, err := io.WriteString(e.stdout, diff.Unified(target, target+" (generated)", string(old), out.String(), 3)); err != nil {
				return err
			}
		}
		return errFindings
	}
	if err := atomicfile.Output(cmp.Or(opts.output, "-"), out.Bytes(), !opts.noBackup, e.stdout); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "regdiff: %s\n", n)
	}
	return nil
}
