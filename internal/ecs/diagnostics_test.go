package ecs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// referenceCodes are the error codes of the ModifyInstanceNetworkSpec API
// reference, with the attribute each diagnostic should point at ("" for
// none) and whether the provider retries it.
var referenceCodes = []struct {
	code      string
	status    int
	attribute string
	retryable bool
}{
	{"InvalidInternetMaxBandwidthIn.ValueNotSupported", 400, "internet_max_bandwidth_in", false},
	{"InvalidInternetMaxBandwidthOut.ValueNotSupported", 400, "internet_max_bandwidth_out", false},
	{"IncorrectInstanceStatus", 403, "", true},
	{"InstanceExpiredOrInArrears", 403, "", false},
	{"ChargeTypeViolation", 403, "", false},
	{"OperationDenied", 400, "", false},
	{"InvalidParameter.Bandwidth", 400, "", false},
	{"InvalidParameter.Conflict", 400, "", false},
	{"InvalidStartTime.ValueNotSupported", 400, "temporary_upgrade", false},
	{"Account.Arrearage", 400, "", false},
	{"InvalidInternetChargeType.ValueNotSupported", 400, "internet_charge_type", false},
	{"DecreasedBandwidthNotAllowed", 400, "internet_max_bandwidth_out", false},
	{"BandwidthUpgradeDenied.EipBoundInstance", 400, "temporary_upgrade", false},
	{"InvalidAccountStatus.NotEnoughBalance", 403, "auto_pay", false},
	{"InvalidInstance.UnpaidOrder", 403, "", false},
	{"IpAllocationError", 400, "allocate_public_ip", false},
	{"InvalidParam.AllocatePublicIp", 400, "allocate_public_ip", false},
	{"InstanceDowngrade.QuotaExceed", 400, "internet_max_bandwidth_out", false},
	{"InvalidBandwidth.ValueNotSupported", 400, "temporary_upgrade", false},
	{"InvalidInstance.InstanceNotSupported", 403, "", false},
	{"InvalidInstanceStatus", 400, "", false},
	{"InvalidInstanceStatus", 403, "", false},
	{"InvalidInstance.UnpaidOrder", 400, "", false},
}

// serverError is what the SDK returns for an API refusal.
func serverError(status int, code, message string) error {
	body := fmt.Sprintf(`{"RequestId":"REQ-%s","HostId":"ecs.aliyuncs.com","Code":%q,"Message":%q,"Recommend":""}`, code, code, message)
	return sdkerrors.NewServerError(status, body, "")
}

func TestDiagnoseReferenceCodes(t *testing.T) {
	summaries := map[string]string{}
	for _, tt := range referenceCodes {
		t.Run(fmt.Sprintf("%s_%d", tt.code, tt.status), func(t *testing.T) {
			err := wrapSDKError("ModifyInstanceNetworkSpec", serverError(tt.status, tt.code, "the API's message"))
			if _, ok := codeGuidance[tt.code]; !ok {
				t.Fatalf("no guidance for %s", tt.code)
			}
			d := diagnose(err)
			for _, want := range []string{tt.code, "REQ-" + tt.code, fmt.Sprintf("HTTP %d", tt.status), "the API's message", "ModifyInstanceNetworkSpec"} {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail())
				}
			}
			if d.Summary() == "" || len(d.Summary()) > 60 {
				t.Errorf("summary %q should be short and present", d.Summary())
			}
			p, hasPath := d.(interface{ Path() path.Path })
			switch {
			case tt.attribute == "" && hasPath:
				t.Errorf("diagnostic is on %s, want none", p.Path())
			case tt.attribute != "" && (!hasPath || !p.Path().Equal(path.Root(tt.attribute))):
				t.Errorf("diagnostic is not on %s", tt.attribute)
			}
			if got := isRetryable(err); got != tt.retryable {
				t.Errorf("isRetryable = %v, want %v", got, tt.retryable)
			}
		})
		if other, dup := summaries[codeGuidance[tt.code].Summary]; dup && other != tt.code {
			t.Errorf("%s and %s share the summary %q", tt.code, other, codeGuidance[tt.code].Summary)
		}
		summaries[codeGuidance[tt.code].Summary] = tt.code
	}
}

