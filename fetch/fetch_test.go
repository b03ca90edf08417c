package fetch

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const body = "Service Name,Port Number\nhttp,80\n"

func quick(url string) Options {
	return Options{URL: url, Retries: 3, RetryWait: time.Millisecond, Timeout: 2 * time.Second}
}

func TestConditionalGet(t *testing.T) {
	t.Parallel()
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		if r.Header.Get("User-Agent") == "" || !strings.HasPrefix(r.Header.Get("User-Agent"), "regdiff") {
			t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Thu, 09 Apr 2026 00:00:00 GMT")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	res, err := Get(context.Background(), quick(srv.URL))
	if err != nil || res.NotModified || string(res.Body) != body || res.ETag != `"v1"` {
		t.Fatalf("first get: %+v, %v", res, err)
	}
	opts := quick(srv.URL)
	opts.ETag, opts.LastModified = res.ETag, res.LastModified
	res, err = Get(context.Background(), opts)
	if err != nil || !res.NotModified || len(res.Body) != 0 || res.ETag != `"v1"` {
		t.Fatalf("second get: %+v, %v", res, err)
	}
	if gets.Load() != 2 {
		t.Errorf("%d requests, want 2", gets.Load())
	}
}

func TestUnconditional304(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	if _, err := Get(context.Background(), quick(srv.URL)); err == nil || !strings.Contains(err.Error(), "not conditional") || n.Load() != 1 {
		t.Fatalf("err = %v after %d requests, want a 304 to an unconditional request refused at once", err, n.Load())
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			w.WriteHeader(http.StatusInternalServerError)
		case 2:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			fmt.Fprint(w, body)
		}
	}))
	defer srv.Close()
	var logged []string
	opts := quick(srv.URL)
	opts.Log = func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }
	res, err := Get(context.Background(), opts)
	if err != nil || res.Attempts != 3 || string(res.Body) != body {
		t.Fatalf("got %+v, %v; want success on the third attempt", res, err)
	}
	if len(logged) != 2 || !strings.Contains(logged[0], "500") {
		t.Errorf("retry log = %q", logged)
	}
}

// TestWhatIsRetried: errors that may fix themselves are retried, the
// others end the fetch after one attempt.
func TestWhatIsRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		h     http.HandlerFunc
		tries int32 // requests made with Retries: 3
		want  string
	}{
		{"404", http.NotFound, 1, "server answered 404 Not Found"},
		{"400", status(http.StatusBadRequest), 1, "server answered 400 Bad Request"},
		{"410", status(http.StatusGone), 1, "server answered 410 Gone"},
		{"503", status(http.StatusServiceUnavailable), 4, "server answered 503 Service Unavailable (after 4 attempts)"},
		{"408", status(http.StatusRequestTimeout), 4, "server answered 408 Request Timeout (after 4 attempts)"},
		{"429", status(http.StatusTooManyRequests), 4, "server answered 429 Too Many Requests (after 4 attempts)"},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
		}, 10, "stopped after 10 redirects, the last to http://"}, // one attempt
		{"redirect to file", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/services", http.StatusMovedPermanently)
		}, 1, "refused a redirect to file:///etc/services: only http and https are followed"},
		{"redirect to ftp", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "ftp://ftp.example.org/services.xml", http.StatusFound)
		}, 1, "refused a redirect to ftp://ftp.example.org/services.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				tc.h(w, r)
			}))
			defer srv.Close()
			_, err := Get(context.Background(), quick(srv.URL))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q...", err, tc.want)
			}
			if n.Load() != tc.tries {
				t.Errorf("%d requests, want %d", n.Load(), tc.tries)
			}
		})
	}
	t.Run("untrusted certificate", func(t *testing.T) {
		t.Parallel()
		var conns atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			t.Error("a request got through an untrusted certificate")
		}))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
		srv.StartTLS()
		defer srv.Close()
		_, err := Get(context.Background(), quick(srv.URL))
		var cv *tls.CertificateVerificationError
		if !errors.As(err, &cv) {
			t.Errorf("err = %v, want a certificate verification error", err)
		}
		if conns.Load() != 1 {
			t.Errorf("%d connections, want 1", conns.Load())
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln.Close() // nothing listens there now
		var retries int
		opts := quick("http://" + ln.Addr().String() + "/services.xml")
		opts.Log = func(string, ...any) { retries++ }
		_, err = Get(context.Background(), opts)
		if !errors.Is(err, syscall.ECONNREFUSED) || retries != 3 {
			t.Errorf("err = %v after %d retries, want connection refused, retried 3 times", err, retries)
		}
	})
	t.Run("bad URL", func(t *testing.T) {
		t.Parallel()
		for _, u := range []string{"ftp://example.org/x", "http:///services.xml", "https://[::1", "mailto:iana@iana.org", "file://services.xml", "file://"} {
			if _, err := Get(context.Background(), quick(u)); err == nil || !strings.HasPrefix(err.Error(), "bad URL") {
				t.Errorf("%s: err = %v, want a bad URL", u, err)
			}
		}
	})
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
}

