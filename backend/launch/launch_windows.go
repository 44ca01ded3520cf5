package launch

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// open hands path to ShellExecuteW: UTF-16 all the way, so a path with
// Chinese in it reaches the viewer as it is.
func open(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}
