package ecs

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestParseWindowTime(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{in: "2030-12-05T22:40Z", want: "2030-12-05T22:40:00Z"},
		{in: "2030-12-06T22Z", want: "2030-12-06T22:00:00Z"},
		{in: "2030-12-06T22:00:00Z", wantErr: true},
		{in: "2030-12-06 22:40Z", wantErr: true},
		{in: "2030-12-06T22:40", wantErr: true},
		{in: "2030-13-06T22Z", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseWindowTime(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("parseWindowTime(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Format("2006-01-02T15:04:05Z07:00") != tt.want {
				t.Fatalf("parseWindowTime(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestWindowTimeFormatValidator(t *testing.T) {
	tests := []struct {
		name    string
		layout  string
		value   types.String
		wantErr bool
	}{
		{"start, minutes form", startTimeLayout, types.StringValue("2030-12-05T22:40Z"), false},
		{"start, hour form", startTimeLayout, types.StringValue("2030-12-06T22Z"), true},
		{"end, hour form", endTimeLayout, types.StringValue("2030-12-06T22Z"), false},
		{"end, minutes form", endTimeLayout, types.StringValue("2030-12-05T22:40Z"), true},
		{"null", startTimeLayout, types.StringNull(), false},
		{"unknown", endTimeLayout, types.StringUnknown(), false},
		{"seconds", startTimeLayout, types.StringValue("2030-12-05T22:40:00Z"), true},
		{"no zone", startTimeLayout, types.StringValue("2030-12-05T22:40"), true},
		{"one-digit hour", endTimeLayout, types.StringValue("2030-12-05T2Z"), true},
		{"words", endTimeLayout, types.StringValue("tomorrow"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validator.StringRequest{Path: windowPath("start_time"), ConfigValue: tt.value}
			var resp validator.StringResponse
			windowTimeFormat(tt.layout).ValidateString(t.Context(), req, &resp)
			if got := resp.Diagnostics.HasError(); got != tt.wantErr {
				t.Fatalf("error = %v, want %v: %v", got, tt.wantErr, resp.Diagnostics)
			}
			if tt.wantErr {
				d := resp.Diagnostics.Errors()[0]
				if d.Summary() != "Invalid time format" || !strings.Contains(d.Detail(), layoutName(tt.layout)) {
					t.Errorf("diagnostic = %q / %q, want the format named", d.Summary(), d.Detail())
				}
			}
		})
	}
}

func TestEndAfterStartValidator(t *testing.T) {
	s := testSchema(t)
	tests := []struct {
		name    string
		start   any
		end     string
		wantErr bool
	}{
		{"end after start", "2030-01-01T10:00Z", "2030-01-01T12Z", false},
		{"end one minute after", "2030-01-01T10:59Z", "2030-01-01T11Z", false},
		{"end equals start", "2030-01-01T10:00Z", "2030-01-01T10Z", true},
		{"end before start", "2030-01-02T10:00Z", "2030-01-01T12Z", true},
		{"start missing", nil, "2030-01-01T12Z", false},
		{"start unknown", unknownString(), "2030-01-01T12Z", false},
		{"start malformed", "soon", "2030-01-01T12Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block := attrs{"internet_max_bandwidth_out": 10, "start_time": tt.start, "end_time": tt.end}
			cfg := tfsdk.Config{Schema: s, Raw: objectValue(t, s, attrs{"instance_id": "i-1", "temporary_upgrade": block})}
			req := validator.StringRequest{Path: windowPath("end_time"), ConfigValue: types.StringValue(tt.end), Config: cfg}
			var resp validator.StringResponse
			endAfterStart().ValidateString(t.Context(), req, &resp)
			if got := resp.Diagnostics.HasError(); got != tt.wantErr {
				t.Fatalf("error = %v, want %v: %v", got, tt.wantErr, resp.Diagnostics)
			}
			if tt.wantErr {
				d := resp.Diagnostics.Errors()[0]
				if !strings.Contains(d.Detail(), "Set end_time after start_time") {
					t.Errorf("detail = %q, want the fix", d.Detail())
				}
			}
		})
	}
}
