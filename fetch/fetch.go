// Package fetch downloads the registry CSV: conditional GET, retries with
// backoff, timeouts, a size cap and an optional progress bar. It knows
// nothing of the registry's format; callers validate what it returns before
// writing anything.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
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
	// ConnectTimeout bounds connecting (default 15 s); Timeout bounds one
	// whole attempt, body included (default 2 min).
	ConnectTimeout, Timeout time.Duration
	// Retries is how many times a failed attempt is retried (default 4):
	// network errors, 5xx and 429, never other 4xx.
	Retries int
	// RetryWait is the first wait between attempts (default 1 s); each next
	// wait doubles, with jitter, and a Retry-After header wins when longer.
	RetryWait time.Duration
	UserAgent string
	// Progress, when not nil, gets a progress bar (a terminal).
	Progress io.Writer
	// Log, when not nil, gets one line per retry.
	Log func(format string, args ...any)
}

// Result is a completed fetch.
type Result struct {
	URL         string
	NotModified bool   // a 304: Body is empty
	Body        []byte // the bytes as served (gzip already undone)
	// Validators are the ones the server sent; on a 304, each one it left
	// out is the one the request sent. Keep them for the next fetch of URL.
	Validators
	FetchedAt time.Time
	Attempts  int
}

// StatusError is an HTTP answer that is not a success.
type StatusError struct {
	Code   int
	Status string
}

func (e *StatusError) Error() string { return "server answered " + e.Status }

func (o *Options) defaults() {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 16 << 20
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 15 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
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

// maxRetryAfter caps a server's Retry-After: a scheduled job will run again.
const maxRetryAfter = 5 * time.Minute

// Get fetches opts.URL.
func Get(ctx context.Context, opts Options) (*Result, error) {
	opts.defaults()
	u, err := url.Parse(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %v", opts.URL, err)
	}
	switch u.Scheme {
	case "file":
		return getFile(u, opts)
	case "http", "https":
	default:
		return nil, fmt.Errorf("bad URL %q: want http, https or file", opts.URL)
	}
	client := &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: opts.ConnectTimeout}).DialContext,
		TLSHandshakeTimeout:   opts.ConnectTimeout,
		ResponseHeaderTimeout: opts.Timeout,
		ForceAttemptHTTP2:     true,
	}}
	wait := opts.RetryWait
	for attempt := 1; ; attempt++ {
		res, retryAfter, err := getOnce(ctx, client, opts)
		if err == nil {
			res.Attempts = attempt
			return res, nil
		}
		if !retryable(err) || attempt > opts.Retries || ctx.Err() != nil {
			if attempt > 1 {
				err = fmt.Errorf("%w (after %d attempts)", err, attempt)
			}
			return nil, err
		}
		d := wait/2 + rand.N(wait) // jitter: 0.5 to 1.5 times the wait
		if retryAfter > d {
			d = min(retryAfter, maxRetryAfter)
		}
		if opts.Log != nil {
			opts.Log("fetch: %v; retrying in %v", err, d.Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(d):
		}
		wait *= 2
	}
}

// getOnce makes one attempt; retryAfter is the server's Retry-After.
func getOnce(ctx context.Context, client *http.Client, opts Options) (res *Result, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, opts.URL, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", accept(opts.URL))
	if opts.ETag != "" {
		req.Header.Set("If-None-Match", opts.ETag)
	}
	if opts.LastModified != "" {
		req.Header.Set("If-Modified-Since", opts.LastModified)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
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
	var body io.Reader = io.LimitReader(resp.Body, opts.MaxBytes+1)
	if opts.Progress != nil {
		bar := progressbar.NewOptions64(resp.ContentLength,
			progressbar.OptionSetWriter(opts.Progress),
			progressbar.OptionSetDescription("fetching registry"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(65*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		r := progressbar.NewReader(body, bar)
		body = &r
		defer bar.Finish() //nolint:errcheck // cosmetic
	}
	res.Body, err = io.ReadAll(body)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("the body was cut short after %d bytes: %w", len(res.Body), err)
		}
		return nil, 0, err
	}
	if int64(len(res.Body)) > opts.MaxBytes {
		return nil, 0, fmt.Errorf("the body is over the cap of %d bytes (is this the registry?)", opts.MaxBytes)
	}
	return res, 0, nil
}

func getFile(u *url.URL, opts Options) (*Result, error) {
	f, err := os.Open(u.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, opts.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > opts.MaxBytes {
		return nil, fmt.Errorf("%s is over the cap of %d bytes", u.Path, opts.MaxBytes)
	}
	return &Result{URL: opts.URL, Body: body, FetchedAt: time.Now().UTC(), Attempts: 1}, nil
}

// retryable tells transient failures (network, 5xx, 429, timeouts, cut
// bodies) from final ones (other 4xx, caps).
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
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
		return max(0, time.Until(t))
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
