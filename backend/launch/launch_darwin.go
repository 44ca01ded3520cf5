package launch

import (
	"fmt"
	"os/exec"
)

func open(path string) error {
	if out, err := exec.Command("open", path).CombinedOutput(); err != nil {
		return fmt.Errorf("open %s: %w: %s", path, err, out)
	}
	return nil
}
