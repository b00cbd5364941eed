package conns

import (
	"strings"
	"testing"
)

func TestFromProviderData(t *testing.T) {
	client := &Client{}
	cases := []struct {
		name       string
		data       any
		wantClient *Client
		wantError  string
	}{
		{name: "not configured yet", data: nil},
		{name: "configured", data: client, wantClient: client},
		{name: "wrong type", data: "a string", wantError: "got string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := FromProviderData(tc.data)
			if got != tc.wantClient {
				t.Errorf("client = %p, want %p", got, tc.wantClient)
			}
			if tc.wantError == "" {
				if diags.HasError() {
					t.Fatalf("unexpected error: %v", diags)
				}
				return
			}
			if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tc.wantError) {
				t.Fatalf("want an error mentioning %q, got %v", tc.wantError, diags)
			}
		})
	}
}
