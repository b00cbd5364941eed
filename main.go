// Command terraform-provider-aliyun is the aliyun Terraform provider plugin.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	rtdebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/ecsnet/terraform-provider-aliyun/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// memoryLimit is the provider's soft memory limit unless GOMEMLIMIT sets
// another. A refresh of hundreds of resources allocates heavily in the
// plugin framework's per-request work, and the default GC pacing lets the
// heap grow to twice what is live (about 100 MiB at 500 resources): near
// this limit the GC runs sooner instead. It is soft: a larger live heap
// still fits, the GC then spending at most half the CPU.
const memoryLimit = 64 << 20

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if os.Getenv("GOMEMLIMIT") == "" {
		rtdebug.SetMemoryLimit(memoryLimit)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/ecsnet/aliyun",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