func TestDiagnoseProviderErrors(t *testing.T) {
	timeout := &waitTimeoutError{What: "order 7 to be paid", LastStatus: "Unpaid", Waited: 90 * time.Second, Cause: context.DeadlineExceeded}
	tests := []struct {
		name        string
		err         error
		wantSummary string
		wantDetail  []string
		wantAttr    string
	}{
		{"not found", &notFoundError{InstanceID: "i-x", Region: "cn-hangzhou"}, "Instance not found", []string{"i-x", "cn-hangzhou"}, "instance_id"},
		{"not found from the API", wrapSDKError("DescribeInstances", serverError(404, "InvalidInstanceId.NotFound", "gone")), "Instance not found", []string{"InvalidInstanceId.NotFound"}, "instance_id"},
		{"order cancelled", &orderCancelledError{OrderID: "7", InstanceID: "i-x"}, "Order cancelled", []string{"7", "i-x", "Apply again"}, ""},
		{"order unpaid", &orderUnpaidError{OrderID: "7", InstanceID: "i-x", Timeout: timeout}, "Order not paid", []string{"7", "1m30s", "resumes waiting on this order"}, ""},
		{"spec timeout", &waitTimeoutError{What: "instance i-x to show out 10 Mbit/s", LastStatus: "out 5 Mbit/s", Waited: time.Minute}, "Timed out waiting", []string{"out 10 Mbit/s", "last seen: out 5 Mbit/s"}, ""},
		{"interrupted", fmt.Errorf("wait: %w", context.Canceled), "Interrupted", []string{"apply again"}, ""},
		{"transport", wrapSDKError("DescribeInstances", &url.Error{Op: "Post", URL: "http://127.0.0.1:1", Err: errors.New("connection refused")}), "Cannot reach the API", []string{"connection refused", "endpoints"}, ""},
		{"unknown code", wrapSDKError("ModifyInstanceNetworkSpec", serverError(400, "Brand.New", "news")), "API refused the request", []string{"Brand.New", "news", "REQ-Brand.New"}, ""},
		{"unresolvable endpoint", newEndpointError(dnsNotFound("ecs.cn-hangzhuo.aliyuncs.com"), endpointUnresolvable, 1, 0),
			"API endpoint does not resolve", []string{"DescribeInstances", "ecs.cn-hangzhuo.aliyuncs.com", "endpoints block", "region", "no such host"}, ""},
		{"refusing endpoint", newEndpointError(wrapSDKError("DescribeInstances", &url.Error{Op: "Post", URL: "http://127.0.0.1:9/?Signature=s3cr3t",
			Err: errors.New("connect: connection refused")}), endpointUnreachable, 6, 18*time.Second),
			"API endpoint refuses connections", []string{"endpoint 127.0.0.1:9 refused every connection (6 attempts in 18s)", "port", "protocol", "proxy"}, ""},
		{"silent endpoint", newEndpointError(wrapSDKError("GetOrderDetail", &url.Error{Op: "Post", URL: "https://bss.example:8443/", Err: timeoutErr{}}),
			endpointSilent, 2, time.Minute),
			"API endpoint does not answer", []string{"GetOrderDetail", "endpoint bss.example:8443 took the request and sent no answer (2 attempts in 1m0s)", "protocol"}, ""},
		{"connection cut until the deadline", wrapSDKError("DescribeInstances", &url.Error{Op: "Post", URL: "http://127.0.0.1:9/", Err: errors.New("EOF")}),
			"Cannot reach the API", []string{"endpoint 127.0.0.1:9", "EOF"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := diagnose(tt.err)
			if d.Summary() != tt.wantSummary {
				t.Errorf("summary = %q, want %q", d.Summary(), tt.wantSummary)
			}
			for _, w := range tt.wantDetail {
				if !strings.Contains(d.Detail(), w) {
					t.Errorf("detail lacks %q:\n%s", w, d.Detail())
				}
			}
			if strings.Contains(d.Detail(), "s3cr3t") {
				t.Errorf("detail shows the request's signature:\n%s", d.Detail())
			}
			p, hasPath := d.(interface{ Path() path.Path })
			if tt.wantAttr == "" && hasPath || tt.wantAttr != "" && (!hasPath || !p.Path().Equal(path.Root(tt.wantAttr))) {
				t.Errorf("diagnostic attribute wrong, want %q", tt.wantAttr)
			}
		})
	}
}

