package datadir

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// platformDefault is %LOCALAPPDATA%\Fieldbook, asked of Windows itself
// (the Local AppData known folder, which follows a redirected or renamed
// profile, a Chinese user name included), else from the environment.
func platformDefault() (string, error) {
	if d, err := windows.KnownFolderPath(windows.FOLDERID_LocalAppData, 0); err == nil && d != "" {
		return filepath.Join(d, "Fieldbook"), nil
	}
	return Default("windows", os.Getenv, os.UserHomeDir)
}
