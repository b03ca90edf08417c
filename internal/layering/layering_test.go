package layering

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/regdiff/regdiff/"

// allowed lists, for each package, the project packages and outside
// modules it may import; the standard library is always allowed.
var allowed = map[string][]string{
	"registry":            {"github.com/gocarina/gocsv", mod + "internal/prefault"},
	"services":            {mod + "registry", mod + "internal/prefault"},
	"diff":                {mod + "registry", mod + "services", "github.com/sergi/go-diff/"},
	"fetch":               {"github.com/schollz/progressbar/"},
	"snapshots":           {mod + "registry", mod + "internal/atomicfile", mod + "internal/prefault"},
	"procnet":             {},
	"internal/atomicfile": {},
	"internal/prefault":   {"golang.org/x/sys/"},
	"internal/storegen":   {mod + "registry"},
	"internal/layering":   {},
	"internal/gitrepo":    {},
	"internal/console":    {mod + "report", "golang.org/x/term"},
	"internal/storeview":  {mod + "diff", mod + "registry", mod + "report", mod + "snapshots"},
	"internal/syncjob":    {mod + "diff", mod + "fetch", mod + "internal/gitrepo", mod + "registry", mod + "snapshots"},
	"report":              {mod + "registry", mod + "diff", mod + "services", mod + "procnet", mod + "snapshots", "github.com/rivo/uniseg"},
}

// TestImportsPointDown fails when a package imports what DESIGN.md keeps
// it from: nothing below cmd knows cobra, printing or other layers above.
func TestImportsPointDown(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, mod+"...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], mod)
		if strings.HasPrefix(pkg, "cmd/") {
			continue // cmd wires everything
		}
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s has no layering rule: add it to allowed", pkg)
			continue
		}
		seen++
		for _, imp := range f[1:] {
			if !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
				continue // standard library
			}
			fine := false
			for _, a := range ok {
				fine = fine || imp == a || strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a)
			}
			if !fine {
				t.Errorf("%s imports %s, which its layer may not", pkg, imp)
			}
		}
	}
	if seen < 6 {
		t.Errorf("checked %d packages, want every package of the module", seen)
	}
}
