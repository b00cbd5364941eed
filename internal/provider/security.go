package provider

import (
	"fmt"
	"net"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// plainHTTPWarnings warns about each endpoint that would receive requests
// over plain HTTP although it is not on this machine: the requests are
// signed, not encrypted, so the access key ID, an STS token and every
// answer travel in clear. A simulator on loopback is the intended use of
// protocol = "HTTP" and gets no warning.
func plainHTTPWarnings(s settings, usesSTS bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if !strings.EqualFold(s.Protocol, conns.SchemeHTTP) {
		return nil
	}
	type endpoint struct {
		attr     path.Path
		name     string
		endpoint string
	}
	endpoints := []endpoint{
		{path.Root("endpoints").AtName("ecs"), "ECS", s.ECSEndpoint},
		{path.Root("endpoints").AtName("bss"), "BSS", s.BSSEndpoint},
	}
	if usesSTS {
		endpoints = append(endpoints, endpoint{path.Root("endpoints").AtName("sts"), "STS", s.STSEndpoint})
	}
	for _, e := range endpoints {
		if isLoopback(e.endpoint) {
			continue
		}
		where := "the " + e.name + " endpoint " + e.endpoint
		if e.endpoint == "" {
			where = "the region's public " + e.name + " endpoint"
		}
		diags.AddAttributeWarning(e.attr, "Credentials sent over plain HTTP",
			fmt.Sprintf("protocol = \"HTTP\" sends the requests to %s unencrypted: anyone on the way can read the access key ID, "+
				"an STS security token and every answer, and alter them. Use protocol = \"HTTPS\" (the default) for anything "+
				"but a simulator on this machine.", where))
	}
	return diags
}

// stsEndpointCheck refuses to send an STS call to the public endpoint
// when the API endpoints are on this machine: the credentials are then
// meant for a simulator or a tunnel, and must not travel anywhere else.
func stsEndpointCheck(s settings, c credentialChain) diag.Diagnostics {
	local := isLoopback(s.ECSEndpoint) || isLoopback(s.BSSEndpoint)
	if len(c.Roles) == 0 || s.STSEndpoint != "" || !local {
		return nil
	}
	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root("endpoints").AtName("sts"), "Missing STS endpoint",
		fmt.Sprintf("The provider must assume a role (%s), and the ECS or BSS endpoint is on this machine, but endpoints.sts is not set: "+
			"the credentials meant for the local endpoint would go to the public STS endpoint. Set endpoints.sts "+
			"(or ALIBABA_CLOUD_ENDPOINT_STS) to the STS endpoint that goes with them, for a simulator its own address.", c.Kind()))
	return diags
}

// isLoopback: endpoint (host[:port]) names this machine.
func isLoopback(endpoint string) bool {
	if endpoint == "" {
		return false
	}
	host := endpoint
	if h, _, err := net.SplitHostPort(endpoint); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sdkDebugWarning warns when DEBUG turns on the Alibaba Cloud SDK's debug
// output. The SDK reads it once at start and then prints every request's
// URL and headers to the provider's standard output, which Terraform copies
// into its log: that URL carries the AccessKeyId, the Signature and any
// SecurityToken. The provider cannot switch it off, so it says so.
func sdkDebugWarning(getenv func(string) string) diag.Diagnostics {
	for _, part := range strings.Split(getenv("DEBUG"), ",") {
		if part == "sdk" {
			var diags diag.Diagnostics
			diags.AddWarning("Alibaba Cloud SDK debug output is on",
				"The environment sets DEBUG=sdk, which makes the Alibaba Cloud SDK print every request URL and header, "+
					"including the access key ID, the request signature and any STS security token, to the provider's output "+
					"and so into Terraform's log. Unset DEBUG (or remove sdk from it) unless you are debugging the SDK, and "+
					"do not share the output.")
			return diags
		}
	}
	return nil
}
