package ecsmock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LoadWorld reads a world in the seed format from a file, strictly: see
// the package documentation for what it refuses.
func LoadWorld(path string) (World, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return World{}, err
	}
	w, err := decodeWorld(b)
	if err != nil {
		return World{}, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

// loadStateFile returns the world kept in path, or nil when there is no
// such file yet.
func loadStateFile(path string) (*World, error) {
	if path == "" {
		return nil, nil
	}
	w, err := LoadWorld(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ecsmock: state file: %w", err)
	}
	return &w, nil
}

// writeStateFile replaces path atomically: a reader (or a crash) sees the
// old world or the new one, never half of one.
func writeStateFile(path string, w World) error {
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'), 0o600)
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory and a rename.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
