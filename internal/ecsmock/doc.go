// Package ecsmock simulates the parts of the Alibaba Cloud ECS (Version
// 2014-05-26), BSS (Version 2017-12-14) and STS (Version 2015-04-01) RPC
// APIs that the provider uses,
// wire-compatible with alibaba-cloud-sdk-go, the V3-signing SDKs (such as
// the Go SDK v2, github.com/alibabacloud-go/ecs-20140526) and any client
// that signs requests either documented way. The provider's acceptance
// tests, demo and benchmarks run against it instead of the real cloud.
//
// # Differences from the real API
//
// A green run against ecsmock shows that a client speaks the wire protocol
// and follows the rules below; it does not show that the real cloud will
// accept the same calls, at the same price, as fast. The rules follow the
// ModifyInstanceNetworkSpec reference (2019) and, where it says so below,
// what the current cloud documents.
//
// Modelled, with the API's codes and HTTP statuses:
//   - Signature version 1.0 and V3 (ACS3-HMAC-SHA256): signatures, body
//     hashes, timestamps, nonces, unknown keys; STS temporary keys and
//     their session policies' Allow/Deny on actions.
//   - Every rule and refusal of ModifyInstanceNetworkSpec's error table, in
//     its order, judged against the committed spec; ClientToken
//     idempotency; orders with AutoPay or payment by hand, refunds, the
//     downgrade quota and lock, temporary windows, public IP allocation.
//   - Accounts that see only their own instances and orders; balances and
//     arrears; subscriptions past their expiry.
//   - Time: payment and settling delays, lock and window ends, on a
//     simulated clock that can be moved forward.
//   - Per-instance bandwidth limits (BandwidthLimits) and the current
//     cloud's lock after each change (-change-lock), when the world or the
//     command asks for them.
//
// Simplified:
//   - Prices are flat (10.00 per Mbit/s out and 1.00 per Mbit/s in a
//     month, windows prorated over 720 hours): no regions, instance types,
//     coupons or taxes. Order ids are sequential.
//   - Describe* answers carry a subset of the fields of the SDKs' types, with
//     made-up values for what the world does not hold (CPU, memory,
//     creation time, VPC and vSwitch ids, private addresses), and only the
//     filters listed under Actions.
//   - One listener serves every product and region: the Host header of an
//     API call routes nothing (V3 only signs it), and Format is not looked
//     at (answers are JSON).
//   - Timestamps are judged against the real clock, as the gateway does;
//     moving the simulated clock does not make signed requests stale.
//   - Messages are the simulator's own and name values and limits; clients
//     should read the Code.
//   - Keys in the world stand for the account and its administrators alike:
//     no RAM users or policies, except a temporary key's session policy
//     (on actions, not resources or conditions).
//   - DescribeBandwidthLimitation's ranges come from the world and the
//     rules above, not from instance types, zones or stock.
//   - V3 signing: ACS3-HMAC-SHA256 only (not ACS3-HMAC-SM3 or ACS3-RSA-SHA256),
//     no bearer tokens.
//
// Not modelled at all:
//   - Any action not listed under Actions and STS, other API versions, and
//     the ROA (REST) style APIs.
//   - Instance lifecycle: instances are created, started, stopped and
//     released only by editing the world.
//   - Renewal, billing cycles, invoices and top-ups (balances are set in the
//     world), region capacity and public IP stock beyond
//     World.ExhaustedIpRegions, and the API's rate quotas (throttling only
//     as injected faults, see Faults).
//   - Eventual consistency other than the settle delay: every answer reads
//     the one world.
//
// # Protocol
//
// Any path but /_mock/ is the RPC endpoint; GET and POST are accepted, with
// parameters in the query string, a form body, or both (a body of at most
// 10 MB). Responses are JSON whatever Format asks. A call with an
// Authorization header starting "ACS3-" is judged as signature V3,
// any other as signature version 1.0. Every call is checked in this order:
//
//	MissingParameter 400              Action or Version missing (V3: x-acs-action or x-acs-version)
//	InvalidVersion 400                Version is not 2014-05-26, 2017-12-14 or 2015-04-01
//	InvalidAction.NotFound 404        Action unknown for that Version
//
// then, except for AssumeRoleWithOIDC, which is not signed (see STS),
// for signature version 1.0 (parameters in the query or form body):
//
//	MissingParameter 400              AccessKeyId, Signature, SignatureMethod,
//	                                  SignatureVersion, SignatureNonce or Timestamp missing
//	InvalidParameter 400              SignatureMethod is not HMAC-SHA1 or SignatureVersion not 1.0
//	(credential checks, see Temporary credentials)
//	InvalidTimeStamp.Format 400       Timestamp is not exactly yyyy-MM-ddTHH:mm:ssZ (no fractional
//	                                  seconds, no offset)
//	InvalidTimeStamp.Expired 400      Timestamp more than 15 minutes from the real clock
//	SignatureDoesNotMatch 400         HMAC-SHA1, key secret+"&", over METHOD&%2F&encode(sorted
//	                                  encode(name)=encode(value) pairs of every parameter but
//	                                  Signature), RFC 3986 encoding
//	SignatureNonceUsed 400            the AccessKeyId used that SignatureNonce within 30 minutes
//
// or, for signature V3 (Authorization: ACS3-HMAC-SHA256
// Credential=<AccessKeyId>,SignedHeaders=<a;b;...>,Signature=<hex>; the
// action, version, time, nonce and body hash in x-acs-* headers):
//
//	IncompleteSignature 400           Authorization lacks Credential, SignedHeaders or Signature
//	InvalidParameter 400              an algorithm other than ACS3-HMAC-SHA256
//	MissingParameter 400              x-acs-date, x-acs-signature-nonce or x-acs-content-sha256 missing
//	IncompleteSignature 400           host or an x-acs-* header sent is not in SignedHeaders
//	(credential checks, see Temporary credentials)
//	InvalidTimeStamp.Format 400       x-acs-date is not exactly yyyy-MM-ddTHH:mm:ssZ
//	InvalidTimeStamp.Expired 400      x-acs-date more than 15 minutes from the real clock
//	SignatureDoesNotMatch 400         x-acs-content-sha256 is not the hex SHA-256 of the body
//	SignatureDoesNotMatch 400         hex HMAC-SHA256, key the secret, over "ACS3-HMAC-SHA256\n" +
//	                                  hex(SHA-256(canonical request)); the canonical request is
//	                                  METHOD, the path as sent ("/" when empty), the query's
//	                                  pairs sorted by name and RFC 3986 encoded (name=value,
//	                                  joined by &), one "name:value\n" line for each name of
//	                                  SignedHeaders (lower-cased, sorted; values trimmed, several
//	                                  joined by ","), the SignedHeaders list joined by ";" and the
//	                                  body hash, all joined by "\n"
//	SignatureNonceUsed 400            the AccessKeyId used that x-acs-signature-nonce within 30 minutes
//
// Error bodies are {"RequestId","HostId","Code","Message","Recommend"}, all
// strings; a SignatureDoesNotMatch message quotes the string to sign the
// simulator computed. A security token (SecurityToken; V3:
// x-acs-security-token) is signed like any other parameter or header.
// Injected faults (see Faults) are
// decided before all of these checks; they and /_mock/calls know a V3
// call's Action and AccessKeyId from its x-acs-action and Credential. A
// request body over 1 MiB is not read: RequestBodyTooLarge 413.
//
// # Temporary credentials
//
// Both signature versions resolve the AccessKeyId and the security token
// through one credential lookup, which answers, where the list above says
// so:
//
//	MissingSecurityToken 400                        an AccessKeyId starting "STS." without a token
//	InvalidAccessKeyId.NotFound 404                 no token, and no account has that AccessKeyId
//	InvalidSecurityToken.Malformed 400              a token this simulator did not issue, altered, or
//	                                                of an account no longer in the world (or whose
//	                                                AccessKeySecret changed)
//	InvalidSecurityToken.MismatchWithAccessKey 400  a token issued with another AccessKeyId (an
//	                                                account's own key included)
//	InvalidSecurityToken.Expired 400                the simulated clock reached the token's Expiration
//
// and, once the signature is verified, for a temporary key whose session
// has a Policy that does not allow the call's RAM action (ecs:<Action>,
// bssapi:<Action>, sts:<Action>; GetCallerIdentity needs none):
//
//	Forbidden.RAM 403    an ECS or BSS action
//	NoPermission 403     an STS action
//
// A temporary key (from AssumeRole or AssumeRoleWithOIDC) signs with its
// AccessKeySecret and acts in the role's account, with every permission
// its session Policy leaves (a role itself may do everything): it sees and
// changes that account's instances and orders, and no others.
// Its calls are recorded under its STS. AccessKeyId (AssumeRoleWithOIDC,
// having no key, with an empty one). The token carries the
// session itself, authenticated with the role account's AccessKeySecret,
// so sessions survive a restart with -state and a PUT /_mock/state that
// keeps the account; nothing about them is stored.
//
// # World and clock
//
// The world (type World) holds accounts; each account has its instances and
// orders and sees nothing of the others': another account's instance or
// order is InvalidInstanceId.NotFound / InvalidOrderId.NotFound. Its JSON
// form is the -seed file, the -state file and the admin API's body; a seed
// with only the documented fields loads (Status defaults to Running,
// RegionId to cn-hangzhou, InstanceNetworkType to vpc, InternetChargeType
// to PayByTraffic). World.ExhaustedIpRegions lists regions whose public IP
// pool is empty. An instance may carry its own outbound bandwidth ranges,
// at most one per Internet charge type, each within 0-10000:
//
//	"BandwidthLimits": [{"InternetChargeType": "PayByBandwidth", "Min": 0, "Max": 200}]
//
// replacing the reference's 0-100 for that instance and charge type in
// DescribeBandwidthLimitation and ModifyInstanceNetworkSpec. The built-in
// world has none: set them in a seed, through PUT /_mock/state or
// Server.SetState. DefaultWorld documents the built-in world.
//
// An account has an AccountId, 16 digits; a world without one gets one
// derived from its AccessKeyId, the same on every load. AccessKeyIds
// starting "STS." are reserved for temporary keys. An account may hold RAM
// roles and OIDC providers (their JSON form is a contract):
//
//	"Roles": [{"RoleName": "deployer",            1-64 letters, digits, '.', '-'; unique
//	                                              within the account, case-insensitively
//	           "TrustedAccountIds": ["1000000000000001"],      accounts whose keys may assume
//	                                              it (its own only when listed)
//	           "TrustedOIDCProviders": ["acs:ram::1000000000000005:oidc-provider/ack"],
//	           "ExternalId": "",                  when set, AssumeRole must send it
//	           "MaxSessionDuration": 3600}]       seconds, 3600-43200; default 3600
//	"OIDCProviders": [{"OIDCProviderName": "ack",
//	           "IssuerUrl": "https://...",        must be https; the tokens' iss
//	           "ClientIds": ["sts.aliyuncs.com"]}]        the audiences accepted (aud)
//
// A role's ARN is acs:ram::<AccountId>:role/<RoleName> (the name matched
// case-insensitively; ARNs the simulator writes use it lower-cased); a
// provider's, acs:ram::<AccountId>:oidc-provider/<OIDCProviderName>.
//
// A world is read strictly, and one that is refused changes nothing (a
// seed or state file stops the start with the file's name and the fault):
//   - exactly one JSON object with an "Accounts" list ([] for none): not
//     null, no field the format does not have (a misspelling), nothing
//     after it;
//   - unique AccessKeyIds, AccountIds, InstanceIds, OrderIds and, per
//     account, ClientTokens (1-64 characters); every account with its
//     secret;
//   - values the API could hold: the enumerations as the API spells them
//     (Status Pending, Running, Starting, Stopping or Stopped), bandwidths
//     out 0-100 (0 to the Max of the instance's own BandwidthLimits for the
//     charge type, when it has one) and in 1-200 (instances, pending
//     changes, windows and what a window restores), BandwidthLimits,
//     AccountIds, roles and OIDC providers as above, DowngradeCount 0-3,
//     Balance 0 to 1e12 and PretaxAmount within ±1e12 (the range a float64
//     keeps to the cent), IP addresses that parse, an EIP with both its
//     address and AllocationId, an order's CreateTime, and PaymentTime on
//     Paid orders only;
//   - references that resolve: an order to an instance of its account, a
//     pending change to an Upgrade or Downgrade order, a window to a
//     TemporaryUpgrade order, of the same instance and not Cancelled; a
//     remembered ClientToken to an order of its account;
//   - what the clock can carry through: a pending change without order has
//     its EffectiveTime; one with an order has it once the order is Paid
//     and not before; a window ends after it starts, and an Active one has
//     its order Paid.
//
// Time is a simulated clock: real time plus an offset that AdvanceClock and
// POST /_mock/clock move forward. Payment delays, settling, temporary
// windows, the downgrade lock and expiry all run on it; advancing it past
// them makes them happen at the time they were due. The offset is not part
// of the world: it starts at 0, or at the offset the -state file recorded,
// and POST /_mock/reset puts it back to 0. Otherwise it never goes back: a
// negative advance is refused (ignored by AdvanceClock), and advances that
// would together overflow leave the offset at the largest time.Duration,
// about 292 years.
//
// Every API answer carries the simulated time in its Date header, as the
// cloud's answers carry the cloud's, so that a client that takes its time
// from the answers moves with the clock. DescribeInstances shows no
// temporary window, only the bandwidth in effect: a client knows of a
// window from the order it placed.
//
// # Actions
//
// DescribeInstances: RegionId (required), InstanceIds (JSON array, at most
// 100, else InvalidInstanceIds.Malformed 400), Status, InstanceChargeType,
// InternetChargeType and InstanceNetworkType filters. Paging by
// PageNumber/PageSize (default 1/10, PageSize 1-100), or, when NextToken or
// MaxResults is given, by MaxResults (1-100, default 10) and the returned
// NextToken (empty on the last page). Out-of-range paging values are
// InvalidParameter 400, an unknown NextToken InvalidParameter.NextToken 400.
// Instances are listed in world order with the fields of the SDK's
// ecs.Instance; a subscription past its ExpiredTime, or a pay-as-you-go
// instance of an account in arrears, shows OperationLocks "financial".
//
// DescribeInstanceAttribute: InstanceId; the same facts in the shape of the
// SDK's DescribeInstanceAttributeResponse.
//
// DescribeBandwidthLimitation: Min/Max outbound bandwidth per Internet
// charge type, Unit "Mbps". Without ResourceId both charge types with
// 0-100. With ResourceId (an instance) the range of each charge type is the
// instance's own (its BandwidthLimits, else 0-100), narrowed by
// OperationType: Upgrade from the committed bandwidth (the instance's with
// every accepted change applied) up; Downgrade from the range's Min (at
// least 1 for a subscription with bandwidth, as it cannot go to 0) up to
// the committed bandwidth; Create the whole range. A subscription on
// PayByBandwidth lists only PayByBandwidth (it cannot go back), and a
// charge type whose range is empty for the operation is left out.
//
// AllocatePublicIpAddress: InstanceId. IncorrectInstanceStatus 403 unless
// Running or Stopped; OperationDenied 400 for a VPC instance with an EIP;
// AllocatedAlready 403 when it has a public IP; InvalidParameter.Bandwidth
// 400 when its outbound bandwidth (pending changes included) is 0;
// InsufficientPublicIp 400 when the region's pool is exhausted. The address
// is assigned at once.
//
// ModifyInstanceNetworkSpec: see below.
//
// GetOrderDetail (BSS): OrderId; Data.OrderList.Order[0] with OrderId,
// InstanceIDs, PaymentStatus (Unpaid, Paid, Cancelled), PretaxAmount (a
// string with two decimals), CreateTime, PaymentTime (yyyy-MM-ddTHH:mm:ssZ,
// empty while unpaid), OrderType (Upgrade, Downgrade, TemporaryUpgrade).
// Success answers carry Success true, Code "Success". CancelOrder (BSS):
// cancels an Unpaid order and drops the change it carries. Unknown orders
// are InvalidOrderId.NotFound 404; cancelling an order that is not Unpaid is
// IncorrectOrderStatus 400.
//
// QueryOrders (BSS): the account's orders, newest first, in the shape of
// GetOrderDetail's, filtered by PaymentStatus (Unpaid, Paid, Cancelled) and
// CreateTimeStart (inclusive) / CreateTimeEnd (exclusive), both
// yyyy-MM-ddTHH:mm:ssZ; PageNum (from 1) and PageSize (1-100, default 20)
// page the list, and TotalCount counts every order that matches. A value
// outside these is InvalidParameter 400.
//
// # STS
//
// AssumeRole (signed): RoleArn, RoleSessionName (both required), Policy,
// DurationSeconds (900 to the role's MaxSessionDuration, default 3600),
// ExternalId. A temporary key may call it too (role chaining); it then
// acts as the account its role belongs to. Checks, in this order:
//
//	MissingParameter 400                  RoleArn or RoleSessionName missing
//	InvalidParameter.RoleArn 400          RoleArn not acs:ram::<16 digits>:role/<name>
//	InvalidParameter.RoleSessionName 400  not 2-64 letters, digits, '.', '@', '-', '_'
//	InvalidParameter.DurationSeconds 400  not an integer of at least 900
//	InvalidParameter.PolicySize 400       Policy longer than 1024 bytes
//	InvalidParameter.PolicyGrammar 400    Policy not a JSON document with Version and a Statement
//	                                      list, each with Effect Allow or Deny and an Action
//	EntityNotExist.Role 404               no such account or role
//	NoPermission 403                      the caller's account is not in TrustedAccountIds
//	NoPermission 403                      the role has an ExternalId and the call another or none
//	InvalidParameter.DurationSeconds 400  longer than the role's MaxSessionDuration
//
// The answer is {"RequestId", "AssumedRoleUser": {"Arn":
// "acs:ram::<AccountId>:role/<role>/<session>", "AssumedRoleId":
// "<RoleId>:<session>"}, "Credentials": {"AccessKeyId": "STS.…",
// "AccessKeySecret", "SecurityToken", "Expiration":
// "yyyy-MM-ddTHH:mm:ssZ"}}, the Expiration DurationSeconds after the call
// on the simulated clock. A session Policy narrows what the temporary key
// may do: an action is allowed when an Allow statement's Action (a string
// or a list; '*' matches any characters; case-insensitive) names it and no
// Deny statement does. Resource and Condition are not modelled.
//
// AssumeRoleWithOIDC: not signed (no AccessKeyId; a signature, if any, is
// ignored), as the SDKs' OIDC credential providers send it: OIDCProviderArn,
// RoleArn, OIDCToken, RoleSessionName, Policy, DurationSeconds. Its token is
// a JWT whose iss, aud and exp claims are checked, not its signature
// (UnsignedOIDCToken makes one). After the AssumeRole parameter checks
// (OIDCProviderArn missing is MissingParameter; malformed,
// InvalidParameter.OIDCProviderArn 400) and the role lookup:
//
//	AuthenticationFail.NoPermission 401              no such OIDC provider
//	AuthenticationFail.OIDCToken.Invalid 401         token empty, not three dot-separated parts, claims
//	                                                 not base64url JSON, or no iss, aud or exp
//	AuthenticationFail.OIDCToken.IssuerNotMatch 401  iss is not the provider's IssuerUrl
//	AuthenticationFail.OIDCToken.AudienceNotMatch 401  no aud among the provider's ClientIds
//	AuthenticationFail.OIDCToken.Expired 401         exp reached on the simulated clock
//	AuthenticationFail.NoPermission 401              the role does not list the provider in
//	                                                 TrustedOIDCProviders
//	InvalidParameter.DurationSeconds 400             longer than the role's MaxSessionDuration
//
// The answer is AssumeRole's plus OIDCTokenInfo {Subject, Issuer,
// ClientIds (comma-separated), ExpirationTime, IssuanceTime,
// VerificationInfo}.
//
// GetCallerIdentity (signed): for an account's own key {IdentityType
// "Account", AccountId, Arn "acs:ram::<AccountId>:root", PrincipalId and
// UserId the AccountId}; for a temporary key {IdentityType
// "AssumedRoleUser", AccountId of the role, Arn
// "acs:ram::<AccountId>:assumed-role/<role>/<session>", RoleId,
// PrincipalId "<RoleId>:<session>"}. RequestId in both.
//
// Unlike the real STS, an account's own (root) key may call AssumeRole:
// the world's keys stand for the account and its administrators alike.
//
// # ModifyInstanceNetworkSpec
//
// Checks run in this order; the first failing one answers.
//
// Parameter formats:
//
//	MissingParameter 400                                  no InstanceId
//	InvalidInternetMaxBandwidthOut.ValueNotSupported 400  Out not an integer in 0-10000 (the
//	                                                      instance's own range is checked below)
//	InvalidInternetMaxBandwidthIn.ValueNotSupported 400   In not an integer in 1-200
//	InvalidInternetChargeType.ValueNotSupported 400       NetworkChargeType not PayByTraffic/PayByBandwidth
//	InvalidParam.AllocatePublicIp 400                     AllocatePublicIp not true/false
//	InvalidParameter 400                                  AutoPay not true/false; ClientToken over 64 characters
//	InvalidStartTime.ValueNotSupported 400                StartTime malformed
//	InvalidEndTime.ValueNotSupported 400                  EndTime malformed
//	InvalidParameter.Conflict 400                         only one of StartTime/EndTime
//	InvalidStartTime.ValueNotSupported 400                EndTime not after StartTime
//	InvalidParameter.Conflict 400                         AllocatePublicIp=true with Out 0
//	InvalidParameter.Bandwidth 400                        none of Out, In, NetworkChargeType
//	InvalidParameter.Bandwidth 400                        a window without Out or In
//	InvalidParameter.Conflict 400                         a window with NetworkChargeType or AllocatePublicIp=true
//
// StartTime and EndTime (UTC) each accept both yyyy-MM-ddThh:mmZ and
// yyyy-MM-ddThhZ. A start in the past opens the window as soon as it is paid.
//
// ClientToken: a token the account already used successfully with the same
// parameters returns that first answer (same OrderId, new RequestId) and
// changes nothing; with other parameters it is IdempotentParameterMismatch
// 400. Refused calls do not consume their token.
//
// Instance: InvalidInstanceId.NotFound 404 for an unknown instance, another
// account's, or one outside the request's RegionId. Then
// InvalidInternetMaxBandwidthOut.ValueNotSupported 400 when Out (of a
// permanent change or a window) is outside the instance's range for the
// charge type it will have: its BandwidthLimits entry for that charge type,
// else the reference's 0-100; the message names the range.
//
// Billing state:
//
//	Account.Arrearage 400            account in arrears, subscription (PrePaid) instance
//	InstanceExpiredOrInArrears 403   account in arrears, pay-as-you-go (PostPaid) instance;
//	                                 or a subscription past its ExpiredTime
//
// Status:
//
//	IncorrectInstanceStatus 403   Status other than Running or Stopped (Starting, Stopping, Pending ...)
//	LastOrderProcessing 403       within -change-lock of a successful change (any change that was
//	                              accepted and not a no-op; the message says until when)
//	InvalidInstanceStatus 403     within -downgrade-lock of a successful downgrade (the message says until when)
//	InvalidInstanceStatus 400     classic instance going from 0 to more Mbit/s out while not Stopped
//
// Network:
//
//	BandwidthUpgradeDenied.EipBoundInstance 400  VPC instance with an EIP, temporary window
//	InvalidInstance.InstanceNotSupported 403     VPC instance with an EIP, Out or In given
//	                                             (a NetworkChargeType change alone is allowed)
//	OperationDenied 400                          VPC instance with neither public IP nor EIP whose
//	                                             outbound bandwidth stays 0, In given: inbound
//	                                             Internet bandwidth means nothing without an address
//	InvalidParam.AllocatePublicIp 400            AllocatePublicIp=true, instance already has a public IP or EIP
//	InvalidParameter.Conflict 400                AllocatePublicIp=true, resulting Out 0
//
// Change (judged against the committed spec: the instance's spec with every
// accepted change applied, settled or not):
//
//	ChargeTypeViolation 403               pay-as-you-go instance: a window (pay-as-you-go instances
//	                                      may switch NetworkChargeType either way)
//	ChargeTypeViolation 403               subscription instance on PayByBandwidth asking PayByTraffic:
//	                                      as the reference states, a subscription may go from
//	                                      PayByTraffic to PayByBandwidth through this API, not back
//	InvalidBandwidth.ValueNotSupported 400  window Out or In below the committed value
//	InvalidParameter.Bandwidth 400        window on an instance with 0 Mbit/s out, or raising nothing
//	DecreasedBandwidthNotAllowed 400      subscription with Out > 0 asking Out 0 (it would lose the
//	                                      public IP it paid for)
//	InstanceDowngrade.QuotaExceed 400     subscription downgrade (lower Out or In) after 3 downgrades
//
// Orders and payment:
//
//	InvalidInstance.UnpaidOrder 403       an Unpaid order of this instance is open
//	InvalidParameter.Conflict 400         a temporary window is booked or running on the instance
//	InvalidInstance.UnpaidOrder 400       a subscription change while the account has 5 or more
//	                                      Unpaid orders awaiting payment by hand (on other
//	                                      instances; an auto-paid order being paid does not count)
//	IpAllocationError 400                 a public IP is due and the region's pool is exhausted
//	InvalidAccountStatus.NotEnoughBalance 403  AutoPay with an amount above the balance not
//	                                      already promised to other auto-paid orders; no order placed
//
// A change asking exactly the committed spec (and no public IP) succeeds
// with an empty OrderId and changes nothing.
//
// What an accepted call does:
//   - Subscription (PrePaid): an order is placed and its numeric OrderId
//     returned. Amount: 10.00 per Mbit/s out and 1.00 per Mbit/s in of
//     difference (negative, a refund, for a downgrade; 0 for a charge-type
//     switch alone); a window costs that monthly price prorated over its
//     started hours (720 hours a month), at least 0.01. AutoPay=true (the
//     default): Paid -pay-delay after the call and the balance charged.
//     AutoPay=false: Unpaid until paid (admin API, PayOrder) or cancelled
//     (CancelOrder); refunds and free orders pay themselves like AutoPay
//     ones. A downgrade counts against the quota of 3 and locks the instance
//     for -downgrade-lock from the call.
//   - Pay-as-you-go (PostPaid): no order, empty OrderId; up and down freely,
//     either charge type, no quota, no downgrade lock.
//   - The new spec shows in Describe* -settle after the payment (after the
//     call without order). Going from 0 Mbit/s out, a subscription gets a
//     public IP then; a pay-as-you-go instance only with
//     AllocatePublicIp=true (else call AllocatePublicIpAddress). A
//     pay-as-you-go instance going to 0 Mbit/s loses its public IP.
//   - A window raises the bandwidth from StartTime (or from the settling of
//     its payment, if later) until EndTime, then puts back what it raised.
//
// # Admin API
//
// It can read every secret and rewrite the world, so it answers only:
//   - clients on this machine: the TCP peer is a loopback address and the
//     Host header names localhost, a loopback address or the host of the
//     listen address (Config.ListenAddr), which keeps out a web page that
//     reaches the port by DNS rebinding; or clients anywhere that send the
//     admin token (-admin-token, Config.AdminToken) as "Authorization:
//     Bearer TOKEN", for containers; a wrong token is 401 InvalidAdminToken,
//     the rest 403 Forbidden;
//   - same-origin requests: an Origin header must be the simulator's own
//     (scheme and Host), and Sec-Fetch-Site cross-site or same-site is
//     refused, 403 Forbidden;
//   - PUT, POST and DELETE with Content-Type application/json, body or not
//     (curl -H 'Content-Type: application/json'), which a page cannot send
//     across sites without a CORS preflight; else 415 UnsupportedMediaType.
//
// OPTIONS is answered 204 with Allow and without any
// Access-Control-Allow-* header: no preflight succeeds. Bodies are JSON,
// read strictly (as worlds are; 413 BodyTooLarge over 16 MiB for a world,
// 1 MiB otherwise); errors are {"Code","Message"}.
//
//	GET    /_mock/state              the world (as of the simulated now)
//	PUT    /_mock/state              replace the world; 204, or 400 InvalidWorld for a world
//	                                 refused (see World and clock) and nothing changed
//	GET    /_mock/calls              the API calls received, oldest first: Time (simulated),
//	                                 Action, AccessKeyId, InstanceId, HttpStatus, Code (empty
//	                                 on success), RequestId; header Ecsmock-Dropped-Calls: how
//	                                 many older ones the bounded log dropped
//	DELETE /_mock/calls              forget them; 204
//	POST   /_mock/orders/{id}/pay    pay an Unpaid order from its account's balance; 200 with
//	                                 the order, 404 unknown, 409 not Unpaid or balance too low
//	GET    /_mock/clock              {"Now","Offset"}
//	POST   /_mock/clock              {"Advance":"2h"}: move the clock forward; 200 {"Now","Offset"};
//	                                 400 InvalidClock for a negative or malformed Advance
//	GET    /_mock/faults             the fault rules, in the order they are tried (see Faults)
//	POST   /_mock/faults             add rules: one rule object or an array; 200 with every rule,
//	                                 or 400 InvalidFault and none added
//	DELETE /_mock/faults             remove every rule, rate limits included; 204
//	GET    /_mock/health             readiness: 200 {"Status":"ok","Version":"..."}
//	POST   /_mock/reset              back to the start: the seed (or built-in) world again, even
//	                                 when the -state file held another; calls and fault rules
//	                                 cleared; clock offset 0; 204 (Server.Reset)
//
// The call log keeps the last -max-calls calls (Config.MaxCalls, default
// 10000), dropping the oldest; Action, AccessKeyId and InstanceId are kept
// to 128 bytes, a longer value cut and ended with "…". The log line of a
// call on stderr quotes every value a client chose (action="..."
// key="..." instance="..." code="..."), so no parameter can forge a line.
//
// A recorded call that a fault caught also has Fault (its kind) and, when
// dropped, ProcessedHttpStatus and ProcessedCode; see Faults.
//
// The InstanceId of a recorded call is the call's InstanceId, the ResourceId
// of DescribeBandwidthLimitation, or the one id of a DescribeInstances
// InstanceIds list.
//
// # Faults
//
// Fault rules make the API misbehave as a real network, gateway or
// backend can, for testing clients' retries: through the admin API or
// Server.AddFault, Server.ClearFaults and Server.Faults. They are not part
// of the world: PUT /_mock/state keeps them, the -state file does not hold
// them, and they start empty.
//
// A rule is a JSON object (FaultRule in Go, where Duration is a
// time.Duration) with these fields:
//
//	Action       an action served, or "*" for every call (required)
//	AccessKeyId  that key's calls only; empty: every key
//	Kind         error, delay, reset, drop, proxy502 or ratelimit (required)
//	Count        fire on that many calls, then no more; 0: no limit
//	Probability  fire on each call with that chance (0-1); 0: on every call
//	Seed         seeds the rule's random source for Probability; default 0
//	Code, HttpStatus, Message   the answer of error and ratelimit rules
//	Duration     how long a delay rule holds a call, a Go duration ("30s")
//	PerSecond, Burst            a ratelimit rule's token bucket
//
// Each RPC call, once its parameters are read and before any protocol
// check (as a gateway throttles before it authenticates), is offered to
// the rules in the order they were added; the first that fires handles it
// and the others are not consulted. A rule matches by the call's Action
// and AccessKeyId parameters as sent, signed or not. Without Count and
// Probability a matching rule fires on every call; with both, it fires
// with that chance until it has fired Count times. Each rule draws from
// its own source, once per matching call while it can still fire, so the
// same Seed and the same sequence of calls give the same faults. Fields
// that do not apply to a kind are refused, as are unknown fields.
//
// Kinds, and how the call is recorded in /_mock/calls:
//
//	error      answer Code with HttpStatus (400-599) in the API's error body; nothing
//	           processed, no nonce spent. HttpStatus and Message default for the
//	           well-known codes: Throttling 400, Throttling.User 400, Throttling.Api 400,
//	           ServiceUnavailable 503, InternalError 500, UnknownError 500,
//	           LastOrderProcessing 403, OperationConflict 403; any other Code needs its
//	           HttpStatus. Recorded with that status and code.
//	delay      hold the call Duration (real time, not the simulated clock), then process
//	           and answer it; recorded with its real answer. If the client disconnects
//	           (a read timeout) or the server closes first, the wait ends, nothing is
//	           processed and the connection is closed; recorded HttpStatus 0, Code
//	           ClientDisconnected or ServerClosed.
//	reset      reset the TCP connection (RST) before processing: the client reads
//	           "connection reset by peer". Recorded HttpStatus 0, Code ConnectionReset.
//	drop       process the call (its change, order and ClientToken are real), then
//	           close the connection without an answer: the client reads EOF. Recorded
//	           HttpStatus 0, Code ConnectionDropped, and the answer it never sent in
//	           ProcessedHttpStatus and ProcessedCode.
//	proxy502   answer 502 with an HTML page (Content-Type text/html), as a proxy whose
//	           upstream failed; nothing processed. Recorded HttpStatus 502, Code BadGateway.
//	ratelimit  a token bucket for each action and AccessKeyId the rule matches ("*": each
//	           action its own): PerSecond tokens a second on the simulated clock, at most
//	           Burst (default PerSecond rounded up, at least 1), full at first. A call
//	           takes a token, or finds none and is answered Throttling 400 "Request was
//	           denied due to request throttling." (Code, HttpStatus and Message may
//	           override it). Count and Probability do not apply. Throttled calls are
//	           recorded with that status and code.
//
// reset, drop and an ended delay need an HTTP/1.x connection to break;
// elsewhere (HTTP/2, a ResponseRecorder) the handler panics with
// http.ErrAbortHandler, which aborts the stream.
//
// GET /_mock/faults lists the rules with their defaults filled in, Fired
// (calls caught so far) and, for Count rules, Remaining. For example:
//
//	J='Content-Type: application/json'
//	# every action: 30% Throttling, then 10% of the rest ServiceUnavailable, repeatably
//	curl -s -H "$J" -X POST localhost:8642/_mock/faults -d '[
//	  {"Action":"*","Kind":"error","Code":"Throttling","Probability":0.3,"Seed":1},
//	  {"Action":"*","Kind":"error","Code":"ServiceUnavailable","Probability":0.1,"Seed":2}]'
//	# the next ModifyInstanceNetworkSpec is processed, its answer lost
//	curl -s -H "$J" -X POST localhost:8642/_mock/faults \
//	  -d '{"Action":"ModifyInstanceNetworkSpec","Kind":"drop","Count":1}'
//	# hold every DescribeInstances 30s, past a client's read timeout
//	curl -s -H "$J" -X POST localhost:8642/_mock/faults -d '{"Action":"DescribeInstances","Kind":"delay","Duration":"30s"}'
//	# reset the next connection; answer the one after that with a proxy's 502
//	curl -s -H "$J" -X POST localhost:8642/_mock/faults -d '[{"Action":"*","Kind":"reset","Count":1},
//	  {"Action":"*","Kind":"proxy502","Count":1}]'
//	# 2 calls a second per action and key, throttled beyond
//	curl -s -H "$J" -X POST localhost:8642/_mock/faults -d '{"Action":"*","Kind":"ratelimit","PerSecond":2}'
//	curl -s localhost:8642/_mock/faults
//	curl -s -H "$J" -X DELETE localhost:8642/_mock/faults
//
// # Command
//
// go run ./internal/cmd/ecsmock [flags] prints "listening on
// http://HOST:PORT" (https:// with -tls) first and serves until SIGINT or
// SIGTERM:
//
//	-listen ADDR          default 127.0.0.1:8642; port 0 picks a free one
//	-seed FILE            world to start from; default the built-in world
//	-state FILE           keep the world and the clock offset in FILE: loaded at start
//	                      when it exists (the seed is then only what /_mock/reset goes
//	                      back to), written atomically after each change
//	-settle D             default 2s
//	-pay-delay D          default 500ms
//	-downgrade-lock D     default 5m
//	-change-lock D        default 0 (none); after any successful change, further changes
//	                      of that instance are refused this long (LastOrderProcessing)
//	-max-calls N          recorded calls kept for /_mock/calls; default 10000
//	-admin-token T        open the admin API to other than loopback clients sending
//	                      "Authorization: Bearer T"; ECSMOCK_ADMIN_TOKEN keeps it out of
//	                      the process list
//	-quiet                no log line per API call on stderr
//	-tls                  serve HTTPS (HTTP/1.1) with a certificate for 127.0.0.1, ::1 and
//	                      localhost, issued at start by a fresh CA (see LoopbackTLS)
//	-tls-ca FILE          with -tls: write that CA's certificate (PEM) to FILE, atomically,
//	                      before the first line; clients trust it, e.g. SSL_CERT_FILE=FILE
//	-version              print "ecsmock VERSION" and exit
//
// A -listen host other than localhost or a loopback address draws a warning
// on stderr: the admin API stays loopback-only unless -admin-token is given.
//
// Every flag but -version may also come from an environment variable
// ECSMOCK_<FLAG>, upper case with - as _ (ECSMOCK_SETTLE=10s,
// ECSMOCK_DOWNGRADE_LOCK=1m, ECSMOCK_QUIET=true); a flag on the command
// line wins over its variable, and a value the flag would refuse stops
// start-up with a message naming the variable.
//
// The -state file is {"FormatVersion": 1, "ClockOffset": "2h0m0s", "World":
// {...}}: the world in the seed format and the simulated clock's lead over
// real time. A file of a newer FormatVersion is refused at start, with a
// message; a bare world (the file as written before it had a version) loads
// with offset 0.
package ecsmock
