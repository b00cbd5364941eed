package ecsmock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// stateFormatVersion is the version of the -state file this simulator
// writes and the newest it reads. A file without FormatVersion is a bare
// world, as written before the format had a version.
const stateFormatVersion = 1

// stateFile is the -state file as read: the world and the simulated
// clock's offset (its lead on real time, a Go duration), so that a
// restarted simulator carries on at the time it stopped.
type stateFile struct {
	FormatVersion int
	ClockOffset   string
	World         json.RawMessage
}

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

// loadStateFile returns the world and clock offset kept in path, or a nil
// world when there is no such file yet.
func loadStateFile(path string) (*World, time.Duration, error) {
	if path == "" {
		return nil, 0, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("ecsmock: state file: %w", err)
	}
	w, offset, err := decodeStateFile(b)
	if err != nil {
		return nil, 0, fmt.Errorf("ecsmock: state file %s: %w", path, err)
	}
	return &w, offset, nil
}

func decodeStateFile(b []byte) (World, time.Duration, error) {
	var head struct{ FormatVersion *int }
	if err := json.Unmarshal(b, &head); err != nil {
		return World{}, 0, err
	}
	if head.FormatVersion == nil {
		w, err := decodeWorld(b)
		return w, 0, err
	}
	if v := *head.FormatVersion; v < 1 || v > stateFormatVersion {
		return World{}, 0, fmt.Errorf("format version %d is not one this ecsmock reads (1 to %d): it was written by a newer ecsmock; run that one, or remove the file to start from the seed", v, stateFormatVersion)
	}
	var sf stateFile
	if err := decodeStrict(b, &sf); err != nil {
		return World{}, 0, err
	}
	offset, err := time.ParseDuration(sf.ClockOffset)
	if err != nil || offset < 0 {
		return World{}, 0, fmt.Errorf("ClockOffset %q is not a non-negative Go duration", sf.ClockOffset)
	}
	w, err := decodeWorld(sf.World)
	if err != nil {
		return World{}, 0, fmt.Errorf("World: %w", err)
	}
	return w, offset, nil
}

// writeStateFile replaces path atomically: a reader (or a crash) sees the
// old world or the new one, never half of one.
func writeStateFile(path string, w World, offset time.Duration) error {
	b, err := json.MarshalIndent(struct {
		FormatVersion int
		ClockOffset   string
		World         World
	}{stateFormatVersion, offset.String(), w}, "", "  ")
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
