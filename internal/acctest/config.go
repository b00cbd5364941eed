package acctest

import (
	"fmt"
	"sort"
	"strings"
)

// Attr is one attribute of a resource block, already written as HCL.
type Attr struct {
	Name  string
	Value string
}

// Int, String and Bool write attribute values as HCL.
func Int(name string, v int) Attr      { return Attr{name, fmt.Sprint(v)} }
func String(name, v string) Attr       { return Attr{name, fmt.Sprintf("%q", v)} }
func Bool(name string, v bool) Attr    { return Attr{name, fmt.Sprint(v)} }
func Raw(name, expression string) Attr { return Attr{name, expression} }

// ResourceConfig writes a resource block of the given type and name, its
// attributes sorted by name, then any nested blocks given verbatim.
func ResourceConfig(typ, name string, attrs []Attr, blocks ...string) string {
	sorted := append([]Attr(nil), attrs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	var b strings.Builder
	fmt.Fprintf(&b, "resource %q %q {\n", typ, name)
	for _, a := range sorted {
		fmt.Fprintf(&b, "  %s = %s\n", a.Name, a.Value)
	}
	for _, block := range blocks {
		for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	b.WriteString("}\n")
	return b.String()
}
