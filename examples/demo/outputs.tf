output "instance_id" {
  value = aliyun_ecs_instance_network_spec.demo.instance_id
}

output "internet_max_bandwidth_out" {
  value = aliyun_ecs_instance_network_spec.demo.internet_max_bandwidth_out
}

output "internet_max_bandwidth_in" {
  value = aliyun_ecs_instance_network_spec.demo.internet_max_bandwidth_in
}

output "internet_charge_type" {
  value = aliyun_ecs_instance_network_spec.demo.internet_charge_type
}

output "instance_charge_type" {
  value = aliyun_ecs_instance_network_spec.demo.instance_charge_type
}

output "public_ip_address" {
  value = aliyun_ecs_instance_network_spec.demo.public_ip_address
}

output "order_id" {
  value = aliyun_ecs_instance_network_spec.demo.order_id
}
