// Package fetch downloads the registry over HTTP(S), or reads it from a
// file URL, and tells whether what it got is whole.
//
// DefaultURL is IANA's XML, the registry's source form; CSVURL is the CSV
// derived from it. The Accept header follows the URL's extension. fetch
// knows nothing else of either format: callers parse and validate what it
// returns before writing anything.
//
// # Time
//
// Options.Timeout bounds the whole fetch: attempts, backoff and Retry-After
// waits. A wait that would end past it, or past the context's deadline,
// ends the fetch at once. Options.AttemptTimeout ends an attempt that
// stalls. Whenever the fetch ran out of time, or would have, the error
// wraps context.DeadlineExceeded; a cancelled context ends the fetch in any
// phase with an error wrapping context.Canceled.
//
// # Retries
//
// Up to Options.Retries more attempts follow a failure that may fix itself:
// 5xx, 408 and 429 answers, a connection refused, reset or dropped, a body
// cut short, a DNS failure other than "no such host", an attempt that
// stalled or timed out. Anything else is final after one attempt: other
// statuses, a redirect loop, a redirect to anything but http or https, a
// certificate this machine does not trust, a TLS alert, the size cap, a
// 304 to an unconditional request, a malformed answer, a bad URL.
//
// # Whole bodies
//
// A body shorter than its Content-Length, chunks with no last chunk, a
// reset HTTP/2 stream and a gzip stream with no trailer are errors, never a
// Result. A body whose end is only the server closing the connection cannot
// be proven whole here: Result.Delimited is then DelimitedByClose, and the
// caller must prove it by its format (the registry XML's closing element
// does; the CSV has no such end). Options.MaxBytes caps the unpacked bytes.
//
// # Conditional requests
//
// Result.Validators, passed back as Options.Validators with the same URL,
// make the next request conditional; a 304 answer gives NotModified and no
// body.
package fetch

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// DefaultURL is where IANA publishes the registry as XML, its source form:
// only the XML has the people section, and only a well-formed XML document
// proves that a download arrived whole.
const DefaultURL = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"

// CSVURL is where IANA publishes the CSV derived from the XML.
const CSVURL = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.csv"

// Validators are the HTTP cache validators of one URL's last download, as
// the server sent them. They belong to that URL only: pass them back with the
// same URL, never another.
type Validators struct {
	ETag         string // the ETag header
	LastModified string // the Last-Modified header, unparsed
}

// IsZero reports whether v holds no validator, so a request would not be
// conditional.
func (v Validators) IsZero() bool { return v.ETag == "" && v.LastModified == "" }

// Options say what to fetch and how patiently.
type Options struct {
	URL string // http, https or file URL
	// Validators come from the last fetch of URL (Result.Validators); when
	// set, the request is conditional and a 304 answer means nothing
	// changed. Embedded, so opts.ETag and opts.LastModified still work.
	Validators
	// MaxBytes caps the body (default 16 MiB; the registry is about 1.2 MB).
	MaxBytes int64
	// Timeout bounds the whole fetch (default 3 min): every attempt and
	// every wait between attempts, a server's Retry-After included. A wait
	// that would end past it ends the fetch at once.
	Timeout time.Duration
	// AttemptTimeout bounds how long one attempt may stall (default 60 s,
	// never more than what is left of Timeout): connecting and waiting for
	// the answer's headers, then any pause in the body. A body that keeps
	// arriving is bounded by Timeout only, so a slow link is not cut while
	// it makes progress.
	AttemptTimeout time.Duration
	// ConnectTimeout bounds the TCP connection and the TLS handshake
	// (default 15 s).
	ConnectTimeout time.Duration
	// Retries is how many times a failed attempt is retried when the
	// failure may fix itself; zero means never (regdiff's flag defaults
	// to 4). The package doc lists what is retried.
	Retries int
	// RetryWait is the first wait between attempts (default 1 s); each next
	// wait doubles, with jitter, and a Retry-After header wins when longer.
	RetryWait time.Duration
	UserAgent string
	// Progress, when not nil, gets a progress bar (a terminal).
	Progress io.Writer
	// Log, when not nil, gets one line per retry.
	Log func(format string, args ...any)

	tlsConfig *tls.Config // tests: trust an httptest TLS server
}

