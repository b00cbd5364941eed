package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// clock is how the tables show a time: the local wall clock to the
// millisecond, enough to see the order of calls and the waits between them.
const clock = "15:04:05.000"

// printCalls writes the simulator's recorded calls as a table, in the order
// received.
func printCalls(w io.Writer, calls []ecsmock.Call) {
	if len(calls) == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tTIME\tACTION\tINSTANCE\tHTTP\tCODE")
	for i, c := range calls {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%d\t%s\n", i+1, c.Time.Local().Format(clock), c.Action, orDash(c.InstanceId), c.HttpStatus, orDash(c.Code))
	}
	tw.Flush()
}

// printOrders writes orders as a table, with how long each took to be paid.
func printOrders(w io.Writer, orders []ecsmock.Order) {
	if len(orders) == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ORDER\tTYPE\tAMOUNT\tSTATUS\tCREATED\tPAID AFTER")
	for _, o := range orders {
		paidAfter := "-"
		if o.PaymentTime != nil {
			paidAfter = o.PaymentTime.Sub(o.CreateTime).Round(time.Millisecond).String()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%.2f\t%s\t%s\t%s\n", o.OrderId, orDash(o.OrderType), o.PretaxAmount, o.PaymentStatus, o.CreateTime.Local().Format(clock), paidAfter)
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
