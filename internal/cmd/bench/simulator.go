package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// simulator is one running simulator process and its admin API.
type simulator struct {
	cmd      *exec.Cmd
	exited   chan struct{}
	endpoint string // host:port, for the provider's endpoints
	baseURL  string // http://host:port, for the admin API
	client   *http.Client
	log      *bytes.Buffer
}

// simOptions are the simulator's flags a measurement sets.
type simOptions struct {
	settle   time.Duration
	payDelay time.Duration
	world    ecsmock.World
}

// startSimulator writes the world as a seed file in dir and runs the
// simulator on a free loopback port.
func (e *environment) startSimulator(ctx context.Context, dir string, o simOptions) (*simulator, error) {
	seed := filepath.Join(dir, "world.json")
	raw, err := json.Marshal(o.world)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(seed, raw, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(e.simulator,
		"-listen", "127.0.0.1:0",
		"-seed", seed,
		"-settle", o.settle.String(),
		"-pay-delay", o.payDelay.String(),
		"-quiet",
	)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &simulator{cmd: cmd, exited: make(chan struct{}), log: &bytes.Buffer{}, client: &http.Client{Timeout: time.Minute}}
	cmd.Stderr = s.log
	cmd.SysProcAttr = childAttr(syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", e.simulator, err)
	}
	lines := bufio.NewReader(stdout)
	first := make(chan string, 1)
	go func() {
		line, _ := lines.ReadString('\n')
		first <- line
		_, _ = io.Copy(io.Discard, lines)
	}()
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	select {
	case line := <-first:
		addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on http://")
		if !ok {
			s.stop()
			return nil, fmt.Errorf("the simulator's first line is %q: %s", line, s.log)
		}
		s.endpoint, s.baseURL = addr, "http://"+addr
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, errors.New("the simulator did not start listening within 30s")
	}
	return s, nil
}

// stop interrupts the simulator, and kills it if it lingers.
func (s *simulator) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// calls returns the API calls the simulator received since the last
// clearCalls.
func (s *simulator) calls(ctx context.Context) ([]ecsmock.Call, error) {
	var calls []ecsmock.Call
	err := s.admin(ctx, http.MethodGet, "/_mock/calls", nil, &calls)
	return calls, err
}

func (s *simulator) clearCalls(ctx context.Context) error {
	return s.admin(ctx, http.MethodDelete, "/_mock/calls", nil, nil)
}

// rateLimit has the simulator throttle action beyond perSecond calls a
// second (burst: as many).
func (s *simulator) rateLimit(ctx context.Context, action string, perSecond float64) error {
	rule := map[string]any{"Action": action, "Kind": "ratelimit", "PerSecond": perSecond}
	return s.admin(ctx, http.MethodPost, "/_mock/faults", rule, nil)
}

func (s *simulator) admin(ctx context.Context, method, path string, body, into any) error {
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.baseURL+path, r)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, msg)
	}
	if into == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(into)
}
