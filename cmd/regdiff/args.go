package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
	"github.com/spf13/cobra"
)

// noArgs rejects arguments with a usage error (cobra's own is not typed).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%q takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// exactArgs wants n arguments, described by what.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s wants %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

// maxArgs wants at most n arguments, described by what.
func maxArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s wants %s, got %d arguments", cmd.CommandPath(), what, len(args))
		}
		return nil
	}
}

// rangeFlag reads --range; the empty string is every port.
func rangeFlag(s string) (registry.PortRange, error) {
	if s == "" {
		return registry.Ports(0, registry.MaxPort), nil
	}
	pr, err := registry.ParseRange(s)
	if err != nil {
		return pr, usagef("--range: %v", err)
	}
	return pr, nil
}

// protoFlag reads a one-protocol flag; the empty string is any protocol.
func protoFlag(flag, s string) (registry.Protocol, error) {
	p, err := registry.ParseProtocol(s)
	if err != nil {
		return p, usagef("%s: %v", flag, err)
	}
	return p, nil
}

// protosFlag reads a protocol-list flag.
func protosFlag(flag string, names []string) ([]registry.Protocol, error) {
	ps, err := registry.ParseProtocols(names)
	if err != nil {
		return nil, usagef("%s: %v", flag, err)
	}
	return ps, nil
}

// readServices parses the services file name, - for standard input.
func readServices(e *env, name string) (*services.File, error) {
	r := e.Stdin
	if name == "-" {
		name = shownName(name)
	} else {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(name, "/.") {
			return nil, fmt.Errorf("%q is neither a file nor a regdiff command (see regdiff --help)", name)
		}
		if err != nil {
			return nil, fmt.Errorf("%v (give the services file to check, or - for standard input)", err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s is a folder, not a services file", name)
		}
		r = f
	}
	return services.ParseNamed(r, name)
}

// shownName is how output names a file argument: - is <stdin>.
func shownName(file string) string {
	if file == "-" {
		return "<stdin>"
	}
	return file
}

// noSnapshots is the one wording of an empty store.
func noSnapshots(dir string) error {
	return fmt.Errorf("the store %s holds no snapshot (give --dir, or import some with regdiff snapshot import)", dir)
}

// localServices reads the local services file of listening and show:
// nil when the default /etc/services does not exist (a container, say),
// but a file the user named must be there.
func localServices(e *env, name string) (*services.File, error) {
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) && name == defaultServices {
		return nil, nil
	}
	return readServices(e, name)
}
