package ecsmock

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Values of the instance and charge-type fields the simulator understands.
const (
	chargePrePaid       = "PrePaid"
	chargePostPaid      = "PostPaid"
	netPayByTraffic     = "PayByTraffic"
	netPayByBandwidth   = "PayByBandwidth"
	networkVpc          = "vpc"
	networkClassic      = "classic"
	statusRunning       = "Running"
	statusStopped       = "Stopped"
	orderUnpaid         = "Unpaid"
	orderPaid           = "Paid"
	orderCancelled      = "Cancelled"
	defaultRegion       = "cn-hangzhou"
	apiMinuteTimeLayout = "2006-01-02T15:04Z"
)

// World is everything the simulator knows: accounts with their instances and
// orders. Its JSON form is the seed, state-file and admin format; field names
// are those of the API.
type World struct {
	Accounts []Account
	// ExhaustedIpRegions lists the regions whose pool of public IP addresses
	// is empty: any public IP allocation there fails (IpAllocationError,
	// InsufficientPublicIp).
	ExhaustedIpRegions []string `json:",omitempty"`
}

// Account is one Alibaba Cloud account reached through one AccessKey pair.
type Account struct {
	// AccountId is the account's 16-digit id, as role ARNs name it; a world
	// that leaves it out gets one derived from AccessKeyId.
	AccountId       string
	AccessKeyId     string
	AccessKeySecret string
	Balance         float64
	InArrears       bool
	Instances       []Instance
	Orders          []Order
	// Roles are the account's RAM roles, for AssumeRole and
	// AssumeRoleWithOIDC.
	Roles []Role `json:",omitempty"`
	// OIDCProviders are the identity providers whose tokens the account's
	// roles may accept.
	OIDCProviders []OIDCProvider `json:",omitempty"`
	// ClientTokens remembers the successful ModifyInstanceNetworkSpec calls
	// that carried a ClientToken, so that a retry returns the first answer.
	ClientTokens []ClientTokenRecord `json:",omitempty"`
}

// Role is a RAM role that other accounts' keys or an OIDC provider's tokens
// may assume. Its ARN is acs:ram::<AccountId>:role/<lower-case RoleName>.
type Role struct {
	RoleName string
	// TrustedAccountIds are the accounts whose keys may assume the role; the
	// role's own account is trusted only when listed.
	TrustedAccountIds []string `json:",omitempty"`
	// TrustedOIDCProviders are the ARNs of the OIDC providers whose tokens
	// may assume the role.
	TrustedOIDCProviders []string `json:",omitempty"`
	// ExternalId, when set, must be sent by AssumeRole.
	ExternalId string `json:",omitempty"`
	// MaxSessionDuration is the longest session, in seconds (3600-43200);
	// 0 means 3600.
	MaxSessionDuration int
}

// OIDCProvider is an identity provider registered in an account. Its ARN is
// acs:ram::<AccountId>:oidc-provider/<OIDCProviderName>.
type OIDCProvider struct {
	OIDCProviderName string
	// IssuerUrl must equal the iss claim of the provider's tokens.
	IssuerUrl string
	// ClientIds are the audiences accepted in the aud claim.
	ClientIds []string
}

// Instance is an ECS instance as the simulator shows it in Describe*: the
// bandwidth fields hold the spec in effect, not the one still settling.
type Instance struct {
	InstanceId              string
	InstanceName            string `json:",omitempty"`
	RegionId                string
	ZoneId                  string `json:",omitempty"`
	InstanceType            string `json:",omitempty"`
	Status                  string
	InstanceChargeType      string
	InternetChargeType      string
	InternetMaxBandwidthOut int
	InternetMaxBandwidthIn  int
	InstanceNetworkType     string
	PublicIpAddress         IpAddressSet
	EipAddress              EipAddress
	ExpiredTime             string
	DowngradeCount          int
	// DowngradeLockedUntil is the end of the lock that follows a successful
	// downgrade; nil when the instance was never downgraded.
	DowngradeLockedUntil *time.Time `json:",omitempty"`
	// PendingChanges are accepted changes not yet in effect, oldest first.
	PendingChanges []PendingChange `json:",omitempty"`
	// TemporaryUpgrade is the temporary bandwidth window booked or running.
	TemporaryUpgrade *TemporaryUpgrade `json:",omitempty"`
	// BandwidthLimits are the instance's own outbound bandwidth ranges, one
	// per Internet charge type at most; a charge type without one has the
	// reference's 0-100.
	BandwidthLimits []BandwidthLimit `json:",omitempty"`
	// ChangeLockedUntil is the end of the lock that follows any successful
	// change when the server runs with a change lock (Config.ChangeLock).
	ChangeLockedUntil *time.Time `json:",omitempty"`
}

