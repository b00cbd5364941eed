# The network spec of an instance is imported by the instance ID.
terraform import aliyun_ecs_instance_network_spec.web i-prepaid-vpc
