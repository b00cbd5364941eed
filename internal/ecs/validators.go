package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Layouts of a temporary window's bounds: the API reference gives
// yyyy-MM-ddThh:mmZ for StartTime and yyyy-MM-ddThhZ for EndTime, and
// accepts either form for both.
var windowTimeLayouts = []string{"2006-01-02T15:04Z", "2006-01-02T15Z"}

// parseWindowTime reads a window bound in either layout, as UTC. The value
// must read back as written: time.Parse alone also takes a one-digit hour,
// which the API's layouts do not.
func parseWindowTime(s string) (time.Time, error) {
	for _, layout := range windowTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == s {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not yyyy-MM-ddThh:mmZ or yyyy-MM-ddThhZ", s)
}

type windowTimeFormatValidator struct{}

// windowTimeFormat accepts a UTC time in one of the window layouts.
func windowTimeFormat() validator.String { return windowTimeFormatValidator{} }

func (windowTimeFormatValidator) Description(context.Context) string {
	return "value must be a UTC time as yyyy-MM-ddThh:mmZ or yyyy-MM-ddThhZ"
}

func (v windowTimeFormatValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (windowTimeFormatValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseWindowTime(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time format",
			fmt.Sprintf("%s %s: write a UTC time such as 2030-12-05T22:40Z (yyyy-MM-ddThh:mmZ) or 2030-12-06T22Z (yyyy-MM-ddThhZ).",
				req.Path, err))
	}
}

type endAfterStartValidator struct{}

// endAfterStart requires end_time to be later than start_time.
func endAfterStart() validator.String { return endAfterStartValidator{} }

func (endAfterStartValidator) Description(context.Context) string {
	return "value must be later than start_time"
}

func (v endAfterStartValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (endAfterStartValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var start types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_time"), &start)...)
	if resp.Diagnostics.HasError() || start.IsNull() || start.IsUnknown() {
		return
	}
	startAt, err1 := parseWindowTime(start.ValueString())
	endAt, err2 := parseWindowTime(req.ConfigValue.ValueString())
	if err1 != nil || err2 != nil {
		// The format validators report these.
		return
	}
	if !endAt.After(startAt) {
		resp.Diagnostics.AddAttributeError(req.Path, "End of window not after its start",
			fmt.Sprintf("end_time %s is not later than start_time %s: the temporary upgrade would never be in effect. "+
				"Set end_time after start_time.", req.ConfigValue.ValueString(), start.ValueString()))
	}
}
