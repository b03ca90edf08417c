package services

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// repeatReader yields pattern over and over, limit bytes in all (endless
// when limit < 0). It has no Len, so Parse cannot see its size in advance.
type repeatReader struct {
	pattern []byte
	off     int
	limit   int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.limit == 0 {
		return 0, io.EOF
	}
	if r.limit > 0 && int64(len(p)) > r.limit {
		p = p[:r.limit]
	}
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.pattern[r.off:])
		n += c
		r.off = (r.off + c) % len(r.pattern)
	}
	if r.limit > 0 {
		r.limit -= int64(n)
	}
	return n, nil
}

func endless(pattern string) io.Reader { return &repeatReader{pattern: []byte(pattern), limit: -1} }

func wantFormatError(t *testing.T, in io.Reader, kind error) *FormatError {
	t.Helper()
	f, err := Parse(in)
	var fe *FormatError
	if !errors.As(err, &fe) || f != nil {
		t.Fatalf("got %v, %v; want a *FormatError", f, err)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("error %q is not %v", err, kind)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || strings.HasSuffix(msg, ".") || len(msg) > 400 {
		t.Errorf("not one short line: %q", msg)
	}
	return fe
}

// Inputs over the caps stop with ErrTooLarge, and reading them costs
// memory bounded by the caps, not by the input. Not parallel: it counts
// the bytes the process allocates.
func TestCaps(t *testing.T) {
	// Not parallel: it counts the whole process's allocations.
	tests := []struct {
		name     string
		in       func() io.Reader
		kind     error
		line     int
		maxAlloc uint64
	}{
		{"endless zeros", func() io.Reader { return endless("\x00") }, ErrBinary, 1, 1 << 20},
		{"endless a", func() io.Reader { return endless("a") }, ErrTooLarge, 1, MaxLineBytes + 1<<20},
		{"a 50 MB line", func() io.Reader {
			return io.MultiReader(strings.NewReader("http 80/tcp\n"), &repeatReader{pattern: []byte("a"), limit: 50 << 20}, strings.NewReader("\nssh 22/tcp\n"))
		}, ErrTooLarge, 2, MaxLineBytes + 1<<20},
		{"endless lines", func() io.Reader { return endless("http 80/tcp www # World Wide Web HTTP\n") }, ErrTooLarge, 0, MaxBytes + 2<<20},
		{"a 17 MiB reader of known size", func() io.Reader {
			return bytes.NewReader(make([]byte, MaxBytes+1))
		}, ErrTooLarge, 0, 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in() // a known-size input is made before counting
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			fe := wantFormatError(t, in, tt.kind)
			runtime.ReadMemStats(&after)
			if fe.Line != tt.line {
				t.Errorf("line %d, want %d: %v", fe.Line, tt.line, fe)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > tt.maxAlloc {
				t.Errorf("allocated %d bytes, want at most %d", n, tt.maxAlloc)
			}
			t.Logf("%v (allocated %d bytes)", fe, after.TotalAlloc-before.TotalAlloc)
		})
	}
}

// The caps on what a file may stand for: entries, aliases (copies for
// each entry of a line counted) and warnings.
func TestCountCaps(t *testing.T) {
	t.Parallel()
	// 2048 lines of 128 entries are MaxEntries: the next line is refused.
	var b strings.Builder
	for i := range MaxEntries / 128 {
		b.WriteString("x" + strconv.Itoa(i) + " 1-64/tcp/udp\n")
	}
	b.WriteString("one 65000/tcp\n")
	fe := wantFormatError(t, strings.NewReader(b.String()), ErrTooLarge)
	if fe.Line != MaxEntries/128+1 || !strings.Contains(fe.Msg, "more than 262144 entries") {
		t.Errorf("%v", fe)
	}

	// A line of 1000 aliases on 512 ports and protocols is 512,000.
	aliases := strings.Repeat(" a", 1000)
	fe = wantFormatError(t, strings.NewReader("x 1-256/tcp/udp"+aliases+"\n"), ErrTooLarge)
	if fe.Line != 1 || !strings.Contains(fe.Msg, "more than 262144 aliases") {
		t.Errorf("%v", fe)
	}

	// Past MaxWarnings, one warning counts the rest.
	b.Reset()
	for i := range MaxWarnings/2 + 10 {
		b.WriteString("N" + strconv.Itoa(i) + " 7/tcp\n") // mixed-case and shared-port
	}
	f := mustParse(t, b.String())
	if len(f.Warnings) != MaxWarnings+1 {
		t.Fatalf("%d warnings", len(f.Warnings))
	}
	last := f.Warnings[MaxWarnings]
	if last.Code != WarnTooManyWarnings || !strings.HasPrefix(last.Msg, "19 more warnings from line 32769 on") || last.Line != 32769 {
		t.Errorf("last warning %+v", last)
	}
	checkInvariants(t, f)
}

// What people pass for a services file by mistake is refused with what it
// looks like and what to do.
func TestNotServices(t *testing.T) {
	t.Parallel()
	gz, err := os.ReadFile("../registry/testdata/service-names-port-numbers_2026-04-09.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	csv, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	xml := "<?xml version='1.0' encoding='UTF-8'?>\n<?xml-stylesheet type=\"text/xsl\" href=\"service-names-port-numbers.xsl\"?>\n" +
		"<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n  <title>Service Name and Transport Protocol Port Number Registry</title>\n"
	html := "<!DOCTYPE html>\n<html>\n<head><title>404 Not Found</title>\n<style>body { color: #333 }</style></head>\n<body><h1>Not Found</h1></body>\n</html>\n"
	var prose strings.Builder
	for i := range 40 {
		prose.WriteString("This is line " + strconv.Itoa(i) + " of a README that is not a services file.\n")
	}
	prose.WriteString("http 80/tcp\nssh 22/tcp\n")
	tests := []struct {
		name string
		in   string
		kind error
		line int
		msg  string
	}{
		{"registry csv", string(csv), ErrRegistryCSV, 1, "looks like the IANA registry CSV"},
		{"quoted csv header", "\ufeff\"Service Name\",\"Port Number\",\"Transport Protocol\"\r\nhttp,80,tcp\r\n", ErrRegistryCSV, 1, "--registry"},
		{"registry xml", xml, ErrRegistryXML, 1, "looks like the IANA registry XML"},
		{"other xml", "<?xml version=\"1.0\"?>\n<feed><entry>http 80/tcp</entry></feed>\n", ErrNotServices, 1, "looks like an XML document"},
		{"html", html, ErrHTML, 1, "looks like an HTML page"},
		{"html after blank lines", "\n\n  <html><body>http 80/tcp</body></html>\n", ErrHTML, 3, "HTML page"},
		{"html after a comment", "<!-- saved -->\n<HTML>\n<p>http 80/tcp</p>\n", ErrHTML, 1, "HTML page"},
		{"gzip", string(gz), ErrBinary, 1, "binary data"},
		{"random bytes", string(random), ErrBinary, 2, "binary data"},
		{"nul in a line", "http 80/tcp\nssh\x0022/tcp\n", ErrBinary, 2, "has NUL bytes"},
		{"prose", prose.String(), ErrNotServices, 0, "only 2 of its 42 lines that are not blank or comments are services entries (line 1: port \"is\" is not a decimal number): not a services file"},
		{"no entry", "   24/udp # any private mail system\n", ErrNotServices, 1, "no service name before \"24/udp\": not a services file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := wantFormatError(t, strings.NewReader(tt.in), tt.kind)
			if fe.Line != tt.line || !strings.Contains(fe.Error(), tt.msg) {
				t.Errorf("got line %d: %v\nwant line %d and %q", fe.Line, fe, tt.line, tt.msg)
			}
		})
	}

	// Near misses: a short hand-written file with a few odd lines, ranges
	// only, a comment that mentions HTML, and nine bad lines in ten
	// below 20 lines, are services files.
	for _, in := range []string{
		"# my services\nmyapp 9000/tcp\nfoo bar\nbaz\n",
		"x11 6000-6063/tcp\n",
		"# <html> pages are served by\nhttp 80/tcp\n",
		strings.Repeat("not an entry\n", 17) + "http 80/tcp\nssh 22/tcp\n",
	} {
		if _, err := Parse(strings.NewReader(in)); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
	// From 20 lines, one in ten must be an entry.
	wantFormatError(t, strings.NewReader(strings.Repeat("not an entry\n", 19)+"http 80/tcp\nssh 22/tcp\nnope\n"), ErrNotServices)
	if _, err := Parse(strings.NewReader(strings.Repeat("not an entry\n", 18) + "http 80/tcp\nssh 22/tcp\n")); err != nil {
		t.Errorf("two entries in 20 lines: %v", err)
	}
}

// An empty file is a services file with no entries, and says so.
func TestEmpty(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "\n\n", "   \t\n", "# only comments\n#\n# http 80/tcp\n"} {
		f, err := Parse(strings.NewReader(in))
		if err != nil || len(f.Entries) != 0 || len(f.Warnings) != 0 || !f.Empty() || f.EntryLines != 0 {
			t.Errorf("%q: %+v, %v", in, f, err)
		}
	}
	f := mustParse(t, "# c\nhttp 80/tcp/udp\n\nssh 22/tcp\n")
	if f.Empty() || f.EntryLines != 2 || len(f.Entries) != 3 {
		t.Errorf("EntryLines %d, %d entries", f.EntryLines, len(f.Entries))
	}
}

func TestParseNamed(t *testing.T) {
	t.Parallel()
	_, err := ParseNamed(strings.NewReader("<html>\n"), "/etc/services")
	if want := "/etc/services:1: looks like an HTML page"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s...", err, want)
	}
	_, err = ParseNamed(endless("a"), "big")
	if want := "big:1: a line over 2 MiB"; err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want %s...", err, want)
	}
	_, err = ParseNamed(bytes.NewReader(make([]byte, MaxBytes+1)), "huge")
	if want := "huge: 16777217 bytes, over the 16 MiB a services file may have"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s...", err, want)
	}
	boom := errors.New("boom")
	_, err = ParseNamed(io.MultiReader(strings.NewReader("http 80/tcp\n"), errReader{boom}), "f")
	if err == nil || err.Error() != "reading f: boom" || !errors.Is(err, boom) {
		t.Errorf("read error: %v", err)
	}
	f, err := ParseNamed(strings.NewReader("http 80/tcp\n"), "f")
	if err != nil || len(f.Entries) != 1 {
		t.Errorf("%+v, %v", f, err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// BenchmarkParseHostile reads inputs that would take all memory without
// the caps; with -benchmem, B/op stays within the caps. A file of 100,000
// made-up protocols is within them, and costs by the entry.
func BenchmarkParseHostile(b *testing.B) {
	madeUp := madeUpProtocols(100000)
	for _, bc := range []struct {
		name string
		in   func() io.Reader
		want error // nil: the file parses
	}{
		{"zeros", func() io.Reader { return endless("\x00") }, ErrBinary},
		{"endless-line", func() io.Reader { return endless("a") }, ErrTooLarge},
		{"50MB-line", func() io.Reader {
			return io.MultiReader(&repeatReader{pattern: []byte("a"), limit: 50 << 20}, strings.NewReader("\nssh 22/tcp\n"))
		}, ErrTooLarge},
		{"endless-entries", func() io.Reader { return endless("http 80/tcp www # World Wide Web HTTP\n") }, ErrTooLarge},
		{"made-up-protocols", func() io.Reader { return strings.NewReader(madeUp) }, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bc.in()); !errors.Is(err, bc.want) {
					b.Fatalf("%v, want %v", err, bc.want)
				}
			}
		})
	}
}

