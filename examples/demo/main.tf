# The configuration `make demo` drives against the simulator. It also works
# against a simulator started by `make mock` with nothing but
# `terraform apply` and a dev_overrides CLI configuration (see the README).

terraform {
  required_providers {
    aliyun = {
      source = "ecsnet/aliyun"
    }
  }
}

# The simulator's built-in world: one account, region cn-hangzhou, plain HTTP.
provider "aliyun" {
  region     = "cn-hangzhou"
  access_key = "mock-access-key"
  secret_key = "mock-secret"
  protocol   = "HTTP"

  endpoints {
    ecs = var.endpoint
    bss = var.endpoint
  }
}

resource "aliyun_ecs_instance_network_spec" "demo" {
  instance_id                = var.instance_id
  internet_max_bandwidth_out = var.out

  timeouts {
    create = "2m"
    update = "2m"
  }
}
