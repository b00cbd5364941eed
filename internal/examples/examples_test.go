// Package examples holds the tests that keep examples/ and the code in the
// documentation templates working: every example directory must be
// formatted and pass terraform validate against the provider built from
// this checkout, and every import command must name a resource its
// directory declares.
package examples

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// requirementsFile is added to an example that does not say where the
// provider comes from: registry examples show only the resource, and
// without it Terraform would look for hashicorp/aliyun.
const requirementsFile = "aliyun_required_providers.tf"

const requirements = `terraform {
  required_providers {
    aliyun = {
      source = "ecsnet/aliyun"
    }
  }
}
`

// userFile is added to an example that uses nothing of the provider (the
// provider example): Terraform validates a provider block only when
// something uses the provider.
const userFile = "aliyun_provider_user.tf"

const user = `resource "aliyun_ecs_instance_network_spec" "provider_user" {
  instance_id = "i-postpaid-vpc"
}
`

// usesProvider matches a resource or data source of the provider.
var usesProvider = regexp.MustCompile(`(?m)^\s*(resource|data)\s+"aliyun_`)

func TestExamples(t *testing.T) {
	h := newHarness(t)
	dirs := exampleDirs(t, filepath.Join(h.root, "examples"))
	// The directories tfplugindocs renders into docs/ must be among them.
	for _, want := range []string{"provider", filepath.Join("resources", "aliyun_ecs_instance_network_spec")} {
		if !slices.Contains(dirs, want) {
			t.Errorf("examples/%s is missing or holds no .tf file; found %v", want, dirs)
		}
	}
	for _, dir := range dirs {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(h.root, "examples", dir)
			work := copyConfig(t, src)
			if _, err := h.run(work, nil, "fmt", "-check", "-diff", "-no-color"); err != nil {
				t.Errorf("not formatted (run make fmt): %v", err)
			}
			complete(t, work)
			diags, err := h.validate(work)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				t.Errorf("terraform validate: %s", d)
			}
			checkImports(t, src)
		})
	}
}

// TestValidateReachesProvider: the harness must report what the provider's
// schema refuses, else a passing example would prove nothing.
func TestValidateReachesProvider(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, config, want string
	}{
		{"valid", `resource "aliyun_ecs_instance_network_spec" "x" {
  instance_id                = "i-x"
  internet_max_bandwidth_out = 100
}
`, ""},
		{"bandwidth never valid", `resource "aliyun_ecs_instance_network_spec" "x" {
  instance_id                = "i-x"
  internet_max_bandwidth_out = -1
}
`, "at least 0, got: -1"},
		{"window without its end", `resource "aliyun_ecs_instance_network_spec" "x" {
  instance_id = "i-x"
  temporary_upgrade {
    internet_max_bandwidth_out = 10
    start_time                 = "2030-06-01T08:00Z"
  }
}
`, "end_time"},
		{"unknown attribute", `resource "aliyun_ecs_instance_network_spec" "x" {
  instance_id = "i-x"
  bandwidth   = 5
}
`, `"bandwidth" is not expected here`},
		{"bad protocol, provider block alone", `provider "aliyun" {
  protocol = "FTP"
}
`, `got: "FTP"`},
		{"unknown provider attribute", `provider "aliyun" {
  bogus = 1
}
`, `"bogus" is not expected here`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(tc.config), 0o600); err != nil {
				t.Fatal(err)
			}
			complete(t, work)
			diags, err := h.validate(work)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				for _, d := range diags {
					t.Errorf("unexpected: %s", d)
				}
				return
			}
			for _, d := range diags {
				if d.Severity == "error" && strings.Contains(d.Summary+" "+d.Detail, tc.want) {
					return
				}
			}
			t.Errorf("no error mentioning %q; got %v", tc.want, diags)
		})
	}
}

