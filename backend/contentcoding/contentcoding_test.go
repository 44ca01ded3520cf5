package contentcoding

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", Identity},
		{"identity", Identity},
		{"gzip", Gzip},
		{"x-gzip", Gzip},
		{"zstd, gzip", Zstd},
		{"gzip, zstd", Zstd},
		{"gzip;q=1, zstd;q=0.5", Gzip},
		{"zstd;q=0, gzip", Gzip},
		{"zstd;q=0, gzip;q=0", Identity},
		{"*", Zstd},
		{"*;q=0", Identity},
		{"br, deflate", Identity},
		{" ZSTD ; q=0.9 ", Zstd},
	} {
		if got := Negotiate(c.in); got != c.want {
			t.Errorf("Negotiate(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if !Accepts(Supported, Zstd) || !Accepts(Supported, Gzip) || Accepts("", Zstd) || Accepts("gzip", Zstd) || Accepts("zstd;q=0", Zstd) {
		t.Error("Accepts misreads an Accept-Encoding answer header")
	}
}

func TestRoundTripAndLimit(t *testing.T) {
	body := []byte(strings.Repeat(`{"table":"visits","fields":{"diagnosis":"电源板故障"}},`, 2000))
	for _, coding := range []string{Zstd, Gzip, Identity} {
		enc := Encode(body, coding)
		if coding != Identity && len(enc) > len(body)/10 {
			t.Errorf("%s: %d bytes of %d", coding, len(enc), len(body))
		}
		r, err := NewReader(bytes.NewReader(enc), coding, int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("%s: round trip: %v", coding, err)
		}
		// One byte short of the decoded size: refused.
		r, _ = NewReader(bytes.NewReader(enc), coding, int64(len(body)-1))
		if _, err := io.ReadAll(r); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: a body past its limit: %v, want ErrTooLarge", coding, err)
		}
		r.Close()
	}
	if _, err := NewReader(bytes.NewReader(nil), "br", 10); !errors.Is(err, ErrUnsupported) {
		t.Errorf("br: %v", err)
	}
	if !Known("") || !Known("identity") || !Known("GZIP") || Known("br") {
		t.Error("Known")
	}
}
