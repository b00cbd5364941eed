package ecsmock

import (
	"testing"
	"time"
)

func TestTokenBucket(t *testing.T) {
	type step struct {
		after time.Duration // since the previous step
		want  bool
	}
	for _, tc := range []struct {
		name      string
		perSecond float64
		burst     int
		steps     []step
	}{
		{"burst then empty", 1, 3, []step{{0, true}, {0, true}, {0, true}, {0, false}, {0, false}}},
		{"refills at the rate", 2, 1, []step{{0, true}, {0, false}, {400 * time.Millisecond, false}, {100 * time.Millisecond, true}, {0, false}}},
		{"never above the burst", 10, 2, []step{{time.Hour, true}, {0, true}, {0, false}}},
		{"refused calls take nothing", 1, 1, []step{{0, true}, {0, false}, {0, false}, {time.Second, true}}},
		{"slow rate", 0.01, 1, []step{{0, true}, {99 * time.Second, false}, {time.Second, true}}},
		{"clock going back", 1, 1, []step{{0, true}, {-time.Minute, false}, {time.Second, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			b := newTokenBucket(tc.burst, now)
			for i, s := range tc.steps {
				now = now.Add(s.after)
				if got := b.take(now, tc.perSecond, tc.burst); got != s.want {
					t.Fatalf("step %d (+%v): take = %v, want %v", i, s.after, got, s.want)
				}
			}
		})
	}
}

func TestTokenBucketFull(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newTokenBucket(2, now)
	if !b.full(now, 1, 2) {
		t.Fatal("a new bucket is not full")
	}
	b.take(now, 1, 2)
	if b.full(now.Add(500*time.Millisecond), 1, 2) {
		t.Fatal("full half a token after taking one")
	}
	if !b.full(now.Add(time.Second), 1, 2) {
		t.Fatal("not full a second after taking one at 1/s")
	}
}
