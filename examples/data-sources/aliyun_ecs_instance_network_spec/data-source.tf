# Read an instance's current network spec and the outbound bandwidth range the
# API allows it now.
data "aliyun_ecs_instance_network_spec" "web" {
  instance_id = "i-bp1234567890abcdef"
}

# Double the outbound bandwidth, but never past what the API accepts for this
# instance, so that the plan does not fail on the range.
resource "aliyun_ecs_instance_network_spec" "web" {
  instance_id = data.aliyun_ecs_instance_network_spec.web.instance_id
  internet_max_bandwidth_out = min(
    data.aliyun_ecs_instance_network_spec.web.internet_max_bandwidth_out * 2,
    data.aliyun_ecs_instance_network_spec.web.out_max,
  )
}

output "web_public_address" {
  # An instance with an Elastic IP has no public IP of its own.
  value = coalesce(
    data.aliyun_ecs_instance_network_spec.web.public_ip_address,
    data.aliyun_ecs_instance_network_spec.web.eip_address,
    "none",
  )
}