// Result is a completed fetch.
type Result struct {
	URL         string
	NotModified bool   // a 304: Body is empty
	Body        []byte // the bytes as served (gzip already undone)
	// Validators are the ones the server sent; on a 304, each one it left
	// out is the one the request sent. Keep them for the next fetch of URL.
	Validators
	// Delimited says how the body's end was known: one of the DelimitedBy
	// constants, "" on a 304. With DelimitedByClose the caller must check
	// that the body is whole, by its format.
	Delimited string
	FetchedAt time.Time
	Attempts  int
}

func (o *Options) defaults() {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 16 << 20
	}
	if o.Timeout <= 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = time.Minute
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 15 * time.Second
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.RetryWait <= 0 {
		o.RetryWait = time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = "regdiff (+https://github.com/regdiff/regdiff)"
	}
}

// Get fetches opts.URL.
func Get(ctx context.Context, opts Options) (*Result, error) {
	opts.defaults()
	u, err := url.Parse(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %v", opts.URL, err)
	}
	switch u.Scheme {
	case "file":
		return getFile(ctx, u, opts)
	case "http", "https":
		if u.Host == "" {
			return nil, fmt.Errorf("bad URL %q: no host", opts.URL)
		}
	default:
		return nil, fmt.Errorf("bad URL %q: want http, https or file", opts.URL)
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: opts.ConnectTimeout}).DialContext,
		TLSHandshakeTimeout: opts.ConnectTimeout,
		TLSClientConfig:     opts.tlsConfig,
		ForceAttemptHTTP2:   true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: checkRedirect}

	ourDeadline := time.Now().Add(opts.Timeout)
	ctx, cancel := context.WithDeadline(ctx, ourDeadline)
	defer cancel()
	deadline, _ := ctx.Deadline()
	limit := fmt.Sprintf("the %v deadline", opts.Timeout)
	if deadline.Before(ourDeadline) {
		limit = "the caller's deadline"
	}

	wait := opts.RetryWait
	var last error // the previous attempt's failure
	for n := 1; ; n++ {
		a := &attempt{opts: opts, client: client}
		res, retryAfter, err := a.get(ctx)
		if err == nil {
			res.Attempts = n
			return res, nil
		}
		if ctx.Err() != nil {
			doing := a.doing()
			if n > 1 {
				doing += fmt.Sprintf(", attempt %d", n)
			}
			return nil, stopped(ctx, limit, doing, last, n-1)
		}
		if !retryable(err) || n > opts.Retries {
			if n > 1 {
				err = fmt.Errorf("%w (after %d attempts)", err, n)
			}
			return nil, err
		}
		d := wait/2 + rand.N(wait) // jitter: 0.5 to 1.5 times the wait
		wait = min(2*wait, time.Hour)
		why := fmt.Sprintf("the next retry, in %v, would start past %s", d.Round(time.Millisecond), limit)
		if retryAfter > d {
			d = retryAfter
			why = fmt.Sprintf("the server asked to retry after %v, past %s", d, limit)
		}
		if time.Now().Add(d).After(deadline) {
			msg := "gave up: " + why
			if n > 1 {
				msg += fmt.Sprintf(" (after %d attempts)", n)
			}
			return nil, &gaveUp{msg: msg, err: err, prefix: true}
		}
		if opts.Log != nil {
			opts.Log("fetch: %v; retrying in %v", err, d.Round(time.Millisecond))
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, stopped(ctx, limit, "waiting to retry", err, n)
		case <-t.C:
		}
		last = err
	}
}

// What an attempt is doing, for errors.
const (
	connecting = iota
	waiting
	reading
)

