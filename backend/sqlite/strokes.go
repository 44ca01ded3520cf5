package sqlite

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
)

// A signature's strokes are a JSON list of strokes of points,
// [{"points":[{"x":12.5,"y":40,"t":1733540000000},…]},…], synced and
// shown as such; they were two thirds of a signed visit's bytes on disk.
// The store keeps them packed (signatures.strokes is a BLOB): the points
// as varint deltas of hundredths of a pixel and of milliseconds, which
// unpack to the very text that was packed, byte for byte. A text of
// another shape (other keys, more decimals, spaces) is kept as it is: a
// JSON text never begins with the packed form's first byte.
//
// Packed form: strokesPacked, the key order (0: x, y, t as this app writes
// them; 1: t, x, y as the hub's canonical JSON sorts them), the number of
// strokes, and per stroke its number of points and per point, for x and y
// (in hundredths) and t, as zigzag varints: how much its step from the
// point before differs from that point's step (a pen moving steadily, 60
// samples a second, takes a byte or two a point).
const strokesPacked = 0x01

// packStrokes returns the stored form of a strokes JSON text.
func packStrokes(text string) []byte {
	if p, ok := packPoints(text); ok {
		return p
	}
	return []byte(text)
}

// unpackStrokes returns the JSON text of stored strokes.
func unpackStrokes(stored []byte) string {
	if len(stored) == 0 || stored[0] != strokesPacked {
		return string(stored)
	}
	text, ok := renderPoints(stored)
	if !ok {
		return string(stored) // not written by packStrokes
	}
	return text
}

// packPoints packs text when it has the shape the packed form renders and
// renders back to text exactly.
func packPoints(text string) ([]byte, bool) {
	p := strokesParser{s: text}
	packed, ok := p.parse()
	if !ok {
		return nil, false
	}
	if back, ok := renderPoints(packed); !ok || back != text {
		return nil, false
	}
	return packed, true
}

type strokesParser struct {
	s     string
	i     int
	order int // the points' key order; -1 until the first point sets it
}

func (p *strokesParser) lit(l string) bool {
	if len(p.s)-p.i >= len(l) && p.s[p.i:p.i+len(l)] == l {
		p.i += len(l)
		return true
	}
	return false
}

// parse reads [ stroke, … ] with stroke {"points":[ point, … ]}.
func (p *strokesParser) parse() ([]byte, bool) {
	p.order = -1
	var strokes [][]int64 // per stroke: x, y, t triples
	if !p.lit("[") {
		return nil, false
	}
	for !p.lit("]") {
		if len(strokes) > 0 && !p.lit(",") {
			return nil, false
		}
		if !p.lit(`{"points":[`) {
			return nil, false
		}
		var pts []int64
		for !p.lit("]") {
			if len(pts) > 0 && !p.lit(",") {
				return nil, false
			}
			x, y, t, ok := p.point()
			if !ok {
				return nil, false
			}
			pts = append(pts, x, y, t)
		}
		if !p.lit("}") {
			return nil, false
		}
		strokes = append(strokes, pts)
	}
	if p.i != len(p.s) {
		return nil, false
	}
	out := make([]byte, 0, 2+len(p.s)/6)
	out = append(out, strokesPacked, 0)
	if p.order == 1 {
		out[1] = 1
	}
	out = binary.AppendUvarint(out, uint64(len(strokes)))
	var prev, step [3]int64
	for _, pts := range strokes {
		out = binary.AppendUvarint(out, uint64(len(pts)/3))
		for k := 0; k < len(pts); k += 3 {
			for c := range 3 {
				d := pts[k+c] - prev[c]
				out = binary.AppendVarint(out, d-step[c])
				prev[c], step[c] = pts[k+c], d
			}
		}
	}
	return out, true
}

// point reads {"x":X,"y":Y,"t":T} or {"t":T,"x":X,"y":Y}; every point of
// the text in the same order.
func (p *strokesParser) point() (x, y, t int64, ok bool) {
	order := 0
	if len(p.s)-p.i > 2 && p.s[p.i+2] == 't' {
		order = 1
	}
	if p.order >= 0 && order != p.order {
		return 0, 0, 0, false
	}
	p.order = order
	if order == 1 {
		ok = p.lit(`{"t":`) && p.integer(&t) && p.lit(`,"x":`) && p.hundredths(&x) && p.lit(`,"y":`) && p.hundredths(&y) && p.lit("}")
	} else {
		ok = p.lit(`{"x":`) && p.hundredths(&x) && p.lit(`,"y":`) && p.hundredths(&y) && p.lit(`,"t":`) && p.integer(&t) && p.lit("}")
	}
	return x, y, t, ok
}

