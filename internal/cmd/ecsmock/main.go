// Command ecsmock serves the ECS, BSS and STS API simulator of package
// internal/ecsmock on one listener. Its first line on stdout is
// "listening on http://HOST:PORT" (https with -tls); it stops cleanly, state file written, on
// SIGINT or SIGTERM. See the package documentation for the world format,
// the rules and the admin API.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
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

// flagsFromEnv sets every flag not given on the command line from its
// environment variable ECSMOCK_<FLAG> (upper case, - as _), when set. A
// value the flag refuses stops start-up. -version is a command, not a
// setting, and is not read from the environment.
func flagsFromEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	given := map[string]bool{"version": true}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		name := "ECSMOCK_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if value, ok := lookup(name); ok {
			if fs.Set(f.Name, value) != nil {
				err = fmt.Errorf("environment variable %s=%q is not a valid -%s: want %s", name, value, f.Name, valueKind(f))
			}
		}
	})
	return err
}

// valueKind says what a flag takes, for the start-up error.
func valueKind(f *flag.Flag) string {
	switch f.Value.(flag.Getter).Get().(type) {
	case time.Duration:
		return "a Go duration such as 2s or 5m"
	case bool:
		return "true or false"
	case int:
		return "an integer"
	}
	return "a string"
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
	useTLS := fs.Bool("tls", false, "serve HTTPS with a certificate for 127.0.0.1, ::1 and localhost, issued at start by a fresh CA")
	tlsCA := fs.String("tls-ca", "", "with -tls: write the CA certificate (PEM) to this file, for clients to trust")
	maxCalls := fs.Int("max-calls", ecsmock.DefaultMaxCalls, "how many recorded calls /_mock/calls keeps; the oldest are dropped")
	adminToken := fs.String("admin-token", "", "open the admin API (/_mock/) to non-loopback clients sending it as Authorization: Bearer TOKEN")
	version := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *version {
		fmt.Fprintln(stdout, "ecsmock", ecsmock.Version)
		return nil
	}
	if err := flagsFromEnv(fs, os.LookupEnv); err != nil {
		return err
	}
	if *tlsCA != "" && !*useTLS {
		return errors.New("-tls-ca needs -tls: without it the simulator serves plain HTTP")
	}
	if *maxCalls < 1 {
		return fmt.Errorf("-max-calls %d: keep at least 1 call", *maxCalls)
	}

	cfg := ecsmock.Config{StateFile: *state, Settle: *settle, PayDelay: *payDelay, DowngradeLock: *downgradeLock, ChangeLock: *changeLock,
		MaxCalls: *maxCalls, AdminToken: *adminToken, ListenAddr: *listen}
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
	scheme := "http"
	if *useTLS {
		// The CA file is complete before the first line says where to
		// connect, so that a client may read both at once.
		if ln, err = listenTLS(ln, *tlsCA, stderr); err != nil {
			srv.Close()
			return err
		}
		scheme = "https"
	}
	fmt.Fprintf(stdout, "listening on %s://%s\n", scheme, ln.Addr())
	if warning := listenWarning(*listen, *adminToken != ""); warning != "" {
		fmt.Fprintln(stderr, "ecsmock: warning:", warning)
	}

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

// listenTLS wraps ln in TLS with a certificate from a fresh CA, whose PEM
// goes to caFile (written atomically) when set.
func listenTLS(ln net.Listener, caFile string, stderr io.Writer) (net.Listener, error) {
	cfg, caPEM, err := ecsmock.LoopbackTLS()
	if err != nil {
		ln.Close()
		return nil, err
	}
	if caFile == "" {
		fmt.Fprintln(stderr, "ecsmock: -tls without -tls-ca: clients have no CA to verify the certificate with")
	} else if err := ecsmock.WriteCAFile(caFile, caPEM); err != nil {
		ln.Close()
		return nil, fmt.Errorf("-tls-ca: %w", err)
	}
	return tls.NewListener(ln, cfg), nil
}

// listenWarning is what to say about a listen address other machines can
// reach, or "" for a loopback one.
func listenWarning(listen string, withToken bool) string {
	if loopbackOnly(listen) {
		return ""
	}
	if withToken {
		return "-listen " + listen + " is reachable from other machines; the admin API (/_mock/) answers them only with the -admin-token"
	}
	return "-listen " + listen + " is reachable from other machines; the admin API (/_mock/) still answers loopback clients only (give -admin-token to open it to others)"
}

// loopbackOnly tells whether a listen address can be reached from this
// machine only: localhost or a loopback IP, not an empty or wildcard host.
func loopbackOnly(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
