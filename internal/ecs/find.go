package ecs

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/bssopenapi"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ecsnet/terraform-provider-aliyun/internal/conns"
)

// findInstance reads one instance; *notFoundError when these credentials
// see no such instance in the region. Concurrent reads of the provider
// instance share DescribeInstances calls (see instanceBatcher).
func findInstance(ctx context.Context, client *conns.Client, instanceID string) (*ecs.Instance, error) {
	inst, err := sharedOf(client).reads.get(ctx, instanceID)
	if isNotFound(err) || (err == nil && inst == nil) {
		return nil, &notFoundError{InstanceID: instanceID, Region: client.Region()}
	}
	return inst, err
}

// describeInstances reads up to maxBatch instances by id, page after page,
// returning those the API lists.
func describeInstances(ctx context.Context, client *conns.Client, ids []string) (map[string]*ecs.Instance, error) {
	raw, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	// The batch's log lines name every instance it reads.
	ctx = tflog.SetField(ctx, "instance_id", strings.Join(ids, ","))
	found := make(map[string]*ecs.Instance, len(ids))
	next := ""
	for {
		resp, err := retry(ctx, client, "DescribeInstances "+strings.Join(ids, ","), func() (*ecs.DescribeInstancesResponse, error) {
			c, err := client.ECS(ctx)
			if err != nil {
				return nil, err
			}
			req := ecs.CreateDescribeInstancesRequest()
			req.RegionId = client.Region()
			req.InstanceIds = string(raw)
			req.MaxResults = requests.NewInteger(maxBatch)
			req.NextToken = next
			resp, err := c.DescribeInstances(req)
			return resp, wrapSDKError("DescribeInstances", err)
		})
		if err != nil {
			return nil, err
		}
		for i := range resp.Instances.Instance {
			inst := &resp.Instances.Instance[i]
			found[inst.InstanceId] = inst
		}
		if resp.NextToken == "" {
			return found, nil
		}
		next = resp.NextToken
	}
}

// findOrder reads one order of the account.
func findOrder(ctx context.Context, client *conns.Client, orderID string) (*bssopenapi.Order, error) {
	resp, err := retry(ctx, client, "GetOrderDetail "+orderID, func() (*bssopenapi.GetOrderDetailResponse, error) {
		c, err := client.BSS(ctx)
		if err != nil {
			return nil, err
		}
		req := bssopenapi.CreateGetOrderDetailRequest()
		req.OrderId = orderID
		resp, err := c.GetOrderDetail(req)
		if err != nil {
			return nil, wrapSDKError("GetOrderDetail", err)
		}
		// BSS may answer HTTP 200 with Success = false and the refusal in
		// the body.
		if !resp.Success && resp.Code != "" {
			return nil, &apiError{Action: "GetOrderDetail", Code: resp.Code, Message: resp.Message,
				RequestID: resp.RequestId, HTTPStatus: resp.GetHttpStatus()}
		}
		return resp, nil
	})
	if err != nil {
		return nil, err
	}
	for i := range resp.Data.OrderList.Order {
		if o := &resp.Data.OrderList.Order[i]; o.OrderId == orderID {
			return o, nil
		}
	}
	return nil, fmt.Errorf("GetOrderDetail: order %s not in the answer (RequestId %s)", orderID, resp.RequestId)
}

// Operation types of DescribeBandwidthLimitation: the range an instance's
// outbound bandwidth may be raised within, or lowered within.
const (
	bandwidthUpgrade   = "Upgrade"
	bandwidthDowngrade = "Downgrade"
)

// findBandwidthLimitation reads the outbound bandwidth range the API
// allows an instance of the given billing method (PrePaid, PostPaid) for
// one operation type, per Internet charge type.
func findBandwidthLimitation(ctx context.Context, client *conns.Client, instanceID, instanceChargeType, operation string) ([]ecs.Bandwidth, error) {
	resp, err := retry(ctx, client, "DescribeBandwidthLimitation "+instanceID, func() (*ecs.DescribeBandwidthLimitationResponse, error) {
		c, err := client.ECS(ctx)
		if err != nil {
			return nil, err
		}
		req := ecs.CreateDescribeBandwidthLimitationRequest()
		req.RegionId = client.Region()
		req.ResourceId = instanceID
		req.InstanceChargeType = instanceChargeType
		req.OperationType = operation
		resp, err := c.DescribeBandwidthLimitation(req)
		return resp, wrapSDKError("DescribeBandwidthLimitation", err)
	})
	if err != nil {
		if isNotFound(err) {
			return nil, &notFoundError{InstanceID: instanceID, Region: client.Region()}
		}
		return nil, err
	}
	return resp.Bandwidths.Bandwidth, nil
}

// Paging of QueryOrders.
const (
	ordersPageSize = 100
	// ordersMaxPages bounds the pages read for one look: the account's
	// orders of the lookback, newest first.
	ordersMaxPages = 10
)

// findInstanceOrders lists the account's ECS orders of the instance created
// in the last ordersLookback, newest first, with the given PaymentStatus
// ("" for any), at most limit of them (0: all).
func findInstanceOrders(ctx context.Context, client *conns.Client, instanceID, status string, limit int) ([]bssopenapi.Order, error) {
	// The window is the cloud's: the orders are stamped by its clock.
	since := cloudNow(client).Add(-ordersLookback).Format(bssTimeLayout)
	var found []bssopenapi.Order
	for page, seen := 1, 0; page <= ordersMaxPages; page++ {
		resp, err := retry(ctx, client, "QueryOrders "+instanceID, func() (*bssopenapi.QueryOrdersResponse, error) {
			c, err := client.BSS(ctx)
			if err != nil {
				return nil, err
			}
			req := bssopenapi.CreateQueryOrdersRequest()
			req.ProductCode = "ecs"
			req.PaymentStatus = status
			req.CreateTimeStart = since
			req.PageNum = requests.NewInteger(page)
			req.PageSize = requests.NewInteger(ordersPageSize)
			resp, err := c.QueryOrders(req)
			if err != nil {
				return nil, wrapSDKError("QueryOrders", err)
			}
			if !resp.Success && resp.Code != "" {
				return nil, &apiError{Action: "QueryOrders", Code: resp.Code, Message: resp.Message,
					RequestID: resp.RequestId, HTTPStatus: resp.GetHttpStatus()}
			}
			return resp, nil
		})
		if err != nil {
			return nil, err
		}
		orders := resp.Data.OrderList.Order
		for _, o := range orders {
			if orderOf(o, instanceID) {
				found = append(found, o)
				if len(found) == limit {
					return found, nil
				}
			}
		}
		seen += len(orders)
		if len(orders) == 0 || seen >= resp.Data.TotalCount {
			break
		}
	}
	return found, nil
}

// bssTimeLayout is how BSS writes and reads times.
const bssTimeLayout = "2006-01-02T15:04:05Z"

// orderOf: the order is for the instance. InstanceIDs may list several.
func orderOf(o bssopenapi.Order, instanceID string) bool {
	return slices.Contains(strings.FieldsFunc(o.InstanceIDs, func(r rune) bool {
		return r == ',' || r == ';' || r == ' '
	}), instanceID)
}
