package ecsmock

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

// TestSessionPolicy: a temporary key can do only what its session policy
// allows, Deny winning over Allow.
func TestSessionPolicy(t *testing.T) {
	f := newFixture(t, nil)
	readOnly := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "ro",
		Policy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*"],"Resource":"*"}]}`})
	noModify := f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "nm",
		Policy: `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ECS:ModifyInstanceNetworkSpec","Resource":"*"}]}`})
	modify := func(c sts.Credentials) error {
		req := ecs.CreateModifyInstanceNetworkSpecRequest()
		f.target(req.RpcRequest)
		req.InstanceId, req.InternetMaxBandwidthOut = "i-target-postpaid", "6"
		_, err := f.stsECS(c).ModifyInstanceNetworkSpec(req)
		return err
	}
	for _, c := range []sts.Credentials{readOnly, noModify} {
		if _, err := f.describeWith(f.stsECS(c), "i-target-postpaid"); err != nil {
			t.Errorf("DescribeInstances allowed by the policy: %v", err)
		}
		wantAPIError(t, modify(c), "Forbidden.RAM", 403)
	}
	if n := len(f.stateInstance("i-target-postpaid").PendingChanges); n != 0 {
		t.Fatalf("a refused change left %d pending changes", n)
	}

	b, err := bssopenapi.NewClientWithStsToken("cn-hangzhou", readOnly.AccessKeyId, readOnly.AccessKeySecret, readOnly.SecurityToken)
	if err != nil {
		t.Fatal(err)
	}
	order := bssopenapi.CreateGetOrderDetailRequest()
	f.target(order.RpcRequest)
	order.OrderId = "1"
	_, err = b.GetOrderDetail(order)
	wantAPIError(t, err, "Forbidden.RAM", 403)

	_, err = f.assumeRoleAs(readOnly.AccessKeyId, readOnly.AccessKeySecret, readOnly.SecurityToken, assumeRoleRequest{RoleArn: deployerArn, SessionName: "hop"})
	wantAPIError(t, err, "NoPermission", 403)
	req := sts.CreateGetCallerIdentityRequest()
	f.target(req.RpcRequest)
	if _, err := f.sts(readOnly.AccessKeyId, readOnly.AccessKeySecret, readOnly.SecurityToken).GetCallerIdentity(req); err != nil {
		t.Errorf("GetCallerIdentity needs no permission: %v", err)
	}
	if err := modify(f.mustAssume(assumeRoleRequest{RoleArn: deployerArn, SessionName: "full"})); err != nil {
		t.Errorf("a session without a policy may change the instance: %v", err)
	}
}