// BandwidthLimit is the outbound bandwidth range, in Mbit/s, an instance
// allows under one Internet charge type.
type BandwidthLimit struct {
	InternetChargeType string
	Min, Max           int
}

// IpAddressSet is the API's list-of-addresses shape.
type IpAddressSet struct {
	IpAddress []string
}

// EipAddress is the elastic IP bound to an instance; empty when none.
type EipAddress struct {
	IpAddress    string
	AllocationId string
}

// PendingChange is a permanent spec change accepted by
// ModifyInstanceNetworkSpec. It takes effect at EffectiveTime, which is set
// when its order is paid (or at the call when there is no order).
type PendingChange struct {
	OrderId                 string `json:",omitempty"`
	InternetChargeType      string
	InternetMaxBandwidthOut int
	InternetMaxBandwidthIn  int
	AllocatePublicIp        bool       `json:",omitempty"`
	EffectiveTime           *time.Time `json:",omitempty"`
}

// TemporaryUpgrade is a bandwidth window: the Internet bandwidth is raised
// from StartTime (once its order is paid and settled) until EndTime, then the
// Restore values come back.
type TemporaryUpgrade struct {
	OrderId                 string
	InternetMaxBandwidthOut int
	InternetMaxBandwidthIn  int
	RestoreBandwidthOut     int
	RestoreBandwidthIn      int
	StartTime               time.Time
	EndTime                 time.Time
	Active                  bool
}

// Order is a BSS order placed by a change of a subscription (PrePaid)
// instance.
type Order struct {
	OrderId       string
	InstanceId    string
	RegionId      string
	OrderType     string
	PaymentStatus string
	// PretaxAmount is positive for what the account pays and negative for a
	// refund.
	PretaxAmount float64
	AutoPay      bool
	CreateTime   time.Time
	PaymentTime  *time.Time `json:",omitempty"`
	ClientToken  string     `json:",omitempty"`
}

// ClientTokenRecord is the first answer given to a ClientToken.
type ClientTokenRecord struct {
	ClientToken string
	// Request is the canonical form of the call's parameters: a retry with
	// other parameters is an IdempotentParameterMismatch.
	Request    string
	InstanceId string
	OrderId    string
}

