package ecsmock

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
)

const (
	deployerArn    = "acs:ram::1000000000000005:role/deployer"
	ackProviderArn = "acs:ram::1000000000000005:oidc-provider/ack"
)

func (f *fixture) sts(key, secret, token string) *sts.Client {
	f.t.Helper()
	var (
		c   *sts.Client
		err error
	)
	if token == "" {
		c, err = sts.NewClientWithAccessKey("cn-hangzhou", key, secret)
	} else {
		c, err = sts.NewClientWithStsToken("cn-hangzhou", key, secret, token)
	}
	if err != nil {
		f.t.Fatalf("sts client: %v", err)
	}
	return c
}

// assumeRoleRequest is an AssumeRole call; zero fields are left out.
type assumeRoleRequest struct {
	RoleArn, SessionName, Policy, ExternalId, Duration string
}

func (f *fixture) assumeRoleAs(key, secret, token string, a assumeRoleRequest) (*sts.AssumeRoleResponse, error) {
	f.t.Helper()
	req := sts.CreateAssumeRoleRequest()
	f.target(req.RpcRequest)
	req.RoleArn = a.RoleArn
	req.RoleSessionName = a.SessionName
	req.Policy = a.Policy
	req.ExternalId = a.ExternalId
	req.DurationSeconds = requests.Integer(a.Duration)
	return f.sts(key, secret, token).AssumeRole(req)
}

// mustAssume assumes a role with the first account's key and returns the
// credentials.
func (f *fixture) mustAssume(a assumeRoleRequest) sts.Credentials {
	f.t.Helper()
	resp, err := f.assumeRoleAs(key1, secret1, "", a)
	if err != nil {
		f.t.Fatalf("AssumeRole(%+v): %v", a, err)
	}
	return resp.Credentials
}

func (f *fixture) describeWith(c *ecs.Client, instanceID string) (*ecs.DescribeInstancesResponse, error) {
	req := ecsDescribeRequest(instanceID)
	f.target(req.RpcRequest)
	return c.DescribeInstances(req)
}

func (f *fixture) stsECS(c sts.Credentials) *ecs.Client {
	f.t.Helper()
	e, err := ecs.NewClientWithStsToken("cn-hangzhou", c.AccessKeyId, c.AccessKeySecret, c.SecurityToken)
	if err != nil {
		f.t.Fatalf("ecs client: %v", err)
	}
	return e
}

func stsAssumeRoleRequest(f *fixture, scheme string) *sts.AssumeRoleRequest {
	req := sts.CreateAssumeRoleRequest()
	req.Scheme, req.Domain = scheme, f.host
	req.RoleArn, req.RoleSessionName = deployerArn, "tls"
	return req
}

func ecsDescribeRequest(instanceID string) *ecs.DescribeInstancesRequest {
	req := ecs.CreateDescribeInstancesRequest()
	req.RegionId = "cn-hangzhou"
	req.InstanceIds = `["` + instanceID + `"]`
	return req
}
