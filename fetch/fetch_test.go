package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const body = "Service Name,Port Number\nhttp,80\n"

func quick(url string) Options {
	return Options{URL: url, Retries: 3, RetryWait: time.Millisecond, Timeout: 2 * time.Second}
}

func TestConditionalGet(t *testing.T) {
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
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	if _, err := Get(context.Background(), quick(srv.URL)); err == nil || !strings.Contains(err.Error(), "not conditional") {
		t.Fatalf("err = %v, want a 304 to an unconditional request refused", err)
	}
}

func TestRetries(t *testing.T) {
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

func TestNoRetryOn404(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	_, err := Get(context.Background(), quick(srv.URL))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 || n.Load() != 1 {
		t.Fatalf("err = %v after %d requests; want one 404", err, n.Load())
	}
}

func TestGivesUp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	_, err := Get(context.Background(), quick(srv.URL))
	if err == nil || !strings.Contains(err.Error(), "502") || !strings.Contains(err.Error(), "after 4 attempts") {
		t.Fatalf("err = %v", err)
	}
}

func TestCutBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, body) // 33 bytes, then the handler returns and the connection closes
	}))
	defer srv.Close()
	opts := quick(srv.URL)
	opts.Retries = 0
	_, err := Get(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Fatalf("err = %v, want a cut-short body", err)
	}
}

func TestSizeCap(t *testing.T) {
	for _, declared := range []bool{true, false} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			big := strings.Repeat("x", 5000)
			if declared {
				w.Header().Set("Content-Length", "5000")
			} else {
				w.(http.Flusher).Flush() // chunked: no length known up front
			}
			fmt.Fprint(w, big)
		}))
		opts := quick(srv.URL)
		opts.MaxBytes = 1000
		_, err := Get(context.Background(), opts)
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "cap of 1000") {
			t.Errorf("declared=%v: err = %v, want the cap", declared, err)
		}
	}
}

func TestStall(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	opts := quick(srv.URL)
	opts.Retries, opts.Timeout = 1, 100*time.Millisecond
	start := time.Now()
	_, err := Get(context.Background(), opts)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("gave up after %v", time.Since(start))
	}
}

func TestGzipAndFile(t *testing.T) {
	// Go's transport asks for gzip and undoes it.
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
	os.WriteFile(p, []byte(body), 0o644)
	res, err := Get(context.Background(), Options{URL: "file://" + p})
	if err != nil || string(res.Body) != body {
		t.Fatalf("file: %+v, %v", res, err)
	}
	if _, err := Get(context.Background(), Options{URL: "ftp://example.org/x"}); err == nil {
		t.Error("ftp URL accepted")
	}
}

func TestParseRetryAfter(t *testing.T) {
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