// TestCommentsDropped reads each real file, in 32 KB chunks when its size
// is known and in 64 KB ones when not, with the text of its quiet comment
// lines dropped: the lines cut at a chunk's end included, it parses as
// the file's text as it is does.
func TestCommentsDropped(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("../testdata/services/*.services")
	if len(paths) < 7 {
		t.Fatalf("%d real files, want 7", len(paths))
	}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := parseString(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []io.Reader{bytes.NewReader(raw), struct{ io.Reader }{bytes.NewReader(raw)}} {
			got, err := Parse(r)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%T): the file read differs from its text parsed as it is (%v)", p, r, err)
			}
		}
		if s, n, err := readCapped(bytes.NewReader(raw)); err != nil || n != entryLines(string(raw)) || n != entryLines(s) {
			t.Errorf("%s: read counts %d entry lines, the text has %d (%v)", p, n, entryLines(string(raw)), err)
		}
	}
	s, n, err := readCapped(strings.NewReader("# a\n  # b\r\nx 1/tcp # c\n# \xe9\n#" + strings.Repeat("-", 200) + "\n# last"))
	if want := "\n\nx 1/tcp # c\n# \xe9\n#" + strings.Repeat("-", 200) + "\n# last"; err != nil || s != want || n != 1 {
		t.Errorf("read %q, %d entry lines (%v), want %q, 1", s, n, err, want)
	}
}

