package ecs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrorsGuideNamesEveryCode: the errors guide lets a user find every
// API code the provider explains, by the code and by the summary shown.
func TestErrorsGuideNamesEveryCode(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "errors.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	guide := string(b)
	for code, g := range codeGuidance {
		if !strings.Contains(guide, "`"+code+"`") {
			t.Errorf("the errors guide does not name %s", code)
		}
		if !strings.Contains(guide, g.Summary) {
			t.Errorf("the errors guide does not show the summary of %s, %q", code, g.Summary)
		}
	}
}