// DefaultWorld is the built-in world; tests, the demo and the documentation
// rely on its ids. All instances are in cn-hangzhou, inbound 10 Mbit/s,
// expiring 2099-01-01T00:00Z unless said otherwise.
//
// Account mock-access-key / mock-secret, balance 1000:
//
//	i-postpaid-vpc     PostPaid PayByTraffic   vpc  Running  out 5  IP 47.0.0.1
//	i-prepaid-vpc      PrePaid  PayByBandwidth vpc  Running  out 5  IP 47.0.0.2
//	i-prepaid-noip     PrePaid  PayByBandwidth vpc  Running  out 0  no public IP
//	i-postpaid-noip    PostPaid PayByTraffic   vpc  Running  out 0  no public IP
//	i-classic-running  PrePaid  PayByBandwidth classic Running out 0
//	i-classic-stopped  PrePaid  PayByBandwidth classic Stopped out 0
//	i-vpc-eip          PostPaid PayByTraffic   vpc  Running  out 0  EIP 47.0.1.1 (eip-0001)
//	i-prepaid-expired  PrePaid  PayByBandwidth vpc  Running  out 5  IP 47.0.0.3, expired 2020-01-01T00:00Z
//	i-starting         PostPaid PayByTraffic   vpc  Starting out 5  IP 47.0.0.4
//	i-prepaid-stopped  PrePaid  PayByBandwidth vpc  Stopped  out 5  IP 47.0.0.5
//
// Account mock-access-key-2 / mock-secret-2, balance 1000: i-other-account
// (PostPaid, out 5). Account mock-arrears-key / mock-arrears-secret, in
// arrears, balance 0: i-arrears-prepaid and i-arrears-postpaid (out 5).
// Account mock-poor-key / mock-poor-secret, balance 0: i-poor-prepaid
// (PrePaid, out 5).
//
// Account ids, in that order: 1000000000000001 to 1000000000000004.
//
// Account mock-target-key / mock-target-secret, id 1000000000000005, balance
// 1000, is the one the others reach through its roles: i-target-postpaid
// (PostPaid PayByTraffic, out 5, IP 47.0.0.41) and i-target-prepaid
// (PrePaid PayByBandwidth, out 5, IP 47.0.0.42). Its roles:
//
//	deployer       trusts account 1000000000000001 (mock-access-key); MaxSessionDuration 3600
//	partner        trusts account 1000000000000001 with ExternalId mock-external-id; 3600
//	long-deployer  trusts account 1000000000000001; MaxSessionDuration 43200
//	ack-deployer   trusts OIDC provider acs:ram::1000000000000005:oidc-provider/ack; 3600
//
// and its OIDC provider ack: IssuerUrl DefaultOIDCIssuer, ClientIds
// sts.aliyuncs.com. So acs:ram::1000000000000005:role/deployer is assumed
// with mock-access-key, and acs:ram::1000000000000005:role/ack-deployer
// with a token of UnsignedOIDCToken(DefaultOIDCIssuer, "sts.aliyuncs.com", ...).
func DefaultWorld() World {
	far := "2099-01-01T00:00Z"
	vpc := func(id, charge, netCharge string, out int, ip string) Instance {
		inst := Instance{
			InstanceId:              id,
			InstanceName:            id,
			RegionId:                defaultRegion,
			ZoneId:                  "cn-hangzhou-h",
			InstanceType:            "ecs.g7.large",
			Status:                  statusRunning,
			InstanceChargeType:      charge,
			InternetChargeType:      netCharge,
			InternetMaxBandwidthOut: out,
			InternetMaxBandwidthIn:  10,
			InstanceNetworkType:     networkVpc,
			PublicIpAddress:         IpAddressSet{IpAddress: []string{}},
			ExpiredTime:             far,
		}
		if ip != "" {
			inst.PublicIpAddress.IpAddress = []string{ip}
		}
		return inst
	}
	classicRunning := vpc("i-classic-running", chargePrePaid, netPayByBandwidth, 0, "")
	classicRunning.InstanceNetworkType = networkClassic
	classicStopped := classicRunning
	classicStopped.InstanceId, classicStopped.InstanceName = "i-classic-stopped", "i-classic-stopped"
	classicStopped.Status = statusStopped
	eip := vpc("i-vpc-eip", chargePostPaid, netPayByTraffic, 0, "")
	eip.EipAddress = EipAddress{IpAddress: "47.0.1.1", AllocationId: "eip-0001"}
	expired := vpc("i-prepaid-expired", chargePrePaid, netPayByBandwidth, 5, "47.0.0.3")
	expired.ExpiredTime = "2020-01-01T00:00Z"
	starting := vpc("i-starting", chargePostPaid, netPayByTraffic, 5, "47.0.0.4")
	starting.Status = "Starting"
	stopped := vpc("i-prepaid-stopped", chargePrePaid, netPayByBandwidth, 5, "47.0.0.5")
	stopped.Status = statusStopped

	return World{Accounts: []Account{
		{
			AccountId:       firstAccountID,
			AccessKeyId:     "mock-access-key",
			AccessKeySecret: "mock-secret",
			Balance:         1000,
			Instances: []Instance{
				vpc("i-postpaid-vpc", chargePostPaid, netPayByTraffic, 5, "47.0.0.1"),
				vpc("i-prepaid-vpc", chargePrePaid, netPayByBandwidth, 5, "47.0.0.2"),
				vpc("i-prepaid-noip", chargePrePaid, netPayByBandwidth, 0, ""),
				vpc("i-postpaid-noip", chargePostPaid, netPayByTraffic, 0, ""),
				classicRunning,
				classicStopped,
				eip,
				expired,
				starting,
				stopped,
			},
			Orders: []Order{},
		},
		{
			AccountId:       "1000000000000002",
			AccessKeyId:     "mock-access-key-2",
			AccessKeySecret: "mock-secret-2",
			Balance:         1000,
			Instances: []Instance{
				vpc("i-other-account", chargePostPaid, netPayByTraffic, 5, "47.0.0.11"),
			},
			Orders: []Order{},
		},
		{
			AccountId:       "1000000000000003",
			AccessKeyId:     "mock-arrears-key",
			AccessKeySecret: "mock-arrears-secret",
			Balance:         0,
			InArrears:       true,
			Instances: []Instance{
				vpc("i-arrears-prepaid", chargePrePaid, netPayByBandwidth, 5, "47.0.0.21"),
				vpc("i-arrears-postpaid", chargePostPaid, netPayByTraffic, 5, "47.0.0.22"),
			},
			Orders: []Order{},
		},
		{
			AccountId:       "1000000000000004",
			AccessKeyId:     "mock-poor-key",
			AccessKeySecret: "mock-poor-secret",
			Balance:         0,
			Instances: []Instance{
				vpc("i-poor-prepaid", chargePrePaid, netPayByBandwidth, 5, "47.0.0.31"),
			},
			Orders: []Order{},
		},
		{
			AccountId:       targetAccountID,
			AccessKeyId:     "mock-target-key",
			AccessKeySecret: "mock-target-secret",
			Balance:         1000,
			Instances: []Instance{
				vpc("i-target-postpaid", chargePostPaid, netPayByTraffic, 5, "47.0.0.41"),
				vpc("i-target-prepaid", chargePrePaid, netPayByBandwidth, 5, "47.0.0.42"),
			},
			Orders: []Order{},
			Roles: []Role{
				{RoleName: "deployer", TrustedAccountIds: []string{firstAccountID}, MaxSessionDuration: 3600},
				{RoleName: "partner", TrustedAccountIds: []string{firstAccountID}, ExternalId: "mock-external-id", MaxSessionDuration: 3600},
				{RoleName: "long-deployer", TrustedAccountIds: []string{firstAccountID}, MaxSessionDuration: 43200},
				{RoleName: "ack-deployer", TrustedOIDCProviders: []string{oidcProviderArn(targetAccountID, "ack")}, MaxSessionDuration: 3600},
			},
			OIDCProviders: []OIDCProvider{
				{OIDCProviderName: "ack", IssuerUrl: DefaultOIDCIssuer, ClientIds: []string{"sts.aliyuncs.com"}},
			},
		},
	}}
}

