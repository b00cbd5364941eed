package ecs

import (
	"fmt"
	"net"
	"strings"
)

// guidance is what a diagnostic says about one API code: what happened and
// what to do, and the attribute it is about, if any.
type guidance struct {
	Summary   string
	Detail    string
	Attribute string
}

// codeGuidance covers every error code of the ModifyInstanceNetworkSpec
// reference, plus the lookup, authentication and transient codes the
// provider meets on the way.
var codeGuidance = map[string]guidance{
	"InvalidInternetMaxBandwidthIn.ValueNotSupported": {
		"Inbound bandwidth not supported",
		"The API refused internet_max_bandwidth_in: it is outside what this instance allows (1 to 200 Mbit/s, or a narrower range for its type and charge type). Set a value inside the range.",
		"internet_max_bandwidth_in",
	},
	"InvalidInternetMaxBandwidthOut.ValueNotSupported": {
		"Outbound bandwidth not supported",
		"The API refused internet_max_bandwidth_out: it is outside what this instance allows (0 to 100 Mbit/s, or a narrower range for its type and charge type). Set a value inside the range.",
		"internet_max_bandwidth_out",
	},
	"IncorrectInstanceStatus": {
		"Instance is in a transitional state",
		"The instance is in a state (such as Starting, Stopping or Pending) in which its bandwidth cannot change; the provider retried until the timeout. Wait until the instance is Running or Stopped, then apply again.",
		"",
	},
	"InvalidInstanceStatus": {
		"Instance state does not allow this change",
		"The instance's state does not allow this change: a classic-network instance must be Stopped to go from 0 to more outbound bandwidth, and an instance is locked for five minutes after a downgrade. Bring the instance into the required state, or wait for the time the message names, then apply again.",
		"",
	},
	"InstanceExpiredOrInArrears": {
		"Instance expired or account in arrears",
		"The subscription of this instance has expired, or the pay-as-you-go account has overdue payments. Renew the instance or settle the account in the Billing Management console, then apply again.",
		"",
	},
	"ChargeTypeViolation": {
		"Not allowed for the instance's billing method",
		"The instance's billing method does not allow this change: a subscription (PrePaid) instance moves from PayByTraffic to PayByBandwidth only (internet_charge_type), and temporary upgrades (temporary_upgrade) are for subscription instances only. Remove that part of the change.",
		"",
	},
	"OperationDenied": {
		"Operation denied for a VPC instance",
		"The API denied the change because the instance is in a VPC (for example, the inbound bandwidth of a VPC instance without a public IP cannot be set on its own). Give the instance outbound bandwidth as well, or manage its public traffic through an EIP.",
		"",
	},
	"InvalidParameter.Bandwidth": {
		"Invalid bandwidth request",
		"The API found no valid bandwidth change in the request: a change needs a bandwidth or charge type to set, and a temporary window needs a bandwidth to apply. Check the bandwidth values against the instance's current ones.",
		"",
	},
	"InvalidParameter.Conflict": {
		"Conflicting settings",
		"The API found settings that cannot go together (for example allocate_public_ip with no outbound bandwidth, a temporary upgrade with another change, or any change while a temporary upgrade is booked or running). Fix the combination the message names, or wait until the window's end_time.",
		"",
	},
	"InvalidStartTime.ValueNotSupported": {
		"Invalid start of the temporary window",
		"The API refused the temporary upgrade's start_time: it is malformed, in the past, or not before end_time. Use a future UTC time as yyyy-MM-ddThh:mmZ, earlier than end_time.",
		"temporary_upgrade",
	},
	"InvalidEndTime.ValueNotSupported": {
		"Invalid end of the temporary window",
		"The API refused the temporary upgrade's end_time: it is malformed or not after start_time. Use a UTC time as yyyy-MM-ddThhZ, later than start_time.",
		"temporary_upgrade",
	},
	"Account.Arrearage": {
		"Account has an outstanding payment",
		"The account has overdue payments, so no change that places an order is accepted. Settle them in the Billing Management console, then apply again.",
		"",
	},
	"InvalidInternetChargeType.ValueNotSupported": {
		"Internet charge type not supported",
		"The API refused internet_charge_type. Use PayByTraffic or PayByBandwidth, as the instance's billing method allows.",
		"internet_charge_type",
	},
	"DecreasedBandwidthNotAllowed": {
		"Bandwidth cannot be lowered",
		"The API does not allow lowering this bandwidth for this instance (for example taking a subscription instance's outbound bandwidth to 0, which would release its public IP). Keep the current value or set a higher one.",
		"internet_max_bandwidth_out",
	},
	"BandwidthUpgradeDenied.EipBoundInstance": {
		"Temporary upgrade denied: an EIP is bound",
		"The VPC instance has an Elastic IP bound, so its bandwidth cannot be upgraded temporarily. Remove the temporary_upgrade block, and change the bandwidth of the EIP instead.",
		"temporary_upgrade",
	},
	"InvalidAccountStatus.NotEnoughBalance": {
		"Not enough balance to pay the order",
		"The account balance does not cover the order, so no order was placed. Top up the account, or set auto_pay = false and pay the order in the console.",
		"auto_pay",
	},
	"InvalidInstance.UnpaidOrder": {
		"An unpaid order is open",
		"An order for this instance (or the account) is waiting for payment, and no new change is accepted until it is paid or cancelled. Pay or cancel it in the Billing Management console (Orders), then apply again.",
		"",
	},
	"IpAllocationError": {
		"Public IP allocation failed",
		"The API could not allocate a public IP address for the instance (the region's pool may be exhausted). Apply again later, or set allocate_public_ip = false and attach an EIP instead.",
		"allocate_public_ip",
	},
	"InvalidParam.AllocatePublicIp": {
		"Public IP cannot be allocated",
		"The API refused allocate_public_ip: the instance already has a public IP or an EIP. Set allocate_public_ip = false.",
		"allocate_public_ip",
	},
	"InstanceDowngrade.QuotaExceed": {
		"Downgrade quota used up",
		"A subscription instance can be downgraded at most three times (the price difference is refunded at most three times), and this instance has used them. Keep the current bandwidth or raise it.",
		"internet_max_bandwidth_out",
	},
	"InvalidBandwidth.ValueNotSupported": {
		"Temporary bandwidth lower than the current one",
		"A temporary upgrade cannot go below the instance's current bandwidth. Set the bandwidth for the window to at least the current values.",
		"temporary_upgrade",
	},
	"InvalidInstance.InstanceNotSupported": {
		"The bandwidth belongs to the bound EIP",
		"The VPC instance has an Elastic IP bound, and its public bandwidth is the EIP's, not the instance's. Change the EIP's bandwidth, or unbind the EIP first.",
		"",
	},
	"InvalidInstanceId.NotFound": {
		"Instance not found",
		"No instance with this ID exists in the provider's region for these credentials. Check instance_id, the provider's region and the account.",
		"instance_id",
	},
	"IdempotentParameterMismatch": {
		"Change token reused with other settings",
		"The provider reuses a change's ClientToken only to resume that same change, and the API saw it with different settings. Apply again: a new change gets a new token.",
		"",
	},
	"MissingParameter": {
		"Request incomplete",
		"The API found a required parameter missing. This is a provider bug; please report it with the message below.",
		"",
	},
	"InvalidParameter": {
		"Invalid parameter",
		"The API refused a parameter of the request. Check the value the message names.",
		"",
	},
	"SignatureDoesNotMatch": {
		"Wrong secret_key",
		"The API could not verify the request's signature: the secret key does not belong to the access key. Check secret_key, " +
			"or the environment variable (ALICLOUD_SECRET_KEY) or profile that supplies it.",
		"",
	},
	"InvalidAccessKeyId.NotFound": {
		"Unknown access_key",
		"The API knows no access key with this ID: it is mistyped, deleted, or of another account. Check access_key, " +
			"or the environment variable (ALICLOUD_ACCESS_KEY) or profile that supplies it.",
		"",
	},
	"InvalidAccessKeyId.Inactive": {
		"Disabled access_key",
		"The access key is disabled. Enable it in the RAM console, or set access_key and secret_key to an active key.",
		"",
	},
	"InvalidSecurityToken.Expired": {
		"Expired security_token",
		"The STS security token has expired. Get new temporary credentials and set security_token together with the " +
			"access_key and secret_key issued with it.",
		"",
	},
	"InvalidSecurityToken.MismatchWithAccessKey": {
		"security_token does not match access_key",
		"The STS security token was issued with another access key. Set security_token together with the access_key and " +
			"secret_key issued with it.",
		"",
	},
	"InvalidSecurityToken.Malformed": {
		"Invalid security_token",
		"The API cannot read the STS security token. Check security_token (or ALICLOUD_SECURITY_TOKEN): it must be the " +
			"whole token issued with the access key.",
		"",
	},
	"InvalidTimeStamp.Expired": {
		"Local clock out of sync",
		"The request's timestamp differs from the API's clock by more than 15 minutes. Synchronise this machine's clock, then apply again.",
		"",
	},
	"Throttling": {
		"API throttled",
		"The API kept throttling the requests until the timeout. Apply again later, lower -parallelism, or raise the timeouts.",
		"",
	},
	"ServiceUnavailable": {
		"API unavailable",
		"The API kept answering that it is unavailable until the timeout. Apply again later.",
		"",
	},
	"InternalError": {
		"API internal error",
		"The API kept failing with an internal error until the timeout. Apply again later.",
		"",
	},
	"LastOrderProcessing": {
		"Previous order still processing",
		"A previous order for the instance was still being processed until the timeout. Apply again once it completes.",
		"",
	},
}