// TestWhole: net/http reports a body shorter than its Content-Length, or
// chunks with no last one, as an unexpected EOF, and Get makes that an
// error (retried); a body whose end only the closed connection marks is
// returned, saying so in Delimited.
func TestWhole(t *testing.T) {
	t.Parallel()
	const head = "HTTP/1.1 200 OK\r\nConnection: close\r\n"
	gz := gzipped(body)
	chunk := fmt.Sprintf("%x\r\n%s\r\n", len(body), body)
	for _, tc := range []struct {
		name, response string
		want           string // the error, or else Delimited
	}{
		{"short of its length", head + "Content-Length: 1000\r\n\r\n" + body, "the body was cut short after 33 of 1000 bytes: unexpected EOF"},
		{"cut in a chunk", head + "Transfer-Encoding: chunked\r\n\r\n" + chunk[:20], "the body was cut short after 16 bytes: unexpected EOF"},
		{"no last chunk", head + "Transfer-Encoding: chunked\r\n\r\n" + chunk, "the body was cut short after 33 bytes: unexpected EOF"},
		{"gzip with no trailer", head + "Content-Encoding: gzip\r\n\r\n" + gz[:len(gz)-4], "the body was cut short after " + fmt.Sprint(len(gz)-4) + " bytes: unexpected EOF"},
		{"gzip, empty", head + "Content-Encoding: gzip\r\n\r\n", "the body was cut short after 0 bytes: unexpected EOF"},
		{"whole by length", head + "Content-Length: 33\r\n\r\n" + body, DelimitedByLength},
		{"whole by chunks", head + "Transfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n", DelimitedByChunks},
		{"gzip by length", head + "Content-Encoding: gzip\r\nContent-Length: " + fmt.Sprint(len(gz)) + "\r\n\r\n" + gz, DelimitedByLength},
		{"gzip by close", head + "Content-Encoding: gzip\r\n\r\n" + gz, DelimitedByGzip},
		{"by close", head + "\r\n" + body, DelimitedByClose},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := rawServer(t, tc.response)
			opts := quick(srv.URL)
			opts.Retries = 0
			res, err := Get(context.Background(), opts)
			switch {
			case err != nil && err.Error() != tc.want:
				t.Errorf("err = %v, want %s", err, tc.want)
			case err == nil && (res.Delimited != tc.want || string(res.Body) != body):
				t.Errorf("got %q delimited by %q, want %q delimited by %q", res.Body, res.Delimited, body, tc.want)
			}
		})
	}
	t.Run("retried", func(t *testing.T) {
		t.Parallel()
		srv, n := rawServer(t, head+"Content-Length: 1000\r\n\r\n"+body, head+"Content-Length: 33\r\n\r\n"+body)
		res, err := Get(context.Background(), quick(srv.URL))
		if err != nil || res.Attempts != 2 || n.Load() != 2 || string(res.Body) != body {
			t.Errorf("got %+v, %v after %d requests; want the body on the second attempt", res, err, n.Load())
		}
	})
}

// rawServer answers its nth request with the raw bytes of responses[n-1]
// (the last one over and over), then closes the connection.
func rawServer(t *testing.T, responses ...string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	n := new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp := responses[min(int(n.Add(1)), len(responses))-1]
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString(resp)
		buf.Flush()
	}))
	t.Cleanup(srv.Close)
	return srv, n
}

func gzipped(s string) string {
	var b strings.Builder
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// TestHTTP2: the end of an HTTP/2 body is the end of its stream, and a
// stream the server resets is a body cut short, retried.
func TestHTTP2(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			t.Errorf("request over %s, want HTTP/2", r.Proto)
		}
		fmt.Fprint(w, body[:10])
		w.(http.Flusher).Flush() // no Content-Length
		if n.Add(1) == 1 {
			panic(http.ErrAbortHandler) // resets the stream
		}
		fmt.Fprint(w, body[10:])
	}))
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	opts := quick(srv.URL)
	opts.tlsConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	res, err := Get(context.Background(), opts)
	if err != nil || res.Attempts != 2 || res.Delimited != DelimitedByStream || string(res.Body) != body {
		t.Fatalf("got %+v, %v; want the body on the second attempt, delimited by the stream", res, err)
	}
}