// DefaultOIDCIssuer is the IssuerUrl of the built-in world's OIDC provider.
const DefaultOIDCIssuer = "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c-mock"

const (
	firstAccountID  = "1000000000000001"
	targetAccountID = "1000000000000005"
)

// clone deep-copies a world through its JSON form, which is also what keeps
// the seed, state file and admin API in step with the Go value.
func (w World) clone() World {
	b, err := json.Marshal(w)
	if err != nil {
		panic(fmt.Sprintf("ecsmock: world does not marshal: %v", err))
	}
	var c World
	if err := json.Unmarshal(b, &c); err != nil {
		panic(fmt.Sprintf("ecsmock: world does not unmarshal: %v", err))
	}
	return c
}

// normalize fills what a minimal seed may leave out of a world given by a
// seed, a state file or the admin API, then checks it: validateWorld, and
// normalizeRAM for the roles and OIDC providers whose defaults it fills.
func (w *World) normalize() error {
	if w.Accounts == nil {
		w.Accounts = []Account{}
	}
	for ai := range w.Accounts {
		a := &w.Accounts[ai]
		if a.AccountId == "" && a.AccessKeyId != "" {
			a.AccountId = deriveAccountID(a.AccessKeyId)
		}
		if err := a.normalizeRAM(); err != nil {
			return fmt.Errorf("account %q: %w", a.AccessKeyId, err)
		}
		if a.Instances == nil {
			a.Instances = []Instance{}
		}
		if a.Orders == nil {
			a.Orders = []Order{}
		}
		for ii := range a.Instances {
			a.Instances[ii].normalize()
		}
	}
	return validateWorld(w)
}