// guidanceFor is what to say about a refusal: the code's own guidance,
// or that of its family.
func guidanceFor(ae *apiError) (guidance, bool) {
	if g, ok := codeGuidance[ae.Code]; ok {
		return g, true
	}
	switch {
	case strings.HasPrefix(ae.Code, "Throttling."):
		return codeGuidance["Throttling"], true
	case strings.HasPrefix(ae.Code, "InvalidSecurityToken."):
		return codeGuidance["InvalidSecurityToken.Malformed"], true
	case isPermissionCode(ae.Code):
		action := ramAction(ae.Action)
		return guidance{
			Summary: "Permission denied: grant " + action,
			Detail: fmt.Sprintf("The credentials are not allowed to call %s. Grant the RAM user or role the action %s in a RAM policy. "+
				"The provider calls %s.", ae.Action, action, strings.Join(ramActionsNeeded, ", ")),
		}, true
	}
	return guidance{}, false
}

// bssActions are the actions of the billing API, whose RAM actions are
// bssapi:<action>; every other action the provider calls is ECS's.
var bssActions = map[string]bool{"GetOrderDetail": true, "QueryOrders": true}

// ramAction is the RAM action that allows calling action.
func ramAction(action string) string {
	if bssActions[action] {
		return "bssapi:" + action
	}
	return "ecs:" + action
}

