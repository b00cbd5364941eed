package ecs

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// testSchema is the resource's schema.
func testSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	(&instanceNetworkSpecResource{}).Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	return resp.Schema
}

// attrs is a resource object by attribute name; attributes left out are null.
type attrs map[string]any

// objectValue builds the resource object from Go values: string, int,
// bool, nil (null), attrs (a block of one element) or tftypes.Value (for
// unknown).
func objectValue(t *testing.T, s schema.Schema, a attrs) tftypes.Value {
	t.Helper()
	typ, ok := s.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T, not an object", s.Type().TerraformType(t.Context()))
	}
	return objectOf(t, typ, a)
}

func objectOf(t *testing.T, typ tftypes.Object, a attrs) tftypes.Value {
	t.Helper()
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		switch x := a[name].(type) {
		case nil:
			vals[name] = tftypes.NewValue(at, nil)
		case tftypes.Value:
			vals[name] = x
		case attrs:
			list, ok := at.(tftypes.List)
			if !ok {
				t.Fatalf("%s is a %s, not a block", name, at)
			}
			obj, ok := list.ElementType.(tftypes.Object)
			if !ok {
				t.Fatalf("%s holds %s, not objects", name, list.ElementType)
			}
			vals[name] = tftypes.NewValue(at, []tftypes.Value{objectOf(t, obj, x)})
		default:
			vals[name] = tftypes.NewValue(at, x)
		}
	}
	return tftypes.NewValue(typ, vals)
}

func unknownString() tftypes.Value { return tftypes.NewValue(tftypes.String, tftypes.UnknownValue) }
func unknownNumber() tftypes.Value { return tftypes.NewValue(tftypes.Number, tftypes.UnknownValue) }