func TestSizeCap(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 5000)
	for name, h := range map[string]http.HandlerFunc{
		"declared": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "5000")
			fmt.Fprint(w, big)
		},
		"chunked": func(w http.ResponseWriter, r *http.Request) {
			w.(http.Flusher).Flush() // no length known up front
			fmt.Fprint(w, big)
		},
		"gzip'd": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			fmt.Fprint(w, gzipped(big)) // a few dozen bytes on the wire
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				h(w, r)
			}))
			defer srv.Close()
			opts := quick(srv.URL)
			opts.MaxBytes = 1000
			_, err := Get(context.Background(), opts)
			if err == nil || !strings.Contains(err.Error(), "cap of 1000") || n.Load() != 1 {
				t.Errorf("err = %v after %d requests, want the cap, not retried", err, n.Load())
			}
		})
	}
	t.Run("file", func(t *testing.T) {
		t.Parallel()
		p := filepath.Join(t.TempDir(), "big.xml")
		if err := os.WriteFile(p, []byte(big), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Get(context.Background(), Options{URL: "file://" + p, MaxBytes: 1000})
		if err == nil || !strings.Contains(err.Error(), "cap of 1000") {
			t.Errorf("err = %v, want the cap", err)
		}
	})
}

// TestDeadline: Timeout bounds the whole fetch, retries included, however
// the server stalls. (The bound is scaled down from minutes to keep the
// test short; the assertion on elapsed time is a generous bound, not a
// benchmark.)
func TestDeadline(t *testing.T) {
	t.Parallel()
	for name, partial := range map[string]bool{"no answer": false, "headers then nothing": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				if partial {
					w.Header().Set("Content-Length", "1000")
					fmt.Fprint(w, "Service Name,")
					w.(http.Flusher).Flush()
				}
				<-r.Context().Done() // until the client gives up
			}))
			defer srv.Close()
			opts := quick(srv.URL)
			opts.Retries, opts.Timeout, opts.AttemptTimeout = 100, 600*time.Millisecond, 150*time.Millisecond
			start := time.Now()
			_, err := Get(context.Background(), opts)
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "gave up: the 600ms deadline passed while ") {
				t.Errorf("err = %v, want a give-up at the deadline", err)
			}
			if n.Load() < 2 {
				t.Errorf("%d attempts, want stalled attempts retried", n.Load())
			}
			if elapsed > 2*time.Second {
				t.Errorf("returned after %v, want about 0.6s", elapsed)
			}
		})
	}
}

// TestWaitPastDeadline: a Retry-After or a backoff that would end past the
// deadline ends the fetch at once.
func TestWaitPastDeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, retryAfter string
		retryWait        time.Duration
		want             string
	}{
		{"Retry-After", "300", time.Millisecond, "server answered 503 Service Unavailable; gave up: the server asked to retry after 5m0s, past the 10s deadline"},
		{"backoff", "", 30 * time.Second, "server answered 503 Service Unavailable; gave up: the next retry, in "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			defer srv.Close()
			opts := quick(srv.URL)
			opts.Timeout, opts.RetryWait = 10*time.Second, tc.retryWait
			_, err := Get(context.Background(), opts)
			var se *StatusError
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !errors.As(err, &se) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want %q..., wrapping the 503 and the deadline", err, tc.want)
			}
			if n.Load() != 1 {
				t.Errorf("%d requests, want 1", n.Load())
			}
		})
	}
}

func TestCallersDeadline(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Get(ctx, quick(srv.URL))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "the caller's deadline passed while waiting for the answer") {
		t.Errorf("err = %v", err)
	}
}