// ramActionsNeeded are the RAM actions of every call the provider makes.
var ramActionsNeeded = []string{
	"ecs:DescribeInstances", "ecs:DescribeBandwidthLimitation", "ecs:ModifyInstanceNetworkSpec",
	"ecs:AllocatePublicIpAddress (with allocate_public_ip)", "bssapi:GetOrderDetail", "bssapi:QueryOrders",
}

// check is what a user should look at for the problem.
func (e *endpointError) check() string {
	switch e.Problem {
	case endpointUnresolvable:
		return fmt.Sprintf("No DNS record exists for %s. Check the host name in the provider's endpoints block (ecs, bss) and the region: "+
			"without an endpoint set, the provider uses the region's own, so a misspelt region names a host that does not exist. "+
			"Check this machine's DNS settings as well.", hostName(e.Endpoint))
	case endpointUnreachable:
		return fmt.Sprintf("Nothing accepted a connection at %s. Check the host and port in the provider's endpoints block (ecs, bss), "+
			"that protocol matches the endpoint (HTTPS uses port 443 and HTTP port 80 unless the endpoint names a port), "+
			"and any proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) or firewall between this machine and the API.", e.Endpoint)
	default:
		return fmt.Sprintf("%s accepted the connection but never answered. Check that the endpoint in the provider's endpoints block "+
			"(ecs, bss) is the API's and not another service on that port, that protocol matches it (HTTP against an HTTPS "+
			"port, or the reverse, can hang), and any proxy or firewall between this machine and the API. Each attempt waits "+
			"client_read_timeout (30 s by default) for the answer.", e.Endpoint)
	}
}

// hostName is the host of host[:port].
func hostName(endpoint string) string {
	if h, _, err := net.SplitHostPort(endpoint); err == nil {
		return h
	}
	return endpoint
}
