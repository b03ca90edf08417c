package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/internal/atomicfile"
	"github.com/regdiff/regdiff/report"
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
	format       string
}

func newGenerateCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:     "generate [-o FILE]",
		Short:   "Write a services file from the registry that every resolver reads as intended",
		Long:    help("generate"),
		Example: "  regdiff generate -o services\n  regdiff generate --merge /etc/services --diff\n  sudo regdiff generate --merge /etc/services -o /etc/services",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runGenerate(e, g, opts) },
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write to FILE (atomically; FILE.bak keeps the old one)")
	f.StringSliceVar(&opts.protocols, "protocols", []string{"tcp", "udp"}, "protocols to write: tcp, udp, sctp, dccp")
	addChoice(f, &opts.preset, "preset", "", "full", "preset", []string{"full", "common"}, "full, or common: system ports and RFC services only")
	f.BoolVar(&opts.expandRanges, "expand-ranges", false, "one line per port of a named range")
	f.BoolVar(&opts.allPorts, "all-ports", false, "write every port of a name the registry gives several ports (lint then reports them)")
	f.StringVar(&opts.merge, "merge", "", "keep the local additions of FILE")
	f.BoolVar(&opts.diff, "diff", false, "print a unified diff of the target file against the output; write nothing")
	f.BoolVar(&opts.check, "check", false, "exit 1 when the target file would change; write nothing")
	f.BoolVar(&opts.noBackup, "no-backup", false, "do not keep FILE.bak")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list every name left out")
	addChoice(f, &opts.format, "format", "f", "", "format", formats, "with -o, describe what was written: text, json or markdown (instead of notes on stderr)")
	return cmd
}

func runGenerate(e *env, g *globalOptions, opts *generateOptions) error {
	protos, err := protosFlag("--protocols", opts.protocols)
	if err != nil {
		return err
	}
	if opts.format != "" && (opts.output == "" || opts.output == "-") {
		return usagef("--format describes the file generate wrote: give -o FILE (the services file itself is the output otherwise)")
	}
	target := cmp.Or(opts.output, opts.merge)
	if (opts.diff || opts.check) && target == "" {
		return usagef("--diff and --check compare with a file: give -o FILE or --merge FILE")
	}
	reg, meta, err := g.loadRows(e)
	if err != nil {
		return err
	}
	gopts := services.GenerateOptions{Protocols: protos, Preset: opts.preset, ExpandRanges: opts.expandRanges, AllPorts: opts.allPorts}
	gopts.Header = gopts.StandardHeader(services.Provenance{Registry: meta.Name, Rows: meta.Rows, Source: meta.Source, SHA256: meta.SHA256, Merged: opts.merge})
	gen := services.Generate(reg, gopts)
	rep := &report.Generate{Output: cmp.Or(opts.output, "-"), Registry: meta.Name, LeftOut: []string{}, Conflicts: []string{}}
	if opts.merge != "" {
		local, err := readServices(e, opts.merge)
		if err != nil {
			return err
		}
		rep.Conflicts = append(rep.Conflicts, gen.Merge(local, opts.merge)...)
	}
	rep.LeftOut = append(rep.LeftOut, gen.Notes...)
	if cmp.Or(opts.output, "-") == "-" && !opts.diff && !opts.check {
		_, err := gen.WriteTo(e.Stdout) // line by line: the file is never whole in memory
		return cmp.Or(err, printNotes(e, rep.Notes(opts.verbose)))
	}
	var out bytes.Buffer
	out.Grow(64 * (len(gen.Lines) + len(gen.Local))) // about the size of the file
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
			if _, err := io.WriteString(e.Stdout, diff.Unified(target, target+" (generated)", string(old), out.String(), 3)); err != nil {
				return err
			}
		}
		return errFindings
	}
	if err := atomicfile.Output(cmp.Or(opts.output, "-"), out.Bytes(), !opts.noBackup, e.Stdout); err != nil {
		return err
	}
	if opts.format != "" {
		rep.Lines, rep.Bytes = bytes.Count(out.Bytes(), []byte("\n")), out.Len()
		return render(e, opts.format, rep)
	}
	return printNotes(e, rep.Notes(opts.verbose))
}

// printNotes prints notes once the output is written, so that an error
// stays the one line on stderr.
func printNotes(e *env, notes []string) error {
	for _, n := range notes {
		fmt.Fprintf(e.Stderr, "regdiff: %s\n", n)
	}
	return nil
}