// TestCancel: a cancelled context ends the fetch promptly whatever it is
// doing, with an error wrapping context.Canceled.
func TestCancel(t *testing.T) {
	t.Parallel()
	// arrived is told when the fetch is where the test wants to cancel it.
	type server func(t *testing.T, arrived chan<- struct{}) (url string, stop func())
	handler := func(h func(w http.ResponseWriter, r *http.Request)) server {
		return func(t *testing.T, arrived chan<- struct{}) (string, func()) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h(w, r)
				select {
				case arrived <- struct{}{}:
				default:
				}
				<-r.Context().Done()
			}))
			return srv.URL, srv.Close
		}
	}
	for _, tc := range []struct {
		name, doing string
		server      server
	}{
		{"connect", "connecting", func(t *testing.T, arrived chan<- struct{}) (string, func()) {
			// A TLS handshake with a peer that never answers.
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					defer c.Close()
					select {
					case arrived <- struct{}{}:
					default:
					}
				}
			}()
			return "https://" + ln.Addr().String() + "/", func() { ln.Close() }
		}},
		{"headers", "waiting for the answer", handler(func(w http.ResponseWriter, r *http.Request) {})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			arrived := make(chan struct{}, 1)
			url, stop := tc.server(t, arrived)
			defer stop()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := Get(ctx, Options{URL: url, Retries: 3, RetryWait: time.Millisecond})
				done <- err
			}()
			select {
			case <-arrived:
			case err := <-done:
				t.Fatalf("returned before the cancel: %v", err)
			}
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) || err.Error() != "canceled while "+tc.doing+": context canceled" {
					t.Errorf("err = %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("still fetching 5s after the cancel")
			}
		})
	}
	t.Run("body", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			fmt.Fprint(w, "Service Name,")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}))
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// The progress bar draws only once the body is being read.
		opts := Options{URL: srv.URL, Retries: 3, RetryWait: time.Millisecond, Progress: writerFunc(func(p []byte) {
			cancel()
		})}
		start := time.Now()
		_, err := Get(ctx, opts)
		if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "canceled while reading the body (") {
			t.Errorf("err = %v", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("returned after %v", time.Since(start))
		}
	})
	t.Run("backoff", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		opts := Options{URL: srv.URL, Retries: 3, RetryWait: time.Millisecond}
		opts.Log = func(string, ...any) { cancel() } // just before the wait
		start := time.Now()
		_, err := Get(ctx, opts)
		if !errors.Is(err, context.Canceled) || err.Error() != "canceled while waiting to retry: context canceled" {
			t.Errorf("err = %v", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("returned after %v", time.Since(start))
		}
	})
}

func TestGzipAndFile(t *testing.T) {
	t.Parallel()
	// Get asks for gzip and undoes it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, body)
		zw.Close()
	}))
	defer srv.Close()
	if res, err := Get(context.Background(), quick(srv.URL)); err != nil || string(res.Body) != body {
		t.Fatalf("gzip: %+v, %v", res, err)
	}
	// A file URL reads a file.
	p := filepath.Join(t.TempDir(), "reg.csv")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Get(context.Background(), Options{URL: "file://" + p})
	if err != nil || string(res.Body) != body || res.Delimited != DelimitedByFile {
		t.Fatalf("file: %+v, %v", res, err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Get(context.Background(), Options{URL: "file:" + filepath.ToSlash(rel)}); err != nil || string(res.Body) != body {
		t.Fatalf("relative file: %+v, %v", res, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Get(ctx, Options{URL: "file://" + p}); !errors.Is(err, context.Canceled) {
		t.Errorf("file, cancelled: err = %v", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	if d := parseRetryAfter("7"); d != 7*time.Second {
		t.Errorf("7 -> %v", d)
	}
	if d := parseRetryAfter(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)); d < 59*time.Minute {
		t.Errorf("date -> %v", d)
	}
	if d := parseRetryAfter("soon"); d != 0 {
		t.Errorf("soon -> %v", d)
	}
}

func TestAccept(t *testing.T) {
	t.Parallel()
	for u, want := range map[string]string{
		DefaultURL:                      "application/xml",
		CSVURL:                          "text/csv",
		"https://example.org/reg.CSV?x": "text/csv",
		"https://example.org/registry":  "application/xml",
	} {
		got := accept(u)
		if !strings.HasPrefix(got, want+",") || !strings.HasSuffix(got, "*/*;q=0.1") {
			t.Errorf("accept(%q) = %q, want %s first and */*;q=0.1 last", u, got, want)
		}
	}
	if !strings.HasSuffix(DefaultURL, ".xml") || !strings.HasSuffix(CSVURL, ".csv") {
		t.Errorf("DefaultURL = %q, CSVURL = %q", DefaultURL, CSVURL)
	}
}

func TestValidatorsOn304(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != `"v1"` || r.Header.Get("If-Modified-Since") != "Thu, 09 Apr 2026 00:00:00 GMT" {
			t.Errorf("conditional headers = %q", r.Header)
		}
		w.Header().Set("ETag", `"v2"`) // a new ETag but no Last-Modified
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	opts := quick(srv.URL)
	opts.Validators = Validators{ETag: `"v1"`, LastModified: "Thu, 09 Apr 2026 00:00:00 GMT"}
	res, err := Get(context.Background(), opts)
	want := Validators{ETag: `"v2"`, LastModified: "Thu, 09 Apr 2026 00:00:00 GMT"}
	if err != nil || !res.NotModified || res.Validators != want {
		t.Fatalf("got %+v, %v; want a 304 with %+v", res, err, want)
	}
	if !(Validators{}).IsZero() || want.IsZero() {
		t.Error("IsZero is wrong")
	}
}

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }
