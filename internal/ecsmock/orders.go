package ecsmock

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Prices of the simulated subscription bandwidth, per Mbit/s and month.
const (
	priceOutPerMbitMonth = 10.0
	priceInPerMbitMonth  = 1.0
	hoursPerMonth        = 720
	firstOrderID         = 210000000000001
)

// changePrice is the amount of a permanent change of a subscription: the
// monthly price of the bandwidth difference, negative (a refund) for a
// downgrade, 0 for a change of NetworkChargeType alone.
func changePrice(cur, target PendingChange) float64 {
	d := priceOutPerMbitMonth*float64(target.InternetMaxBandwidthOut-cur.InternetMaxBandwidthOut) +
		priceInPerMbitMonth*float64(target.InternetMaxBandwidthIn-cur.InternetMaxBandwidthIn)
	return math.Round(d*100) / 100
}

// windowPrice is the amount of a temporary upgrade: the monthly price of the
// raise, prorated over the window's started hours, at least 0.01.
func windowPrice(cur PendingChange, out, in int, start, end time.Time) float64 {
	hours := math.Ceil(end.Sub(start).Hours())
	monthly := priceOutPerMbitMonth*float64(out-cur.InternetMaxBandwidthOut) + priceInPerMbitMonth*float64(in-cur.InternetMaxBandwidthIn)
	return max(math.Ceil(monthly*hours/hoursPerMonth*100)/100, 0.01)
}

// available is the balance not yet promised to auto-paid orders.
func (a *Account) available() float64 {
	b := a.Balance
	for _, o := range a.Orders {
		if o.PaymentStatus == orderUnpaid && o.AutoPay && o.PretaxAmount > 0 {
			b -= o.PretaxAmount
		}
	}
	return b
}

// nextOrderID numbers orders after the highest id in the world, so that a
// seed or state file with orders keeps ids unique.
func (w *World) nextOrderID() string {
	next := int64(firstOrderID)
	for _, a := range w.Accounts {
		for _, o := range a.Orders {
			if n, err := strconv.ParseInt(o.OrderId, 10, 64); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	return strconv.FormatInt(next, 10)
}

func (s *Server) placeOrder(acct *Account, in *Instance, price float64, kind string, autoPay bool, clientToken string, now time.Time) *Order {
	acct.Orders = append(acct.Orders, Order{
		OrderId:       s.world.nextOrderID(),
		InstanceId:    in.InstanceId,
		RegionId:      in.RegionId,
		OrderType:     kind,
		PaymentStatus: orderUnpaid,
		PretaxAmount:  price,
		AutoPay:       autoPay,
		CreateTime:    now,
		ClientToken:   clientToken,
	})
	return &acct.Orders[len(acct.Orders)-1]
}

// autoPaid tells whether an order pays itself PayDelay after it was placed:
// AutoPay orders, and refunds or free changes, which need no payment.
func (o *Order) autoPaid() bool {
	return o.PaymentStatus == orderUnpaid && (o.AutoPay || o.PretaxAmount <= 0)
}

// pay marks an order Paid at the given time, charges (or refunds) the
// balance and starts the settling of the change it carries.
func (s *Server) pay(acct *Account, o *Order, at time.Time) {
	o.PaymentStatus = orderPaid
	o.PaymentTime = &at
	acct.Balance = math.Round((acct.Balance-o.PretaxAmount)*100) / 100
	if in := acct.instance(o.InstanceId); in != nil {
		for i := range in.PendingChanges {
			if in.PendingChanges[i].OrderId == o.OrderId {
				effective := at.Add(s.settle)
				in.PendingChanges[i].EffectiveTime = &effective
			}
		}
	}
	s.dirty = true
}

// errOrderNotFound and errOrderNotUnpaid are what paying or cancelling a
// missing or settled order answers.
func errOrderNotFound(id string) *apiError {
	return newAPIError(http.StatusNotFound, "InvalidOrderId.NotFound", "The specified order %s does not exist.", id)
}

func errOrderNotUnpaid(o *Order) *apiError {
	return badRequest("IncorrectOrderStatus", "The order %s is %s; only an Unpaid order can be paid or cancelled.", o.OrderId, o.PaymentStatus)
}

// payByHand pays an unpaid order the way the console does: now, and only
// with enough balance.
func (s *Server) payByHand(orderID string) error {
	for ai := range s.world.Accounts {
		acct := &s.world.Accounts[ai]
		o := acct.order(orderID)
		if o == nil {
			continue
		}
		if o.PaymentStatus != orderUnpaid {
			return errOrderNotUnpaid(o)
		}
		// The order's own amount may be promised already when it is an
		// AutoPay order still waiting for its pay delay.
		free := acct.available()
		if o.AutoPay && o.PretaxAmount > 0 {
			free += o.PretaxAmount
		}
		if o.PretaxAmount > free {
			return forbidden("InvalidAccountStatus.NotEnoughBalance", "Your account does not have enough balance to pay order %s.", o.OrderId)
		}
		s.pay(acct, o, s.now())
		return nil
	}
	return errOrderNotFound(orderID)
}

// cancel drops an unpaid order and the change or window it carries.
func (s *Server) cancel(acct *Account, o *Order) {
	o.PaymentStatus = orderCancelled
	if in := acct.instance(o.InstanceId); in != nil {
		kept := in.PendingChanges[:0]
		for _, c := range in.PendingChanges {
			if c.OrderId != o.OrderId {
				kept = append(kept, c)
			}
		}
		in.PendingChanges = kept
		if len(kept) == 0 {
			in.PendingChanges = nil
		}
		if in.TemporaryUpgrade != nil && in.TemporaryUpgrade.OrderId == o.OrderId {
			in.TemporaryUpgrade = nil
		}
	}
	s.dirty = true
}

// BSS response shapes, as the SDK's bssopenapi package declares them: every
// order field is a string.
type (
	bssOrder struct {
		OrderId           string
		InstanceIDs       string
		Region            string
		ProductCode       string
		ProductType       string
		SubscriptionType  string
		OrderType         string
		PaymentStatus     string
		PaymentCurrency   string
		Currency          string
		PretaxAmount      string
		PretaxGrossAmount string
		AfterTaxAmount    string
		Tax               string
		Quantity          string
		CreateTime        string
		PaymentTime       string
	}
	// orderListResponse is the answer of GetOrderDetail and QueryOrders:
	// both list orders in the same shape.
	orderListResponse struct {
		RequestId string
		Success   bool
		Code      string
		Message   string
		Data      struct {
			HostName   string
			PageNum    int
			PageSize   int
			TotalCount int
			OrderList  struct{ Order []bssOrder }
		}
	}
)

const bssTimeLayout = "2006-01-02T15:04:05Z"

func (o *Order) bssView() bssOrder {
	amount := fmt.Sprintf("%.2f", o.PretaxAmount)
	v := bssOrder{
		OrderId:           o.OrderId,
		InstanceIDs:       o.InstanceId,
		Region:            o.RegionId,
		ProductCode:       "ecs",
		ProductType:       "ecs",
		SubscriptionType:  "Subscription",
		OrderType:         o.OrderType,
		PaymentStatus:     o.PaymentStatus,
		PaymentCurrency:   "CNY",
		Currency:          "CNY",
		PretaxAmount:      amount,
		PretaxGrossAmount: amount,
		AfterTaxAmount:    amount,
		Tax:               "0.00",
		Quantity:          "1",
		CreateTime:        o.CreateTime.UTC().Format(bssTimeLayout),
	}
	if o.PaymentTime != nil {
		v.PaymentTime = o.PaymentTime.UTC().Format(bssTimeLayout)
	}
	return v
}
