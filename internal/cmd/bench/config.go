package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

// writeConfig writes, into dir, a configuration managing the first n
// instances of a generated world through the simulator at endpoint, their
// outbound bandwidth set by the variable "out".
func writeConfig(dir, endpoint string, n int) error {
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(endpoint, n)), 0o644)
}

func config(endpoint string, n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    aliyun = {
      source = "ecsnet/aliyun"
    }
  }
}

variable "out" {
  type = number
}

provider "aliyun" {
  region     = %[1]s
  access_key = %[2]s
  secret_key = %[3]s
  protocol   = "HTTP"

  endpoints {
    ecs = %[4]s
    bss = %[4]s
  }
}

resource "aliyun_ecs_instance_network_spec" "bench" {
  count                      = %[5]d
  instance_id                = format("i-bench-%%04d", count.index)
  internet_max_bandwidth_out = var.out
}
`, tfharness.HCLString(region), tfharness.HCLString(accessKey), tfharness.HCLString(secretKey), tfharness.HCLString(endpoint), n)
}
