// Package window keeps the desktop window's size between starts: it opens
// at the size it was closed at, within what the screen and the layout allow.
package window

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// The window's bounds. The layout is designed from Min to 1920×1080; a
// first start opens at Default, which fits a 1366×768 laptop screen.
var (
	Min     = Size{Width: 1024, Height: 640}
	Default = Size{Width: 1280, Height: 720}
)

// Size is a window's width and height in logical pixels.
type Size struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// file is where the size is kept, in the data directory (a laptop's own
// setting, not synced).
const file = "window.json"

// Load returns the size the window was last closed at, or Default; never
// below Min.
func Load(dataDir string) Size {
	s := Default
	if b, err := os.ReadFile(filepath.Join(dataDir, file)); err == nil {
		var saved Size
		if json.Unmarshal(b, &saved) == nil && saved.Width > 0 && saved.Height > 0 {
			s = saved
		}
	}
	return s.AtLeast(Min)
}

// Save keeps the size for the next start.
func Save(dataDir string, s Size) error {
	if s.Width <= 0 || s.Height <= 0 {
		return nil // a minimised or hidden window says nothing of its size
	}
	b, _ := json.Marshal(s)
	tmp := filepath.Join(dataDir, file+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dataDir, file))
}

// AtLeast is s grown to min.
func (s Size) AtLeast(min Size) Size {
	return Size{Width: max(s.Width, min.Width), Height: max(s.Height, min.Height)}
}

// Fit is s shrunk to a screen's work area (the screen less room for the
// title bar and panels), never below Min; ok is false when s already fits.
func (s Size) Fit(screen Size) (Size, bool) {
	if screen.Width <= 0 || screen.Height <= 0 {
		return s, false
	}
	room := Size{Width: screen.Width, Height: screen.Height - 48}
	fit := Size{Width: min(s.Width, room.Width), Height: min(s.Height, room.Height)}.AtLeast(Min)
	return fit, fit != s
}
