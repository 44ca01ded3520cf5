package hub

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
)

// Limits bound what one request, one device and one client address may
// hold on the hub, so that no device slows the hub down for the others.
// A request over a limit is answered at once (503 busy or 429 with
// Retry-After), never queued without bound.
type Limits struct {
	// MaxInFlight requests are served at once; /healthz is not counted.
	MaxInFlight int
	// MaxInFlightDevice requests of one device are served at once.
	MaxInFlightDevice int
	// BodyTimeout is how long a JSON body (push, clerk action) may take to
	// arrive; EnrolTimeout the same for an enrolment, which needs no token.
	BodyTimeout  time.Duration
	EnrolTimeout time.Duration
	// BlobRate is the slowest a blob upload may arrive, in bytes per second,
	// after BodyTimeout of grace; BlobTimeout caps the whole upload.
	BlobRate    int64
	BlobTimeout time.Duration
	// WriteTimeout is how long an answer (a pull page, a blob) may take to
	// leave.
	WriteTimeout time.Duration
	// EnrolPerMinute enrolment attempts are allowed per client address
	// (EnrolBurst at once), and EnrolPerMinuteAll from all addresses.
	EnrolPerMinute    float64
	EnrolBurst        int
	EnrolPerMinuteAll float64
}

// DefaultLimits are the hub's limits unless serve's flags say otherwise.
var DefaultLimits = Limits{
	MaxInFlight:       64,
	MaxInFlightDevice: 4,
	BodyTimeout:       30 * time.Second,
	EnrolTimeout:      10 * time.Second,
	BlobRate:          16 << 10,
	BlobTimeout:       15 * time.Minute,
	WriteTimeout:      5 * time.Minute,
	EnrolPerMinute:    10,
	EnrolBurst:        10,
	EnrolPerMinuteAll: 600,
}

// Retry-After of a busy answer, in seconds.
const busyRetryAfter = 2

// errBusy answers a request over an in-flight limit.
var errBusy = fieldbook.Errorf(protocol.EBUSY,
	"同步服务器正忙，请稍后自动重试；本机数据不会丢失。",
	"The hub is busy; the sync retries shortly. Your data stays on this computer.")

var errTooManyEnrolments = fieldbook.Errorf(protocol.ETOOMANY,
	"登记尝试过于频繁，请稍后再试。", "Too many enrolment attempts; try again later.")

// gate counts requests in flight, in total and per device.
type gate struct {
	mu       sync.Mutex
	total    int
	perKey   map[string]int
	max, per int
}

func newGate(max, per int) *gate { return &gate{max: max, per: per, perKey: map[string]int{}} }

// enter takes a place for key ("" counts only in the total); false when full.
func (g *gate) enter(key string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if key == "" {
		if g.total >= g.max {
			return false
		}
		g.total++
		return true
	}
	if g.perKey[key] >= g.per {
		return false
	}
	g.perKey[key]++
	return true
}

func (g *gate) leave(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if key == "" {
		g.total--
		return
	}
	if g.perKey[key]--; g.perKey[key] <= 0 {
		delete(g.perKey, key)
	}
}

// throttle limits enrolment attempts per client address and in all.
type throttle struct {
	mu     sync.Mutex
	byAddr map[string]*rate.Limiter
	all    *rate.Limiter
	limits Limits
	swept  time.Time
}

func newThrottle(l Limits) *throttle {
	return &throttle{byAddr: map[string]*rate.Limiter{}, limits: l,
		all: rate.NewLimiter(rate.Limit(l.EnrolPerMinuteAll/60), max(l.EnrolBurst, int(l.EnrolPerMinuteAll/6)))}
}

// allow reports whether an attempt from the request's address may go on;
// when not, how many seconds to wait.
func (t *throttle) allow(r *http.Request) (bool, int) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if now.Sub(t.swept) > time.Minute {
		// Forget addresses whose bucket is full again.
		for a, l := range t.byAddr {
			if l.TokensAt(now) >= float64(t.limits.EnrolBurst) {
				delete(t.byAddr, a)
			}
		}
		t.swept = now
	}
	l, ok := t.byAddr[host]
	if !ok {
		l = rate.NewLimiter(rate.Limit(t.limits.EnrolPerMinute/60), t.limits.EnrolBurst)
		t.byAddr[host] = l
	}
	mine := l.ReserveN(now, 1)
	all := t.all.ReserveN(now, 1)
	if wait := max(mine.DelayFrom(now), all.DelayFrom(now)); wait > 0 {
		mine.CancelAt(now)
		all.CancelAt(now)
		return false, int(wait.Seconds()) + 1
	}
	return true, 0
}

func setRetryAfter(w http.ResponseWriter, seconds int) {
	w.Header().Set("Retry-After", strconv.Itoa(seconds))
}
