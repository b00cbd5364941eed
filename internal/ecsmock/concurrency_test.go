package ecsmock

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestConcurrentCalls runs API, Go API and admin calls side by side; under
// -race it proves the server's locking, and the world stays consistent.
func TestConcurrentCalls(t *testing.T) {
	f := newFixtureConfig(t, Config{Settle: 5 * time.Millisecond, PayDelay: 5 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				switch g % 3 {
				case 0:
					if _, err := f.modify("i-postpaid-vpc", spec{Out: fmt.Sprint(1 + (g*10+i)%50)}); err != nil {
						errs <- err
					}
				case 1:
					f.describe("i-prepaid-vpc")
					f.srv.State()
				case 2:
					f.srv.AdvanceClock(time.Millisecond)
					f.admin(http.MethodGet, "/_mock/calls", "", nil)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent modify: %v", err)
	}
	f.srv.AdvanceClock(time.Second)
	if n := len(f.stateInstance("i-postpaid-vpc").PendingChanges); n != 0 {
		t.Fatalf("%d changes still pending after the clock passed them all", n)
	}
	if n := len(f.srv.Calls()); n != 2*10+2*10 {
		t.Errorf("%d calls recorded, want %d (admin calls are not API calls)", n, 2*10+2*10)
	}
}
