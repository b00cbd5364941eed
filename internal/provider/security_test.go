package provider

import (
	"strings"
	"testing"
)

func TestPlainHTTPWarnings(t *testing.T) {
	tests := []struct {
		name     string
		s        settings
		wantWarn []string // endpoints named by the warnings, in order
	}{
		{"HTTPS to anywhere", settings{Protocol: "HTTPS", ECSEndpoint: "ecs.example.com"}, nil},
		{"HTTP to a loopback simulator", settings{Protocol: "HTTP", ECSEndpoint: "127.0.0.1:8642", BSSEndpoint: "localhost:8642"}, nil},
		{"HTTP to IPv6 loopback", settings{Protocol: "HTTP", ECSEndpoint: "[::1]:8642", BSSEndpoint: "127.8.9.10"}, nil},
		{"HTTP to a remote host", settings{Protocol: "HTTP", ECSEndpoint: "ecs.example.com", BSSEndpoint: "127.0.0.1:1"}, []string{"ecs.example.com"}},
		{"HTTP to the region's endpoints", settings{Protocol: "HTTP"}, []string{"public ECS endpoint", "public BSS endpoint"}},
		{"HTTP to a LAN address", settings{Protocol: "HTTP", ECSEndpoint: "10.0.0.5:8642", BSSEndpoint: "10.0.0.5:8642"}, []string{"10.0.0.5:8642", "10.0.0.5:8642"}},
		{"lookalike of localhost", settings{Protocol: "HTTP", ECSEndpoint: "localhost.example.com", BSSEndpoint: "::1"}, []string{"localhost.example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := plainHTTPWarnings(tt.s, false)
			if diags.HasError() {
				t.Fatalf("errors: %v", diags)
			}
			if len(diags) != len(tt.wantWarn) {
				t.Fatalf("%d warnings, want %d: %v", len(diags), len(tt.wantWarn), diags)
			}
			for i, d := range diags {
				if d.Summary() != "Credentials sent over plain HTTP" || !strings.Contains(d.Detail(), tt.wantWarn[i]) {
					t.Errorf("warning %d = %q / %q, want one naming %q", i, d.Summary(), d.Detail(), tt.wantWarn[i])
				}
			}
		})
	}
}

func TestSDKDebugWarning(t *testing.T) {
	tests := []struct {
		debug string
		want  bool
	}{
		{"", false},
		{"sdk", true},
		{"tea,sdk", true},
		{"sdkx", false},
		{"signer", false},
	}
	for _, tt := range tests {
		t.Run(tt.debug, func(t *testing.T) {
			diags := sdkDebugWarning(func(name string) string {
				if name == "DEBUG" {
					return tt.debug
				}
				return ""
			})
			if got := len(diags) == 1 && !diags.HasError(); got != tt.want {
				t.Fatalf("DEBUG=%q: warnings %v, want a warning: %v", tt.debug, diags, tt.want)
			}
		})
	}
}