// attempt is one request, with its stall timer.
type attempt struct {
	opts   Options
	client *http.Client
	phase  atomic.Int32 // connecting, waiting or reading
	n      int64        // body bytes read so far
}

func (a *attempt) doing() string {
	switch a.phase.Load() {
	case connecting:
		return "connecting"
	case waiting:
		return "waiting for the answer"
	}
	return fmt.Sprintf("reading the body (%d bytes in)", a.n)
}

// errStalled cancels an attempt whose stall timer fired.
var errStalled = errors.New("stalled")

// get makes the attempt; retryAfter is the server's Retry-After.
func (a *attempt) get(parent context.Context) (res *Result, retryAfter time.Duration, err error) {
	opts := a.opts
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	stall := time.AfterFunc(opts.AttemptTimeout, func() { cancel(errStalled) })
	defer stall.Stop()
	defer func() {
		if err != nil && parent.Err() == nil && context.Cause(ctx) == errStalled {
			err = &stallError{d: opts.AttemptTimeout, doing: a.doing()}
		}
	}()
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { a.phase.Store(waiting) },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, opts.URL, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", accept(opts.URL))
	// Asked for here, not by the transport, which would then unpack it
	// itself and drop the Content-Length that tells a cut body.
	req.Header.Set("Accept-Encoding", "gzip")
	if opts.ETag != "" {
		req.Header.Set("If-None-Match", opts.ETag)
	}
	if opts.LastModified != "" {
		req.Header.Set("If-Modified-Since", opts.LastModified)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		var ue *url.Error // "Get URL: ...": the caller knows the URL
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, 0, err
	}
	defer resp.Body.Close()
	a.phase.Store(reading)
	res = &Result{URL: opts.URL, FetchedAt: time.Now().UTC(), Validators: Validators{
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}}
	switch {
	case resp.StatusCode == http.StatusNotModified && opts.Validators.IsZero():
		return nil, 0, errors.New("server answered 304 Not Modified to a request that was not conditional")
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		res.ETag, res.LastModified = firstNonEmpty(res.ETag, opts.ETag), firstNonEmpty(res.LastModified, opts.LastModified)
		return res, 0, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) //nolint:errcheck // draining for reuse only
		return nil, parseRetryAfter(resp.Header.Get("Retry-After")), &StatusError{resp.StatusCode, resp.Status}
	case resp.ContentLength > opts.MaxBytes:
		return nil, 0, fmt.Errorf("the body is %d bytes, over the cap of %d (is this the registry?)", resp.ContentLength, opts.MaxBytes)
	}
	// The wire bytes: the stall timer and the progress bar watch these.
	var body io.Reader = &stallReader{r: resp.Body, t: stall, d: opts.AttemptTimeout, n: &a.n}
	if opts.Progress != nil {
		bar := progressbar.NewOptions64(resp.ContentLength,
			progressbar.OptionSetWriter(opts.Progress),
			progressbar.OptionSetDescription("fetching registry"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(65*time.Millisecond),
			progressbar.OptionSetSpinnerChangeInterval(0), // no goroutine of its own
			progressbar.OptionClearOnFinish(),
		)
		r := progressbar.NewReader(body, bar)
		body = &r
		defer func() {
			if err == nil {
				bar.Finish() //nolint:errcheck // cosmetic
			} else {
				bar.Exit()  //nolint:errcheck // cosmetic
				bar.Clear() //nolint:errcheck // the error goes on a clean line
			}
		}()
	}
	gzipped := false
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, 0, cut(a.n, resp.ContentLength, fmt.Errorf("gzip: %w", err))
		}
		body, gzipped = zr, true
	default:
		return nil, 0, fmt.Errorf("the body is encoded as %q, which was not asked for", enc)
	}
	// The cap holds for the bytes kept: a small gzip'd body may unpack to
	// any size.
	res.Body, err = io.ReadAll(io.LimitReader(body, opts.MaxBytes+1))
	if err != nil {
		return nil, 0, cut(a.n, resp.ContentLength, err)
	}
	if int64(len(res.Body)) > opts.MaxBytes {
		return nil, 0, fmt.Errorf("the body is over the cap of %d bytes (is this the registry?)", opts.MaxBytes)
	}
	res.Delimited = delimited(resp, gzipped)
	return res, 0, nil
}

