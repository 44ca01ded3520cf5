package window

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadSave(t *testing.T) {
	dir := t.TempDir()
	if got := Load(dir); got != Default {
		t.Fatalf("first start: %v, want %v", got, Default)
	}
	if Default.Width > 1280 || Default.Height > 720 {
		t.Fatalf("the first window %v does not fit a 1366×768 screen", Default)
	}
	if err := Save(dir, Size{1600, 900}); err != nil {
		t.Fatal(err)
	}
	if got := Load(dir); got != (Size{1600, 900}) {
		t.Fatalf("after closing at 1600×900: %v", got)
	}
	// A window closed smaller than the layout allows opens at the minimum.
	if err := Save(dir, Size{500, 300}); err != nil {
		t.Fatal(err)
	}
	if got := Load(dir); got != Min {
		t.Fatalf("after closing at 500×300: %v, want %v", got, Min)
	}
	// A minimised window's zero size is not kept.
	if err := Save(dir, Size{}); err != nil {
		t.Fatal(err)
	}
	if got := Load(dir); got != Min {
		t.Fatalf("a zero size was kept: %v", got)
	}
	// A damaged file is the default, not an error.
	if err := os.WriteFile(filepath.Join(dir, file), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Load(dir); got != Default {
		t.Fatalf("damaged file: %v", got)
	}
}

func TestFit(t *testing.T) {
	for _, c := range []struct {
		win, screen, want Size
		changed           bool
	}{
		{Size{1280, 720}, Size{1366, 768}, Size{1280, 720}, false},
		{Size{1600, 900}, Size{1366, 768}, Size{1366, 720}, true},
		{Size{1920, 1080}, Size{1920, 1080}, Size{1920, 1032}, true},
		{Size{1280, 720}, Size{1024, 600}, Size{1024, 640}, true}, // never below the layout's minimum
		{Size{1280, 720}, Size{}, Size{1280, 720}, false},         // no screen known
	} {
		got, changed := c.win.Fit(c.screen)
		if got != c.want || changed != c.changed {
			t.Errorf("%v on %v: %v %v, want %v %v", c.win, c.screen, got, changed, c.want, c.changed)
		}
	}
}
