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
// /etc/services in a private mount namespace and reads it with glibc
// (getent) and with Go's resolver, which parses the file itself:
//   - glibc enumerates the file (getent services, one pass): every line
//     must come back as written, name, port/protocol and aliases;
//   - glibc looks up one name or alias in every lookupStride, spread over
//     the whole file (getservbyname scans the file from the top for each
//     name: looking up all of them took seven seconds);
//   - Go looks up every name and alias.
//
// Each lookup must give the port the file was generated with.
func TestGeneratedResolvesWithGlibcAndGo(t *testing.T) {
	if os.Getenv("REGDIFF_RESOLVE_HELPER") != "" {
		t.Skip("helper mode")
	}
	t.Parallel()
	path, ls := generated(t)
	dir := filepath.Dir(path)
	var all, sample strings.Builder
	var sampled []lookup
	for i, l := range ls {
		k := fmt.Sprintf("%s/%s\n", l.name, l.proto)
		all.WriteString(k)
		if i%lookupStride == 0 || i == len(ls)-1 {
			sample.WriteString(k)
			sampled = append(sampled, l)
		}
	}
	for name, b := range map[string]string{"keys": all.String(), "sample": sample.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
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
getent services || { echo "getent failed" >&2; exit 1; }
echo ===
xargs getent services < "$2/sample" || { echo "getent failed" >&2; exit 1; }
echo ===
REGDIFF_RESOLVE_HELPER="$2/keys" exec "$3" -test.run '^TestGoResolverHelper$' -test.v`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", path, dir, os.Args[0])
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
	parts := strings.SplitN(string(out), "===\n", 3)
	if len(parts) != 3 {
		t.Fatalf("unexpected output of the namespace script:\n%.500s", out)
	}
	enumerated, looked, goOut := parts[0], parts[1], parts[2]

	// The enumeration is the file's lines, comments left out, as written.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for line := range strings.Lines(string(raw)) {
		if f := strings.Fields(strings.SplitN(line, "#", 2)[0]); len(f) > 0 {
			want = append(want, strings.Join(f, " "))
		}
	}
	// A system whose nsswitch.conf lists more sources after files
	// (openSUSE: files usrfiles) enumerates their entries after the file's.
	got := strings.Split(strings.TrimSuffix(enumerated, "\n"), "\n")
	if len(got) < len(want) {
		t.Fatalf("glibc enumerated %d entries, the file has %d lines", len(got), len(want))
	}
	for i := range want {
		if g := strings.Join(strings.Fields(got[i]), " "); g != want[i] {
			t.Errorf("glibc enumerates %q, the file says %q", g, want[i])
		}
	}

	// getent prints the entry of each key in the order of the keys.
	glibc := strings.Split(strings.TrimSuffix(looked, "\n"), "\n")
	if len(glibc) != len(sampled) {
		t.Fatalf("glibc found %d of %d names", len(glibc), len(sampled))
	}
	for i, line := range glibc {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] != fmt.Sprintf("%d/%s", sampled[i].port, sampled[i].proto) {
			t.Errorf("glibc: %s/%s -> %q, want port %d", sampled[i].name, sampled[i].proto, line, sampled[i].port)
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
	t.Logf("glibc read %d lines and resolved %d of the names and aliases, Go resolved all %d", len(want), len(sampled), len(ls))
}

// lookupStride is how far apart the names glibc looks up are: one in
// seven, about 1,600 lookups spread over the file.
const lookupStride = 7

// TestGoResolverHelper runs inside the namespace of the test above, where
// /etc/services is the generated file: it prints what Go resolves.
func TestGoResolverHelper(t *testing.T) {
	t.Parallel()
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
