# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request validation with the limits of the seed pages (create and modify) and API-NOTES.md.

Every violation raises ApiError(400, "EndPoint.0002", message) and the message names the field,
so a client sees which of its parameters the API refused.
"""

import ipaddress
import re
import unicodedata

from .defaults import MAX_PORTS, MAX_TAGS


class ApiError(Exception):
    """An error answer: HTTP status, error_code and error_msg."""

    def __init__(self, status, error_code, error_msg, headers=None):
        super().__init__(error_msg)
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.headers = headers or {}


def bad(message):
    """A 400 EndPoint.0002 parameter error."""
    return ApiError(400, "EndPoint.0002", message)


CREATE_FIELDS = (
    "port_id", "service_name", "vpc_id", "approval_enabled", "service_type", "server_type", "ip",
    "ports", "tcp_proxy", "tags", "description", "ip_version", "snat_network_id", "enable_policy",
)
UPDATE_FIELDS = ("approval_enabled", "service_name", "ports", "port_id", "tcp_proxy", "description", "ip")
# enable_policy: the SDK's create model lacks it, but the Terraform provider sends it at creation (ForceNew).
IMMUTABLE_FIELDS = ("vpc_id", "server_type", "service_type", "ip_version", "snat_network_id", "enable_policy")

SERVER_TYPES = ("VM", "VIP", "LB")
SERVICE_TYPES = ("interface", "gateway")
TCP_PROXY_VALUES = ("close", "toa_open", "proxy_open", "open")
IP_VERSIONS = ("ipv4", "ipv6")
PROTOCOLS = ("TCP", "UDP")
PERMISSION_TYPES = ("domainId", "orgPath")

SERVICE_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{0,16}$")
TAG_FORBIDDEN = set("=*<>\\,|/")
# The SDK: a domain id of 1-64 letters, digits or '*' ('iam:domain::*' allows every account).
DOMAIN_PERMISSION_RE = re.compile(r"^iam:domain::[a-zA-Z0-9*]{1,64}$")
ORG_PERMISSION_PREFIX = "organizations:orgPath::"
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def _type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def check_string(field, value, min_len=0, max_len=None):
    """A JSON string with a length in [min_len, max_len]."""
    if not isinstance(value, str):
        raise bad("Invalid parameter %s: must be a string, got %s" % (field, _type_name(value)))
    if len(value) < min_len:
        if min_len == 1:
            raise bad("Invalid parameter %s: must not be empty" % field)
        raise bad("Invalid parameter %s: must be at least %d characters long" % (field, min_len))
    if max_len is not None and len(value) > max_len:
        raise bad("Invalid parameter %s: must be at most %d characters long, got %d" % (field, max_len, len(value)))
    return value


def check_bool(field, value):
    """A JSON boolean (not a string, not a number)."""
    if not isinstance(value, bool):
        raise bad("Invalid parameter %s: must be a boolean, got %s" % (field, _type_name(value)))
    return value


def check_int(field, value, minimum, maximum):
    """A JSON integer (not a bool, not a float, not a string) within [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad("Invalid parameter %s: must be an integer, got %s" % (field, _type_name(value)))
    if value < minimum or value > maximum:
        raise bad("Invalid parameter %s: must be between %d and %d, got %d" % (field, minimum, maximum, value))
    return value


def check_enum(field, value, allowed):
    """One of the allowed string values."""
    check_string(field, value)
    if value not in allowed:
        raise bad("Invalid parameter %s: must be one of %s, got '%s'" % (field, ", ".join(allowed), value))
    return value


def check_object(field, value):
    """A JSON object."""
    if not isinstance(value, dict):
        raise bad("Invalid parameter %s: must be an object, got %s" % (field, _type_name(value)))
    return value


def check_list(field, value, min_items=0, max_items=None):
    """A JSON array with a number of items in [min_items, max_items]."""
    if not isinstance(value, list):
        raise bad("Invalid parameter %s: must be an array, got %s" % (field, _type_name(value)))
    if len(value) < min_items:
        raise bad("Invalid parameter %s: must contain at least %d item(s)" % (field, min_items))
    if max_items is not None and len(value) > max_items:
        raise bad("Invalid parameter %s: must contain at most %d items, got %d" % (field, max_items, len(value)))
    return value


def check_service_name(field, value):
    """At most 16 letters, digits, '_' and '-' (may be empty)."""
    check_string(field, value, 0, 16)
    if not SERVICE_NAME_RE.match(value):
        raise bad("Invalid parameter %s: may contain only letters, digits, '_' and '-'" % field)
    return value


def check_description(field, value):
    """At most 512 characters, no '<' or '>'."""
    check_string(field, value, 0, 512)
    if "<" in value or ">" in value:
        raise bad("Invalid parameter %s: must not contain '<' or '>'" % field)
    return value


def check_ipv4(field, value):
    """An IPv4 address."""
    check_string(field, value, 1, 15)
    try:
        ipaddress.IPv4Address(value)
    except ValueError as exc:
        raise bad("Invalid parameter %s: must be an IPv4 address, got '%s'" % (field, value)) from exc
    return value


def check_ip(field, value):
    """An IPv4 address or a domain name (the create and modify pages: no IPv6 address)."""
    check_string(field, value, 1, 255)
    try:
        ipaddress.IPv4Address(value)
        return value
    except ValueError:
        pass
    if ":" in value:
        raise bad("Invalid parameter %s: must be an IPv4 address or a domain name, an IPv6 address is not supported, got '%s'"
                  % (field, value))
    if re.match(r"^[0-9.]+$", value) or not HOSTNAME_RE.match(value):
        raise bad("Invalid parameter %s: must be an IPv4 address or a domain name, got '%s'" % (field, value))
    return value


def check_ports(field, value):
    """1 to 200 mappings of client_port/server_port (1-65535) and protocol (TCP/UDP), no duplicates.

    Returns the normalised list (protocol defaulted to TCP)."""
    check_list(field, value, 1, MAX_PORTS)
    result = []
    seen_mapping = set()
    seen_client = set()
    for index, item in enumerate(value):
        name = "%s[%d]" % (field, index)
        check_object(name, item)
        for key in item:
            if key not in ("client_port", "server_port", "protocol"):
                raise bad("Invalid parameter %s.%s: unknown field" % (name, key))
        for key in ("client_port", "server_port"):
            if key not in item:
                raise bad("Invalid parameter %s.%s: is required" % (name, key))
            check_int("%s.%s" % (name, key), item[key], 1, 65535)
        protocol = item.get("protocol", "TCP")
        check_enum("%s.protocol" % name, protocol, PROTOCOLS)
        mapping = (item["client_port"], item["server_port"], protocol)
        if mapping in seen_mapping:
            raise bad("Invalid parameter %s: duplicate port mapping %d->%d/%s" % (name, mapping[0], mapping[1], protocol))
        if (item["client_port"], protocol) in seen_client:
            raise bad("Invalid parameter %s.client_port: client_port %d/%s is mapped twice" % (name, item["client_port"], protocol))
        seen_mapping.add(mapping)
        seen_client.add((item["client_port"], protocol))
        result.append({"client_port": item["client_port"], "server_port": item["server_port"], "protocol": protocol})
    return result


def _check_tag_text(field, value, min_len, max_len):
    check_string(field, value, min_len, max_len)
    bad_chars = sorted(set(value) & TAG_FORBIDDEN)
    if bad_chars:
        raise bad("Invalid parameter %s: must not contain %s" % (field, " ".join("'%s'" % c for c in bad_chars)))
    if value != value.strip():
        raise bad("Invalid parameter %s: must not start or end with a space or other whitespace" % field)
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise bad("Invalid parameter %s: must not contain control characters" % field)
    return value


def check_tag_key(field, value):
    """Tag key: 1-128 characters, none of = * < > \\ , | /, no control character, no leading or trailing whitespace."""
    return _check_tag_text(field, value, 1, 128)


def check_tag_value(field, value):
    """Tag value: 0-255 characters, none of = * < > \\ , | /, no control character, no leading or trailing whitespace."""
    return _check_tag_text(field, value, 0, 255)


def check_tags(field, value, require_value=False, max_items=MAX_TAGS, default_value=True):
    """A list of {key, value}; keys unique. Returns the normalised list (value defaulted to '' unless default_value is false)."""
    check_list(field, value, 0, max_items)
    result = []
    keys = set()
    for index, item in enumerate(value):
        name = "%s[%d]" % (field, index)
        check_object(name, item)
        for key in item:
            if key not in ("key", "value"):
                raise bad("Invalid parameter %s.%s: unknown field" % (name, key))
        if "key" not in item:
            raise bad("Invalid parameter %s.key: is required" % name)
        check_tag_key("%s.key" % name, item["key"])
        if "value" in item:
            check_tag_value("%s.value" % name, item["value"])
        elif require_value:
            raise bad("Invalid parameter %s.value: is required" % name)
        if item["key"] in keys:
            raise bad("Invalid parameter %s.key: duplicate tag key '%s'" % (name, item["key"]))
        keys.add(item["key"])
        tag = {"key": item["key"]}
        if "value" in item or default_value:
            tag["value"] = item.get("value", "")
        result.append(tag)
    return result


def check_unknown(body, allowed, immutable=()):
    for key in body:
        if key in immutable:
            raise bad("Invalid parameter %s: cannot be modified after creation" % key)
        if key not in allowed:
            raise bad("Invalid parameter %s: unknown field" % key)


def validate_create(body):
    """Validate a create body; returns the normalised fields with the API's defaults applied."""
    check_object("body", body)
    check_unknown(body, CREATE_FIELDS)
    for key in ("port_id", "vpc_id", "server_type", "ports"):
        if key not in body:
            raise bad("Invalid parameter %s: is required" % key)
    result = {
        "port_id": check_string("port_id", body["port_id"], 1, 64),
        "vpc_id": check_string("vpc_id", body["vpc_id"], 1, 64),
        "server_type": check_enum("server_type", body["server_type"], SERVER_TYPES),
        "ports": check_ports("ports", body["ports"]),
        "service_name": check_service_name("service_name", body.get("service_name", "")),
        "approval_enabled": check_bool("approval_enabled", body.get("approval_enabled", True)),
        "service_type": check_enum("service_type", body.get("service_type", "interface"), SERVICE_TYPES),
        "tcp_proxy": check_enum("tcp_proxy", body.get("tcp_proxy", "close"), TCP_PROXY_VALUES),
        "tags": check_tags("tags", body.get("tags", [])),
        "description": check_description("description", body.get("description", "")),
        "ip_version": check_enum("ip_version", body.get("ip_version", "ipv4"), IP_VERSIONS),
        "ip": check_ip("ip", body["ip"]) if body.get("ip") is not None else None,
        "snat_network_id": check_string("snat_network_id", body["snat_network_id"], 1, 64) if body.get("snat_network_id") is not None else None,
        "enable_policy": check_bool("enable_policy", body.get("enable_policy", False)),
    }
    return result


def validate_server_resources(body):
    """AddEndpointServiceServerResourceRequestBody: {"server_resources": [{"resource_id", "availability_zone_id"}]}."""
    check_object("body", body)
    check_unknown(body, ("server_resources",))
    if "server_resources" not in body:
        raise bad("Invalid parameter server_resources: is required")
    resources = check_list("server_resources", body["server_resources"], 1)
    result = []
    for index, item in enumerate(resources):
        name = "server_resources[%d]" % index
        check_object(name, item)
        check_item_keys(name, item, ("resource_id", "availability_zone_id"), ("resource_id",))
        entry = {"resource_id": check_string(name + ".resource_id", item["resource_id"], 1, 64)}
        if item.get("availability_zone_id") is not None:
            entry["availability_zone_id"] = check_string(name + ".availability_zone_id", item["availability_zone_id"], 1, 64)
        result.append(entry)
    return result


def validate_update(body):
    """Validate a modify body: only the fields of the PUT page; returns the normalised fields given."""
    check_object("body", body)
    check_unknown(body, UPDATE_FIELDS, IMMUTABLE_FIELDS)
    result = {}
    checks = {
        "approval_enabled": check_bool,
        "service_name": check_service_name,
        "ports": check_ports,
        "port_id": lambda f, v: check_string(f, v, 1, 64),
        "tcp_proxy": lambda f, v: check_enum(f, v, TCP_PROXY_VALUES),
        "description": check_description,
        "ip": check_ip,
    }
    for key, value in body.items():
        if value is None:
            raise bad("Invalid parameter %s: must not be null" % key)
        result[key] = checks[key](key, value)
    return result


def check_permission(field, value, permission_type):
    """'*', iam:domain::<[a-zA-Z0-9]{1,64}> (domainId) or organizations:orgPath::<path up to 1024> (orgPath)."""
    check_string(field, value, 1)
    if value == "*":
        return value
    if permission_type == "domainId":
        if not DOMAIN_PERMISSION_RE.match(value):
            raise bad("Invalid parameter %s: '%s' must be '*' or iam:domain::<domain id of 1-64 letters, digits or *>" % (field, value))
    else:
        path = value[len(ORG_PERMISSION_PREFIX):] if value.startswith(ORG_PERMISSION_PREFIX) else None
        if not path or len(path) > 1024 or any(c.isspace() for c in path):
            raise bad("Invalid parameter %s: '%s' must be '*' or organizations:orgPath::<path of 1-1024 characters>" % (field, value))
    return value


def check_permission_description(field, value):
    """A whitelist record's description: at most 512 characters, no '<' or '>'."""
    return check_description(field, value)


def validate_permission_batch_create(body):
    """Returns (permission_type, [{permission, description}]) of a permissions/batch-create body."""
    check_object("body", body)
    check_unknown(body, ("permissions", "permission_type"))
    permission_type = check_enum("permission_type", body.get("permission_type", "domainId"), PERMISSION_TYPES)
    if "permissions" not in body:
        raise bad("Invalid parameter permissions: is required")
    check_list("permissions", body["permissions"], 1, 1000)
    items = []
    for index, item in enumerate(body["permissions"]):
        field = "permissions[%d]" % index
        check_object(field, item)
        check_item_keys(field, item, ("permission", "description"), ("permission",))
        items.append({"permission": check_permission(field + ".permission", item["permission"], permission_type),
                      "description": check_permission_description(field + ".description", item.get("description", ""))})
    return permission_type, items


def validate_permission_batch_delete(body):
    """Returns the record ids of a permissions/batch-delete body."""
    check_object("body", body)
    check_unknown(body, ("permissions",))
    if "permissions" not in body:
        raise bad("Invalid parameter permissions: is required")
    check_list("permissions", body["permissions"], 1, 1000)
    ids = []
    for index, item in enumerate(body["permissions"]):
        field = "permissions[%d]" % index
        check_object(field, item)
        check_item_keys(field, item, ("id",), ("id",))
        permission_id = check_string(field + ".id", item["id"], 1, 64)
        if permission_id in ids:
            raise bad("Invalid parameter %s.id: permission record %s is listed twice" % (field, permission_id))
        ids.append(permission_id)
    return ids


def validate_permission_description(body):
    """Returns the description of a PUT permissions/{id} body {"permission": {"description"}}."""
    check_object("body", body)
    check_unknown(body, ("permission",))
    if "permission" not in body:
        raise bad("Invalid parameter permission: is required")
    check_object("permission", body["permission"])
    check_item_keys("permission", body["permission"], ("description",), ("description",))
    return check_permission_description("permission.description", body["permission"]["description"])


def check_item_keys(field, item, allowed, required):
    for key in item:
        if key not in allowed:
            raise bad("Invalid parameter %s.%s: unknown field" % (field, key))
    for key in required:
        if key not in item:
            raise bad("Invalid parameter %s.%s: is required" % (field, key))


def validate_permission_action(body):
    """Returns (action, permission_type, permissions)."""
    check_object("body", body)
    check_unknown(body, ("permissions", "permission_type", "action"))
    if "action" not in body:
        raise bad("Invalid parameter action: is required")
    check_string("action", body["action"])
    if body["action"] not in ("add", "remove"):
        raise ApiError(400, "EndPoint.0007", "Invalid action: action must be 'add' or 'remove', got '%s'" % body["action"])
    permission_type = check_enum("permission_type", body.get("permission_type", "domainId"), PERMISSION_TYPES)
    if "permissions" not in body:
        raise bad("Invalid parameter permissions: is required")
    check_list("permissions", body["permissions"], 1, 1000)
    permissions = [check_permission("permissions[%d]" % i, p, permission_type) for i, p in enumerate(body["permissions"])]
    return body["action"], permission_type, permissions


def validate_connection_action(body):
    """Returns (action, endpoint ids)."""
    check_object("body", body)
    check_unknown(body, ("action", "endpoints"))
    if "action" not in body:
        raise bad("Invalid parameter action: is required")
    check_string("action", body["action"])
    if body["action"] not in ("receive", "reject"):
        raise ApiError(400, "EndPoint.0007", "Invalid action: action must be 'receive' or 'reject', got '%s'" % body["action"])
    if "endpoints" not in body:
        raise bad("Invalid parameter endpoints: is required")
    check_list("endpoints", body["endpoints"], 1)
    if len(body["endpoints"]) > 1:
        # The API page: each request accepts or rejects one endpoint.
        raise bad("Invalid parameter endpoints: give exactly one VPC endpoint per request, got %d" % len(body["endpoints"]))
    endpoints = [check_string("endpoints[%d]" % i, e, 1, 64) for i, e in enumerate(body["endpoints"])]
    return body["action"], endpoints


def validate_connection_descriptions(body):
    """Returns [{"id", "description"}] from {"connections": [{"id", "description"}]} (both required, as the API page says)."""
    check_object("body", body)
    check_unknown(body, ("connections",))
    if "connections" not in body:
        raise bad("Invalid parameter connections: is required")
    check_list("connections", body["connections"], 1, 1000)
    items = []
    seen = set()
    for index, item in enumerate(body["connections"]):
        field = "connections[%d]" % index
        check_object(field, item)
        for key in item:
            if key not in ("id", "description"):
                raise bad("Invalid parameter %s.%s: unknown field" % (field, key))
        for key in ("id", "description"):
            if key not in item:
                raise bad("Invalid parameter %s.%s: is required" % (field, key))
        endpoint_id = check_string(field + ".id", item["id"], 1, 64)
        if endpoint_id in seen:
            raise bad("Invalid parameter %s.id: VPC endpoint %s is listed twice" % (field, endpoint_id))
        seen.add(endpoint_id)
        items.append({"id": endpoint_id, "description": check_description(field + ".description", item["description"])})
    return items


def validate_tag_action(body):
    """Returns (action, tags)."""
    check_object("body", body)
    check_unknown(body, ("action", "tags"))
    if "action" not in body:
        raise bad("Invalid parameter action: is required")
    check_string("action", body["action"])
    if body["action"] not in ("create", "delete"):
        raise ApiError(400, "EndPoint.0007", "Invalid action: action must be 'create' or 'delete', got '%s'" % body["action"])
    if "tags" not in body:
        raise bad("Invalid parameter tags: is required")
    check_list("tags", body["tags"], 1)
    # A delete without a value deletes by key; with one, only a tag of that value.
    tags = check_tags("tags", body["tags"], max_items=None, default_value=body["action"] == "create")
    return body["action"], tags
