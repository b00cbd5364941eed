package ecsmock

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeWorld: whatever the bytes, decodeWorld refuses them or returns
// a world that survives the simulator's own round trip (state file, GET
// then PUT /_mock/state) unchanged: nothing accepted once is refused on
// reload.
func FuzzDecodeWorld(f *testing.F) {
	busy, err := json.Marshal(busyWorld())
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(designSeed))
	f.Add(busy)
	f.Add([]byte(`{"Accounts": []}`))
	f.Add([]byte(`{"Accounts": [{"AccessKeyId": "k", "AccessKeySecret": "s", "Instances": [{"InstanceId": "i", "InstanceChargeType": "PrePaid", "InternetMaxBandwidthIn": 1}]}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := decodeWorld(data)
		if err != nil {
			return
		}
		first, err := json.Marshal(w)
		if err != nil {
			t.Fatalf("an accepted world does not marshal: %v", err)
		}
		again, err := decodeWorld(first)
		if err != nil {
			t.Fatalf("an accepted world is refused on reload: %v\n%s", err, first)
		}
		if second, _ := json.Marshal(again); string(second) != string(first) {
			t.Fatalf("the reload changed the world:\n%s\n%s", first, second)
		}
	})
}
