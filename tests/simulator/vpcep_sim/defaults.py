# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start values of the simulator; the CLI's environment variables and flags override them."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_REGION = "cn-north-4"
# The default account: the provider, owner of the endpoint services the modules manage.
DEFAULT_ACCOUNT_NAME = "provider"
DEFAULT_PROJECT_ID = "0e5b1ca3ce2c4a5f9d6a7b8c9d0e1f2a"
DEFAULT_DOMAIN_ID = "9f1d2c3b4a5e4f6a8b7c6d5e4f3a2b1c"
DEFAULT_ACCESS_KEY = "SIMULATORAK0000000001"
DEFAULT_SECRET_KEY = "SimulatorSecretKey0000000000000000000001"
# The second default account: a consumer that creates VPC endpoints to the provider's services.
CONSUMER_ACCOUNT_NAME = "consumer"
CONSUMER_PROJECT_ID = "7c4e2a9b1d3f4e5a8b6c0d2e4f6a8b0c"
CONSUMER_DOMAIN_ID = "3a5c7e9b1d2f4a6c8e0b2d4f6a8c0e1d"
CONSUMER_ACCESS_KEY = "SIMCONSUMERAK0000000002"
CONSUMER_SECRET_KEY = "SimulatorConsumerSecretKey00000000000002"
DEFAULT_PROVISION_DELAY = 2.0
# Seconds an accepted connection stays 'creating'; 0 keeps the answer of an accept 'accepted' at once.
DEFAULT_CONNECTION_DELAY = 0.0

# Limits of the real API (seed pages, API-NOTES.md and the SDK's models).
LIST_DEFAULT_LIMIT = 10
LIST_MAX_LIMIT = 1000
PERMISSIONS_MAX_LIMIT = 500
MAX_PORTS = 200
# The current SDK and API reference say 20 tags per resource (the older create page said 10).
MAX_TAGS = 20
SERVICE_QUOTA = 10000
ENDPOINT_QUOTA = 50
# The Terraform provider's huaweicloud_vpcep_endpoint documents "the max length of whitelist is 20"; neither the SDK
# nor the API reference gives a figure.
MAX_WHITELIST = 20
# Not documented; large enough for any test, small enough to keep a request bounded.
MAX_ROUTETABLES = 100
MAX_SERVER_RESOURCES = 100
MAX_POLICY_STATEMENTS = 100
# resource_instances/action (the SDK's QueryResourceInstanceTagsBody): limit 1-1000 (default 1000), 10 keys, 10 values.
TAG_QUERY_MAX_LIMIT = 1000
TAG_QUERY_MAX_KEYS = 10
TAG_QUERY_MAX_VALUES = 10
SIGNATURE_MAX_SKEW = 15 * 60
TOKEN_LIFETIME = 24 * 3600
REQUEST_LOG_SIZE = 20000

# Constant values of fields the simulator has no model for (plausible values of the real API).
PUBLIC_BORDER_GROUP = "center"
# The SDK's ListServiceDetailsResponse: cidr_type public or internal, "default internal".
CIDR_TYPE = "internal"
# The SDK: supported_editions takes profession (professional) and basic. A new service is basic; the v2 upgrade
# call adds profession (the simulator's choice of how an upgraded service reads).
BASIC_EDITION = "basic"
PROFESSIONAL_EDITION = "profession"
SPECIFICATION_NAME = "default"
# The SDK: policy_document "defaults to full access" for endpoints of services with enable_policy. Its exact form on
# the real API is not documented; this is an IAM-style document allowing everything.
FULL_ACCESS_POLICY = {"Version": "5.0", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}
# The fake subnet every interface endpoint takes its address from (port_ip or the next free one).
ENDPOINT_SUBNET = "192.168.0.0/16"
ENDPOINT_IPV6_SUBNET = "fd00:5e::/64"
DNS_SUFFIX = "vpcep.example"
