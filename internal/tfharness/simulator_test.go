//go:build linux

package tfharness

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeSimulatorEnv makes the test binary act as a simulator whose behavior
// the value names, so that starting and stopping a real process is tested.
const fakeSimulatorEnv = "TFHARNESS_FAKE_SIMULATOR"

func TestMain(m *testing.M) {
	if os.Getenv(fakeParentEnv) != "" {
		fakeParent()
		return
	}
	if mode := os.Getenv(fakeSimulatorEnv); mode != "" {
		fakeSimulator(mode)
		return
	}
	os.Exit(m.Run())
}

func fakeSimulator(mode string) {
	switch mode {
	case "listen":
		// Like the real one: the address first, then log lines, until
		// interrupted.
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt)
		fmt.Println("listening on http://127.0.0.1:45678")
		fmt.Println("a log line after the address")
		fmt.Fprintln(os.Stderr, "flags: "+strings.Join(os.Args[1:], " "))
		<-stop
		fmt.Println("shutting down")
	case "ignore-interrupt":
		signal.Ignore(os.Interrupt)
		fmt.Println("listening on http://127.0.0.1:45678")
		time.Sleep(time.Minute)
	case "silent":
		time.Sleep(time.Minute)
	case "garbage":
		fmt.Println("hello")
		time.Sleep(time.Minute)
	case "crash":
		fmt.Fprintln(os.Stderr, "bind: address already in use")
		os.Exit(3)
	}
}

func startFake(t *testing.T, ctx context.Context, mode string) (*Simulator, *bytes.Buffer, error) {
	t.Helper()
	t.Setenv(fakeSimulatorEnv, mode)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	sim, err := StartSimulator(ctx, self, &log, "-settle", "3s", "-pay-delay", "1s")
	return sim, &log, err
}

// processGone is true once pid has exited. An exited child that nobody has
// reaped yet (a zombie) counts as gone: it runs nothing and holds no port.
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return os.IsNotExist(err)
	}
	_, after, found := strings.Cut(string(stat), ") ")
	return found && strings.HasPrefix(after, "Z")
}

func TestStartAndStopSimulator(t *testing.T) {
	sim, log, err := startFake(t, t.Context(), "listen")
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	if sim.Endpoint != "127.0.0.1:45678" || sim.BaseURL != "http://127.0.0.1:45678" {
		t.Errorf("endpoint %q, base URL %q", sim.Endpoint, sim.BaseURL)
	}
	pid := sim.cmd.Process.Pid
	sim.Stop()
	if !processGone(pid) {
		t.Errorf("simulator process %d still running after stop", pid)
	}
	body := log.String()
	for _, want := range []string{
		"a log line after the address",
		"shutting down",
		"flags: -listen 127.0.0.1:0 -settle 3s -pay-delay 1s",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("log lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "listening on") {
		t.Errorf("the address line went to the log too:\n%s", body)
	}
	sim.Stop() // a second stop is harmless
}

func TestStopKillsASimulatorThatIgnoresInterrupts(t *testing.T) {
	sim, _, err := startFake(t, t.Context(), "ignore-interrupt")
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	pid := sim.cmd.Process.Pid
	sim.Stop()
	if !processGone(pid) {
		t.Errorf("simulator process %d still running after stop", pid)
	}
}

func TestStartSimulatorFailures(t *testing.T) {
	tests := []struct {
		mode, want, log string
	}{
		{"garbage", `first line is "hello"`, ""},
		{"crash", "exited before listening: exit status 3", "bind: address already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			sim, log, err := startFake(t, t.Context(), tt.mode)
			if err == nil {
				sim.Stop()
				t.Fatal("start succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if !strings.Contains(log.String(), tt.log) {
				t.Errorf("log %q, want it to contain %q", log.String(), tt.log)
			}
		})
	}
}

// TestStartSimulatorCanceled: an interrupt while the simulator has not yet
// said where it listens ends the wait.
func TestStartSimulatorCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	sim, _, err := startFake(t, ctx, "silent")
	if !errors.Is(err, context.Canceled) {
		sim.Stop()
		t.Fatalf("start = %v, want context.Canceled", err)
	}
}

