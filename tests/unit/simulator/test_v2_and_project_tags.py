# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The v2 calls on a service (upgrade to the professional edition, adding server resources), the project's tag keys
and values, and the '*' a domain id may hold."""

import pytest


@pytest.fixture(autouse=True)
def _fast(simulator):
    simulator.configure(provision_delay=0)


def v2(client, service_id, call):
    return "/v2/%s/vpc-endpoint-services/%s/%s" % (client.project_id, service_id, call)


def test_upgrade_adds_the_professional_edition_once(api):
    service = api.created()
    assert api.show(service["id"]).json()["supported_editions"] == ["basic"]
    for _attempt in range(2):
        answer = api.call("POST", v2(api, service["id"], "upgrade"))
        assert (answer.status_code, answer.content) == (204, b"")
        assert api.show(service["id"]).json()["supported_editions"] == ["basic", "profession"]
    assert api.list().json()["endpoint_services"][0]["supported_editions"] == ["basic", "profession"]


def test_upgrade_needs_an_available_service_of_the_project(api, consumer):
    api.sim.configure(provision_delay=5)
    creating = api.created()
    refused = api.call("POST", v2(api, creating["id"], "upgrade"))
    assert refused.status_code == 400 and "is creating, not available" in refused.json()["error_msg"]
    api.sim.configure(provision_delay=0)
    ready = api.created()
    other = consumer.call("POST", v2(consumer, ready["id"], "upgrade"))
    assert other.json()["error_code"] == "EndPoint.0005"
    wrong_project = consumer.call("POST", v2(api, ready["id"], "upgrade"))
    assert wrong_project.json()["error_code"] == "EndPoint.0014"
    assert api.call("POST", v2(api, ready["id"], "upgrade"), sign=False).status_code == 401


def test_server_resources_are_added_and_kept_once(api):
    service = api.created()
    path = v2(api, service["id"], "add-server-resources")
    body = {"server_resources": [{"resource_id": "elb-1", "availability_zone_id": "az-1"}, {"resource_id": "elb-2"}]}
    for _attempt in range(2):
        answer = api.call("POST", path, body=body)
        assert (answer.status_code, answer.content) == (204, b"")
    stored = api.sim_get("/_sim/services").json()["services"][0]["server_resources"]
    assert stored == [{"resource_id": "elb-1", "availability_zone_id": "az-1"}, {"resource_id": "elb-2"}]
    # No read of the API returns them (the SDK's models have no such field).
    assert "server_resources" not in api.show(service["id"]).json()


@pytest.mark.parametrize("body, named", [
    ({}, "server_resources"),
    ({"server_resources": []}, "server_resources"),
    ({"server_resources": [{"availability_zone_id": "az"}]}, "server_resources[0].resource_id"),
    ({"server_resources": [{"resource_id": ""}]}, "server_resources[0].resource_id"),
    ({"server_resources": [{"resource_id": "elb", "port": 1}]}, "server_resources[0].port"),
    ({"server_resources": [{"resource_id": "elb"}], "other": 1}, "other"),
])
def test_server_resources_are_validated(api, body, named):
    service = api.created()
    answer = api.call("POST", v2(api, service["id"], "add-server-resources"), body=body)
    assert answer.status_code == 400 and named in answer.json()["error_msg"], answer.text


def test_project_tags_list_every_key_with_its_values(api, consumer):
    api.created(tags=[{"key": "env", "value": "prod"}, {"key": "team", "value": "a"}])
    api.created(tags=[{"key": "env", "value": "dev"}, {"key": "env2", "value": ""}])
    consumer.created(tags=[{"key": "secret", "value": "consumer"}])
    answer = api.call("GET", api.base + "/endpoint_service/tags")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"tags": [{"key": "env", "values": ["dev", "prod"]}, {"key": "env2", "values": [""]},
                                      {"key": "team", "values": ["a"]}]}
    assert api.call("GET", api.base + "/endpoint/tags").json() == {"tags": []}
    assert api.call("GET", api.base + "/nothing/tags").json()["error_code"] == "EndPoint.0002"


def test_a_domain_id_may_hold_an_asterisk(api):
    service = api.created()
    path = api.services_path(service["id"], "/permissions/action")
    for permission in ("iam:domain::*", "iam:domain::abc*"):
        answer = api.call("POST", path, body={"action": "add", "permissions": [permission]})
        assert answer.status_code == 200, answer.text
    refused = api.call("POST", path, body={"action": "add", "permissions": ["iam:domain::a?b"]})
    assert refused.status_code == 400 and "letters, digits or *" in refused.json()["error_msg"]
