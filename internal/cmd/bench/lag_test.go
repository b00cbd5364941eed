package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

var t0 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func at(ms int, action string, status int, code string) ecsmock.Call {
	return ecsmock.Call{Time: t0.Add(time.Duration(ms) * time.Millisecond), Action: action, HttpStatus: status, Code: code}
}

func TestLagOf(t *testing.T) {
	tests := []struct {
		name          string
		calls         []ecsmock.Call
		settleAfter   time.Duration
		wantLag       time.Duration
		wantReads     int
		wantPollReads int
		wantErr       string
	}{
		{
			name: "order then spec",
			calls: []ecsmock.Call{
				at(0, "DescribeInstances", 200, ""),
				at(10, "DescribeBandwidthLimitation", 200, ""),
				at(100, modifyAction, 200, ""),
				at(110, "GetOrderDetail", 200, ""),
				at(700, "GetOrderDetail", 200, ""),
				at(1200, "DescribeInstances", 200, ""),
				at(1650, "DescribeInstances", 200, ""),
			},
			settleAfter:   1500 * time.Millisecond,
			wantLag:       50 * time.Millisecond,
			wantReads:     6,
			wantPollReads: 4,
		},
		{
			name: "a throttled attempt is neither the change nor a read",
			calls: []ecsmock.Call{
				at(0, modifyAction, 400, "Throttling"),
				at(500, modifyAction, 200, ""),
				at(600, "DescribeInstances", 200, ""),
				at(1500, "DescribeInstances", 200, ""),
			},
			settleAfter:   time.Second,
			wantLag:       0,
			wantReads:     2,
			wantPollReads: 2,
		},
		{
			name:    "no accepted change",
			calls:   []ecsmock.Call{at(0, "DescribeInstances", 200, ""), at(5, modifyAction, 403, "InvalidInstance.UnpaidOrder")},
			wantErr: "no accepted ModifyInstanceNetworkSpec",
		},
		{
			name:        "never read after settling",
			calls:       []ecsmock.Call{at(0, modifyAction, 200, ""), at(500, "DescribeInstances", 200, "")},
			settleAfter: time.Second,
			wantErr:     "no DescribeInstances after the change settled",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lagOf(tt.calls, tt.settleAfter)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.pollerLag != tt.wantLag || got.reads != tt.wantReads || got.pollReads != tt.wantPollReads {
				t.Fatalf("lagOf = lag %s, reads %d, poll reads %d; want %s, %d, %d",
					got.pollerLag, got.reads, got.pollReads, tt.wantLag, tt.wantReads, tt.wantPollReads)
			}
		})
	}
}

func TestSummarizeLag(t *testing.T) {
	samples := []lagSample{
		{schedule: scheduleAdaptive, wall: 2 * time.Second, reads: 7},
		{schedule: scheduleAdaptive, wall: 4 * time.Second, reads: 9},
		{schedule: scheduleAdaptive, wall: 3 * time.Second, reads: 8},
		{schedule: scheduleAdaptive, learned: true, wall: 1600 * time.Millisecond, reads: 6},
		{schedule: scheduleFixed1s, wall: 2500 * time.Millisecond, reads: 11},
	}
	rows := summarizeLag(time.Second, 500*time.Millisecond, []string{scheduleAdaptive, scheduleFixed1s}, samples)
	want := []lagRow{
		{SettleSeconds: 1, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, Runs: 3, WallSeconds: 3, LagSeconds: 1.5, ReadCalls: 8},
		{SettleSeconds: 1, PayDelaySeconds: 0.5, Schedule: scheduleAdaptive, Learned: true, Runs: 1, WallSeconds: 1.6, LagSeconds: 0.1, ReadCalls: 6},
		{SettleSeconds: 1, PayDelaySeconds: 0.5, Schedule: scheduleFixed1s, Runs: 1, WallSeconds: 2.5, LagSeconds: 1, ReadCalls: 11},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %+v, want %+v", rows, want)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestMedian(t *testing.T) {
	if got := median([]int{5, 1, 3}); got != 3 {
		t.Errorf("median(5 1 3) = %d", got)
	}
	if got := median([]int{4, 1, 3, 10}); got != 3 {
		t.Errorf("median(4 1 3 10) = %d, want 3 (the mean of 3 and 4, rounded down)", got)
	}
	if got := median([]time.Duration{time.Second, 3 * time.Second}); got != 2*time.Second {
		t.Errorf("median(1s 3s) = %s", got)
	}
	in := []int{3, 2, 1}
	median(in)
	if in[0] != 3 {
		t.Error("median sorted its argument")
	}
}
