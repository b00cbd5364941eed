variable "endpoint" {
  description = "host:port of the simulator, which serves both the ECS and the BSS API."
  type        = string
  default     = "127.0.0.1:8642"
}

variable "instance_id" {
  description = "The instance whose bandwidth the demo changes: a subscription (PrePaid) instance of the built-in world, so the change places an order."
  type        = string
  default     = "i-prepaid-vpc"
}

# No validation block on purpose: an out-of-range value must reach the
# provider, which refuses it at plan time.
variable "out" {
  description = "Outbound public bandwidth in Mbit/s, within the range the API allows the instance (DescribeBandwidthLimitation; at most 100 for the demo's instance)."
  type        = number
  default     = 20
}
