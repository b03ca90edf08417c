package main

import (
	"strings"

	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// addCompletions teaches the shell completion of every command the values
// of its closed-set flags, the store's snapshots for --registry, and
// service names for the arguments of show and history.
func addCompletions(root *cobra.Command, e *env, g *globalOptions) {
	var protos, classes, categories, reasons []string
	for _, p := range registry.Protocols {
		protos = append(protos, string(p))
	}
	for _, c := range registry.Classes {
		classes = append(classes, c.String())
	}
	for _, c := range diff.Categories {
		categories = append(categories, string(c))
	}
	for _, r := range registry.AllReasons {
		reasons = append(reasons, string(r))
	}
	closed := map[string][]string{ // list flags; choice flags say their own
		"only": categories, "proto": protos, "protocols": protos, "reason": reasons, "range": classes,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			values := closed[f.Name]
			if ch, ok := f.Value.(*choice); ok {
				values = ch.values
			}
			if values != nil {
				c.RegisterFlagCompletionFunc(f.Name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)) //nolint:errcheck // the flag exists
			}
		})
		switch c.Name() {
		case "show", "history":
			c.ValidArgsFunction = func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return serviceNames(e, g, prefix), cobra.ShellCompDirectiveNoFileComp
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.RegisterFlagCompletionFunc("registry", func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) { //nolint:errcheck // the flag exists
		var out []string
		names := []string{"latest", "embedded"}
		if list, err := g.store(e).List(); err == nil {
			for _, s := range list {
				names = append(names, s.Name)
			}
		}
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveDefault // files too: a CSV or XML path
	})
}

// serviceNames are the registry's names that start with prefix.
func serviceNames(e *env, g *globalOptions, prefix string) []string {
	reg, _, err := g.loadRows(e)
	if err != nil {
		return nil
	}
	return reg.NamesFrom(prefix)
}