func (in *Instance) normalize() {
	if in.RegionId == "" {
		in.RegionId = defaultRegion
	}
	if in.Status == "" {
		in.Status = statusRunning
	}
	if in.InstanceNetworkType == "" {
		in.InstanceNetworkType = networkVpc
	}
	if in.InternetChargeType == "" {
		in.InternetChargeType = netPayByTraffic
	}
	if in.PublicIpAddress.IpAddress == nil {
		in.PublicIpAddress.IpAddress = []string{}
	}
}

// outRange is the outbound bandwidth the instance allows under an Internet
// charge type: its own BandwidthLimits, else the reference's 0-100.
func (in *Instance) outRange(chargeType string) (lo, hi int) {
	for _, l := range in.BandwidthLimits {
		if l.InternetChargeType == chargeType {
			return l.Min, l.Max
		}
	}
	return 0, maxBandwidthOut
}

// parseAPITime reads the time forms the API and the world use.
func parseAPITime(s string) (time.Time, error) {
	for _, layout := range []string{apiMinuteTimeLayout, "2006-01-02T15Z", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a UTC time like 2006-01-02T15:04Z", s)
}

// hasPublicAddress tells whether the instance can already be reached from
// the Internet, through its own public IP or an EIP.
func (in *Instance) hasPublicAddress() bool {
	return len(in.PublicIpAddress.IpAddress) > 0 || in.EipAddress.IpAddress != ""
}

// committed is the spec the instance will have once every accepted change
// has taken effect: the base for judging a new change.
func (in *Instance) committed() PendingChange {
	if n := len(in.PendingChanges); n > 0 {
		return in.PendingChanges[n-1]
	}
	return PendingChange{
		InternetChargeType:      in.InternetChargeType,
		InternetMaxBandwidthOut: in.InternetMaxBandwidthOut,
		InternetMaxBandwidthIn:  in.InternetMaxBandwidthIn,
	}
}

// expired tells whether a subscription instance ran past its ExpiredTime.
func (in *Instance) expired(now time.Time) bool {
	if in.InstanceChargeType != chargePrePaid || in.ExpiredTime == "" {
		return false
	}
	t, err := parseAPITime(in.ExpiredTime)
	return err == nil && t.Before(now)
}

func (a *Account) instance(id string) *Instance {
	for i := range a.Instances {
		if a.Instances[i].InstanceId == id {
			return &a.Instances[i]
		}
	}
	return nil
}

func (a *Account) order(id string) *Order {
	for i := range a.Orders {
		if a.Orders[i].OrderId == id {
			return &a.Orders[i]
		}
	}
	return nil
}

func (w *World) account(accessKeyID string) *Account {
	for i := range w.Accounts {
		if w.Accounts[i].AccessKeyId == accessKeyID {
			return &w.Accounts[i]
		}
	}
	return nil
}

// ipPoolExhausted tells whether the world says the region has no public IP
// address left.
func (w *World) ipPoolExhausted(region string) bool {
	return slices.Contains(w.ExhaustedIpRegions, region)
}

// allocateIP picks the lowest address of 47.0.2.0/23 and up that no instance
// of the world uses yet.
func (w *World) allocateIP(region string) (string, bool) {
	if w.ipPoolExhausted(region) {
		return "", false
	}
	used := map[string]bool{}
	for _, a := range w.Accounts {
		for _, in := range a.Instances {
			for _, ip := range in.PublicIpAddress.IpAddress {
				used[ip] = true
			}
			used[in.EipAddress.IpAddress] = true
		}
	}
	for n := 2*256 + 1; n < 256*256; n++ {
		if n%256 == 0 || n%256 == 255 {
			continue
		}
		ip := fmt.Sprintf("47.0.%d.%d", n/256, n%256)
		if !used[ip] {
			return ip, true
		}
	}
	return "", false
}
