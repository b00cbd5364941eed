package main

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// TestCommandTLS runs the command with -tls and -tls-ca, then assumes the
// built-in world's role and describes the role account's instance over
// HTTPS, trusting only the CA the command wrote, by IP and by name.
func TestCommandTLS(t *testing.T) {
	dir := t.TempDir()
	bin := buildCommand(t, dir)
	caPath := filepath.Join(dir, "ca.pem")
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-tls", "-tls-ca", caPath, "-quiet")
	sim := startCommand(t, cmd, "https")
	host := sim.host
	caPEM, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatalf("the CA file is not there when the first line is: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("-tls-ca file is not a PEM certificate: %q", caPEM)
	}
	_, port, _ := net.SplitHostPort(host)
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}

	for _, endpoint := range []string{host, "localhost:" + port} {
		t.Run(endpoint, func(t *testing.T) {
			client, err := sts.NewClientWithAccessKey("cn-hangzhou", "mock-access-key", "mock-secret")
			if err != nil {
				t.Fatal(err)
			}
			client.SetTransport(transport)
			req := sts.CreateAssumeRoleRequest()
			req.Scheme, req.Domain = "https", endpoint
			req.RoleArn, req.RoleSessionName = "acs:ram::1000000000000005:role/deployer", "cmd"
			resp, err := client.AssumeRole(req)
			if err != nil {
				t.Fatalf("AssumeRole over HTTPS: %v", err)
			}
			c := resp.Credentials
			e, err := ecs.NewClientWithStsToken("cn-hangzhou", c.AccessKeyId, c.AccessKeySecret, c.SecurityToken)
			if err != nil {
				t.Fatal(err)
			}
			e.SetTransport(transport)
			d := ecs.CreateDescribeInstancesRequest()
			d.Scheme, d.Domain = "https", endpoint
			d.InstanceIds = `["i-target-postpaid"]`
			got, err := e.DescribeInstances(d)
			if err != nil || len(got.Instances.Instance) != 1 {
				t.Fatalf("DescribeInstances with the temporary key: %v", err)
			}
		})
	}

	// The SDK's credential providers reach STS with the system's trust
	// store only, so they run in a process of their own that trusts the CA
	// through SSL_CERT_FILE, as a user's Terraform run would.
	helper := exec.Command(os.Args[0], "-test.run=^TestSDKCredentialProviders$", "-test.v")
	helper.Env = append(os.Environ(), "SSL_CERT_FILE="+caPath, "ECSMOCK_TEST_STS_ENDPOINT="+host, "ECSMOCK_TEST_TOKEN_DIR="+dir)
	if out, err := helper.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS: TestSDKCredentialProviders") {
		t.Errorf("the SDK's credential providers against the -tls simulator: %v\n%s", err, out)
	}

	plain, err := http.Get("http://" + host + "/_mock/clock")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode < 400 {
			t.Errorf("plain HTTP to the -tls listener answered %d, want a refusal", plain.StatusCode)
		}
	}
	if err := sim.stop(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
}

// TestSDKCredentialProviders is run by TestCommandTLS, in a process that
// trusts the simulator's CA: the SDK's RAM role and OIDC credential
// providers get temporary keys from the simulator's STS over HTTPS, and
// those keys work on ECS.
func TestSDKCredentialProviders(t *testing.T) {
	endpoint := os.Getenv("ECSMOCK_TEST_STS_ENDPOINT")
	if endpoint == "" {
		t.Skip("run by TestCommandTLS against a -tls simulator")
	}
	roleArn, err := credentials.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(credentials.NewStaticAKCredentialsProvider("mock-access-key", "mock-secret")).
		WithRoleArn("acs:ram::1000000000000005:role/partner").WithExternalId("mock-external-id").
		WithRoleSessionName("sdk").WithDurationSeconds(900).WithStsEndpoint(endpoint).Build()
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(os.Getenv("ECSMOCK_TEST_TOKEN_DIR"), "oidc-token")
	now := time.Now()
	if err := os.WriteFile(tokenFile, []byte(ecsmock.UnsignedOIDCToken(ecsmock.DefaultOIDCIssuer, "sts.aliyuncs.com", "sdk", now, now.Add(time.Hour))), 0o600); err != nil {
		t.Fatal(err)
	}
	oidc, err := credentials.NewOIDCCredentialsProviderBuilder().
		WithOIDCProviderARN("acs:ram::1000000000000005:oidc-provider/ack").WithOIDCTokenFilePath(tokenFile).
		WithRoleArn("acs:ram::1000000000000005:role/ack-deployer").WithRoleSessionName("sdk-oidc").
		WithSTSEndpoint(endpoint).Build()
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]credentials.CredentialsProvider{"RAM role": roleArn, "OIDC": oidc} {
		c, err := p.GetCredentials()
		if err != nil {
			t.Fatalf("%s: GetCredentials: %v", name, err)
		}
		if !strings.HasPrefix(c.AccessKeyId, "STS.") || c.SecurityToken == "" {
			t.Fatalf("%s: credentials = %s, token set %v", name, c.AccessKeyId, c.SecurityToken != "")
		}
		e, err := ecs.NewClientWithStsToken("cn-hangzhou", c.AccessKeyId, c.AccessKeySecret, c.SecurityToken)
		if err != nil {
			t.Fatal(err)
		}
		d := ecs.CreateDescribeInstancesRequest()
		d.Scheme, d.Domain = "https", endpoint
		d.InstanceIds = `["i-target-prepaid"]`
		if got, err := e.DescribeInstances(d); err != nil || len(got.Instances.Instance) != 1 {
			t.Fatalf("%s: DescribeInstances with the temporary key: %v", name, err)
		}
	}
}
