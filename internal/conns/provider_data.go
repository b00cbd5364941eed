package conns

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// FromProviderData is what every resource and data source Configure calls.
// Terraform calls Configure before the provider is configured too (for
// validation), with nil data: that is a nil client and no error.
func FromProviderData(data any) (*Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	client, ok := data.(*Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *conns.Client, got %T. This is a provider bug; please report it.", data))
	}
	return client, diags
}
