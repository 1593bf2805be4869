# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of the VPC endpoint bodies and of the tag query, with the SDK models' fields.

Only the form of each field is checked here; what depends on the endpoint service (subnet_id for
interface services, routetables for gateway ones, policies) is checked in endpoints.py.
"""

import ipaddress

from .defaults import (MAX_POLICY_STATEMENTS, MAX_ROUTETABLES, MAX_WHITELIST, TAG_QUERY_MAX_KEYS, TAG_QUERY_MAX_LIMIT,
                       TAG_QUERY_MAX_VALUES)
from .validation import (ApiError, check_item_keys, check_unknown, bad, check_bool, check_description, check_enum,
                         check_ipv4, check_list, check_object, check_string, check_tags)

ENDPOINT_CREATE_FIELDS = (
    "endpoint_service_id", "vpc_id", "subnet_id", "port_ip", "enable_dns", "tags", "routetables", "whitelist",
    "enable_whitelist", "description", "policy_statement", "policy_document", "ip_version", "ipv6_address",
)
# The SDK's CreateEndpointRequestBody: ipv4 or dualstack.
ENDPOINT_IP_VERSIONS = ("ipv4", "dualstack")
POLICY_EFFECTS = ("Allow", "Deny")
TAG_CONDITIONS = ("tags", "tags_any", "not_tags", "not_tags_any", "sys_tags")


def check_whitelist(field, value):
    """IPv4 addresses or CIDRs, at most MAX_WHITELIST, none twice."""
    check_list(field, value, 0, MAX_WHITELIST)
    for index, entry in enumerate(value):
        name = "%s[%d]" % (field, index)
        check_string(name, entry, 1, 18)
        try:
            ipaddress.IPv4Network(entry, strict=False) if "/" in entry else ipaddress.IPv4Address(entry)
        except ValueError as exc:
            raise bad("Invalid parameter %s: must be an IPv4 address or CIDR, got '%s'" % (name, entry)) from exc
        if entry in value[:index]:
            raise bad("Invalid parameter %s: '%s' is listed twice" % (name, entry))
    return list(value)


def check_ids(field, value, max_items):
    """A list of resource ids (1-64 characters), none twice."""
    check_list(field, value, 0, max_items)
    for index, entry in enumerate(value):
        check_string("%s[%d]" % (field, index), entry, 1, 64)
        if entry in value[:index]:
            raise bad("Invalid parameter %s[%d]: '%s' is listed twice" % (field, index, entry))
    return list(value)


def check_policy_statement(field, value):
    """A list of PolicyStatement objects: Effect Allow/Deny, Action and Resource lists, optional Condition and Sid.

    On the wire the statement's keys are capitalised (the SDK's attribute_map: effect -> Effect, ...)."""
    check_list(field, value, 0, MAX_POLICY_STATEMENTS)
    for index, statement in enumerate(value):
        name = "%s[%d]" % (field, index)
        check_object(name, statement)
        check_item_keys(name, statement, ("Effect", "Action", "Resource", "Condition", "Sid"), ("Effect", "Action", "Resource"))
        check_enum(name + ".Effect", statement["Effect"], POLICY_EFFECTS)
        for key in ("Action", "Resource"):
            check_list("%s.%s" % (name, key), statement[key], 1)
            for position, item in enumerate(statement[key]):
                check_string("%s.%s[%d]" % (name, key, position), item, 1, 1024)
        if "Condition" in statement:
            check_object(name + ".Condition", statement["Condition"])
        if "Sid" in statement:
            check_string(name + ".Sid", statement["Sid"], 0, 256)
    return value


def _check_ipv6(field, value):
    check_string(field, value, 2, 39)
    try:
        ipaddress.IPv6Address(value)
    except ValueError as exc:
        raise bad("Invalid parameter %s: must be an IPv6 address, got '%s'" % (field, value)) from exc
    return value


ENDPOINT_CHECKS = {
    "endpoint_service_id": lambda f, v: check_string(f, v, 1, 64),
    "vpc_id": lambda f, v: check_string(f, v, 1, 64),
    "subnet_id": lambda f, v: check_string(f, v, 1, 64),
    "port_ip": check_ipv4,
    "enable_dns": check_bool,
    "tags": check_tags,
    "routetables": lambda f, v: check_ids(f, v, MAX_ROUTETABLES),
    "whitelist": check_whitelist,
    "enable_whitelist": check_bool,
    "description": check_description,
    "policy_statement": check_policy_statement,
    "policy_document": check_object,
    "ip_version": lambda f, v: check_enum(f, v, ENDPOINT_IP_VERSIONS),
    "ipv6_address": _check_ipv6,
}


def validate_endpoint_create(body):
    """Validate a create body (CreateEndpointRequestBody); returns the normalised fields given."""
    check_object("body", body)
    check_unknown(body, ENDPOINT_CREATE_FIELDS)
    for key in ("endpoint_service_id", "vpc_id"):
        if key not in body:
            raise bad("Invalid parameter %s: is required" % key)
    result = {}
    for key, value in body.items():
        if value is None:
            continue
        result[key] = ENDPOINT_CHECKS[key](key, value)
    if "policy_statement" in result and "policy_document" in result:
        raise bad("Invalid parameter policy_document: give policy_statement or policy_document, not both")
    if "ipv6_address" in result and result.get("ip_version", "ipv4") == "ipv4":
        raise bad("Invalid parameter ipv6_address: only with ip_version dualstack")
    return result


def _validate_subset(body, fields):
    check_object("body", body)
    check_unknown(body, fields)
    if not body:
        raise bad("Invalid parameter body: give at least one of %s" % ", ".join(fields))
    result = {}
    for key, value in body.items():
        if value is None:
            raise bad("Invalid parameter %s: must not be null" % key)
        result[key] = ENDPOINT_CHECKS[key](key, value)
    return result


def validate_whitelist_update(body):
    """{"whitelist": [...], "enable_whitelist": bool}: the only fields a PUT of an endpoint takes."""
    return _validate_subset(body, ("whitelist", "enable_whitelist"))


def validate_routetables_update(body):
    """{"routetables": [...]}: returns the list."""
    return _validate_subset(body, ("routetables",)).get("routetables")


def validate_policy_update(body):
    """{"policy_statement": [...]} or {"policy_document": {...}}: exactly one of them."""
    result = _validate_subset(body, ("policy_statement", "policy_document"))
    if len(result) > 1:
        raise bad("Invalid parameter policy_document: give policy_statement or policy_document, not both")
    return result


# ---------------------------------------------------------------------------------- tag query
def _check_conditions(field, value):
    check_list(field, value, 0, TAG_QUERY_MAX_KEYS)
    keys = set()
    result = []
    for index, item in enumerate(value):
        name = "%s[%d]" % (field, index)
        check_object(name, item)
        # The SDK: values may be an empty list, but it must be there.
        check_item_keys(name, item, ("key", "values"), ("key", "values"))
        key = check_string(name + ".key", item["key"], 1, 128)
        if key in keys:
            raise bad("Invalid parameter %s.key: duplicate key '%s'" % (name, key))
        keys.add(key)
        values = check_list(name + ".values", item["values"], 0, TAG_QUERY_MAX_VALUES)
        for position, entry in enumerate(values):
            check_string("%s.values[%d]" % (name, position), entry, 0, 255)
        if len(set(values)) != len(values):
            raise bad("Invalid parameter %s.values: a value is listed twice" % name)
        result.append({"key": key, "values": list(values)})
    return result


def _check_matches(value):
    check_list("matches", value, 0, 1)
    for index, item in enumerate(value):
        name = "matches[%d]" % index
        check_object(name, item)
        check_item_keys(name, item, ("key", "value"), ("key", "value"))
        if item["key"] != "resource_name":
            raise bad("Invalid parameter %s.key: only resource_name is supported, got '%s'" % (name, item["key"]))
        check_string(name + ".value", item["value"], 0, 255)
    return [dict(item) for item in value]


def _check_paging_number(field, value, default, minimum, maximum):
    # The SDK sends these as strings; plain JSON integers are taken too.
    if value is None:
        return default
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise bad("Invalid parameter %s: must be an integer between %d and %d, got %r" % (field, minimum, maximum, value))
    return value


def validate_tag_query(body):
    """A QueryResourceInstanceTagsBody, normalised: every condition a list, limit/offset integers."""
    check_object("body", body)
    check_unknown(body, TAG_CONDITIONS + ("action", "matches", "limit", "offset", "without_any_tag"))
    if "action" not in body:
        raise bad("Invalid parameter action: is required")
    check_string("action", body["action"])
    if body["action"] not in ("filter", "count"):
        raise ApiError(400, "EndPoint.0007", "Invalid action: action must be 'filter' or 'count', got '%s'" % body["action"])
    query = {key: _check_conditions(key, body.get(key, [])) for key in TAG_CONDITIONS}
    query.update(
        action=body["action"],
        matches=_check_matches(body.get("matches", [])),
        without_any_tag=check_bool("without_any_tag", body.get("without_any_tag", False)),
        limit=_check_paging_number("limit", body.get("limit"), TAG_QUERY_MAX_LIMIT, 1, TAG_QUERY_MAX_LIMIT),
        offset=_check_paging_number("offset", body.get("offset"), 0, 0, 2 ** 31),
    )
    return query
