# Read an instance's current network spec and the outbound bandwidth range the
# API allows it now.
data "aliyun_ecs_instance_network_spec" "web" {
  instance_id = "i-prepaid-vpc"
}

# Ask for 50 Mbit/s out, or the most the API accepts for this instance if that
# is less, so that the plan does not fail on the range. The value depends
# only on the range, not on the bandwidth the apply sets: a second apply
# changes nothing.
resource "aliyun_ecs_instance_network_spec" "web" {
  instance_id = data.aliyun_ecs_instance_network_spec.web.instance_id
  internet_max_bandwidth_out = min(
    50,
    data.aliyun_ecs_instance_network_spec.web.out_max,
  )
}

output "web_public_address" {
  # The instance's own public IP or, for an instance with an Elastic IP, the
  # EIP; null when it has neither.
  value = coalesce(data.aliyun_ecs_instance_network_spec.web.public_ip_address, "none")
}
