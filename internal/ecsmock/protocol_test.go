package ecsmock

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// TestRawClient proves the wire format with a client that signs requests
// itself, in the query (GET) and in a form body (POST), with parameter
// values that need encoding.
func TestRawClient(t *testing.T) {
	f := newFixture(t, nil)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			c := f.raw(method)
			status, body := c.call(t, ecsVersion, "DescribeInstances", map[string]string{"InstanceIds": `["i-postpaid-vpc"]`})
			if status != http.StatusOK {
				t.Fatalf("DescribeInstances: %d %v", status, body)
			}
			insts := body["Instances"].(map[string]any)["Instance"].([]any)
			if len(insts) != 1 || insts[0].(map[string]any)["InternetMaxBandwidthOut"].(float64) != 5 {
				t.Fatalf("DescribeInstances body: %v", body)
			}
			status, body = c.call(t, ecsVersion, "ModifyInstanceNetworkSpec", map[string]string{
				"InstanceId": "i-postpaid-vpc", "InternetMaxBandwidthOut": "7",
				"ClientToken": "raw " + method + " *~+/é",
			})
			if status != http.StatusOK || body["RequestId"] == "" {
				t.Fatalf("ModifyInstanceNetworkSpec: %d %v", status, body)
			}
			if _, ok := body["OrderId"]; !ok {
				t.Errorf("ModifyInstanceNetworkSpec body has no OrderId: %v", body)
			}
		})
	}
}

func TestProtocolFaults(t *testing.T) {
	f := newFixture(t, nil)
	stale := time.Now().Add(-16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")
	future := time.Now().Add(16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")
	for _, tc := range []struct {
		name   string
		edit   func(c *rawClient, p map[string]string)
		code   string
		status int
	}{
		{"missing Action", func(c *rawClient, p map[string]string) { delete(p, "Action") }, "MissingParameter", 400},
		{"missing Version", func(c *rawClient, p map[string]string) { delete(p, "Version") }, "MissingParameter", 400},
		{"missing Timestamp", func(c *rawClient, p map[string]string) { delete(p, "Timestamp") }, "MissingParameter", 400},
		{"missing SignatureNonce", func(c *rawClient, p map[string]string) { delete(p, "SignatureNonce") }, "MissingParameter", 400},
		{"missing AccessKeyId", func(c *rawClient, p map[string]string) { delete(p, "AccessKeyId") }, "MissingParameter", 400},
		{"missing Signature", func(c *rawClient, p map[string]string) { p["Signature"] = "" }, "MissingParameter", 400},
		{"unknown Version", func(c *rawClient, p map[string]string) { p["Version"] = "2099-01-01" }, "InvalidVersion", 400},
		{"unknown Action", func(c *rawClient, p map[string]string) { p["Action"] = "RebootEverything" }, "InvalidAction.NotFound", 404},
		{"BSS action on ECS version", func(c *rawClient, p map[string]string) { p["Action"] = "GetOrderDetail" }, "InvalidAction.NotFound", 404},
		{"unsupported SignatureMethod", func(c *rawClient, p map[string]string) { p["SignatureMethod"] = "HMAC-SHA256" }, "InvalidParameter", 400},
		{"unknown key", func(c *rawClient, p map[string]string) { p["AccessKeyId"] = "nobody" }, "InvalidAccessKeyId.NotFound", 404},
		{"wrong secret", func(c *rawClient, p map[string]string) { c.secret = "wrong" }, "SignatureDoesNotMatch", 400},
		{"tampered parameter", func(c *rawClient, p map[string]string) {
			p["Signature"] = c.signature(c.method, p)
			p["RegionId"] = "cn-beijing"
		}, "SignatureDoesNotMatch", 400},
		{"malformed Timestamp", func(c *rawClient, p map[string]string) { p["Timestamp"] = "yesterday" }, "InvalidTimeStamp.Format", 400},
		{"fractional seconds", func(c *rawClient, p map[string]string) {
			p["Timestamp"] = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
		}, "InvalidTimeStamp.Format", 400},
		{"Timestamp without Z", func(c *rawClient, p map[string]string) {
			p["Timestamp"] = time.Now().UTC().Format("2006-01-02T15:04:05+00:00")
		}, "InvalidTimeStamp.Format", 400},
		{"stale Timestamp", func(c *rawClient, p map[string]string) { p["Timestamp"] = stale }, "InvalidTimeStamp.Expired", 400},
		{"future Timestamp", func(c *rawClient, p map[string]string) { p["Timestamp"] = future }, "InvalidTimeStamp.Expired", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.raw(http.MethodPost)
			p := c.commonParams(ecsVersion, "DescribeInstances")
			tc.edit(c, p)
			status, body := c.send(t, p)
			if status != tc.status || body["Code"] != tc.code {
				t.Fatalf("got %d %v, want %d %s", status, body, tc.status, tc.code)
			}
			for _, field := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
				if _, ok := body[field].(string); !ok {
					t.Errorf("error body field %s is not a string: %v", field, body)
				}
			}
		})
	}
}

// TestSDKProtocolFaults drives the faults a user of the SDK can meet.
func TestSDKProtocolFaults(t *testing.T) {
	f := newFixture(t, nil)
	req := ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	_, err := f.ecs("nobody", "x").DescribeInstances(req)
	wantAPIError(t, err, "InvalidAccessKeyId.NotFound", 404)

	req = ecs.CreateDescribeInstancesRequest()
	f.target(req.RpcRequest)
	_, err = f.ecs(key1, "wrong-secret").DescribeInstances(req)
	wantAPIError(t, err, "SignatureDoesNotMatch", 400)
	if !strings.Contains(err.Error(), "InvalidAccessKeySecret") {
		t.Errorf("the SDK did not recognise a wrong secret from the server's string to sign: %v", err)
	}
}
