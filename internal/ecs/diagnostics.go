package ecs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// explainedError is an error that knows its own diagnostic.
type explainedError interface {
	error
	diagnostic() diag.Diagnostic
}

// diagnostic is the last failure's, its detail led by why the provider
// stopped retrying it; for an API answer, the answer itself follows (the
// code's own advice speaks of the operation's timeout).
func (e *retryLimitError) diagnostic() diag.Diagnostic {
	last := diagnose(e.Err)
	after := last.Detail()
	var ae *apiError
	if errors.As(e.Err, &ae) {
		after = ae.answer()
	}
	detail := fmt.Sprintf("The provider stopped retrying after %d attempts in %s because the provider's max_retry_timeout is %s. "+
		"Raise max_retry_timeout (or leave it out to retry until the operation's timeout), or apply again later.\n\n%s",
		e.Attempts, e.Waited.Round(100*time.Millisecond), e.Limit, after)
	if withPath, ok := last.(diag.DiagnosticWithPath); ok {
		return diag.NewAttributeErrorDiagnostic(withPath.Path(), last.Summary(), detail)
	}
	return diag.NewErrorDiagnostic(last.Summary(), detail)
}

// namingCredentials has a refusal of the credentials (or of their
// permission) name where they came from, so that a user fixes the source
// actually in use: a key in the environment shadowed by the block, a
// profile other than the one they think.
func namingCredentials(err error, source string) error {
	var ae *apiError
	if source != "" && isCredentialRefusal(err) && errors.As(err, &ae) {
		ae.Credentials = source
	}
	return err
}

// diagnose turns any error of an operation into a diagnostic that says
// what happened and what to do.
func diagnose(err error) diag.Diagnostic {
	var (
		ee  *endpointError
		ae  *apiError
		nf  *notFoundError
		oc  *orderCancelledError
		ou  *orderUnpaidError
		wt  *waitTimeoutError
		sum string
		det string
		at  string
	)
	var explained explainedError
	switch {
	case errors.As(err, &explained):
		return explained.diagnostic()
	case errors.As(err, &ee):
		sum = map[endpointProblem]string{
			endpointUnresolvable: "API endpoint does not resolve",
			endpointUnreachable:  "API endpoint refuses connections",
			endpointSilent:       "API endpoint does not answer",
		}[ee.Problem]
		det = ee.Error() + "\n\n" + ee.check()
	case errors.As(err, &ae):
		g, ok := guidanceFor(ae)
		if !ok {
			g = guidance{
				Summary: "API refused the request",
				Detail:  "The API refused the request with a code this provider has no advice for; the message below says why.",
			}
			if ae.HTTPStatus >= 500 {
				g.Detail = "The API kept failing until the timeout. Apply again later."
			}
		}
		sum, at = g.Summary, g.Attribute
		det = g.Detail + "\n\n" + ae.answer()
		if ae.Credentials != "" {
			det = g.Detail + "\n\nCredentials in use: " + ae.Credentials + ".\n\n" + ae.answer()
		}
	case errors.As(err, &nf):
		sum, at = "Instance not found", "instance_id"
		det = fmt.Sprintf("No instance %s exists in region %s for these credentials. Check instance_id, the provider's region and the account.",
			nf.InstanceID, nf.Region)
	case errors.As(err, &oc):
		sum = "Order cancelled"
		det = fmt.Sprintf("Order %s for instance %s was cancelled before it was paid, so the change was not made. "+
			"Apply again to place a new order (with auto_pay = true, make sure the balance covers it).", oc.OrderID, oc.InstanceID)
	case errors.As(err, &ou):
		sum = "Order not paid"
		det = fmt.Sprintf("Order %s for instance %s was still unpaid after %s. Pay it in the Billing Management console (Orders), "+
			"then run terraform apply again: the provider resumes waiting on this order instead of placing another. "+
			"To have orders paid from the balance, set auto_pay = true.", ou.OrderID, ou.InstanceID, ou.Timeout.Waited.Round(time.Second))
	case errors.As(err, &wt):
		sum = "Timed out waiting"
		det = fmt.Sprintf("Timed out after %s waiting for %s; last seen: %s. The change may still complete: run terraform apply "+
			"again to resume, or raise the timeouts.", wt.Waited.Round(time.Second), wt.What, wt.LastStatus)
	case errors.Is(err, context.Canceled):
		sum = "Interrupted"
		det = "The operation was interrupted before it finished. Run terraform apply again to resume: " + err.Error()
	default:
		sum = "Cannot reach the API"
		det = "The request did not get an answer from the API: " + err.Error()
		var te *transportError
		if errors.As(err, &te) {
			det = fmt.Sprintf("The request to endpoint %s did not get an answer from the API: %s", te.Endpoint, err)
		}
		det += "\n\nCheck the provider's endpoints and protocol, and the network."
	}
	if at != "" {
		return diag.NewAttributeErrorDiagnostic(path.Root(at), sum, det)
	}
	return diag.NewErrorDiagnostic(sum, det)
}

func (e *openOrderError) diagnostic() diag.Diagnostic {
	return diag.NewErrorDiagnostic("An unpaid order blocks the change",
		fmt.Sprintf("Order %s (%s) for instance %s is waiting for payment, and the API accepts no other change of the instance "+
			"while it is open. It is not an order this change places (that would be %s), so the provider does not wait on it. "+
			"Pay it in the Billing Management console (Orders) to let its change happen, or cancel it there, then run terraform "+
			"apply again.", e.OrderID, e.OrderType, e.InstanceID, e.Want))
}

func (e *rivalChangeError) diagnostic() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(e.Attribute), "Another change won",
		fmt.Sprintf("While waiting for instance %s to show %s, the provider saw it settle on %s instead: another change of the "+
			"instance (another Terraform workspace, the console, or another API client) took effect after or instead of this one. "+
			"Nothing of this change is left pending. Run terraform plan to see the instance as it is now, and decide which "+
			"configuration should win before applying again.", e.InstanceID, e.Want, e.Found))
}
