package ecsmock

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecsv2 "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// The Go SDK v2 signs with V3 (ACS3-HMAC-SHA256) by default and with
// signature version 1.0 when SignatureAlgorithm is "v2".
// toSign starts the string to sign the simulator quotes when a signature
// does not match, which tells the scheme the SDK used.
var sdkV2Modes = []struct{ name, algorithm, toSign string }{
	{"V3 default", "", "server string to sign is:ACS3-HMAC-SHA256\n"},
	{"V1 SignatureAlgorithm v2", "v2", "server string to sign is:POST&%2F&"},
}

func (f *fixture) ecsV2(key, secret, algorithm string) *ecsv2.Client {
	f.t.Helper()
	cfg := &openapiutil.Config{
		AccessKeyId:     dara.String(key),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(f.host),
		Protocol:        dara.String("http"),
		RegionId:        dara.String("cn-hangzhou"),
	}
	if algorithm != "" {
		cfg.SignatureAlgorithm = dara.String(algorithm)
	}
	c, err := ecsv2.NewClient(cfg)
	if err != nil {
		f.t.Fatalf("ecs v2 client: %v", err)
	}
	return c
}

// sdkV2Code is the error code and HTTP status the SDK v2 read from an
// error answer.
func sdkV2Code(t *testing.T, err error) (string, int) {
	t.Helper()
	var sdk *tea.SDKError
	switch {
	case err == nil:
		t.Fatal("call succeeded, want an error")
	case errors.As(err, &sdk):
		return tea.StringValue(sdk.Code), tea.IntValue(sdk.StatusCode)
	}
	t.Fatalf("error %T %v is not an API error", err, err)
	return "", 0
}

func TestSDKv2DescribeInstances(t *testing.T) {
	for _, mode := range sdkV2Modes {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t, nil)
			c := f.ecsV2(key1, secret1, mode.algorithm)
			resp, err := c.DescribeInstances(&ecsv2.DescribeInstancesRequest{
				RegionId:    dara.String("cn-hangzhou"),
				InstanceIds: dara.String(`["i-postpaid-vpc","i-prepaid-vpc"]`),
			})
			if err != nil {
				t.Fatalf("DescribeInstances: %v", err)
			}
			got := map[string]int32{}
			for _, in := range resp.Body.Instances.Instance {
				got[dara.StringValue(in.InstanceId)] = dara.Int32Value(in.InternetMaxBandwidthOut)
			}
			if len(got) != 2 || got["i-postpaid-vpc"] != 5 || got["i-prepaid-vpc"] != 5 || dara.Int32Value(resp.Body.TotalCount) != 2 {
				t.Fatalf("DescribeInstances: %v (TotalCount %d), want both instances at 5 Mbit/s", got, dara.Int32Value(resp.Body.TotalCount))
			}
			if calls := f.srv.Calls(); len(calls) != 1 || calls[0].Action != "DescribeInstances" || calls[0].AccessKeyId != key1 || calls[0].HttpStatus != http.StatusOK {
				t.Fatalf("recorded calls: %+v", calls)
			}
		})
	}
}

// TestSDKv2ModifyIdempotent changes a pay-as-you-go and a subscription
// instance, each call sent twice with one ClientToken: the retry gets the
// first answer and places nothing.
func TestSDKv2ModifyIdempotent(t *testing.T) {
	for _, mode := range sdkV2Modes {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t, nil)
			c := f.ecsV2(key1, secret1, mode.algorithm)
			modify := func(id string, out int32, token string) string {
				t.Helper()
				resp, err := c.ModifyInstanceNetworkSpec(&ecsv2.ModifyInstanceNetworkSpecRequest{
					InstanceId:              dara.String(id),
					InternetMaxBandwidthOut: dara.Int32(out),
					ClientToken:             dara.String(token),
				})
				if err != nil {
					t.Fatalf("ModifyInstanceNetworkSpec %s: %v", id, err)
				}
				if dara.StringValue(resp.Body.RequestId) == "" {
					t.Fatalf("ModifyInstanceNetworkSpec %s: no RequestId", id)
				}
				return dara.StringValue(resp.Body.OrderId)
			}
			if first, again := modify("i-postpaid-vpc", 7, "tok-post"), modify("i-postpaid-vpc", 7, "tok-post"); first != "" || again != "" {
				t.Errorf("pay-as-you-go OrderIds %q, %q; want none", first, again)
			}
			first, again := modify("i-prepaid-vpc", 8, "tok-pre"), modify("i-prepaid-vpc", 8, "tok-pre")
			if first == "" || again != first {
				t.Errorf("subscription OrderIds %q, %q; want one order, the same twice", first, again)
			}
			w := f.srv.State()
			acct := w.account(key1)
			if n := len(acct.Orders); n != 1 || acct.Orders[0].OrderId != first {
				t.Errorf("orders placed: %+v, want only %s", acct.Orders, first)
			}
			for id, want := range map[string]int{"i-postpaid-vpc": 7, "i-prepaid-vpc": 8} {
				in := acct.instance(id)
				if len(in.PendingChanges) != 1 || in.committed().InternetMaxBandwidthOut != want {
					t.Errorf("%s pending changes %+v, want one to %d", id, in.PendingChanges, want)
				}
			}
		})
	}
}