// cut says how much arrived when a body was cut short (an unexpected EOF:
// fewer bytes than the Content-Length, no last chunk, a gzip stream with no
// trailer); other errors pass through.
func cut(n, length int64, err error) error {
	if errors.Is(err, io.EOF) { // gzip: not even a header
		err = io.ErrUnexpectedEOF
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	if length >= 0 {
		return fmt.Errorf("the body was cut short after %d of %d bytes: %w", n, length, err)
	}
	return fmt.Errorf("the body was cut short after %d bytes: %w", n, err)
}

// How a body's end was known, in Result.Delimited. Every way but
// DelimitedByClose proves that the body is whole: a body cut short is an
// error, not a Result.
const (
	DelimitedByLength = "content-length" // as long as its Content-Length
	DelimitedByChunks = "chunked"        // HTTP/1.1 chunks, up to the last one
	DelimitedByStream = "stream"         // HTTP/2 or later: the server ended the stream
	// DelimitedByGzip is a body that came until the server closed the
	// connection, gzip'd: the gzip trailer (CRC-32 and length) proves it
	// whole.
	DelimitedByGzip = "gzip"
	// DelimitedByClose is a body that came until the server closed the
	// connection: a body cut short by a dropped connection looks the
	// same, so only the format's own end can prove it whole (the
	// registry XML's closing element; the CSV has none).
	DelimitedByClose = "close"
	DelimitedByFile  = "file" // a file URL, read to its end
)

func delimited(resp *http.Response, gzipped bool) string {
	switch {
	case resp.ContentLength >= 0:
		return DelimitedByLength
	case slices.Contains(resp.TransferEncoding, "chunked"):
		return DelimitedByChunks
	case resp.ProtoMajor >= 2:
		return DelimitedByStream
	case gzipped:
		return DelimitedByGzip
	}
	return DelimitedByClose
}

// stallReader pushes the stall timer back on every read that brings bytes.
type stallReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
	n *int64
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.t.Reset(s.d)
		*s.n += int64(n)
	}
	return n, err
}

func getFile(ctx context.Context, u *url.URL, opts Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("canceled: %w", err)
	}
	path := u.Path
	if u.Opaque != "" { // file:relative/path
		path = u.Opaque
	}
	switch {
	case u.Host != "" && u.Host != "localhost":
		return nil, fmt.Errorf("bad URL %q: a file URL names a local path, file:///absolute or file:relative", opts.URL)
	case path == "":
		return nil, fmt.Errorf("bad URL %q: no path", opts.URL)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, opts.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > opts.MaxBytes {
		return nil, fmt.Errorf("%s is over the cap of %d bytes (is this the registry?)", path, opts.MaxBytes)
	}
	return &Result{URL: opts.URL, Body: body, Delimited: DelimitedByFile, FetchedAt: time.Now().UTC(), Attempts: 1}, nil
}

// parseRetryAfter reads seconds or an HTTP date; 0 when absent or bad.
func parseRetryAfter(s string) time.Duration {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(s); err == nil {
		return max(0, time.Until(t).Round(time.Second))
	}
	return 0
}

// accept is the Accept header for u: the format its extension names, XML
// (the default format) unless it ends in .csv, and anything at a low weight
// so that a server labelling the registry oddly still answers.
func accept(u string) string {
	if p, err := url.Parse(u); err == nil && strings.HasSuffix(strings.ToLower(p.Path), ".csv") {
		return "text/csv, */*;q=0.1"
	}
	return "application/xml, text/xml;q=0.9, */*;q=0.1"
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
