terraform {
  required_providers {
    aliyun = {
      source  = "ecsnet/aliyun"
      version = "0.1.0"
    }
  }
}

# Credentials are best left out of the configuration: the provider reads
# ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (or a profile of
# ~/.aliyun/config.json, an instance RAM role, an OIDC token) when
# access_key and secret_key are not set.
provider "aliyun" {
  region = "cn-hangzhou"
}
