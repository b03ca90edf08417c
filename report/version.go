package report

import (
	"fmt"
	"io"
	"runtime/debug"
)

// Version is what regdiff version prints: the build and the registry built
// into it.
type Version struct {
	Version   string `json:"version"`            // module version: a tag, or (devel)
	Revision  string `json:"revision,omitempty"` // VCS commit the binary was built from
	Modified  bool   `json:"modified,omitempty"` // the work tree had uncommitted changes
	BuildTime string `json:"vcs_time,omitempty"` // the commit's time, as the build info has it
	GoVersion string `json:"go_version"`         // the toolchain
	Embedded  string `json:"embedded_registry"`  // the embedded snapshot's name
	Rows      int    `json:"embedded_rows"`      // and its rows
	SHA256    string `json:"embedded_sha256"`    // and its identity
}

// BuildVersion reads the binary's build info.
func BuildVersion() Version {
	v := Version{Version: "(devel)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.GoVersion = bi.GoVersion
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		case "vcs.time":
			v.BuildTime = s.Value
		}
	}
	return v
}

// Text writes "regdiff VERSION", the build's revision, and the embedded
// registry, a line each.
func (v *Version) Text(w io.Writer, _ Style) error {
	fmt.Fprintf(w, "regdiff %s\n", v.Version)
	if v.Revision != "" {
		dirty := ""
		if v.Modified {
			dirty = " with uncommitted changes"
		}
		fmt.Fprintf(w, "built from %.12s%s (%s), %s\n", v.Revision, dirty, v.BuildTime, v.GoVersion)
	} else {
		fmt.Fprintf(w, "built without version control information, %s\n", v.GoVersion)
	}
	_, err := fmt.Fprintf(w, "embedded registry %s (%d rows, sha256 %.12s)\n", v.Embedded, v.Rows, v.SHA256)
	return err
}

// Markdown writes the same as a list.
func (v *Version) Markdown(w io.Writer) error {
	_, err := fmt.Fprintf(w, "- regdiff %s\n- revision %s (modified: %t, %s)\n- %s\n- embedded registry %s (%d rows, sha256 %s)\n",
		v.Version, v.Revision, v.Modified, v.BuildTime, v.GoVersion, v.Embedded, v.Rows, v.SHA256)
	return err
}
