package ecsmock

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
)

// post sends an unsigned form call and returns its status.
func (f *fixture) post(form string) int {
	f.t.Helper()
	resp, err := http.Post(f.http.URL+"/", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestCallLogBounded: the log keeps the last MaxCalls calls and says how
// many older ones it dropped, until DELETE /_mock/calls.
func TestCallLogBounded(t *testing.T) {
	f := newFixtureConfig(t, Config{MaxCalls: 5})
	for i := range 12 {
		f.post(fmt.Sprintf("Action=Call%d", i))
	}
	var calls []Call
	resp := f.adminResponse(http.MethodGet, "/_mock/calls", &calls)
	var actions []string
	for _, c := range calls {
		actions = append(actions, c.Action)
	}
	if got := strings.Join(actions, " "); got != "Call7 Call8 Call9 Call10 Call11" {
		t.Fatalf("calls kept = %s, want the last 5", got)
	}
	if got := resp.Header.Get(droppedCallsHeader); got != "7" || f.srv.DroppedCalls() != 7 {
		t.Fatalf("dropped calls = header %q, DroppedCalls %d; want 7", got, f.srv.DroppedCalls())
	}
	f.admin(http.MethodDelete, "/_mock/calls", "", nil)
	f.post("Action=After")
	resp = f.adminResponse(http.MethodGet, "/_mock/calls", &calls)
	if len(calls) != 1 || calls[0].Action != "After" || resp.Header.Get(droppedCallsHeader) != "0" {
		t.Fatalf("after DELETE: calls %+v, dropped %q", calls, resp.Header.Get(droppedCallsHeader))
	}
}

// TestCallFloodStaysBounded: a flood of 5 MB calls is refused unread, and
// calls just under the body limit leave records of a few hundred bytes:
// what the server keeps does not grow with what it is sent.
func TestCallFloodStaysBounded(t *testing.T) {
	var logged bytes.Buffer
	const maxCalls = 40
	f := newFixtureConfig(t, Config{MaxCalls: maxCalls, Logger: log.New(&logged, "", 0)})
	huge := "Action=" + strings.Repeat("A", 5<<20)
	third := strings.Repeat("x", maxRequestBody/3-20)
	longValues := "Action=" + third + "&AccessKeyId=" + third + "&InstanceId=" + third
	padded := "Action=DescribeInstances&InstanceId=i-1&Padding=" + strings.Repeat("p", maxRequestBody-100)

	for range 20 {
		if code := f.post(huge); code != http.StatusRequestEntityTooLarge {
			t.Fatalf("5 MB call: HTTP %d, want 413", code)
		}
	}
	for range 10 {
		if code := f.post(longValues); code != http.StatusBadRequest {
			t.Fatalf("call just under the body limit: HTTP %d, want 400 (unsigned)", code)
		}
	}
	calls := f.srv.Calls()
	if len(calls) != 30 || calls[0].Code != "RequestBodyTooLarge" || calls[0].HttpStatus != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d calls recorded, the first %+v; want 30, the first RequestBodyTooLarge 413", len(calls), calls[0])
	}
	for _, c := range calls[20:] {
		for name, v := range map[string]string{"Action": c.Action, "AccessKeyId": c.AccessKeyId, "InstanceId": c.InstanceId} {
			if len(v) > maxRecordedValue+len("…") || !strings.HasSuffix(v, "…") {
				t.Fatalf("recorded %s is %d bytes (%.20q...), want it cut to %d", name, len(v), v, maxRecordedValue)
			}
		}
	}

	// A record holding a substring of its call would pin the whole body:
	// these 40 about 40 MB.
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for range maxCalls {
		f.post(padded)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if calls := f.srv.Calls(); len(calls) != maxCalls || f.srv.DroppedCalls() != 30 || calls[0].Action != "DescribeInstances" {
		t.Fatalf("kept %d calls, dropped %d; want %d and 30", len(calls), f.srv.DroppedCalls(), maxCalls)
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 16<<20 {
		t.Errorf("heap grew %d MB over %d calls of 1 MB, want the records alone", grown>>20, maxCalls)
	}

	lines := strings.Split(strings.TrimSuffix(logged.String(), "\n"), "\n")
	if len(lines) != 30+maxCalls {
		t.Fatalf("%d log lines, want %d", len(lines), 30+maxCalls)
	}
	for _, line := range lines {
		if len(line) > 1024 {
			t.Fatalf("log line of %d bytes, want values cut: %.80s...", len(line), line)
		}
	}
}

// TestLogLinesCannotBeForged: values a client chose are quoted, so a
// newline in an unsigned parameter stays inside its own line.
func TestLogLinesCannotBeForged(t *testing.T) {
	var logged bytes.Buffer
	f := newFixtureConfig(t, Config{Logger: log.New(&logged, "ecsmock: ", 0)})
	forged := "DescribeInstances\necsmock: ModifyInstanceNetworkSpec key=mock-access-key status=200"
	f.post("Action=" + url.QueryEscape(forged) + "&AccessKeyId=" + url.QueryEscape("k\r\nx") + "&InstanceId=" + url.QueryEscape("i-\"quoted\""))
	out := logged.String()
	if n := strings.Count(out, "\n"); n != 1 {
		t.Fatalf("one call wrote %d lines:\n%s", n, out)
	}
	for _, want := range []string{
		`action="DescribeInstances\necsmock: ModifyInstanceNetworkSpec key=mock-access-key status=200"`,
		`key="k\r\nx"`, `instance="i-\"quoted\""`, `code="MissingParameter"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log line %s\nwants %s", out, want)
		}
	}
}

func TestCallsRecorded(t *testing.T) {
	f := newFixture(t, nil)
	f.describe("i-postpaid-vpc")
	_, err := f.modify("i-nope", spec{Out: "3"})
	wantAPIError(t, err, "InvalidInstanceId.NotFound", 404)
	calls := f.srv.Calls()
	if len(calls) != 2 {
		t.Fatalf("calls = %+v, want 2", calls)
	}
	if c := calls[0]; c.Action != "DescribeInstances" || c.InstanceId != "i-postpaid-vpc" || c.HttpStatus != 200 || c.Code != "" || c.AccessKeyId != key1 || c.RequestId == "" {
		t.Errorf("first call = %+v", c)
	}
	if c := calls[1]; c.Action != "ModifyInstanceNetworkSpec" || c.InstanceId != "i-nope" || c.HttpStatus != 404 || c.Code != "InvalidInstanceId.NotFound" {
		t.Errorf("second call = %+v", c)
	}
	if calls[1].Time.Before(calls[0].Time) {
		t.Errorf("calls out of order: %+v", calls)
	}
	f.srv.ResetCalls()
	if n := len(f.srv.Calls()); n != 0 {
		t.Errorf("after ResetCalls: %d calls", n)
	}
}
