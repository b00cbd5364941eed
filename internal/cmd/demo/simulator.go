package main

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
	"syscall"
	"time"
)

// listenPrefix starts the first line the simulator prints on stdout.
const listenPrefix = "listening on "

// startTimeout bounds the wait for that line; the binary is already built.
const startTimeout = 30 * time.Second

// simulator is a running simulator process.
type simulator struct {
	cmd      *exec.Cmd
	exited   chan struct{} // closed once the process has exited and its output is flushed
	waitErr  error
	endpoint string // host:port, what the provider's endpoints take
	baseURL  string // http://host:port, for the admin API
}

// startSimulator runs the simulator binary on a free loopback port with its
// built-in world. Everything it prints after the first line goes to logFile.
func startSimulator(ctx context.Context, binary, logFile string, settle, payDelay time.Duration) (*simulator, error) {
	log, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	first := make(chan string, 1)
	cmd := exec.CommandContext(ctx, binary,
		"-listen", "127.0.0.1:0",
		"-settle", settle.String(),
		"-pay-delay", payDelay.String(),
	)
	cmd.Stdout = &firstLineWriter{line: first, rest: log}
	cmd.Stderr = log
	cmd.SysProcAttr = childAttr(syscall.SIGTERM)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w", binary, err)
	}
	s := &simulator{cmd: cmd, exited: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		log.Close()
		close(s.exited)
	}()

	var line string
	select {
	case line = <-first:
	case <-s.exited:
		return nil, fmt.Errorf("the simulator exited before listening: %v (see %s)", s.waitErr, logFile)
	case <-time.After(startTimeout):
		s.stop()
		return nil, fmt.Errorf("the simulator printed nothing within %s (see %s)", startTimeout, logFile)
	}
	s.baseURL, s.endpoint, err = parseListenLine(line)
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("%w (see %s)", err, logFile)
	}
	return s, nil
}

// stop ends the simulator: an interrupt first so that it can finish in-flight
// requests, a kill if it is still there after a few seconds.
func (s *simulator) stop() {
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
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// parseListenLine reads "listening on http://HOST:PORT" and returns the base
// URL and HOST:PORT.
func parseListenLine(line string) (baseURL, endpoint string, err error) {
	line = strings.TrimSpace(line)
	raw, ok := strings.CutPrefix(line, listenPrefix)
	if !ok {
		return "", "", fmt.Errorf("the simulator's first line is %q, want %q", line, listenPrefix+"http://HOST:PORT")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return "", "", fmt.Errorf("the simulator's address %q is not http://HOST:PORT", raw)
	}
	if _, port, err := net.SplitHostPort(u.Host); err != nil || port == "" || port == "0" {
		return "", "", fmt.Errorf("the simulator's address %q has no port", raw)
	}
	return "http://" + u.Host, u.Host, nil
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
