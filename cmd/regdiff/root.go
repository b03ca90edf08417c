package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/regdiff/regdiff/internal/console"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/snapshots"
	"github.com/spf13/cobra"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	registry string // --registry REF
	dir      string // --dir DIR: the snapshot store
}

// store is the snapshot store to read: --dir; else $REGDIFF_DIR; else the
// XDG store when it holds snapshots, else ./snapshots when it does (a clone
// of regdiff's repository, with its committed history).
func (g *globalOptions) store(e *env) *snapshots.Store {
	st := g.writeStore(e)
	if g.dir != "" || e.Getenv("REGDIFF_DIR") != "" || st.HasSnapshots() {
		return st
	}
	if repo := openStore(e, "snapshots"); repo.HasSnapshots() {
		return repo
	}
	return st
}

// writeStore is the snapshot store to write: --dir, else the default store,
// never the ./snapshots fallback of reads.
func (g *globalOptions) writeStore(e *env) *snapshots.Store {
	return openStore(e, cmp.Or(g.dir, defaultDir(e)))
}

// load resolves --registry against the store.
func (g *globalOptions) load(e *env) (*registry.Registry, snapshots.Meta, error) {
	return snapshots.Resolve(g.registry, g.store(e))
}

// loadRows is load for commands that name nobody: without the people.
func (g *globalOptions) loadRows(e *env) (*registry.Registry, snapshots.Meta, error) {
	return snapshots.ResolveRows(g.registry, g.store(e))
}

// run parses args and runs the command they name. Ctrl-C and SIGTERM
// cancel the context of a command that writes or fetches: it finishes, or
// undoes what it started. Readers, which write nothing but their output,
// keep the default and end at once: setting signals up costs a millisecond.
func run(ctx context.Context, args []string, e *env) error {
	root := newRoot(e, args)
	root.SetArgs(args)
	if c, _, err := root.Find(args); err != nil || !slices.Contains(readers, c.CommandPath()) {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	return root.ExecuteContext(ctx)
}

// readers write nothing but their output (see run).
var readers = []string{"regdiff", "regdiff check", "regdiff vague", "regdiff gaps", "regdiff lint", "regdiff listening", "regdiff version", "regdiff snapshot list"}

// completionExamples show how each shell loads the script, for the
// help of cobra's completion subcommands.
var completionExamples = map[string]string{
	"bash":       "  source <(regdiff completion bash)\n  regdiff completion bash > /etc/bash_completion.d/regdiff",
	"zsh":        "  regdiff completion zsh > \"${fpath[1]}/_regdiff\"",
	"fish":       "  regdiff completion fish > ~/.config/fish/completions/regdiff.fish",
	"powershell": "  regdiff completion powershell | Out-String | Invoke-Expression",
}

func init() {
	// Once, here: cobra keeps template functions in a global map, which
	// tests that build command trees in parallel must not write.
	cobra.AddTemplateFunc("regdiffVersion", versionText)
}

// subcommands make the commands of the tree, by name.
var subcommands = []struct {
	name string
	make func(*env, *globalOptions) *cobra.Command
}{{"check", newCheckCmd}, {"show", newShowCmd}, {"vague", newVagueCmd}, {"gaps", newGapsCmd}, {"diff", newDiffCmd}, {"history", newHistoryCmd}, {"fetch", newFetchCmd}, {"sync", newSyncCmd}, {"generate", newGenerateCmd}, {"lint", newLintCmd}, {"listening", newListeningCmd}, {"report", newReportCmd}, {"snapshot", newSnapshotCmd}, {"version", newVersionCmd}}

// newRoot is the command tree args need. Only a shell asking for
// completions needs them taught, and a command named first needs no other:
// building the whole tree is a tenth of a short command's time.
func newRoot(e *env, args []string) *cobra.Command {
	first, named := "", false
	if len(args) > 0 {
		first = args[0]
	}
	for _, s := range subcommands {
		named = named || s.name == first
	}
	g := &globalOptions{}
	checkOpts := &checkOptions{}
	root := &cobra.Command{
		Use:           "regdiff [FILE]",
		Short:         "Keep /etc/services honest against the IANA port number registry",
		Long:          help("root"),
		SilenceUsage:  true,
		SilenceErrors: true,
		Example: `  regdiff                            # check /etc/services against the registry
  regdiff ./services --only missing  # what IANA assigned that the file lacks
  regdiff show 80                    # every registry row for a port
  regdiff sync --dir /var/lib/regdiff`,
		Args: maxArgs(1, "at most one FILE (or a command: see regdiff --help)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if _, err := os.Stat(args[0]); err != nil && args[0] != "-" {
					if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
						return usagef("%q is neither a file nor a regdiff command; did you mean regdiff %s?", args[0], strings.Join(s, " or "))
					}
				}
			}
			return runCheck(e, g, checkOpts, args)
		},
	}
	addCheckFlags(root.Flags(), checkOpts)
	root.SuggestionsMinimumDistance = 2
	// --version: the text is made only when asked for (it reads the
	// embedded sidecar and the build information).
	root.Version = "regdiff"
	root.SetVersionTemplate("{{regdiffVersion}}")
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		var n int
		if _, scanErr := fmt.Sscanf(err.Error(), "unknown shorthand flag: '%d'", &n); scanErr == nil {
			return usagef("%v: a negative number is no port or option (ports are 0 to %d)", err, registry.MaxPort)
		}
		return &usageError{err}
	})
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if fi, err := os.Stat(g.dir); g.dir != "" && err == nil && !fi.IsDir() {
			return usagef("--dir %s is a file: give the folder of a snapshot store", g.dir)
		}
		return nil
	}
	root.PersistentFlags().StringVar(&g.registry, "registry", "latest", "registry to use: latest, embedded, a snapshot date, or a CSV path")
	root.PersistentFlags().StringVar(&g.dir, "dir", "", "snapshot store (default $REGDIFF_DIR, else $XDG_DATA_HOME/regdiff or ~/.local/share/regdiff; reads fall back to ./snapshots of a regdiff clone)")
	addChoice(root.PersistentFlags(), &e.ColorMode, "color", "", "auto", "color", console.ColorModes, "color text output: auto (on a terminal, unless NO_COLOR), always or never")
	root.PersistentFlags().BoolVar(&e.NoPager, "no-pager", false, "do not send text reports longer than the terminal through $PAGER (default less -FRX)")
	for _, s := range subcommands {
		if !named || s.name == first {
			root.AddCommand(s.make(e, g))
		}
	}
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = noArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				return usagef("regdiff completion wants a shell: bash, zsh, fish or powershell")
			}
			c.Example = "  regdiff completion bash > /etc/bash_completion.d/regdiff\n  regdiff completion zsh > \"${fpath[1]}/_regdiff\""
			c.Long += "\n\nExit status: 0, or 2 without a shell or on trouble."
			for _, sh := range c.Commands() {
				sh.Example = completionExamples[sh.Name()]
				sh.Long += "\n\nExit status: 0, or 2 on trouble."
			}
		}
	}
	if strings.HasPrefix(first, cobra.ShellCompRequestCmd) {
		addCompletions(root, e, g)
	}
	return root
}