// TestDiagnoseCredentialRefusals: a refused credential is named in the
// summary, a missing permission by the RAM action to grant, and each is a
// refusal the plan fails on.
func TestDiagnoseCredentialRefusals(t *testing.T) {
	tests := []struct {
		action, code string
		status       int
		wantSummary  string
		wantDetail   string
	}{
		{"DescribeInstances", "SignatureDoesNotMatch", 400, "Wrong secret_key", "ALICLOUD_SECRET_KEY"},
		{"DescribeInstances", "InvalidAccessKeyId.NotFound", 404, "Unknown access_key", "ALICLOUD_ACCESS_KEY"},
		{"DescribeInstances", "InvalidAccessKeyId.Inactive", 400, "Disabled access_key", "RAM console"},
		{"DescribeInstances", "InvalidSecurityToken.Expired", 400, "Expired security_token", "new temporary credentials"},
		{"DescribeInstances", "InvalidSecurityToken.MismatchWithAccessKey", 400, "security_token does not match access_key", "issued with it"},
		{"DescribeInstances", "InvalidSecurityToken.Malformed", 400, "Invalid security_token", "whole token"},
		{"DescribeInstances", "InvalidSecurityToken.Unheard", 400, "Invalid security_token", "whole token"},
		{"DescribeInstances", "InvalidTimeStamp.Expired", 400, "Local clock out of sync", "clock"},
		{"DescribeBandwidthLimitation", "Forbidden.RAM", 403, "Permission denied: grant ecs:DescribeBandwidthLimitation", "RAM policy"},
		{"ModifyInstanceNetworkSpec", "NoPermission", 403, "Permission denied: grant ecs:ModifyInstanceNetworkSpec", "RAM policy"},
		{"GetOrderDetail", "NotAuthorized", 403, "Permission denied: grant bssapi:GetOrderDetail", "RAM policy"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			err := wrapSDKError(tt.action, serverError(tt.status, tt.code, "the API's message"))
			d := diagnose(err)
			if d.Summary() != tt.wantSummary {
				t.Errorf("summary = %q, want %q", d.Summary(), tt.wantSummary)
			}
			for _, want := range []string{tt.wantDetail, tt.code, "REQ-" + tt.code} {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail())
				}
			}
			if !isCredentialRefusal(err) || passes(err) || isRetryable(err) {
				t.Errorf("%s: credential refusal %v, passes at plan %v, retried %v; want a refusal the plan fails on at once",
					tt.code, isCredentialRefusal(err), passes(err), isRetryable(err))
			}
		})
	}
}

// TestNamingCredentials: a refusal of the credentials or their permission
// names the source in use; any other answer does not.
func TestNamingCredentials(t *testing.T) {
	const source = `profile "ops" (AK) of /home/u/.aliyun/config.json`
	tests := []struct {
		code   string
		status int
		named  bool
	}{
		{"SignatureDoesNotMatch", 400, true},
		{"InvalidAccessKeyId.NotFound", 404, true},
		{"InvalidSecurityToken.Expired", 400, true},
		{"InvalidSecurityToken.MismatchWithAccessKey", 400, true},
		{"Forbidden.RAM", 403, true},
		{"Throttling", 400, false},
		{"InvalidInstanceId.NotFound", 404, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			err := namingCredentials(wrapSDKError("DescribeInstances", serverError(tt.status, tt.code, "the API's message")), source)
			d := diagnose(err)
			if got := strings.Contains(d.Detail(), "Credentials in use: "+source+"."); got != tt.named {
				t.Errorf("detail names the credentials: %v, want %v:\n%s", got, tt.named, d.Detail())
			}
		})
	}
	err := namingCredentials(wrapSDKError("DescribeInstances", serverError(400, "SignatureDoesNotMatch", "m")), "")
	if d := diagnose(err); strings.Contains(d.Detail(), "Credentials in use") {
		t.Errorf("no source known, yet the detail names one:\n%s", d.Detail())
	}
}
