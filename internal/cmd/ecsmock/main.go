// Command ecsmock serves the ECS and BSS API simulator of package
// internal/ecsmock on one listener. Its first line on stdout is
// "listening on http://HOST:PORT"; it stops cleanly, state file written, on
// SIGINT or SIGTERM. See the package documentation for the world format,
// the rules and the admin API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ecsmock:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ecsmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8642", "address to listen on; port 0 picks a free one")
	seed := fs.String("seed", "", "world to start from (JSON); default: the built-in world")
	state := fs.String("state", "", "keep the world in this file: loaded at start, written atomically after each change")
	settle := fs.Duration("settle", ecsmock.DefaultSettle, "time from a paid order (or a change without order) to the new spec showing in Describe*")
	payDelay := fs.Duration("pay-delay", ecsmock.DefaultPayDelay, "time for an auto-paid order to become Paid")
	downgradeLock := fs.Duration("downgrade-lock", ecsmock.DefaultDowngradeLock, "after a successful downgrade, further changes of that instance are refused this long")
	changeLock := fs.Duration("change-lock", 0, "after any successful change, further changes of that instance are refused this long (LastOrderProcessing); 0: never")
	quiet := fs.Bool("quiet", false, "do not log each API call on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	cfg := ecsmock.Config{StateFile: *state, Settle: *settle, PayDelay: *payDelay, DowngradeLock: *downgradeLock, ChangeLock: *changeLock}
	if !*quiet {
		cfg.Logger = log.New(stderr, "ecsmock: ", log.LstdFlags)
	}
	if *seed != "" {
		w, err := ecsmock.LoadWorld(*seed)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		cfg.World = &w
	}
	srv, err := ecsmock.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		srv.Close()
		return err
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	// Calls held by a delay fault would otherwise keep Shutdown waiting.
	hs.RegisterOnShutdown(func() { _ = srv.Close() })
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	select {
	case err = <-served:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = hs.Shutdown(shutdown)
		cancel()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, srv.Close())
}
