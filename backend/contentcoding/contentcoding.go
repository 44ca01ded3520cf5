// Package contentcoding holds the compression of sync bodies on the wire:
// the HTTP content codings the hub and the desktop speak (zstd, preferred,
// and gzip), their negotiation from Accept-Encoding, and readers that never
// expand a body past a limit however small it was on the wire.
package contentcoding

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The codings, as HTTP names them.
const (
	Zstd     = "zstd"
	Gzip     = "gzip"
	Identity = ""
)

// Supported is what a hub announces in Accept-Encoding (RFC 7694): the
// request codings it reads, preferred first.
const Supported = Zstd + ", " + Gzip

// MaxWindow bounds the window a zstd stream may ask for: its decoder's
// memory. Our encoders use far less (see newZstdWriter).
const MaxWindow = 8 << 20

// ErrUnsupported is a Content-Encoding this package does not read.
var ErrUnsupported = errors.New("unsupported content coding")

// ErrTooLarge is a body that decodes to more than its limit.
var ErrTooLarge = errors.New("decoded body over its limit")

// qualities parses an Accept-Encoding header: each coding (lower case) and
// its q value.
func qualities(acceptEncoding string) map[string]float64 {
	qs := map[string]float64{}
	for part := range strings.SplitSeq(acceptEncoding, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if name = normal(name); name != Identity {
			qs[name] = q
		}
	}
	return qs
}

// Negotiate picks the coding of an answer from a request's Accept-Encoding:
// zstd when it is accepted, else gzip, else none. A coding with q=0 is
// refused; "*" accepts both.
func Negotiate(acceptEncoding string) string {
	qs := qualities(acceptEncoding)
	q := func(c string) float64 {
		if v, ok := qs[c]; ok {
			return v
		}
		if v, ok := qs["*"]; ok {
			return v
		}
		return 0
	}
	switch z, g := q(Zstd), q(Gzip); {
	case z > 0 && z >= g:
		return Zstd
	case g > 0:
		return Gzip
	}
	return Identity
}

// Accepts reports whether a hub's Accept-Encoding answer header announces
// that it reads request bodies in coding.
func Accepts(header, coding string) bool {
	q, ok := qualities(header)[normal(coding)]
	return ok && q > 0
}

// Known reports whether a Content-Encoding header names a coding this
// package reads ("" and "identity" included).
func Known(contentEncoding string) bool {
	switch normal(contentEncoding) {
	case Identity, Zstd, Gzip:
		return true
	}
	return false
}

func normal(contentEncoding string) string {
	c := strings.ToLower(strings.TrimSpace(contentEncoding))
	switch c {
	case "identity":
		return Identity
	case "x-gzip":
		return Gzip
	}
	return c
}

// NewReader decodes r as contentEncoding, yielding at most limit bytes:
// reading past them is ErrTooLarge, whatever the size of r. Close it to
// return the decoder.
func NewReader(r io.Reader, contentEncoding string, limit int64) (io.ReadCloser, error) {
	var dec io.Reader
	var release func()
	switch normal(contentEncoding) {
	case Identity:
		dec, release = r, func() {}
	case Zstd:
		d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(MaxWindow),
			zstd.WithDecoderMaxMemory(uint64(limit)+1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return nil, err
		}
		dec, release = d, d.Close
	case Gzip:
		g, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		dec, release = g, func() { _ = g.Close() }
	default:
		return nil, ErrUnsupported
	}
	return &limitedReader{r: dec, left: limit, release: release}, nil
}

// limitedReader fails with ErrTooLarge once more than left bytes came.
type limitedReader struct {
	r       io.Reader
	left    int64
	release func()
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 || errors.Is(err, zstd.ErrWindowSizeExceeded) || errors.Is(err, zstd.ErrDecoderSizeExceeded) {
		// A frame that asks for more memory than the limit allows is as
		// good as one that decodes past it.
		return n, ErrTooLarge
	}
	return n, err
}

func (l *limitedReader) Close() error {
	if l.release != nil {
		l.release()
		l.release = nil
	}
	return nil
}

// The encoders are pooled: a zstd encoder holds about a megabyte.
var (
	zstdPool = sync.Pool{New: func() any { return newZstdWriter() }}
	gzipPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return w
	}}
)

// newZstdWriter is zstd at its default level, one goroutine, with a 1 MiB
// window (a pull page's rows repeat their field names and the centre's
// customers well within it).
func newZstdWriter() *zstd.Encoder {
	w, _ := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<20),
		zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithLowerEncoderMem(true))
	return w
}

// NewWriter encodes into w as coding until Close (which does not close w).
// Identity writes through.
func NewWriter(w io.Writer, coding string) io.WriteCloser {
	switch normal(coding) {
	case Zstd:
		z := zstdPool.Get().(*zstd.Encoder)
		z.Reset(w)
		return &pooled{WriteCloser: z, put: func() { zstdPool.Put(z) }}
	case Gzip:
		g := gzipPool.Get().(*gzip.Writer)
		g.Reset(w)
		return &pooled{WriteCloser: g, put: func() { gzipPool.Put(g) }}
	}
	return nopCloser{w}
}

type pooled struct {
	io.WriteCloser
	put func()
}

func (p *pooled) Close() error {
	err := p.WriteCloser.Close()
	if p.put != nil {
		p.put()
		p.put = nil
	}
	return err
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// Encode returns b encoded as coding.
func Encode(b []byte, coding string) []byte {
	var buf bytes.Buffer
	w := NewWriter(&buf, coding)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}
