package xsoak

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Build builds the onedoor commands named (by package path, e.g. "onedoor/kiosk")
// into dir and returns their paths in order. With ONEDOOR_SOAK_BIN set (the make
// targets set it to bin/), it takes the binaries already built there instead.
func Build(dir string, pkgs ...string) ([]string, error) {
	out := make([]string, len(pkgs))
	for i, pkg := range pkgs {
		name := filepath.Base(pkg)
		if bin := os.Getenv("ONEDOOR_SOAK_BIN"); bin != "" {
			out[i] = filepath.Join(bin, name)
			continue
		}
		out[i] = filepath.Join(dir, name)
		if b, err := exec.Command("go", "build", "-o", out[i], pkg).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("build %s: %w\n%s", pkg, err, b)
		}
	}
	return out, nil
}
