package services

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkInvariants holds for every File Parse returns, whatever the input.
func checkInvariants(t *testing.T, f *File) {
	t.Helper()
	for _, e := range append(f.Entries[:len(f.Entries):len(f.Entries)], f.Unnamed...) {
		if e.Port < 0 || e.Port > 65535 {
			t.Fatalf("port out of range: %+v", e)
		}
		if e.Line < 1 || e.Line > f.Lines {
			t.Fatalf("line %d outside 1..%d: %+v", e.Line, f.Lines, e)
		}
		if e.Name == "" || e.Proto == "" {
			t.Fatalf("empty name or protocol: %+v", e)
		}
		if asciiLower(e.Proto) != e.Proto {
			t.Fatalf("protocol not lower case: %+v", e)
		}
		if bytes.ContainsAny([]byte(e.Text), "\n") {
			t.Fatalf("text has a newline: %+v", e)
		}
	}
	lines := map[int]bool{}
	for _, e := range append(f.Entries[:len(f.Entries):len(f.Entries)], f.Unnamed...) {
		lines[e.Line] = true
	}
	if len(lines) != f.EntryLines || f.Empty() != (f.EntryLines == 0) {
		t.Fatalf("EntryLines %d, but entries on %d lines", f.EntryLines, len(lines))
	}
	if len(f.Entries)+len(f.Unnamed) > MaxEntries || len(f.Warnings) > MaxWarnings+1 {
		t.Fatalf("%d entries, %d warnings: over the caps", len(f.Entries)+len(f.Unnamed), len(f.Warnings))
	}
	if !f.Nmap && len(f.Unnamed) > 0 {
		t.Fatalf("unnamed entries in a file not in nmap layout")
	}
	for i, w := range f.Warnings {
		if w.Line < 1 || w.Line > f.Lines {
			t.Fatalf("warning line %d outside 1..%d: %+v", w.Line, f.Lines, w)
		}
		if i > 0 && f.Warnings[i-1].Line > w.Line {
			t.Fatalf("warnings out of line order: %+v before %+v", f.Warnings[i-1], w)
		}
		if w.Code == "" || w.Msg == "" {
			t.Fatalf("empty code or message: %+v", w)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("http 80/tcp www www-http # World Wide Web HTTP\n"))
	f.Add([]byte("tcpmux\t\t  1/tcp\t   #TCP Port Service Multiplexer\nkerberos-sec 88/tcp kerberos # krb5 # Kerberos (v5)\n#ftp 21/udp fsp fspd\n"))
	f.Add([]byte("discard\t9/tcp/udp/sctp/dccp\nx11\t6000-6063/tcp/udp\n                 24/udp     # any private mail system\n"))
	f.Add([]byte("tcpmux\t1/tcp\t0.001995\t# TCP Port Service Multiplexer [rfc-1078] | TCP\nunknown\t4/tcp\t0.000477\n"))
	f.Add([]byte("rtmp 1/ddp\nmanet 269/ucp\nnatd 8668/divert\nCAIlic 216/TCP\n1234 5/tcp 99\nfoo 80\nbar 70000/tcp\nb\xe9r 2/tcp # \xd6\nn\x00l 3/tcp\r\nlast 4/tcp"))
	f.Add([]byte("<!DOCTYPE html>\n<html><body>404</body></html>\n"))
	f.Add([]byte("sql-net 66/tcp\nsql-net 150/tcp\nsql-net 66/tcp a,b\n"))
	f.Add([]byte(""))
	// Layouts found in the wild, and files that are not services files.
	f.Add([]byte("x11\t6000-6063/tcp/udp\t# X Window System\nircu 6665-6669/tcp\nwide 1-2048/tcp\nback 9-8/tcp\n"))
	f.Add([]byte("-  1775/tcp\nx 2/tcp + -5 +80\nhttp 80/tcp www\nhttp 80/tcp web1 web2\nhttp 80/tcp\n"))
	f.Add([]byte("unknown\t4/tcp\t0.000477\ntcpmux\t1/tcp\t0.001995\nunknown\t6/udp\t0.000502\n"))
	f.Add([]byte("Service Name,Port Number,Transport Protocol\nhttp,80,tcp\n"))
	f.Add([]byte("<?xml version='1.0'?>\n<registry id=\"service-names-port-numbers\">\n"))
	f.Add([]byte("\x1f\x8b\x08\x00binary"))
	f.Add([]byte(strings.Repeat("not an entry\n", 19) + "http 80/tcp\nssh 22/tcp\n"))
	// A slice of each real file, so that the fuzzer starts from real layouts.
	paths, _ := filepath.Glob("../testdata/services/*.services")
	layouts, _ := filepath.Glob("../testdata/services/layouts/*.txt")
	paths = append(paths, layouts...)
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw[:min(len(raw), 4096)])
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Parse(bytes.NewReader(in))
		if err == nil {
			// Reading drops the text of comment lines nothing warns
			// about: the parse of the input as it is must be the same.
			if whole, err := parseString(string(in)); err != nil || !reflect.DeepEqual(file, whole) {
				t.Fatalf("read as it is: %v; the file differs: %+v, want %+v", err, whole, file)
			}
			if s, n, err := readCapped(bytes.NewReader(in)); err != nil || n != entryLines(string(in)) || n != entryLines(s) {
				t.Fatalf("read counts %d entry lines, the input has %d (%v)", n, entryLines(string(in)), err)
			}
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FormatError: %v", err)
			}
			if file != nil {
				t.Fatal("file returned with an error")
			}
			if fe.Line < 0 || fe.Msg == "" || fe.Kind == nil || !errors.Is(err, fe.Kind) {
				t.Fatalf("bad FormatError %+v", fe)
			}
			return
		}
		checkInvariants(t, file)
	})
}