// TestTemplateSnippetsFormatted: the Terraform code written in the
// documentation templates is as terraform fmt writes it.
func TestTemplateSnippetsFormatted(t *testing.T) {
	h := newHarness(t)
	root := filepath.Join(h.root, "templates")
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tmpl") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(h.root, path)
		for i, snippet := range terraformSnippets(string(b)) {
			checked++
			if got := formatted(t, h, snippet); got != snippet {
				t.Errorf("%s, terraform block %d is not formatted; terraform fmt writes:\n%s", rel, i+1, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Error("no terraform block found in templates/: nothing was checked")
	}
}

func TestTerraformSnippets(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"none", "text\n```shell\nterraform plan\n```\n", nil},
		{"two", "a\n```terraform\nx = 1\n```\nb\n```terraform\ny = 2\nz = 3\n```\n", []string{"x = 1\n", "y = 2\nz = 3\n"}},
		{"hcl is not terraform", "```hcl\nx = 1\n```\n", nil},
		{"unclosed", "```terraform\nx = 1\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := terraformSnippets(tc.doc); !slices.Equal(got, tc.want) {
				t.Errorf("terraformSnippets = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFormattedDetectsMisformatting: the formatting check tells a
// misformatted snippet from a formatted one.
func TestFormattedDetectsMisformatting(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, in string
		clean    bool
	}{
		{"formatted", "provider \"aliyun\" {\n  region = \"cn-hangzhou\"\n}\n", true},
		{"misaligned", "provider \"aliyun\" {\n  region = \"cn-hangzhou\"\n  protocol= \"HTTP\"\n}\n", false},
		{"tab indented", "provider \"aliyun\" {\n\tregion = \"cn-hangzhou\"\n}\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatted(t, h, tc.in) == tc.in; got != tc.clean {
				t.Errorf("formatted unchanged = %v, want %v", got, tc.clean)
			}
		})
	}
}

func TestImportAddresses(t *testing.T) {
	resources := "resource \"aliyun_ecs_instance_network_spec\" \"web\" {\n}\n"
	for _, tc := range []struct {
		name, script string
		problems     int
	}{
		{"declared", "# comment\nterraform import aliyun_ecs_instance_network_spec.web i-1\n", 0},
		{"undeclared name", "terraform import aliyun_ecs_instance_network_spec.api i-1\n", 1},
		{"no id", "terraform import aliyun_ecs_instance_network_spec.web\n", 1},
		{"no command", "# nothing here\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := importProblems(tc.script, resources); len(got) != tc.problems {
				t.Errorf("importProblems = %q, want %d problem(s)", got, tc.problems)
			}
		})
	}
}

// exampleDirs lists, relative to root, the directories holding .tf files.
func exampleDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Hidden directories (.terraform and the like) are Terraform's own.
		if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".tf") {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			if !slices.Contains(dirs, rel) {
				dirs = append(dirs, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// complete adds to the configuration in dir what terraform validate needs
// to check it all: where the provider comes from, and a use of the
// provider when nothing uses it.
func complete(t *testing.T, dir string) {
	t.Helper()
	config := readConfig(t, dir)
	for _, add := range []struct {
		missing       bool
		name, content string
	}{
		{!strings.Contains(config, "required_providers"), requirementsFile, requirements},
		{!usesProvider.MatchString(config), userFile, user},
	} {
		if !add.missing {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, add.name)); err == nil {
			t.Fatalf("%s exists already: rename it", add.name)
		}
		if err := os.WriteFile(filepath.Join(dir, add.name), []byte(add.content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// readConfig is the content of the .tf files of dir, one after the other.
func readConfig(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var config strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		config.Write(b)
		config.WriteString("\n")
	}
	return config.String()
}

// checkImports checks the import.sh of an example directory, if it has one.
func checkImports(t *testing.T, dir string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(dir, "import.sh"))
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range importProblems(string(script), readConfig(t, dir)) {
		t.Errorf("import.sh: %s", p)
	}
}

// importProblems checks that script runs terraform import, each time with
// an ID and the address of a resource that config declares.
func importProblems(script, config string) []string {
	var problems []string
	imports := 0
	for line := range strings.Lines(script) {
		fields := strings.Fields(line)
		if len(fields) < 2 || fields[0] != "terraform" || fields[1] != "import" {
			continue
		}
		imports++
		if len(fields) != 4 {
			problems = append(problems, "want terraform import ADDRESS ID: "+strings.TrimSpace(line))
			continue
		}
		typ, name, ok := strings.Cut(fields[2], ".")
		declared := regexp.MustCompile(`(?m)^resource\s+"` + regexp.QuoteMeta(typ) + `"\s+"` + regexp.QuoteMeta(name) + `"`)
		if !ok || !declared.MatchString(config) {
			problems = append(problems, fields[2]+" is not a resource of the example's configuration")
		}
	}
	if imports == 0 {
		problems = append(problems, "no terraform import command")
	}
	return problems
}

// terraformSnippets returns the bodies of the ```terraform fences of doc.
func terraformSnippets(doc string) []string {
	var (
		snippets []string
		body     strings.Builder
		inside   bool
	)
	for line := range strings.Lines(doc) {
		fence := strings.TrimSpace(line)
		switch {
		case !inside && fence == "```terraform":
			inside = true
			body.Reset()
		case inside && fence == "```":
			inside = false
			snippets = append(snippets, body.String())
		case inside:
			body.WriteString(line)
		}
	}
	return snippets
}

// formatted is snippet as terraform fmt writes it.
func formatted(t *testing.T, h *harness, snippet string) string {
	t.Helper()
	out, err := h.run(t.TempDir(), []byte(snippet), "fmt", "-no-color", "-")
	if err != nil {
		t.Fatalf("terraform fmt: %v", err)
	}
	return string(out)
}
