package hub

import (
	"io"
	"net/http"

	"fieldbook/backend/contentcoding"
)

// compressed encodes the answer in the coding the request accepts (zstd
// preferred, gzip, else none; docs/sync-protocol.md "Compression"). A pull
// page is encoded as it streams: the hub never holds a page whole.
func compressed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		coding := contentcoding.Negotiate(r.Header.Get("Accept-Encoding"))
		if coding == contentcoding.Identity {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, coding: coding}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

// compressWriter encodes what is written after the header.
type compressWriter struct {
	http.ResponseWriter
	coding      string
	enc         io.WriteCloser
	wroteHeader bool
}

func (c *compressWriter) WriteHeader(code int) {
	if c.wroteHeader {
		return
	}
	c.wroteHeader = true
	h := c.Header()
	h.Del("Content-Length")
	h.Set("Content-Encoding", c.coding)
	c.ResponseWriter.WriteHeader(code)
	c.enc = contentcoding.NewWriter(c.ResponseWriter, c.coding)
}

func (c *compressWriter) Write(b []byte) (int, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	return c.enc.Write(b)
}

// close ends the encoded stream (an answer that wrote nothing has no body).
func (c *compressWriter) close() {
	if c.enc != nil {
		_ = c.enc.Close()
	}
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
