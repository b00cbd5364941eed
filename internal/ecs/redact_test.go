package ecs

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

const (
	testKeyID = "LTAI-key-id"
	testToken = "CAIS-sts-token+/="
)

// signedURL is a request URL as the SDK builds it for an RPC call.
var signedURL = "http://ecs.example.com/?AccessKeyId=" + testKeyID + "&Action=DescribeInstances&SecurityToken=" +
	url.QueryEscape(testToken) + "&Signature=c2lnbmF0dXJl%3D&SignatureNonce=n-1&Timestamp=2030-01-01T00%3A00%3A00Z"

func TestRedact(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		keep   []string
		remove []string
	}{
		{"signed URL", `Get "` + signedURL + `": EOF`, []string{`Get "http://ecs.example.com/?[query withheld]": EOF`},
			[]string{testKeyID, url.QueryEscape(testToken), "c2lnbmF0dXJl", "n-1"}},
		{"signing parameters outside a URL", "AccessKeyId=" + testKeyID + "&Signature=c2lnbmF0dXJl&Action=X",
			[]string{"Action=X", "AccessKeyId=[redacted]"}, []string{testKeyID, "c2lnbmF0dXJl"}},
		{"echoed string to sign",
			"Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D" +
				testKeyID + "%26SecurityToken%3D" + url.QueryEscape(testToken),
			[]string{"Specified signature is not matched", "string to sign is:", "withheld"},
			[]string{testKeyID, url.QueryEscape(testToken), "GET&%2F"}},
		{"plain message", "The specified instance has unpaid order.", []string{"The specified instance has unpaid order."}, nil},
		{"parameter named in prose", "the Signature parameter is missing", []string{"the Signature parameter is missing"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redact(tt.in)
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("redact lost %q: %s", k, got)
				}
			}
			for _, r := range tt.remove {
				if strings.Contains(got, r) {
					t.Errorf("redact kept %q: %s", r, got)
				}
			}
		})
	}
}

func TestWrapSDKErrorRedacts(t *testing.T) {
	transport := &url.Error{Op: "Get", URL: signedURL, Err: io.ErrUnexpectedEOF}
	refusal := sdkerrors.NewServerError(400, fmt.Sprintf(
		`{"RequestId":"R-1","Code":"SignatureDoesNotMatch","Message":"server string to sign is:GET&%%2F&AccessKeyId%%3D%s%%26SecurityToken%%3D%s"}`,
		testKeyID, url.QueryEscape(testToken)), "")
	for _, err := range []error{
		wrapSDKError("DescribeInstances", transport),
		wrapSDKError("DescribeInstances", sdkerrors.NewClientError(sdkerrors.TimeoutErrorCode, "timed out", transport)),
		wrapSDKError("DescribeInstances", refusal),
	} {
		text := err.Error() + "\n" + diagnose(err).Detail()
		for _, secret := range []string{testKeyID, url.QueryEscape(testToken), testToken, "c2lnbmF0dXJl"} {
			if strings.Contains(text, secret) {
				t.Errorf("%q appears in the error or its diagnostic:\n%s", secret, text)
			}
		}
	}
	// Redaction keeps what the retry policy needs to classify the error.
	if !isRetryable(wrapSDKError("X", transport)) {
		t.Error("a redacted transport error is no longer retryable")
	}
	var ue *url.Error
	if !errors.As(wrapSDKError("X", transport), &ue) {
		t.Error("a redacted transport error no longer unwraps to *url.Error")
	}
}

func TestIsRetryableTransportAndAuth(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"connection reset", wrapSDKError("X", &url.Error{Op: "Post", URL: "http://h/", Err: errors.New("read: connection reset by peer")}), true},
		{"EOF after the request", wrapSDKError("X", &url.Error{Op: "Post", URL: "http://h/", Err: io.EOF}), true},
		{"body that is not JSON", wrapSDKError("X", sdkerrors.NewClientError(sdkerrors.JsonUnmarshalErrorCode, "bad json", nil)), true},
		{"untrusted certificate", wrapSDKError("X", &url.Error{Op: "Post", URL: "https://h/", Err: x509.UnknownAuthorityError{}}), false},
		{"wrong host certificate", wrapSDKError("X", &url.Error{Op: "Post", URL: "https://h/", Err: x509.HostnameError{Host: "h", Certificate: &x509.Certificate{}}}), false},
		{"wrong secret", wrapSDKError("X", serverError(400, "SignatureDoesNotMatch", "no")), false},
		{"unknown key", wrapSDKError("X", serverError(404, "InvalidAccessKeyId.NotFound", "no")), false},
		{"disabled key", wrapSDKError("X", serverError(400, "InvalidAccessKeyId.Inactive", "no")), false},
		{"expired token", wrapSDKError("X", serverError(400, "InvalidSecurityToken.Expired", "no")), false},
		{"not permitted", wrapSDKError("X", serverError(403, "Forbidden.RAM", "no")), false},
		{"nonce reused: a retry signs a new one", wrapSDKError("X", serverError(400, "SignatureNonceUsed", "no")), true},
		{"throttled per API", wrapSDKError("X", serverError(400, "Throttling.Api", "no")), true},
		{"operation conflict", wrapSDKError("X", serverError(403, "OperationConflict", "no")), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isRetryable(tt.err); got != tt.want {
				t.Fatalf("isRetryable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func FuzzRedact(f *testing.F) {
	f.Add(signedURL, testToken)
	f.Add("server string to sign is:GET&%2F&SecurityToken%3Dabc", "abc")
	f.Add("AccessKeyId=k&Signature=s", "s")
	f.Fuzz(func(t *testing.T, prefix, secret string) {
		if secret == "" || strings.ContainsAny(secret, "&\"' \t\n\r\f\v") {
			t.Skip("a parameter value ends at & or white space")
		}
		for _, param := range []string{"AccessKeyId", "Signature", "SecurityToken", "SignatureNonce"} {
			in := prefix + " " + param + "=" + secret
			out := redact(in)
			if strings.HasSuffix(out, param+"="+secret) {
				t.Fatalf("redact(%q) = %q: the %s value survived", in, out, param)
			}
			if redact(out) != out {
				t.Fatalf("redact is not stable on %q", out)
			}
		}
	})
}
