// Package datadir decides where Fieldbook keeps its local database.
package datadir

import (
	"errors"
	"os"
	"path/filepath"
)

// EnvVar overrides the data directory when no flag does.
const EnvVar = "FIELDBOOK_DATA_DIR"

// Resolve returns the data directory: flag if set, else $FIELDBOOK_DATA_DIR,
// else the platform's usual place for application data.
func Resolve(flag string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := os.Getenv(EnvVar); env != "" {
		return filepath.Abs(env)
	}
	return platformDefault()
}

// Default returns the platform's data directory for Fieldbook:
// $XDG_DATA_HOME/fieldbook (or ~/.local/share/fieldbook) on Linux and other
// Unix systems, ~/Library/Application Support/Fieldbook on macOS and
// %LOCALAPPDATA%\Fieldbook on Windows.
func Default(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Fieldbook"), nil
		}
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "Fieldbook"), nil
		}
		return "", errors.New("neither LOCALAPPDATA nor APPDATA is set")
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", "Fieldbook"), nil
	default:
		if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, "fieldbook"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, ".local", "share", "fieldbook"), nil
	}
}
