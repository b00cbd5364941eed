package ecs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Keys of the resource's private state.
const (
	// privateOriginal holds the spec the instance had when the resource
	// first managed it, for restore_on_destroy.
	privateOriginal = "original_spec"
	// privatePending holds a change sent but not seen through when its
	// apply ended (see changeRun): the spec it started from and its
	// OrderId, so that Read puts that order into order_id once the change
	// shows, and plans can say an earlier change is still in flight.
	privatePending = "pending_change"
	// privateTiming holds when the waits of the resource's last change
	// last saw its order unpaid and its old spec (changeTiming), so that
	// its next change sleeps until then instead of learning it anew.
	privateTiming = "change_timing"
	// privateLastChange holds when, by the cloud's clock, the resource's
	// last change was seen through, for the plan's warning of the change
	// lock (warnChangeLock).
	privateLastChange = "last_change"
	// privateFacts holds the instance as the resource last saw it
	// (seenFacts), so that the plan after a refresh judges by what the
	// refresh read instead of reading it again.
	privateFacts = "instance_facts"
)

// pendingChange is a change in flight.
type pendingChange struct {
	// Fingerprint identifies the request: instance, from-spec and change.
	Fingerprint string `json:"fingerprint"`
	ClientToken string `json:"client_token"`
	OrderID     string `json:"order_id,omitempty"`
	// From is the spec the instance had when the change was sent; once
	// the instance shows another, the change is no longer pending.
	From networkSpec `json:"from"`
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// privateState is one private state to read and write: ModifyPlan's.
type privateState interface {
	privateGetter
	privateSetter
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

// newClientToken makes a random token (the ClientToken of a change that
// is never resumed): 32 hex characters, within the API's 64-character
// limit.
func newClientToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// changeToken is the ClientToken of the change with this fingerprint under
// seed: the same change from the same spec gets the same token until the
// seed moves, so the API answers a repeat with the order it already
// placed.
func changeToken(seed, fingerprint string) string {
	sum := sha256.Sum256([]byte(seed + "\x00" + fingerprint))
	return hex.EncodeToString(sum[:16])
}
