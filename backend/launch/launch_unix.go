//go:build !windows && !darwin

package launch

import (
	"fmt"
	"os"
	"os/exec"
)

// open runs xdg-open, which hands the file to the desktop's viewer and
// returns; a viewer that stays open is not waited for.
func open(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	cmd := exec.Command("xdg-open", path)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	go cmd.Wait()
	return nil
}