// digits reads up to max decimal digits into n; false for none or more.
func (p *strokesParser) digits(n *int64, max int) (int, bool) {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		if p.i-start == max {
			return 0, false
		}
		*n = *n*10 + int64(p.s[p.i]-'0')
		p.i++
	}
	return p.i - start, p.i > start
}

// integer reads an integer of at most 15 digits.
func (p *strokesParser) integer(v *int64) bool {
	neg := p.lit("-")
	var n int64
	if _, ok := p.digits(&n, 15); !ok {
		return false
	}
	if neg {
		n = -n
	}
	*v = n
	return true
}

// hundredths reads a number of at most two decimals as hundredths.
func (p *strokesParser) hundredths(v *int64) bool {
	neg := p.lit("-")
	var n int64
	if _, ok := p.digits(&n, 13); !ok {
		return false
	}
	n *= 100
	if p.lit(".") {
		var f int64
		k, ok := p.digits(&f, 2)
		if !ok {
			return false
		}
		if k == 1 {
			f *= 10
		}
		n += f
	}
	if neg {
		n = -n
	}
	*v = n
	return true
}

// renderPoints writes packed strokes as JSON text, numbers as
// encoding/json writes them.
func renderPoints(b []byte) (string, bool) {
	if len(b) < 3 || b[0] != strokesPacked || b[1] > 1 {
		return "", false
	}
	sorted := b[1] == 1
	r := bytes.NewReader(b[2:])
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(len(b)) {
		return "", false
	}
	out := make([]byte, 0, len(b)*8)
	out = append(out, '[')
	var prev, step [3]int64
	for s := uint64(0); s < n; s++ {
		if s > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"points":[`...)
		m, err := binary.ReadUvarint(r)
		if err != nil || m > uint64(len(b)) {
			return "", false
		}
		for k := uint64(0); k < m; k++ {
			for c := range 3 {
				dd, err := binary.ReadVarint(r)
				if err != nil {
					return "", false
				}
				step[c] += dd
				prev[c] += step[c]
			}
			x, y, t := prev[0], prev[1], prev[2]
			if k > 0 {
				out = append(out, ',')
			}
			if sorted {
				out = append(out, `{"t":`...)
				out = strconv.AppendInt(out, t, 10)
				out = append(out, `,"x":`...)
				out = appendHundredths(out, x)
				out = append(out, `,"y":`...)
				out = appendHundredths(out, y)
			} else {
				out = append(out, `{"x":`...)
				out = appendHundredths(out, x)
				out = append(out, `,"y":`...)
				out = appendHundredths(out, y)
				out = append(out, `,"t":`...)
				out = strconv.AppendInt(out, t, 10)
			}
			out = append(out, '}')
		}
		out = append(out, "]}"...)
	}
	if r.Len() != 0 {
		return "", false
	}
	return string(append(out, ']')), true
}

// appendHundredths writes n/100 the shortest way: 12, 12.5, 12.05, -0.5.
func appendHundredths(out []byte, n int64) []byte {
	if n < 0 {
		out = append(out, '-')
		n = -n
	}
	out = strconv.AppendInt(out, n/100, 10)
	switch f := n % 100; {
	case f == 0:
	case f%10 == 0:
		out = append(out, '.', byte('0'+f/10))
	default:
		out = append(out, '.', byte('0'+f/10), byte('0'+f%10))
	}
	return out
}

// packedColumn says whether a synced column is kept packed here.
func packedColumn(table, col string) bool { return table == "signatures" && col == "strokes" }

// PackedColumn says whether a synced column is kept packed in the store's
// file (a BLOB), and Unpacked is its JSON text: for readers of the file
// itself, such as tests comparing stores.
func PackedColumn(table, col string) bool { return packedColumn(table, col) }

// Unpacked is the JSON text of a packed column's stored bytes.
func Unpacked(stored []byte) string { return unpackStrokes(stored) }

// toStored is a synced column's value as this store keeps it: strokes
// packed. A text that is not JSON stays text, which the BLOB column refuses.
func toStored(table, col string, v any) any {
	if s, ok := v.(string); ok && packedColumn(table, col) {
		if p, ok := packPoints(s); ok {
			return p
		}
		if json.Valid([]byte(s)) {
			return []byte(s)
		}
	}
	return v
}

// fromStored is a stored column's value as it is synced: strokes as text.
func fromStored(table, col string, v any) any {
	if b, ok := v.([]byte); ok {
		if packedColumn(table, col) {
			return unpackStrokes(b)
		}
		return string(b)
	}
	return v
}
