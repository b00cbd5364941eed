// Package ecsmock simulates the parts of the Alibaba Cloud ECS (Version
// 2014-05-26) and BSS (Version 2017-12-14) RPC APIs that the provider uses,
// wire-compatible with alibaba-cloud-sdk-go and any client that signs
// requests the documented way. The provider's acceptance tests, demo and
// benchmarks run against it instead of the real cloud.
//
// # Protocol
//
// Any path but /_mock/ is the RPC endpoint; GET and POST are accepted, with
// parameters in the query string, a form body, or both. Responses are JSON
// whatever Format asks. Every call is checked in this order:
//
//	MissingParameter 400              Action or Version missing
//	InvalidVersion 400                Version is neither 2014-05-26 nor 2017-12-14
//	InvalidAction.NotFound 404        Action unknown for that Version
//	MissingParameter 400              AccessKeyId, Signature, SignatureMethod,
//	                                  SignatureVersion, SignatureNonce or Timestamp missing
//	InvalidParameter 400              SignatureMethod is not HMAC-SHA1 or SignatureVersion not 1.0
//	InvalidAccessKeyId.NotFound 404   no account has that AccessKeyId
//	InvalidTimeStamp.Format 400       Timestamp is not yyyy-MM-ddTHH:mm:ssZ
//	InvalidTimeStamp.Expired 400      Timestamp more than 15 minutes from the real clock
//	SignatureDoesNotMatch 400         signature version 1.0: HMAC-SHA1, key secret+"&", over
//	                                  METHOD&%2F&encode(sorted encode(name)=encode(value) pairs of
//	                                  every parameter but Signature), RFC 3986 encoding
//	SignatureNonceUsed 400            the account used that SignatureNonce within 30 minutes
//
// Error bodies are {"RequestId","HostId","Code","Message","Recommend"}, all
// strings. SecurityToken is accepted as any other signed parameter.
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
// pool is empty. DefaultWorld documents the built-in world.
//
// Time is a simulated clock: real time plus an offset that AdvanceClock and
// POST /_mock/clock move forward. Payment delays, settling, temporary
// windows, the downgrade lock and expiry all run on it; advancing it past
// them makes them happen at the time they were due. The offset is not part
// of the world and starts at 0 on every start.
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
// 0-100. With ResourceId (an instance) and OperationType Upgrade: from the
// instance's bandwidth to 100; Downgrade: from 0 (1 for a subscription with
// bandwidth, as it cannot go to 0) to its bandwidth; Create: 0-100. A
// pay-as-you-go instance lists only its own charge type.
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
// # ModifyInstanceNetworkSpec
//
// Checks run in this order; the first failing one answers.
//
// Parameter formats:
//
//	MissingParameter 400                                  no InstanceId
//	InvalidInternetMaxBandwidthOut.ValueNotSupported 400  Out not an integer in 0-100
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
// account's, or one outside the request's RegionId.
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
//	ChargeTypeViolation 403               pay-as-you-go instance: a window, or a NetworkChargeType
//	                                      other than its own (subscriptions may switch
//	                                      PayByTraffic <-> PayByBandwidth)
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
//	                                      Unpaid orders (on other instances)
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
//     no quota, no lock.
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
// Loopback clients only (403 otherwise); JSON bodies; errors {"Code","Message"}.
//
//	GET    /_mock/state              the world (as of the simulated now)
//	PUT    /_mock/state              replace the world; 204, or 400 for an invalid one
//	GET    /_mock/calls              the API calls received, oldest first: Time (simulated),
//	                                 Action, AccessKeyId, InstanceId, HttpStatus, Code (empty
//	                                 on success), RequestId
//	DELETE /_mock/calls              forget them; 204
//	POST   /_mock/orders/{id}/pay    pay an Unpaid order from its account's balance; 200 with
//	                                 the order, 404 unknown, 409 not Unpaid or balance too low
//	GET    /_mock/clock              {"Now","Offset"}
//	POST   /_mock/clock              {"Advance":"2h"}: move the clock forward; 200 {"Now","Offset"}
//
// The InstanceId of a recorded call is the call's InstanceId, the ResourceId
// of DescribeBandwidthLimitation, or the one id of a DescribeInstances
// InstanceIds list.
//
// # Command
//
// go run ./internal/cmd/ecsmock [flags] prints "listening on
// http://HOST:PORT" first and serves until SIGINT or SIGTERM:
//
//	-listen ADDR          default 127.0.0.1:8642; port 0 picks a free one
//	-seed FILE            world to start from; default the built-in world
//	-state FILE           keep the world in FILE: loaded at start when it exists (the
//	                      seed is then ignored), written atomically after each change
//	-settle D             default 2s
//	-pay-delay D          default 500ms
//	-downgrade-lock D     default 5m
//	-quiet                no log line per API call on stderr
package ecsmock
