package sqlite

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"fieldbook/backend/fieldbook"
)

// Strokes unpack to the very text that was packed: as this app writes them,
// as the hub's canonical JSON sorts their keys, and any other text kept as it is.
func TestStrokesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var pad []fieldbook.Stroke
	at := int64(1733540000123)
	for range 3 {
		var s fieldbook.Stroke
		for range 40 {
			at += rng.Int64N(40)
			// The pad rounds to hundredths of a pixel.
			s.Points = append(s.Points, fieldbook.Point{
				X: math.Round(rng.Float64()*60000-100) / 100, Y: math.Round(rng.Float64()*20000) / 100, T: at})
		}
		pad = append(pad, s)
	}
	app := mustJSON(pad)
	sorted := `[{"points":[{"t":0,"x":10,"y":50},{"t":16,"x":14.5,"y":-0.05}]},{"points":[]}]`
	packedCases := []string{app, sorted, `[]`, mustJSON(demoStrokesFor(t)), `[{"points":[{"x":-12.3,"y":0,"t":-5}]}]`}
	for _, text := range packedCases {
		stored := packStrokes(text)
		if stored[0] != strokesPacked {
			t.Errorf("%.60s… is not packed", text)
		}
		if got := unpackStrokes(stored); got != text {
			t.Errorf("round trip:\n got %s\nwant %s", got, text)
		}
	}
	if n, m := len(packStrokes(app)), len(app); n*4 > m {
		t.Errorf("packed strokes take %d bytes of %d", n, m)
	}
	// Texts of another shape are kept as they are, and still unpack to themselves.
	kept := []string{
		`[{"points":[{"x":1.5,"y":2,"t":3,"p":0.5}]}]`,           // another key
		`[{"points":[{"x":1.555,"y":2,"t":3}]}]`,                 // three decimals
		`[{"points":[{"x":1.50,"y":2,"t":3}]}]`,                  // a trailing zero
		`[{"points":[{"x":-0,"y":2,"t":3}]}]`,                    // negative zero
		`[{"points":[{"x":01,"y":2,"t":3}]}]`,                    // a leading zero
		`[{"points":[{"x":1e3,"y":2,"t":3}]}]`,                   // an exponent
		`[{"points":[{"x":1,"y":2,"t":3.5}]}]`,                   // a fractional time
		`[{"points":[{"x":1,"y":2,"t":3},{"t":4,"x":1,"y":2}]}]`, // mixed orders
		`[ {"points":[]} ]`, `{}`, `null`, `[{"points":[{"x":1,"y":2,"t":3}]}] `,
		`[{"points":[{"x":1,"y":2,"t":12345678901234567}]}]`, // more digits than packed
	}
	for _, text := range kept {
		stored := packStrokes(text)
		if string(stored) != text {
			t.Errorf("%s was packed", text)
		}
		if got := unpackStrokes(stored); got != text {
			t.Errorf("kept %s unpacked to %s", text, got)
		}
	}
	// Every packed text also decodes to the same strokes.
	var a, b []fieldbook.Stroke
	if err := json.Unmarshal([]byte(unpackStrokes(packStrokes(app))), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(app), &b); err != nil {
		t.Fatal(err)
	}
	if mustJSON(a) != mustJSON(b) {
		t.Error("strokes differ after the round trip")
	}
}

func demoStrokesFor(t *testing.T) []fieldbook.Stroke {
	var s []fieldbook.Stroke
	if err := json.Unmarshal([]byte(demoStrokes(3)), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func FuzzStrokes(f *testing.F) {
	f.Add(`[{"points":[{"x":10,"y":50,"t":0},{"x":14.5,"y":55.25,"t":16}]}]`)
	f.Add(`[{"points":[{"t":0,"x":10,"y":50}]}]`)
	f.Fuzz(func(t *testing.T, text string) {
		if got := unpackStrokes(packStrokes(text)); got != text && json.Valid([]byte(text)) {
			t.Fatalf("%q unpacked to %q", text, got)
		}
	})
}

// A signature drawn on the pad is stored packed, shows (and so prints) the
// very strokes drawn, and is pushed as the JSON text it was signed with.
func TestSignatureStrokesStoredPacked(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	_, _, j := newJob(t, d, "冯磊", "13512345678")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := fill(view.Visit, d.Now())
	if _, err := d.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	drawn := []fieldbook.Stroke{
		{Points: []fieldbook.Point{{X: 12.34, Y: 56.7, T: 1733540000123}, {X: 13.01, Y: 57.05, T: 1733540000139}, {X: 15, Y: 58.99, T: 1733540000155}}},
		{Points: []fieldbook.Point{{X: 101.5, Y: 20.25, T: 1733540000900}}},
	}
	if _, err := d.Sign(ctx, fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleCustomer, Kind: fieldbook.SignReal,
		Strokes: drawn, ImageDataURL: signaturePNG(t)}); err != nil {
		t.Fatal(err)
	}
	var id string
	var stored []byte
	if err := d.db.QueryRowContext(ctx, `SELECT id, strokes FROM signatures WHERE visit_id = ?`, v.ID).Scan(&id, &stored); err != nil {
		t.Fatal(err)
	}
	if stored[0] != strokesPacked || len(stored) >= len(mustJSON(drawn))/3 {
		t.Errorf("strokes stored as %d bytes %q, want packed", len(stored), stored)
	}
	got, err := d.Visit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Signatures) != 1 || !reflect.DeepEqual(got.Signatures[0].Strokes, drawn) {
		t.Errorf("shown strokes = %+v, want %+v", got.Signatures, drawn)
	}
	pending, err := d.PendingChanges(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var pushed any
	for _, c := range pending {
		if c.Table == "signatures" && c.ID == id {
			pushed = c.Fields["strokes"]
		}
	}
	// Pushed as the hub keeps them (keys sorted), so it takes them as
	// they come: what decoding and encoding them again gives.
	var asData any
	if err := json.Unmarshal([]byte(mustJSON(drawn)), &asData); err != nil {
		t.Fatal(err)
	}
	if want := mustJSON(asData); pushed != want {
		t.Errorf("pushed strokes = %v, want %s", pushed, want)
	}
}
