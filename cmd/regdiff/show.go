package main

import (
	"github.com/regdiff/regdiff/internal/storeview"
	"github.com/regdiff/regdiff/procnet"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	"github.com/spf13/cobra"
)

type showOptions struct {
	query    string
	proto    string
	format   string
	brief    bool
	contacts bool
	services string
	proc     string
}

func newShowCmd(e *env, g *globalOptions) *cobra.Command {
	opts := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show PORT|NAME|LO-HI",
		Short: "Show every registry row for a port, a service name, or a port range",
		Long:  help("show"),
		Example: `  regdiff show 80
  regdiff show http --proto tcp
  regdiff show 855-859 --format json`,
		Args: exactArgs(1, "one PORT, NAME or LO-HI"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = args[0]
			return runShow(e, g, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.proto, "proto", "p", "", "only rows of this protocol (tcp, udp, sctp, dccp); rows with no protocol are kept")
	cmd.Flags().BoolVar(&opts.brief, "brief", false, "the registry rows only, not the rest of the story")
	cmd.Flags().BoolVar(&opts.contacts, "contacts", false, "show the e-mail addresses of the people named (kept out of output by default)")
	cmd.Flags().StringVar(&opts.services, "services", defaultServices, "the local services file, for this machine's view")
	cmd.Flags().StringVar(&opts.proc, "proc", "/proc", "the proc file system, for what listens here")
	addFormatFlag(cmd.Flags(), &opts.format)
	return cmd
}

func runShow(e *env, g *globalOptions, opts *showOptions) error {
	proto, err := protoFlag("--proto", opts.proto)
	if err != nil {
		return err
	}
	q, err := registry.ParseQuery(opts.query)
	if err != nil {
		return usagef("%v", err)
	}
	load := g.load
	if opts.brief {
		load = g.loadRows // the rows name nobody; the story does
	}
	reg, meta, err := load(e)
	if err != nil {
		return err
	}
	rep := report.NewShow(reg, meta.Name, opts.query, q, proto)
	if !opts.brief && len(rep.Rows) > 0 {
		if rep.Story, err = story(e, g, opts, reg, rep); err != nil {
			return err
		}
	}
	if err := render(e, opts.format, rep); err != nil {
		return err
	}
	if len(rep.Rows) == 0 && opts.format == "text" {
		return &notFoundError{rep.Nothing(opts.proto)}
	}
	return nonEmpty(len(rep.Rows))
}

// story reads what the rest of a port's story needs (the store's history,
// the local services file, /proc) and has report.NewStory tell it. A part
// that cannot be read here (no store, no services file, no /proc) is left
// out.
func story(e *env, g *globalOptions, opts *showOptions, reg *registry.Registry, rep *report.Show) (*report.Story, error) {
	in := report.StoryInput{Registry: reg, Rows: rep.Rows, Query: rep.Asked, Contacts: opts.contacts, ServicesFile: opts.services}
	st := g.store(e)
	if life, err := storeview.History(st, rep.Asked); err != nil {
		return nil, err
	} else if len(life.Snapshots) > 1 { // a life needs two snapshots
		in.History = life.Events
	}
	var err error
	if in.Services, err = localServices(e, opts.services); err != nil {
		return nil, err
	}
	if socks, err := procnet.Listening(opts.proc); err == nil {
		in.Sockets = socks.Sockets
	}
	return report.NewStory(in), nil
}
