package services_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/regdiff/regdiff/services"
	"github.com/regdiff/regdiff/snapshots"
)

// lookup is one name a generated file must resolve: NAME/PROTO -> PORT.
type lookup struct {
	name, proto string
	port        int
}

// generated writes the file generate makes from the embedded registry and
// returns every primary name and alias in it.
func generated(t *testing.T) (string, []lookup) {
	t.Helper()
	reg, _, err := snapshots.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g := services.Generate(reg, services.GenerateOptions{Header: []string{"test"}})
	var b bytes.Buffer
	g.WriteTo(&b)
	path := filepath.Join(t.TempDir(), "services")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var ls []lookup
	for _, l := range g.Lines {
		for _, n := range append([]string{l.Name}, l.Aliases...) {
			ls = append(ls, lookup{n, string(l.Proto), l.Port})
		}
	}
	return path, ls
}

// TestGeneratedResolvesWithGlibcAndGo bind-mounts a generated file over
// /etc/services in a private mount namespace and resolves every name and
// alias in it with glibc (getent) and with Go's resolver, which parses the
// file itself: each must give the port the file was generated with.
func TestGeneratedResolvesWithGlibcAndGo(t *testing.T) {
	if os.Getenv("REGDIFF_RESOLVE_HELPER") != "" {
		t.Skip("helper mode")
	}
	t.Parallel()
	path, ls := generated(t)
	dir := filepath.Dir(path)
	// glibc scans the file from the top for each name, which makes this
	// the slow part of the package's tests: the keys are split among
	// one getent per CPU, and their outputs put back in order.
	parts := min(runtime.NumCPU(), 4)
	var all strings.Builder
	part := make([]strings.Builder, parts)
	for i, l := range ls {
		k := fmt.Sprintf("%s/%s\n", l.name, l.proto)
		all.WriteString(k)
		part[i*parts/len(ls)].WriteString(k)
	}
	if err := os.WriteFile(filepath.Join(dir, "keys"), []byte(all.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range part {
		if err := os.WriteFile(filepath.Join(dir, "keys."+strconv.Itoa(i)), []byte(part[i].String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	for _, tool := range []string{"unshare", "mount", "getent"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("skipped: %s is not installed, so /etc/services cannot be replaced for a real resolver", tool)
		}
	}
	// In the namespace: mount, the getents, then this test binary again
	// to resolve the keys with Go.
	script := `mount --bind "$1" /etc/services || exit 1
pids= i=0
while [ $i -lt "$3" ]; do xargs getent services < "$2/keys.$i" > "$2/out.$i" & pids="$pids $!"; i=$((i+1)); done
rc=0
for p in $pids; do wait $p || rc=1; done
i=0
while [ $i -lt "$3" ]; do cat "$2/out.$i"; i=$((i+1)); done
[ $rc = 0 ] || { echo "getent failed" >&2; exit 1; }
echo ===
REGDIFF_RESOLVE_HELPER="$2/keys" exec "$4" -test.run '^TestGoResolverHelper$' -test.v`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", path, dir, strconv.Itoa(parts), os.Args[0])
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "unshare failed") || strings.Contains(msg, "Operation not permitted") || strings.Contains(msg, "permission denied") {
			t.Skipf("skipped: no private mount namespace here (%s); not root, or a container without CAP_SYS_ADMIN", msg)
		}
		t.Fatalf("resolving in a private namespace: %v\n%s", err, msg)
	}
	glibcOut, goOut, _ := strings.Cut(string(out), "===\n")

	// getent prints the entry of each key in the order of the keys.
	glibc := strings.Split(strings.TrimSuffix(glibcOut, "\n"), "\n")
	if len(glibc) != len(ls) {
		t.Fatalf("glibc found %d of %d names", len(glibc), len(ls))
	}
	for i, line := range glibc {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] != fmt.Sprintf("%d/%s", ls[i].port, ls[i].proto) {
			t.Errorf("glibc: %s/%s -> %q, want port %d", ls[i].name, ls[i].proto, line, ls[i].port)
		}
	}
	goPorts := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(goOut))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), " -> "); ok {
			goPorts[k] = v
		}
	}
	for _, l := range ls {
		if got := goPorts[l.name+"/"+l.proto]; got != strconv.Itoa(l.port) {
			t.Errorf("Go: %s/%s -> %q, want %d", l.name, l.proto, got, l.port)
		}
	}
	t.Logf("resolved %d names and aliases with glibc's getent and with Go's resolver", len(ls))
}

// TestGoResolverHelper runs inside the namespace of the test above, where
// /etc/services is the generated file: it prints what Go resolves.
func TestGoResolverHelper(t *testing.T) {
	keys := os.Getenv("REGDIFF_RESOLVE_HELPER")
	if keys == "" {
		t.Skip("run by TestGeneratedResolvesWithGlibcAndGo")
	}
	b, err := os.ReadFile(keys)
	if err != nil {
		t.Fatal(err)
	}
	r := &net.Resolver{PreferGo: true}
	for _, k := range strings.Fields(string(b)) {
		name, proto, _ := strings.Cut(k, "/")
		port, err := r.LookupPort(context.Background(), proto, name)
		if err != nil {
			fmt.Printf("%s -> error %v\n", k, err)
			continue
		}
		fmt.Printf("%s -> %d\n", k, port)
	}
}
