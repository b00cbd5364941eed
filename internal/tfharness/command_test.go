package tfharness

import (
	"errors"
	"strings"
	"testing"
)

func TestEnding(t *testing.T) {
	tests := []struct {
		name        string
		interrupted bool
		err         error
		code        int
		said        string
	}{
		{"passed", false, nil, 0, ""},
		{"failed", false, errors.New("step 2/4: terraform apply exited 1, want 0"), 1, "\ndemo FAILED: step 2/4: terraform apply exited 1, want 0\n"},
		{"interrupted", true, errors.New("terraform apply: signal: interrupt"), 1, "\ndemo interrupted\n"},
		{"passed despite a late interrupt", true, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var said strings.Builder
			if code := ending(&said, "demo", tt.interrupted, tt.err); code != tt.code || said.String() != tt.said {
				t.Errorf("ending = %d, said %q; want %d, %q", code, said.String(), tt.code, tt.said)
			}
		})
	}
}
