package services

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// checkInvariants holds for every File Parse returns, whatever the input.
func checkInvariants(t *testing.T, f *File) {
	t.Helper()
	for _, e := range f.Entries {
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
	// A slice of each real file, so that the fuzzer starts from real layouts.
	paths, _ := filepath.Glob("../testdata/services/*.services")
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw[:min(len(raw), 4096)])
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Parse(bytes.NewReader(in))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FormatError: %v", err)
			}
			if file != nil {
				t.Fatal("file returned with an error")
			}
			if fe.Line < 1 || fe.Msg == "" {
				t.Fatalf("bad FormatError %+v", fe)
			}
			return
		}
		checkInvariants(t, file)
	})
}
