package main

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

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