// madeUpProtocols is a file of n lines, each with a protocol of its own,
// and a name shared with the line before.
func madeUpProtocols(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "svc%d %d/p%d alias%d\n", i/2, 1+i%60000, i, i)
	}
	return b.String()
}

// TestMadeUpProtocols: the protocols no resolver knows share two
// cross-line maps keyed with the protocol (BenchmarkParseHostile measures
// them); what a line shares with another of its protocol is still found,
// and nothing it shares with other protocols.
func TestMadeUpProtocols(t *testing.T) {
	t.Parallel()
	const n = 2000
	f, err := Parse(strings.NewReader(madeUpProtocols(n) + "svc0 1/p0\nalias7 1/p7\nother 2/p1\nsvc0 8/p7\nsvc0 5/p9\n"))
	if err != nil || len(f.Entries) != n+5 {
		t.Fatalf("%d entries, %v", len(f.Entries), err)
	}
	var got []string
	for _, w := range f.Warnings {
		if w.Line > n && w.Code != WarnUnknownProto {
			got = append(got, fmt.Sprintf("%d %s", w.Line, w.Code))
		}
	}
	want := []string{
		fmt.Sprintf("%d %s", n+1, WarnDuplicateEntry),
		fmt.Sprintf("%d %s", n+2, WarnDuplicateName),
		fmt.Sprintf("%d %s", n+3, WarnSharedPort),
		fmt.Sprintf("%d %s", n+4, WarnSharedPort),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings on the last lines: %q, want %q", got, want)
	}
	if len(f.Warnings) != n+5+len(want) {
		t.Errorf("%d warnings, want %d: one a line for its protocol, and the four above", len(f.Warnings), n+5+len(want))
	}
}
