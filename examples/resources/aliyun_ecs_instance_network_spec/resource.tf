# Raise the public bandwidth of an existing subscription instance for good.
# The apply returns once the order is paid and the instance shows 20 Mbit/s
# out.
resource "aliyun_ecs_instance_network_spec" "web" {
  instance_id                = "i-prepaid-vpc"
  internet_max_bandwidth_out = 20
  internet_max_bandwidth_in  = 100
}

# A temporary upgrade for a launch: the apply books the window and pays its
# order; from start_time to end_time the instance has 50 Mbit/s out, then it
# is back at its permanent bandwidth. The block may stay once it has ended.
resource "aliyun_ecs_instance_network_spec" "launch" {
  instance_id = "i-prepaid-stopped"

  temporary_upgrade {
    internet_max_bandwidth_out = 50
    start_time                 = "2030-06-01T08:00Z"
    end_time                   = "2030-06-03T08Z"
  }
}

# Give a pay-as-you-go instance without a public IP 10 Mbit/s and an address,
# and put the original spec back when the resource is destroyed.
resource "aliyun_ecs_instance_network_spec" "worker" {
  instance_id                = "i-postpaid-noip"
  internet_max_bandwidth_out = 10
  internet_charge_type       = "PayByTraffic"
  allocate_public_ip         = true
  restore_on_destroy         = true

  timeouts {
    create = "20m"
    update = "20m"
  }
}
