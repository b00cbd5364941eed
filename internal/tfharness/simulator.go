package tfharness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// listenPrefix starts the first line the simulator prints on stdout.
const listenPrefix = "listening on "

// startTimeout bounds the wait for that line; the binary is already built.
const startTimeout = 30 * time.Second

// stopGrace is how long Stop waits after the interrupt before it kills.
const stopGrace = 5 * time.Second

// Simulator is a running simulator process.
type Simulator struct {
	Endpoint string // host:port, what the provider's endpoints take
	// BaseURL is http://host:port, for the admin API; https://host:port
	// when started with -tls, whose -tls-ca file the admin client must then
	// trust (SSL_CERT_FILE).
	BaseURL string

	cmd     *exec.Cmd
	exited  chan struct{} // closed once the process has exited and its output is flushed
	waitErr error
}

// StartSimulator runs the simulator binary on a free loopback port with the
// given flags added, and returns once it listens. Everything it prints after
// its first line, stderr included, goes to log. The process is not tied to
// ctx once started: the caller stops it with Stop after Terraform is done
// with it; ctx only cuts the wait for it to listen short.
func StartSimulator(ctx context.Context, binary string, log io.Writer, flags ...string) (*Simulator, error) {
	first := make(chan string, 1)
	out := &lockedWriter{w: log}
	cmd := exec.Command(binary, append([]string{"-listen", "127.0.0.1:0"}, flags...)...)
	cmd.Stdout = &firstLineWriter{line: first, rest: out}
	cmd.Stderr = out
	cmd.SysProcAttr = childAttr(syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", binary, err)
	}
	s := &Simulator{cmd: cmd, exited: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()

	var line string
	select {
	case line = <-first:
	case <-s.exited:
		return nil, fmt.Errorf("the simulator exited before listening: %v", s.waitErr)
	case <-ctx.Done():
		s.Stop()
		return nil, ctx.Err()
	case <-time.After(startTimeout):
		s.Stop()
		return nil, fmt.Errorf("the simulator printed nothing within %s", startTimeout)
	}
	var err error
	s.BaseURL, s.Endpoint, err = parseListenLine(line)
	if err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Stop ends the simulator: an interrupt first so that it can finish
// in-flight requests, a kill if it is still there after stopGrace. Stopping
// a stopped simulator, or a nil one, does nothing.
func (s *Simulator) Stop() {
	if s == nil {
		return
	}
	select {
	case <-s.exited:
		return
	default:
	}
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		_ = s.cmd.Process.Kill()
	}
	select {
	case <-s.exited:
	case <-time.After(stopGrace):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// parseListenLine reads "listening on http://HOST:PORT" (https with -tls)
// and returns the base URL and HOST:PORT.
func parseListenLine(line string) (baseURL, endpoint string, err error) {
	line = strings.TrimSpace(line)
	raw, ok := strings.CutPrefix(line, listenPrefix)
	if !ok {
		return "", "", fmt.Errorf("the simulator's first line is %q, want %q", line, listenPrefix+"http(s)://HOST:PORT")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return "", "", fmt.Errorf("the simulator's address %q is not http(s)://HOST:PORT", raw)
	}
	if _, port, err := net.SplitHostPort(u.Host); err != nil || port == "" || port == "0" {
		return "", "", fmt.Errorf("the simulator's address %q has no port", raw)
	}
	return u.Scheme + "://" + u.Host, u.Host, nil
}

// maxFirstLine bounds what firstLineWriter buffers while it waits for a
// newline; past it the buffer is handed over as the line, which then fails
// to parse with the text in the error.
const maxFirstLine = 4096

// firstLineWriter hands the first line written to it (without its newline)
// to line, and passes everything after it to rest.
type firstLineWriter struct {
	line chan<- string // buffered, receives exactly one value
	rest io.Writer
	buf  []byte
	sent bool
}

func (w *firstLineWriter) Write(p []byte) (int, error) {
	if w.sent {
		return w.rest.Write(p)
	}
	i := bytes.IndexByte(p, '\n')
	if i < 0 {
		w.buf = append(w.buf, p...)
		if len(w.buf) > maxFirstLine {
			w.send()
		}
		return len(p), nil
	}
	w.buf = append(w.buf, p[:i]...)
	w.send()
	if _, err := w.rest.Write(p[i+1:]); err != nil {
		return i + 1, err
	}
	return len(p), nil
}

func (w *firstLineWriter) send() {
	w.line <- string(w.buf)
	w.buf = nil
	w.sent = true
}

// lockedWriter lets the simulator's stdout and stderr, copied by two
// goroutines, share one log that need not be safe for concurrent writes.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
