# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fidelity: the official SDK (huaweicloudsdkvpcep) drives the simulator and parses every answer.

The SDK signs with its own signer and the simulator verifies with the collection's, so these tests
also prove the two agree; the SDK's response models prove the answer shapes.
"""

import datetime
import re
import time
import uuid

import pytest

from vpcep_sim import Simulator

sdk_core = pytest.importorskip("huaweicloudsdkcore")
vpcep = pytest.importorskip("huaweicloudsdkvpcep.v1")

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402  pylint: disable=wrong-import-position
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException  # noqa: E402  pylint: disable=wrong-import-position
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402  pylint: disable=wrong-import-position
from huaweicloudsdkcore.region.region import Region  # noqa: E402  pylint: disable=wrong-import-position

DELAY = 0.2


def _is_api_time(value):
    # The SDK turns it into a datetime when python-dateutil is installed, else keeps the string.
    if isinstance(value, datetime.datetime):
        return True
    return bool(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", value))


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # The SDK's requests session honours proxy variables; the simulator is local.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _http_config():
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    config.retry_times = 0
    return config


def _client(sim, secret_key=None, project_id=True, account=None):
    account = account or sim.accounts[0]
    credentials = BasicCredentials(account["access_key"], secret_key or account["secret_key"],
                                   account["project_id"] if project_id else None)
    return (vpcep.VpcepClient.new_builder()
            .with_credentials(credentials)
            .with_endpoints([sim.url])
            .with_http_config(_http_config())
            .build())


@pytest.fixture(name="sdk")
def _sdk(simulator):
    simulator.configure(provision_delay=DELAY)
    return _client(simulator)


def _wait(sdk, service_id, status, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        shown = sdk.list_service_details(vpcep.ListServiceDetailsRequest(vpc_endpoint_service_id=service_id))
        if shown.status == status or time.monotonic() > deadline:
            return shown
        time.sleep(0.05)


def _create(sdk, name, port_id=None, **extra):
    body = vpcep.CreateEndpointServiceRequestBody(
        port_id=port_id or str(uuid.uuid4()),
        vpc_id="4189d3c2-8882-4871-a3c2-d380272eed80",
        server_type="VM",
        service_name=name,
        ports=[vpcep.PortList(client_port=8080, server_port=90, protocol="TCP"),
               vpcep.PortList(client_port=8081, server_port=80, protocol="TCP")],
        **extra,
    )
    return sdk.create_endpoint_service(vpcep.CreateEndpointServiceRequest(body=body))


def test_full_lifecycle_through_the_sdk(sdk, simulator):
    created = _create(sdk, "fidelity", approval_enabled=True, description="made by the SDK",
                      tags=[vpcep.TagList(key="team", value="payments")], tcp_proxy="proxy_open")
    assert isinstance(created, vpcep.CreateEndpointServiceResponse)
    assert created.status == "creating"
    assert created.id
    assert created.service_name == "%s.fidelity.%s" % (simulator.region, created.id)
    assert created.approval_enabled is True
    assert created.project_id == simulator.project_id
    assert [(p.client_port, p.server_port, p.protocol) for p in created.ports] == [(8080, 90, "TCP"), (8081, 80, "TCP")]
    assert [(t.key, t.value) for t in created.tags] == [("team", "payments")]
    assert created.tcp_proxy == "proxy_open"
    assert _is_api_time(created.created_at) and _is_api_time(created.updated_at)
    assert created.pool_id and created.ip_version == "ipv4" and created.enable_policy is False

    shown = _wait(sdk, created.id, "available")
    assert isinstance(shown, vpcep.ListServiceDetailsResponse)
    assert shown.status == "available"
    assert shown.description == "made by the SDK"
    assert shown.error is None

    # list with filters and paging
    _create(sdk, "fidelity2")
    _create(sdk, "other")
    listed = sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest(endpoint_service_name="FIDELITY", limit=1, offset=0,
                                                                        sort_key="create_at", sort_dir="asc"))
    assert isinstance(listed, vpcep.ListEndpointServiceResponse)
    assert listed.total_count == 2
    assert len(listed.endpoint_services) == 1
    assert listed.endpoint_services[0].id == created.id
    assert isinstance(listed.endpoint_services[0], vpcep.ServiceList)
    second_page = sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest(endpoint_service_name="fidelity", limit=1, offset=1,
                                                                             sort_dir="asc"))
    assert second_page.endpoint_services[0].service_name.split(".")[1] == "fidelity2"
    by_id = sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest(id=created.id))
    assert [s.id for s in by_id.endpoint_services] == [created.id]
    everything = sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest())
    assert everything.total_count == 3

    # update
    updated = sdk.update_endpoint_service(vpcep.UpdateEndpointServiceRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.UpdateEndpointServiceRequestBody(
            approval_enabled=False, service_name="renamed", description="changed",
            ports=[vpcep.PortList(client_port=443, server_port=8443, protocol="TCP")]),
    ))
    assert isinstance(updated, vpcep.UpdateEndpointServiceResponse)
    assert updated.approval_enabled is False
    assert updated.service_name == "%s.renamed.%s" % (simulator.region, created.id)
    assert [(p.client_port, p.server_port) for p in updated.ports] == [(443, 8443)]
    assert updated.description == "changed"

    # permissions
    domain = "iam:domain::1564ec50ef2a47c791ea5536353ed4b9"
    added = sdk.add_or_remove_service_permissions(vpcep.AddOrRemoveServicePermissionsRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.AddOrRemoveServicePermissionsRequestBody(permissions=[domain, "*"], permission_type="domainId", action="add"),
    ))
    assert sorted(added.permissions) == sorted([domain, "*"])
    permissions = sdk.list_service_permissions_details(vpcep.ListServicePermissionsDetailsRequest(
        vpc_endpoint_service_id=created.id, limit=500, offset=0))
    assert permissions.total_count == 2
    assert {p.permission for p in permissions.permissions} == {domain, "*"}
    assert all(p.id and p.permission_type == "domainId" and p.created_at for p in permissions.permissions)
    sdk.add_or_remove_service_permissions(vpcep.AddOrRemoveServicePermissionsRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.AddOrRemoveServicePermissionsRequestBody(permissions=["*"], permission_type="domainId", action="remove"),
    ))
    permissions = sdk.list_service_permissions_details(vpcep.ListServicePermissionsDetailsRequest(vpc_endpoint_service_id=created.id))
    assert [p.permission for p in permissions.permissions] == [domain]

    # connections
    first = simulator.add_connection(created.id, domain_id="a" * 32)
    second = simulator.add_connection(created.id, domain_id="b" * 32)
    connections = sdk.list_service_connections(vpcep.ListServiceConnectionsRequest(vpc_endpoint_service_id=created.id))
    assert connections.total_count == 2
    assert {c.id for c in connections.connections} == {first["id"], second["id"]}
    assert all(c.status == "pendingAcceptance" and isinstance(c.marker_id, int) and c.domain_id for c in connections.connections)
    accepted = sdk.accept_or_reject_endpoint(vpcep.AcceptOrRejectEndpointRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.AcceptOrRejectEndpointRequestBody(action="receive", endpoints=[first["id"]]),
    ))
    assert [(c.id, c.status) for c in accepted.connections] == [(first["id"], "accepted")]
    rejected = sdk.accept_or_reject_endpoint(vpcep.AcceptOrRejectEndpointRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.AcceptOrRejectEndpointRequestBody(action="reject", endpoints=[second["id"]]),
    ))
    assert rejected.connections[0].status == "rejected"
    only_accepted = sdk.list_service_connections(vpcep.ListServiceConnectionsRequest(
        vpc_endpoint_service_id=created.id, status="accepted", limit=10, offset=0))
    assert [c.id for c in only_accepted.connections] == [first["id"]]
    by_marker = sdk.list_service_connections(vpcep.ListServiceConnectionsRequest(
        vpc_endpoint_service_id=created.id, marker_id=str(second["marker_id"])))
    assert [c.id for c in by_marker.connections] == [second["id"]]

    # tags (the batch tag action)
    sdk.batch_add_or_remove_resource_instance(vpcep.BatchAddOrRemoveResourceInstanceRequest(
        resource_type="endpoint_service", resource_id=created.id,
        body=vpcep.BatchAddOrRemoveResourceInstanceRequestBody(
            action="create", tags=[vpcep.ResourceTag(key="env", value="prod"), vpcep.ResourceTag(key="team", value="core")]),
    ))
    sdk.batch_add_or_remove_resource_instance(vpcep.BatchAddOrRemoveResourceInstanceRequest(
        resource_type="endpoint_service", resource_id=created.id,
        body=vpcep.BatchAddOrRemoveResourceInstanceRequestBody(action="delete", tags=[vpcep.ResourceTag(key="env")]),
    ))
    shown = sdk.list_service_details(vpcep.ListServiceDetailsRequest(vpc_endpoint_service_id=created.id))
    assert [(t.key, t.value) for t in shown.tags] == [("team", "core")]
    assert shown.status == "available"

    # quotas
    quotas = sdk.list_quota_details(vpcep.ListQuotaDetailsRequest(type="endpoint_service"))
    assert isinstance(quotas, vpcep.ListQuotaDetailsResponse)
    assert [(q.type, q.used) for q in quotas.quotas.resources] == [("endpoint_service", 3)]
    assert quotas.quotas.resources[0].quota >= 5000

    # delete: deleting, then 404
    deleted = sdk.delete_endpoint_service(vpcep.DeleteEndpointServiceRequest(vpc_endpoint_service_id=created.id))
    assert isinstance(deleted, vpcep.DeleteEndpointServiceResponse)
    assert sdk.list_service_details(vpcep.ListServiceDetailsRequest(vpc_endpoint_service_id=created.id)).status == "deleting"
    time.sleep(DELAY + 0.1)
    with pytest.raises(ClientRequestException) as info:
        sdk.list_service_details(vpcep.ListServiceDetailsRequest(vpc_endpoint_service_id=created.id))
    assert info.value.status_code == 404
    assert info.value.error_code == "EndPoint.0005"
    assert sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest()).total_count == 2


def test_failed_service_error_parses(sdk, simulator):
    simulator.configure(fail_pattern="^broken")
    created = _create(sdk, "broken1")
    shown = _wait(sdk, created.id, "failed")
    assert shown.status == "failed"
    assert shown.error and shown.error[0].code == "EndPoint.0001" and shown.error[0].message
    listed = sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest(status="failed"))
    assert listed.endpoint_services[0].error[0].code == "EndPoint.0001"


def test_connection_descriptions_and_the_accept_transition_through_the_sdk(sdk, simulator):
    created = _create(sdk, "conns")
    _wait(sdk, created.id, "available")
    simulator.configure(connection_delay=0.3)
    first = simulator.add_connection(created.id, domain_id="a" * 32)
    second = simulator.add_connection(created.id, domain_id="b" * 32)
    described = sdk.update_endpoint_connections_desc(vpcep.UpdateEndpointConnectionsDescRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.UpdateEndpointConnectionsDescRequestBody(connections=[
            vpcep.ConnectionsDesc(id=first["id"], description="billing"),
            vpcep.ConnectionsDesc(id=second["id"], description=""),
        ]),
    ))
    assert isinstance(described, vpcep.UpdateEndpointConnectionsDescResponse)
    assert [(c.id, c.description) for c in described.connections] == [(first["id"], "billing"), (second["id"], "")]
    assert all(isinstance(c.marker_id, int) and c.domain_id and _is_api_time(c.updated_at) for c in described.connections)
    accepted = sdk.accept_or_reject_endpoint(vpcep.AcceptOrRejectEndpointRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.AcceptOrRejectEndpointRequestBody(action="receive", endpoints=[first["id"]]),
    ))
    assert [(c.id, c.status) for c in accepted.connections] == [(first["id"], "creating")]
    creating = sdk.list_service_connections(vpcep.ListServiceConnectionsRequest(vpc_endpoint_service_id=created.id, status="creating"))
    assert [(c.id, c.description) for c in creating.connections] == [(first["id"], "billing")]
    time.sleep(0.4)
    settled = sdk.list_service_connections(vpcep.ListServiceConnectionsRequest(vpc_endpoint_service_id=created.id, id=first["id"]))
    assert settled.connections[0].status == "accepted"
    with pytest.raises(ClientRequestException) as info:
        sdk.update_endpoint_connections_desc(vpcep.UpdateEndpointConnectionsDescRequest(
            vpc_endpoint_service_id=created.id,
            body=vpcep.UpdateEndpointConnectionsDescRequestBody(connections=[vpcep.ConnectionsDesc(id="nope", description="<x>")]),
        ))
    assert info.value.status_code == 400
    assert info.value.error_code == "EndPoint.0002"
    assert "connections[0]" in info.value.error_msg


def test_wrong_secret_is_a_401_client_request_exception(simulator):
    client = _client(simulator, secret_key="definitely-not-the-secret")
    with pytest.raises(ClientRequestException) as info:
        client.list_endpoint_service(vpcep.ListEndpointServiceRequest())
    assert info.value.status_code == 401
    assert info.value.error_code == "EndPoint.0003"
    assert info.value.request_id


def test_validation_error_reaches_the_sdk(sdk):
    with pytest.raises(ClientRequestException) as info:
        _create(sdk, "x" * 17)
    assert info.value.status_code == 400
    assert info.value.error_code == "EndPoint.0002"
    assert "service_name" in info.value.error_msg


def test_sdk_limit_paging_errors(sdk):
    with pytest.raises(ClientRequestException) as info:
        sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest(limit=1001))
    assert info.value.error_code == "EndPoint.0006"


def test_project_id_resolved_through_the_simulators_iam():
    # A fresh access key: BasicCredentials caches project ids per access key and region.
    access_key = "FIDELITY%s" % uuid.uuid4().hex[:12].upper()
    with Simulator(access_key=access_key, secret_key="fidelity-secret", provision_delay=0) as sim:
        credentials = BasicCredentials(access_key, "fidelity-secret").with_iam_endpoint(sim.url)
        client = (vpcep.VpcepClient.new_builder()
                  .with_credentials(credentials)
                  .with_region(Region(sim.region, sim.url))
                  .with_http_config(_http_config())
                  .build())
        assert credentials.project_id == sim.project_id
        assert any(e["path"] == "/v3/projects" and e["query"] == "name=%s" % sim.region and e["status"] == 200
                   for e in sim.requests_log())
        created = _create(client, "resolved")
        assert created.status == "available"
        assert created.project_id == sim.project_id


def test_project_resolution_fails_for_an_unknown_region():
    access_key = "FIDELITY%s" % uuid.uuid4().hex[:12].upper()
    with Simulator(access_key=access_key, secret_key="s", region="cn-north-4") as sim:
        credentials = BasicCredentials(access_key, "s").with_iam_endpoint(sim.url)
        with pytest.raises(Exception) as info:  # the SDK raises its SdkException
            (vpcep.VpcepClient.new_builder().with_credentials(credentials)
             .with_region(Region("eu-west-101", sim.url)).with_http_config(_http_config()).build())
        assert "eu-west-101" in str(info.value)


# ------------------------------------------------------------------------------------------ every other call
OBS = "8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001"


@pytest.fixture(name="consumer_sdk")
def _consumer_sdk(simulator):
    return _client(simulator, account=simulator.consumer)


def test_permission_records_through_the_sdk(sdk, simulator):
    created = _create(sdk, "records")
    domain = "iam:domain::" + simulator.consumer["domain_id"]
    added = sdk.batch_add_endpoint_service_permissions(vpcep.BatchAddEndpointServicePermissionsRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.BatchAddEndpointServicePermissionsRequestBody(
            permissions=[vpcep.EpsAddPermissionRequest(permission=domain, description="consumer")], permission_type="domainId"),
    ))
    assert isinstance(added, vpcep.BatchAddEndpointServicePermissionsResponse)
    [record] = added.permissions
    assert (record.permission, record.description, record.permission_type) == (domain, "consumer", "domainId")
    described = sdk.update_endpoint_service_permission_desc(vpcep.UpdateEndpointServicePermissionDescRequest(
        vpc_endpoint_service_id=created.id, permission_id=record.id,
        body=vpcep.UpdateEndpointServicePermissionDescRequestBody(permission=vpcep.EpsUpdatePermissionDesc(description="renamed")),
    ))
    assert described.permissions[0].description == "renamed"
    simulator.configure(list_permission_descriptions=True)
    listed = sdk.list_service_permissions_details(vpcep.ListServicePermissionsDetailsRequest(
        vpc_endpoint_service_id=created.id, permission="DOMAIN", sort_dir="asc", limit=500))
    assert [(p.id, p.permission) for p in listed.permissions] == [(record.id, domain)]
    removed = sdk.batch_remove_endpoint_service_permissions(vpcep.BatchRemoveEndpointServicePermissionsRequest(
        vpc_endpoint_service_id=created.id,
        body=vpcep.BatchRemoveEndpointServicePermissionsRequestBody(permissions=[vpcep.EpsRemovePermissionRequest(id=record.id)]),
    ))
    assert [p.id for p in removed.permissions] == [record.id]
    filtered = sdk.list_endpoint_service(vpcep.ListEndpointServiceRequest(public_border_group="center", net_type="ipv4"))
    assert filtered.endpoint_services[0].public_border_group == "center"


def test_the_two_account_story_through_the_sdk(sdk, consumer_sdk, simulator):
    simulator.configure(provision_delay=0)
    service = _create(sdk, "story")
    sdk.add_or_remove_service_permissions(vpcep.AddOrRemoveServicePermissionsRequest(
        vpc_endpoint_service_id=service.id, body=vpcep.AddOrRemoveServicePermissionsRequestBody(
            permissions=["iam:domain::" + simulator.consumer["domain_id"]], permission_type="domainId", action="add")))
    described = consumer_sdk.list_service_describe_details(vpcep.ListServiceDescribeDetailsRequest(endpoint_service_name=service.service_name))
    assert isinstance(described, vpcep.ListServiceDescribeDetailsResponse)
    assert (described.id, described.is_charge) == (service.id, False)
    endpoint = consumer_sdk.create_endpoint(vpcep.CreateEndpointRequest(body=vpcep.CreateEndpointRequestBody(
        endpoint_service_id=service.id, vpc_id="vpc-1", subnet_id="subnet-1", enable_dns=True, description="consumer side",
        tags=[vpcep.TagList(key="env", value="dev")], whitelist=["10.0.0.0/8"], enable_whitelist=True)))
    assert isinstance(endpoint, vpcep.CreateEndpointResponse)
    assert endpoint.status == "pendingAcceptance" and endpoint.endpoint_service_name == service.service_name
    shown = consumer_sdk.list_endpoint_info_details(vpcep.ListEndpointInfoDetailsRequest(vpc_endpoint_id=endpoint.id))
    assert shown.dns_names and shown.whitelist == ["10.0.0.0/8"] and _is_api_time(shown.created_at)
    accepted = sdk.accept_or_reject_endpoint(vpcep.AcceptOrRejectEndpointRequest(
        vpc_endpoint_service_id=service.id, body=vpcep.AcceptOrRejectEndpointRequestBody(action="receive", endpoints=[endpoint.id])))
    assert accepted.connections[0].domain_id == simulator.consumer["domain_id"]
    listed = consumer_sdk.list_endpoints(vpcep.ListEndpointsRequest(endpoint_service_name="STORY", vpc_id="vpc-1", limit=10, offset=0,
                                                                    sort_key="create_at", sort_dir="asc"))
    assert isinstance(listed.endpoints[0], vpcep.EndpointResponseBody)
    assert [(e.id, e.status) for e in listed.endpoints] == [(endpoint.id, "accepted")]
    white = consumer_sdk.update_endpoint_white(vpcep.UpdateEndpointWhiteRequest(
        vpc_endpoint_id=endpoint.id, body=vpcep.UpdateEndpointWhiteRequestBody(whitelist=[], enable_whitelist=False)))
    assert isinstance(white, vpcep.UpdateEndpointWhiteResponse) and white.whitelist == []
    consumer_sdk.batch_add_or_remove_resource_instance(vpcep.BatchAddOrRemoveResourceInstanceRequest(
        resource_type="endpoint", resource_id=endpoint.id,
        body=vpcep.BatchAddOrRemoveResourceInstanceRequestBody(action="create", tags=[vpcep.ResourceTag(key="team", value="x")])))
    found = consumer_sdk.list_resource_instances(vpcep.ListResourceInstancesRequest(
        resource_type="endpoint", body=vpcep.QueryResourceInstanceTagsBody(
            action="filter", limit="10", offset="0", tags=[vpcep.TagValuesList(key="team", values=["x"])])))
    assert isinstance(found, vpcep.ListResourceInstancesResponse)
    assert [r.resource_id for r in found.resources] == [endpoint.id] and found.total_count == 1
    quotas = consumer_sdk.list_quota_details(vpcep.ListQuotaDetailsRequest(type="endpoint"))
    assert [(q.type, q.used) for q in quotas.quotas.resources] == [("endpoint", 1)]
    deleted = consumer_sdk.delete_endpoint(vpcep.DeleteEndpointRequest(vpc_endpoint_id=endpoint.id))
    assert isinstance(deleted, vpcep.DeleteEndpointResponse)
    with pytest.raises(ClientRequestException) as info:
        consumer_sdk.list_endpoint_info_details(vpcep.ListEndpointInfoDetailsRequest(vpc_endpoint_id=endpoint.id))
    assert (info.value.status_code, info.value.error_code) == (404, "EndPoint.0005")


def test_a_gateway_endpoint_to_a_public_service_through_the_sdk(consumer_sdk, simulator):
    simulator.configure(provision_delay=0)
    public = consumer_sdk.list_service_public_details(vpcep.ListServicePublicDetailsRequest(endpoint_service_name="obsv2"))
    assert isinstance(public, vpcep.ListServicePublicDetailsResponse)
    [obs] = public.endpoint_services
    assert isinstance(obs, vpcep.EndpointService) and (obs.id, obs.service_type) == (OBS, "gateway")
    statement = vpcep.PolicyStatement(effect="Allow", action=["obs:object:GetObject"], resource=["obs:*:*:object:*"])
    endpoint = consumer_sdk.create_endpoint(vpcep.CreateEndpointRequest(body=vpcep.CreateEndpointRequestBody(
        endpoint_service_id=OBS, vpc_id="vpc-1", routetables=["rt-1"], policy_statement=[statement])))
    assert endpoint.status == "accepted" and endpoint.policy_statement[0].effect == "Allow"
    routes = consumer_sdk.update_endpoint_routetable(vpcep.UpdateEndpointRoutetableRequest(
        vpc_endpoint_id=endpoint.id, body=vpcep.UpdateEndpointRoutetableRequestBody(routetables=["rt-2"])))
    assert isinstance(routes, vpcep.UpdateEndpointRoutetableResponse) and routes.routetables == ["rt-2"]
    policy = consumer_sdk.update_endpoint_policy(vpcep.UpdateEndpointPolicyRequest(
        vpc_endpoint_id=endpoint.id, body=vpcep.UpdateEndpointPolicyRequestBody(
            policy_statement=[vpcep.PolicyStatement(effect="Deny", action=["obs:*"], resource=["*"])])))
    assert isinstance(policy, vpcep.UpdateEndpointPolicyResponse) and policy.policy_statement[0].effect == "Deny"
    cleared = consumer_sdk.delete_endpoint_policy(vpcep.DeleteEndpointPolicyRequest(vpc_endpoint_id=endpoint.id))
    assert isinstance(cleared, vpcep.DeleteEndpointPolicyResponse) and cleared.policy_statement == []
    described = consumer_sdk.list_service_describe_details(vpcep.ListServiceDescribeDetailsRequest(id=OBS))
    assert described.service_name == "%s.com.myhuaweicloud.v4.obsv2" % simulator.region
    with pytest.raises(ClientRequestException) as info:
        consumer_sdk.create_endpoint(vpcep.CreateEndpointRequest(body=vpcep.CreateEndpointRequestBody(
            endpoint_service_id=OBS, vpc_id="vpc-1", port_ip="10.0.0.1")))
    assert (info.value.status_code, info.value.error_code) == (400, "EndPoint.0002")


def test_v2_calls_project_tags_and_route_table_errors_through_the_sdk(sdk, consumer_sdk, simulator):
    simulator.configure(provision_delay=0, routetable_fail_pattern="^rt-bad")
    service = _create(sdk, "v2calls", tags=[vpcep.TagList(key="team", value="a")])
    upgraded = sdk.upgrade_endpoint_service(vpcep.UpgradeEndpointServiceRequest(vpc_endpoint_service_id=service.id))
    assert isinstance(upgraded, vpcep.UpgradeEndpointServiceResponse)
    shown = sdk.list_service_details(vpcep.ListServiceDetailsRequest(vpc_endpoint_service_id=service.id))
    assert shown.supported_editions == ["basic", "profession"] and shown.cidr_type == "internal"
    added = sdk.add_endpoint_service_server_resource(vpcep.AddEndpointServiceServerResourceRequest(
        vpc_endpoint_service_id=service.id, body=vpcep.AddEndpointServiceServerResourceRequestBody(
            server_resources=[vpcep.ServerResource(resource_id="elb-1", availability_zone_id="az-1")])))
    assert isinstance(added, vpcep.AddEndpointServiceServerResourceResponse)
    assert simulator.state.inspect_services("v2calls")[0]["server_resources"] == [
        {"resource_id": "elb-1", "availability_zone_id": "az-1"}]
    tags = sdk.list_query_project_resource_tags(vpcep.ListQueryProjectResourceTagsRequest(resource_type="endpoint_service"))
    assert isinstance(tags, vpcep.ListQueryProjectResourceTagsResponse)
    assert [(t.key, t.values) for t in tags.tags] == [("team", ["a"])]
    endpoint = consumer_sdk.create_endpoint(vpcep.CreateEndpointRequest(body=vpcep.CreateEndpointRequestBody(
        endpoint_service_id=OBS, vpc_id="vpc-1", routetables=["rt-1"], enable_dns=True)))
    assert endpoint.enable_dns is False
    routes = consumer_sdk.update_endpoint_routetable(vpcep.UpdateEndpointRoutetableRequest(
        vpc_endpoint_id=endpoint.id, body=vpcep.UpdateEndpointRoutetableRequestBody(routetables=["rt-1", "rt-bad"])))
    assert routes.routetables == ["rt-1"]
    [error] = routes.error
    assert isinstance(error, vpcep.RoutetableInfoError) and error.unbind_failed == []
    assert [(d.id, d.error_message) for d in error.bind_failed] == [("rt-bad", "Failed to bind route table rt-bad (simulated failure)")]
