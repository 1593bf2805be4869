# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each call answers exactly the fields of its SDK response model: every key present, no other key.

The SDK's openapi_types of each model is the oracle; the answers come from plain signed requests,
so the comparison sees the JSON as sent (the SDK would silently drop an extra key).
"""

import pytest

vpcep = pytest.importorskip("huaweicloudsdkvpcep.v1")


def keys_of(model):
    """The JSON keys of an SDK model (its attribute_map gives the wire names)."""
    cls = getattr(vpcep, model)
    return {cls.attribute_map.get(name, name) for name in cls.openapi_types}


def assert_shape(body, model):
    """body has exactly the keys of the SDK model."""
    expected = keys_of(model)
    assert set(body) == expected, "%s: extra %s, missing %s" % (model, sorted(set(body) - expected), sorted(expected - set(body)))


def _ok(response):
    assert response.status_code == 200, response.text
    return response.json()


def test_service_create_update_show_list_shapes(api):
    created = _ok(api.create(service_name="shapes"))
    assert_shape(created, "CreateEndpointServiceResponse")
    assert created["pool_id"] and created["ip_version"] == "ipv4" and created["ip"] is None
    updated = _ok(api.call("PUT", api.services_path(created["id"]), body={"description": "d"}))
    assert_shape(updated, "UpdateEndpointServiceResponse")
    shown = _ok(api.show(created["id"]))
    assert_shape(shown, "ListServiceDetailsResponse")
    # The SDK: cidr_type defaults to internal; supported_editions takes basic and profession.
    assert shown["cidr_type"] == "internal" and shown["supported_editions"] == ["basic"] and shown["error"] is None
    listed = _ok(api.list())
    assert_shape(listed, "ListEndpointServiceResponse")
    assert_shape(listed["endpoint_services"][0], "ServiceList")
    item = listed["endpoint_services"][0]
    assert item["domain_id"] == api.sim.domain_id and item["connection_count"] == 0
    assert item["public_border_group"] == "center" and item["supported_editions"] == ["basic"]


def test_failed_service_shapes_carry_the_error(api):
    api.sim.configure(provision_delay=0, fail_pattern="^bad")
    created = _ok(api.create(service_name="bad"))
    shown = _ok(api.show(created["id"]))
    assert_shape(shown, "ListServiceDetailsResponse")
    assert shown["error"][0]["code"] == "EndPoint.0001"
    assert_shape(_ok(api.list())["endpoint_services"][0], "ServiceList")


def test_permission_shapes(api):
    service = api.created()
    action = _ok(api.call("POST", api.services_path(service["id"], "/permissions/action"),
                          body={"action": "add", "permissions": ["*"]}))
    assert_shape(action, "AddOrRemoveServicePermissionsResponse")
    listed = _ok(api.call("GET", api.services_path(service["id"], "/permissions")))
    assert_shape(listed, "ListServicePermissionsDetailsResponse")
    assert_shape(listed["permissions"][0], "PermissionObject")


def test_connection_shapes(api):
    service = api.created()
    connection = api.sim.add_connection(service["id"])
    assert_shape(connection, "ConnectionEndpoints")
    path = api.services_path(service["id"], "/connections")
    listed = _ok(api.call("GET", path))
    assert_shape(listed, "ListServiceConnectionsResponse")
    assert_shape(listed["connections"][0], "ConnectionEndpoints")
    assert listed["connections"][0]["error"] is None
    action = _ok(api.call("POST", path + "/action", body={"action": "receive", "endpoints": [connection["id"]]}))
    assert_shape(action, "AcceptOrRejectEndpointResponse")
    assert_shape(action["connections"][0], "ConnectionEndpoints")
    described = _ok(api.call("PUT", path + "/description", body={"connections": [{"id": connection["id"], "description": "x"}]}))
    assert_shape(described, "UpdateEndpointConnectionsDescResponse")
    assert_shape(described["connections"][0], "ConnectionEndpoints")


def test_quota_shapes(api):
    quotas = _ok(api.call("GET", api.base + "/quotas"))
    assert_shape(quotas, "ListQuotaDetailsResponse")
    assert_shape(quotas["quotas"], "ResourcesResponseBody")
    for resource in quotas["quotas"]["resources"]:
        assert_shape(resource, "Quotas")


def test_permission_record_shapes(api):
    service = api.created()
    path = api.services_path(service["id"], "/permissions")
    created = _ok(api.call("POST", path + "/batch-create", body={"permissions": [{"permission": "*", "description": "all"}]}))
    assert_shape(created, "BatchAddEndpointServicePermissionsResponse")
    assert_shape(created["permissions"][0], "EpsPermission")
    record_id = created["permissions"][0]["id"]
    described = _ok(api.call("PUT", path + "/" + record_id, body={"permission": {"description": "x"}}))
    assert_shape(described, "UpdateEndpointServicePermissionDescResponse")
    assert_shape(described["permissions"][0], "EpsPermission")
    api.sim.configure(list_permission_descriptions=True)
    assert_shape(_ok(api.call("GET", path))["permissions"][0], "EpsPermission")
    removed = _ok(api.call("POST", path + "/batch-delete", body={"permissions": [{"id": record_id}]}))
    assert_shape(removed, "BatchRemoveEndpointServicePermissionsResponse")
    assert_shape(removed["permissions"][0], "EpsPermission")


def test_consumer_view_shapes(api, consumer):
    api.sim.configure(provision_delay=0)
    service = api.created()
    described = _ok(api.call("GET", api.services_path() + "/describe", params={"id": service["id"]}))
    assert_shape(described, "ListServiceDescribeDetailsResponse")
    public = _ok(consumer.call("GET", consumer.services_path() + "/public"))
    assert_shape(public, "ListServicePublicDetailsResponse")
    assert_shape(public["endpoint_services"][0], "EndpointService")


def test_endpoint_shapes(api, consumer):
    api.sim.configure(provision_delay=0)
    service = api.created()
    api.call("POST", api.services_path(service["id"], "/permissions/action"), body={"action": "add", "permissions": ["*"]})
    interface = consumer.created_endpoint(service["id"])
    assert_shape(interface, "CreateEndpointResponse")
    gateway = consumer.created_endpoint("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001", subnet_id=None)
    assert_shape(gateway, "CreateEndpointResponse")
    shown = _ok(consumer.call("GET", consumer.endpoints_path(interface["id"])))
    assert_shape(shown, "ListEndpointInfoDetailsResponse")
    listed = _ok(consumer.call("GET", consumer.endpoints_path()))
    assert_shape(listed, "ListEndpointsResponse")
    assert_shape(listed["endpoints"][0], "EndpointResponseBody")
    whitelist = _ok(consumer.call("PUT", consumer.endpoints_path(interface["id"]), body={"enable_whitelist": True}))
    assert_shape(whitelist, "UpdateEndpointWhiteResponse")
    routes = _ok(consumer.call("PUT", consumer.endpoints_path(gateway["id"], "/routetables"), body={"routetables": ["rt"]}))
    assert_shape(routes, "UpdateEndpointRoutetableResponse")
    statement = [{"Effect": "Allow", "Action": ["obs:*"], "Resource": ["*"]}]
    policy = _ok(consumer.call("PUT", consumer.endpoints_path(gateway["id"], "/policy"), body={"policy_statement": statement}))
    assert_shape(policy, "UpdateEndpointPolicyResponse")
    assert_shape(_ok(consumer.call("DELETE", consumer.endpoints_path(gateway["id"], "/policy"))), "DeleteEndpointPolicyResponse")
    connection = _ok(api.call("GET", api.services_path(service["id"], "/connections")))["connections"][0]
    assert_shape(connection, "ConnectionEndpoints")


def test_tag_filter_shapes(api, consumer):
    api.created(tags=[{"key": "k", "value": "v"}])
    for client, resource_type in ((api, "endpoint_service"), (consumer, "endpoint")):
        if resource_type == "endpoint":
            consumer.created_endpoint("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001", subnet_id=None)
        path = "%s/%s/resource_instances/action" % (client.base, resource_type)
        filtered = _ok(client.call("POST", path, body={"action": "filter"}))
        assert_shape(filtered, "ListResourceInstancesResponse")
        assert_shape(filtered["resources"][0], "ResourceInstance")
        # count answers the total only ("no other field", the SDK's description of the action).
        assert set(_ok(client.call("POST", path, body={"action": "count"}))) == {"total_count"}


def test_calls_without_an_answer_body(api, consumer):
    # Their SDK response models have no fields: the answer is a 204 without a body.
    for model in ("DeleteEndpointServiceResponse", "DeleteEndpointResponse", "BatchAddOrRemoveResourceInstanceResponse"):
        assert keys_of(model) == set()
    service = api.created()
    tagged = api.call("POST", "%s/endpoint_service/%s/tags/action" % (api.base, service["id"]),
                      body={"action": "create", "tags": [{"key": "k", "value": "v"}]})
    endpoint = consumer.created_endpoint("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001", subnet_id=None)
    for response in (tagged, api.call("DELETE", api.services_path(service["id"])),
                     consumer.call("DELETE", consumer.endpoints_path(endpoint["id"]))):
        assert (response.status_code, response.content) == (204, b"")


def test_route_table_errors_v2_calls_and_project_tag_shapes(api, consumer):
    api.sim.configure(provision_delay=0, routetable_fail_pattern="bad")
    gateway = consumer.created_endpoint("8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001", subnet_id=None, routetables=["rt-1"])
    routes = _ok(consumer.call("PUT", consumer.endpoints_path(gateway["id"], "/routetables"), body={"routetables": ["bad"]}))
    assert_shape(routes, "UpdateEndpointRoutetableResponse")
    assert_shape(routes["error"][0], "RoutetableInfoError")
    assert_shape(routes["error"][0]["bind_failed"][0], "RoutetableInfoErrorDetial")
    service = api.created(tags=[{"key": "k", "value": "v"}])
    for model in ("UpgradeEndpointServiceResponse", "AddEndpointServiceServerResourceResponse"):
        assert keys_of(model) == set()
    v2 = "/v2/%s/vpc-endpoint-services/%s/" % (api.project_id, service["id"])
    for response in (api.call("POST", v2 + "upgrade"),
                     api.call("POST", v2 + "add-server-resources", body={"server_resources": [{"resource_id": "elb"}]})):
        assert (response.status_code, response.content) == (204, b"")
    tags = _ok(api.call("GET", api.base + "/endpoint_service/tags"))
    assert_shape(tags, "ListQueryProjectResourceTagsResponse")
    assert_shape(tags["tags"][0], "TagValuesList")
