package tfharness

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Main runs a command's work with a context that ends on an interrupt,
// SIGTERM or any of also, so that the work stops its children in order, then
// says on stderr how it ended and exits 1 if it failed.
func Main(name string, run func(context.Context) error, also ...os.Signal) {
	ctx, stop := signal.NotifyContext(context.Background(), append([]os.Signal{os.Interrupt, syscall.SIGTERM}, also...)...)
	err := run(ctx)
	// Read before stop: stop cancels the context, which would make every
	// failure look like an interrupt.
	interrupted := ctx.Err() != nil
	stop()
	os.Exit(ending(os.Stderr, name, interrupted, err))
}

// ending writes how the command ended, when it failed, and returns its exit
// code.
func ending(w io.Writer, name string, interrupted bool, err error) int {
	switch {
	case err == nil:
		return 0
	case interrupted:
		fmt.Fprintf(w, "\n%s interrupted\n", name)
	default:
		fmt.Fprintf(w, "\n%s FAILED: %v\n", name, err)
	}
	return 1
}
