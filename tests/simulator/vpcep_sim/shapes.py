# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The answer shape of each call: exactly the fields of the SDK's response model for it.

The real API answers each call with its own field set (show has cidr_type but no pool_id, list
items have domain_id and connection_count, ...). A client that reads a field another call does not
return must fail here as it would against the cloud, so every answer is the full view of a
resource cut down to one of these key lists. Every key of the model is present; a field without a
value is null (or an empty list). The lists mirror huaweicloudsdkvpcep's openapi_types, which
tests/unit/simulator/test_answer_shapes.py checks.
"""

SERVICE_CREATE = (
    "id", "port_id", "service_name", "server_type", "vpc_id", "pool_id", "approval_enabled", "status", "service_type",
    "created_at", "updated_at", "project_id", "ip", "ports", "tcp_proxy", "tags", "description", "enable_policy",
    "ip_version",
)
SERVICE_UPDATE = SERVICE_CREATE
SERVICE_SHOW = (
    "id", "port_id", "service_name", "server_type", "vpc_id", "approval_enabled", "status", "service_type",
    "supported_editions", "created_at", "updated_at", "project_id", "cidr_type", "ip", "ports", "tcp_proxy", "tags",
    "error", "enable_policy", "description",
)
SERVICE_LIST_ITEM = (
    "id", "port_id", "service_name", "server_type", "vpc_id", "approval_enabled", "status", "service_type",
    "created_at", "updated_at", "project_id", "domain_id", "ports", "ip", "tags", "connection_count", "tcp_proxy",
    "error", "description", "supported_editions", "public_border_group", "enable_policy",
)
SERVICE_DESCRIBE = ("id", "service_name", "service_type", "created_at", "is_charge", "public_border_group", "enable_policy")
PUBLIC_SERVICE = ("id", "owner", "service_name", "service_type", "created_at", "is_charge", "enable_policy")
PERMISSION_LIST_ITEM = ("id", "permission", "permission_type", "created_at")
EPS_PERMISSION = ("id", "permission", "permission_type", "description", "created_at")
CONNECTION = ("id", "marker_id", "created_at", "updated_at", "domain_id", "error", "status", "description")

ENDPOINT_CREATE = (
    "id", "service_type", "status", "ip", "active_status", "endpoint_service_name", "marker_id", "endpoint_service_id",
    "enable_dns", "subnet_id", "vpc_id", "created_at", "updated_at", "project_id", "tags", "whitelist",
    "enable_whitelist", "routetables", "specification_name", "description", "policy_statement", "policy_document",
    "enable_status", "endpoint_pool_id", "public_border_group", "ipv6_address",
)
ENDPOINT_SHOW = (
    "id", "service_type", "status", "active_status", "enable_status", "specification_name", "endpoint_service_name",
    "marker_id", "endpoint_service_id", "enable_dns", "dns_names", "ip", "vpc_id", "subnet_id", "created_at",
    "updated_at", "project_id", "tags", "error", "whitelist", "enable_whitelist", "routetables", "description",
    "policy_statement", "policy_document", "endpoint_pool_id", "public_border_group", "ipv6_address",
)
ENDPOINT_LIST_ITEM = tuple(key for key in ENDPOINT_SHOW if key not in ("enable_status", "specification_name", "ipv6_address"))
ENDPOINT_WHITELIST = (
    "id", "service_type", "status", "ip", "active_status", "endpoint_service_name", "marker_id", "endpoint_service_id",
    "enable_dns", "dns_names", "subnet_id", "vpc_id", "created_at", "updated_at", "project_id", "tags", "whitelist",
    "enable_whitelist", "policy_statement", "policy_document",
)
ENDPOINT_POLICY = (
    "id", "service_type", "status", "active_status", "endpoint_service_name", "marker_id", "endpoint_service_id", "ip",
    "vpc_id", "created_at", "updated_at", "project_id", "tags", "error", "whitelist", "enable_whitelist", "routetables",
    "description", "policy_statement", "policy_document", "endpoint_pool_id", "public_border_group",
)
ENDPOINT_ROUTETABLES = ("routetables", "error")
ROUTETABLE_ERROR = ("bind_failed", "unbind_failed")
ROUTETABLE_ERROR_DETAIL = ("id", "error_message")
PROJECT_TAGS = ("tags",)
TAG_VALUES = ("key", "values")
RESOURCE_INSTANCE = ("resource_id", "resource_name", "tags")


def cut(view, keys):
    """The view reduced to exactly these keys, in this order; a key the view lacks is null."""
    return {key: view.get(key) for key in keys}