func TestParseListenLine(t *testing.T) {
	tests := []struct {
		line, baseURL, endpoint, err string
	}{
		{line: "listening on http://127.0.0.1:43121\n", baseURL: "http://127.0.0.1:43121", endpoint: "127.0.0.1:43121"},
		{line: "listening on http://[::1]:8642", baseURL: "http://[::1]:8642", endpoint: "[::1]:8642"},
		{line: "listening on http://localhost:8642/", baseURL: "http://localhost:8642", endpoint: "localhost:8642"},
		{line: "serving on http://127.0.0.1:1", err: "first line"},
		{line: "listening on https://127.0.0.1:43121", baseURL: "https://127.0.0.1:43121", endpoint: "127.0.0.1:43121"},
		{line: "listening on ftp://127.0.0.1:1", err: "not http(s)://HOST:PORT"},
		{line: "listening on http://127.0.0.1", err: "no port"},
		{line: "listening on http://127.0.0.1:0", err: "no port"},
		{line: "listening on http://127.0.0.1:1/api", err: "not http(s)://HOST:PORT"},
		{line: "", err: "first line"},
	}
	for _, tt := range tests {
		baseURL, endpoint, err := parseListenLine(tt.line)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseListenLine(%q) err = %v, want %q", tt.line, err, tt.err)
			}
			continue
		}
		if err != nil || baseURL != tt.baseURL || endpoint != tt.endpoint {
			t.Errorf("parseListenLine(%q) = %q, %q, %v; want %q, %q", tt.line, baseURL, endpoint, err, tt.baseURL, tt.endpoint)
		}
	}
}

func TestFirstLineWriter(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		line   string
		rest   string
	}{
		{"one write", []string{"listening on x\nlog 1\n"}, "listening on x", "log 1\n"},
		{"split line", []string{"listen", "ing on x", "\nlog"}, "listening on x", "log"},
		{"rest in later writes", []string{"a\n", "b\n", "c"}, "a", "b\nc"},
		{"too long without newline", []string{strings.Repeat("x", maxFirstLine+1), "tail"}, strings.Repeat("x", maxFirstLine+1), "tail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := make(chan string, 1)
			var rest strings.Builder
			w := &firstLineWriter{line: line, rest: &rest}
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			select {
			case got := <-line:
				if got != tt.line {
					t.Errorf("line = %q, want %q", got, tt.line)
				}
			default:
				t.Fatal("no line sent")
			}
			if rest.String() != tt.rest {
				t.Errorf("rest = %q, want %q", rest.String(), tt.rest)
			}
		})
	}
}

// fakeParentEnv makes the test binary act as a command (the demo, the
// benchmark) that has started a simulator: it prints the simulator's pid and
// waits to be killed.
const fakeParentEnv = "TFHARNESS_FAKE_PARENT"

func fakeParent() {
	os.Unsetenv(fakeParentEnv)
	os.Setenv(fakeSimulatorEnv, "listen")
	self, err := os.Executable()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	sim, err := StartSimulator(context.Background(), self, io.Discard)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(sim.cmd.Process.Pid)
	time.Sleep(time.Minute)
}

// TestKilledParentLeavesNoSimulator kills the command that started a
// simulator with SIGKILL, which it cannot catch, and expects the kernel to
// take its simulator down with it.
func TestKilledParentLeavesNoSimulator(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	parent := exec.Command(self)
	parent.Env = append(os.Environ(), fakeParentEnv+"=1", "TMPDIR="+t.TempDir())
	stdout, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = parent.Process.Kill()
		t.Fatalf("reading the simulator pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		_ = parent.Process.Kill()
		t.Fatalf("fake parent said %q", line)
	}
	if processGone(pid) {
		t.Fatalf("simulator %d not running before its parent is killed", pid)
	}

	if err := parent.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = parent.Wait()

	// Generous: the kernel signals at once; this only bounds a broken case.
	deadline := time.Now().Add(10 * time.Second)
	for !processGone(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("simulator %d still running 10s after its parent was killed", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
