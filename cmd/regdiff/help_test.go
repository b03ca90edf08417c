package main

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// newRootCmd is the whole command tree, completions included: the tree a
// shell's completion request gets.
func newRootCmd(e *env) *cobra.Command { return newRoot(e, []string{cobra.ShellCompRequestCmd}) }

// TestHelpHasExamplesAndExitStatus walks every command a user can reach
// (regdiff --help and down): each has examples and says its exit status.
func TestHelpHasExamplesAndExitStatus(t *testing.T) {
	t.Parallel()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example == "" {
			t.Errorf("%s has no examples", c.CommandPath())
		}
		for line := range strings.Lines(c.Example) {
			if !strings.HasPrefix(line, "  ") || !strings.Contains(line, "regdiff") {
				t.Errorf("%s: example %q: want an indented command line with regdiff", c.CommandPath(), line)
			}
		}
		if !strings.Contains(c.Long, "Exit status: ") {
			t.Errorf("%s: the long help says no \"Exit status: \"", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
	}
	walk(newRootCmd(testEnv(t, io.Discard, io.Discard)))
}

// TestOneCommandTree: run builds only the command named first. Its help,
// and its answer to a bad flag, are what the whole tree gives.
func TestOneCommandTree(t *testing.T) {
	t.Parallel()
	full := newRootCmd(testEnv(t, io.Discard, io.Discard))
	for _, s := range subcommands {
		c, rest, err := full.Find([]string{s.name})
		if err != nil || c.Name() != s.name || len(rest) != 0 {
			t.Fatalf("%q makes %q (%v)", s.name, c.Name(), err)
		}
		paths := [][]string{{s.name}}
		for _, sub := range c.Commands() {
			paths = append(paths, []string{s.name, sub.Name()})
		}
		for _, p := range paths {
			for _, args := range [][]string{append(p, "--help"), append(p, "--no-such-flag")} {
				var lazyOut, fullOut strings.Builder
				lazyErr := run(t.Context(), args, testEnv(t, &lazyOut, &lazyOut))
				root := newRootCmd(testEnv(t, &fullOut, &fullOut))
				root.SetArgs(args)
				fullErr := root.ExecuteContext(t.Context())
				if lazyOut.String() != fullOut.String() || fmt.Sprint(lazyErr) != fmt.Sprint(fullErr) {
					t.Errorf("regdiff %s: one command's tree gives\n%s%v\nthe whole tree\n%s%v", strings.Join(args, " "), &lazyOut, lazyErr, &fullOut, fullErr)
				}
			}
		}
	}
}
