package ecsmock

import (
	"net/http"
	"testing"
	"time"
)

// TestAnswersCarryTheSimulatedClock: the Date header of an answer is the
// simulated time, so a client that reads the cloud's clock from answers
// follows AdvanceClock.
func TestAnswersCarryTheSimulatedClock(t *testing.T) {
	f := newFixture(t, nil)
	f.srv.AdvanceClock(48 * time.Hour)
	resp, err := http.Get(f.http.URL + "/?Action=DescribeInstances&Version=2014-05-26")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		t.Fatalf("Date %q: %v", resp.Header.Get("Date"), err)
	}
	if d := f.srv.Now().Sub(date); d < 0 || d > 2*time.Second {
		t.Errorf("Date = %s, simulated now %s: want the simulated clock", date, f.srv.Now())
	}
}
