package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// StatusError is an HTTP answer that is not a success.
type StatusError struct {
	Code   int
	Status string
}

func (e *StatusError) Error() string { return "server answered " + e.Status }

// Temporary reports whether a later attempt may get another answer: 5xx,
// 408 Request Timeout and 429 Too Many Requests.
func (e *StatusError) Temporary() bool {
	return e.Code >= 500 || e.Code == http.StatusRequestTimeout || e.Code == http.StatusTooManyRequests
}

// retryable tells failures that may fix themselves from final ones. Only
// these are retried: a temporary status (5xx, 408, 429), a connection
// refused, reset or cut, a body cut short (HTTP/1 or an HTTP/2 stream
// reset), a DNS failure that is not "no such host", and timeouts of one
// attempt. Everything else is final: other statuses, redirect loops and
// redirects to other schemes, certificates this machine does not trust,
// TLS alerts, the size cap, a 304 to an unconditional request, malformed
// answers.
func retryable(err error) bool {
	var (
		se    *StatusError
		stall *stallError
		re    *redirectError
		cv    *tls.CertificateVerificationError
		ua    x509.UnknownAuthorityError
		hn    x509.HostnameError
		ci    x509.CertificateInvalidError
		h2    h2StreamError
		dns   *net.DNSError
		op    *net.OpError
		ne    net.Error
	)
	switch {
	case errors.As(err, &se):
		return se.Temporary()
	case errors.As(err, &stall):
		return true
	case errors.As(err, &re), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.As(err, &cv), errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci):
		return false // the next attempt meets the same certificate
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true // the body, or the connection before any answer, cut short
	case errors.As(err, &h2):
		return true
	case errors.As(err, &dns):
		return dns.IsTimeout || dns.IsTemporary
	case errors.As(err, &op):
		return op.Op != "remote error" // a TLS alert: the server refused the handshake
	case errors.As(err, &ne):
		return ne.Timeout()
	}
	return false
}

// h2StreamError has the fields of net/http's unexported HTTP/2 stream
// error (a stream the server reset), which errors.As converts to any
// struct of that shape.
type h2StreamError struct {
	StreamID uint32
	Code     uint32
	Cause    error
}

func (e h2StreamError) Error() string { return fmt.Sprintf("http2 stream %d reset", e.StreamID) }

// maxRedirects is where Go's client stops too; a chain this long is a loop.
const maxRedirects = 10

// redirectError is a redirect that will not be followed: retrying meets it
// again.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// checkRedirect follows up to maxRedirects redirects, to http and https
// only: a server must not make regdiff read a local file.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return &redirectError{fmt.Sprintf("stopped after %d redirects, the last to %s (a redirect loop?)", len(via), req.URL.Redacted())}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &redirectError{fmt.Sprintf("refused a redirect to %s: only http and https are followed", req.URL.Redacted())}
	}
	return nil
}

// stopped is the error of a fetch whose context ended while doing
// something: a give-up at the deadline, or a cancellation, wrapping the
// context's error either way. last is the failure of attempt lastN, if
// any, to say why there was a retry.
func stopped(ctx context.Context, limit, doing string, last error, lastN int) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &gaveUp{msg: fmt.Sprintf("gave up: %s passed while %s", limit, doing), err: last, n: lastN}
	}
	if cause := context.Cause(ctx); cause != nil && cause != ctx.Err() {
		return fmt.Errorf("canceled while %s (%v): %w", doing, cause, ctx.Err())
	}
	return fmt.Errorf("canceled while %s: %w", doing, ctx.Err())
}

// gaveUp is a fetch that ran out of time, or would have: it wraps both
// context.DeadlineExceeded and the last attempt's failure, if any.
type gaveUp struct {
	msg    string
	err    error
	n      int  // err is attempt n's
	prefix bool // err's text goes before msg, not after
}

func (e *gaveUp) Error() string {
	switch {
	case e.err == nil:
		return e.msg
	case e.prefix:
		return e.err.Error() + "; " + e.msg
	}
	return fmt.Sprintf("%s; attempt %d: %v", e.msg, e.n, e.err)
}

func (e *gaveUp) Unwrap() []error {
	if e.err == nil {
		return []error{context.DeadlineExceeded}
	}
	return []error{context.DeadlineExceeded, e.err}
}

// stallError is an attempt that went quiet for AttemptTimeout.
type stallError struct {
	d     time.Duration
	doing string
}

func (e *stallError) Error() string {
	return fmt.Sprintf("stalled for %v while %s", e.d, e.doing)
}

// Timeout and Temporary make a stall a timeout to callers that ask a
// net.Error.
func (e *stallError) Timeout() bool   { return true }
func (e *stallError) Temporary() bool { return true }
