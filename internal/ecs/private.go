package ecs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Keys of the resource's private state.
const (
	// privateOriginal holds the spec the instance had when the resource
	// first managed it, for restore_on_destroy.
	privateOriginal = "original_spec"
	// privatePending holds a change sent but not seen through, so that the
	// next apply of the same change reuses its ClientToken: the API then
	// answers with the order already placed instead of placing another.
	privatePending = "pending_change"
)

// networkSpec is the part of an instance this resource changes.
type networkSpec struct {
	Out        int64  `json:"out"`
	In         int64  `json:"in"`
	ChargeType string `json:"charge_type"`
}

// pendingChange is a change in flight.
type pendingChange struct {
	// Fingerprint identifies the request: instance, from-spec and change.
	Fingerprint string `json:"fingerprint"`
	ClientToken string `json:"client_token"`
	OrderID     string `json:"order_id,omitempty"`
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func getPrivate[T any](ctx context.Context, p privateGetter, key string) (*T, diag.Diagnostics) {
	raw, diags := p.GetKey(ctx, key)
	if diags.HasError() || len(raw) == 0 {
		return nil, diags
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		// A value this version cannot read is treated as absent.
		return nil, diags
	}
	return &v, diags
}

func setPrivate(ctx context.Context, p privateSetter, key string, v any) diag.Diagnostics {
	if v == nil {
		return p.SetKey(ctx, key, nil)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot save private state", err.Error())
		return diags
	}
	return p.SetKey(ctx, key, raw)
}

// newClientToken makes a ClientToken: 32 hex characters, within the API's
// 64-character limit.
func newClientToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// tokenFor returns the token for a change with this fingerprint: the saved
// one when the same change is pending, else a new one.
func tokenFor(pending *pendingChange, fingerprint string) (token string, resumed bool) {
	if pending != nil && pending.Fingerprint == fingerprint && pending.ClientToken != "" {
		return pending.ClientToken, true
	}
	return newClientToken(), false
}
