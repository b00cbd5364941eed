# Raise the public bandwidth of an existing subscription instance. The apply
# returns once the order is paid and the instance shows 20 Mbit/s out.
resource "aliyun_ecs_instance_network_spec" "web" {
  instance_id                = "i-bp1234567890abcdef"
  internet_max_bandwidth_out = 20
  internet_max_bandwidth_in  = 100
}

# A temporary upgrade for a launch window: the bandwidth goes back to its
# previous value when end_time passes, and that does not show as a diff.
resource "aliyun_ecs_instance_network_spec" "launch" {
  instance_id                = "i-bp0987654321fedcba"
  internet_max_bandwidth_out = 50
  start_time                 = "2030-06-01T08:00Z"
  end_time                   = "2030-06-03T08Z"
}

# Give a pay-as-you-go instance without a public IP 10 Mbit/s and an address,
# and put the original spec back when the resource is destroyed.
resource "aliyun_ecs_instance_network_spec" "worker" {
  instance_id                = "i-bp1122334455667788"
  internet_max_bandwidth_out = 10
  network_charge_type        = "PayByTraffic"
  allocate_public_ip         = true
  restore_on_destroy         = true

  timeouts {
    create = "20m"
    update = "20m"
  }
}
