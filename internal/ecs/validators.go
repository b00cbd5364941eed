package ecs

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Layouts of a temporary window's bounds, as the API reference gives them:
// yyyy-MM-ddThh:mmZ for StartTime and yyyy-MM-ddThhZ for EndTime.
const (
	startTimeLayout = "2006-01-02T15:04Z"
	endTimeLayout   = "2006-01-02T15Z"
)

var windowTimeLayouts = []string{startTimeLayout, endTimeLayout}

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

// layoutName is the API's name of a window layout.
func layoutName(layout string) string {
	if layout == endTimeLayout {
		return "yyyy-MM-ddThhZ"
	}
	return "yyyy-MM-ddThh:mmZ"
}

type windowTimeFormatValidator struct{ layout string }

// windowTimeFormat accepts a UTC time in the given window layout.
func windowTimeFormat(layout string) validator.String { return windowTimeFormatValidator{layout} }

func (v windowTimeFormatValidator) Description(context.Context) string {
	return "value must be a UTC time as " + layoutName(v.layout)
}

func (v windowTimeFormatValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v windowTimeFormatValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if t, err := time.Parse(v.layout, s); err == nil && t.Format(v.layout) == s {
		return
	}
	example := time.Date(2030, 6, 1, 8, 0, 0, 0, time.UTC).Format(v.layout)
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid time format",
		fmt.Sprintf("%s %q is not a UTC time as %s, the API's format for it: write for example %s.",
			req.Path, s, layoutName(v.layout), example))
}

type endAfterStartValidator struct{}

// endAfterStart requires the window's end_time to be later than its
// start_time.
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
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath().AtName("start_time"), &start)...)
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