func TestSDKv2Errors(t *testing.T) {
	for _, mode := range sdkV2Modes {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t, nil)
			for _, tc := range []struct {
				name        string
				key, secret string
				req         *ecsv2.ModifyInstanceNetworkSpecRequest
				code        string
				status      int
			}{
				{"unknown instance", key1, secret1, &ecsv2.ModifyInstanceNetworkSpecRequest{InstanceId: dara.String("i-nobody"), InternetMaxBandwidthOut: dara.Int32(6)}, "InvalidInstanceId.NotFound", 404},
				{"out of range", key1, secret1, &ecsv2.ModifyInstanceNetworkSpecRequest{InstanceId: dara.String("i-postpaid-vpc"), InternetMaxBandwidthOut: dara.Int32(101)}, "InvalidInternetMaxBandwidthOut.ValueNotSupported", 400},
				{"wrong secret", key1, "wrong", &ecsv2.ModifyInstanceNetworkSpecRequest{InstanceId: dara.String("i-postpaid-vpc"), InternetMaxBandwidthOut: dara.Int32(6)}, "SignatureDoesNotMatch", 400},
				{"unknown key", "nobody", secret1, &ecsv2.ModifyInstanceNetworkSpecRequest{InstanceId: dara.String("i-postpaid-vpc"), InternetMaxBandwidthOut: dara.Int32(6)}, "InvalidAccessKeyId.NotFound", 404},
				{"status", key1, secret1, &ecsv2.ModifyInstanceNetworkSpecRequest{InstanceId: dara.String("i-starting"), InternetMaxBandwidthOut: dara.Int32(6)}, "IncorrectInstanceStatus", 403},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := f.ecsV2(tc.key, tc.secret, mode.algorithm).ModifyInstanceNetworkSpec(tc.req)
					if code, status := sdkV2Code(t, err); code != tc.code || status != tc.status {
						t.Fatalf("SDK read %s %d, want %s %d (%v)", code, status, tc.code, tc.status, err)
					}
					if tc.code == "SignatureDoesNotMatch" && !strings.Contains(err.Error(), mode.toSign) {
						t.Fatalf("SDK error %v does not quote a string to sign starting %q", err, mode.toSign)
					}
				})
			}
			// An injected fault matches V3 calls by their x-acs-action and Credential too.
			if err := f.srv.AddFault(FaultRule{Action: "DescribeInstances", AccessKeyId: key1, Kind: FaultError, Code: "Throttling", Count: 1}); err != nil {
				t.Fatal(err)
			}
			_, err := f.ecsV2(key1, secret1, mode.algorithm).DescribeInstances(&ecsv2.DescribeInstancesRequest{RegionId: dara.String("cn-hangzhou")})
			if code, status := sdkV2Code(t, err); code != "Throttling" || status != 400 {
				t.Fatalf("faulted DescribeInstances: SDK read %s %d, want Throttling 400", code, status)
			}
		})
	}
}

// TestSDKv2FormBodyBSS drives BSS through the SDK v2's generic client,
// which sends the parameters in a form body: V3 signs the body by its hash,
// V1 by its parameters.
func TestSDKv2FormBodyBSS(t *testing.T) {
	for _, mode := range sdkV2Modes {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t, nil)
			orderID := f.mustModify("i-prepaid-vpc", spec{Out: "12"})
			c := f.ecsV2(key1, secret1, mode.algorithm)
			params := &openapiutil.Params{
				Action: dara.String("GetOrderDetail"), Version: dara.String(bssVersion),
				Protocol: dara.String("HTTP"), Pathname: dara.String("/"), Method: dara.String("POST"),
				AuthType: dara.String("AK"), Style: dara.String("RPC"),
				ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
			}
			call := func(id string) (map[string]any, error) {
				return c.CallApi(params, &openapiutil.OpenApiRequest{Body: map[string]any{"OrderId": id}}, &dara.RuntimeOptions{})
			}
			resp, err := call(orderID)
			if err != nil {
				t.Fatalf("GetOrderDetail: %v", err)
			}
			body, _ := resp["body"].(map[string]any)
			orders, _ := body["Data"].(map[string]any)["OrderList"].(map[string]any)["Order"].([]any)
			if len(orders) != 1 || orders[0].(map[string]any)["OrderId"] != orderID {
				t.Fatalf("GetOrderDetail body: %v", body)
			}
			_, err = call("999")
			if code, status := sdkV2Code(t, err); code != "InvalidOrderId.NotFound" || status != 404 {
				t.Fatalf("unknown order: SDK read %s %d", code, status)
			}
		})
	}
}
