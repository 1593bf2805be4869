# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Describe any service, the public services, and filtering resources by tags."""

import pytest

OBS = "8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001"
DESCRIBE_KEYS = {"id", "service_name", "service_type", "created_at", "is_charge", "public_border_group", "enable_policy"}


def _describe(client, **params):
    return client.call("GET", client.services_path() + "/describe", params=params)


def test_describe_by_full_name_or_id(api, consumer):
    service = api.created(service_name="described")
    for params in ({"id": service["id"]}, {"endpoint_service_name": service["service_name"]}):
        response = _describe(api, **params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == DESCRIBE_KEYS
        assert (body["id"], body["service_name"], body["is_charge"]) == (service["id"], service["service_name"], False)
    # Not allowed yet: the consumer gets the 404 of an unknown service, by id and by name.
    for params in ({"id": service["id"]}, {"endpoint_service_name": service["service_name"]}):
        hidden = _describe(consumer, **params)
        assert hidden.status_code == 404 and hidden.json()["error_code"] == "EndPoint.0005"
    api.call("POST", api.services_path(service["id"], "/permissions/action"),
             body={"action": "add", "permissions": ["iam:domain::" + consumer.account["domain_id"]]})
    assert _describe(consumer, id=service["id"]).json()["service_name"] == service["service_name"]
    # The name must be the full name: the short one is not found.
    assert _describe(consumer, endpoint_service_name="described").status_code == 404


def test_describe_a_public_service_and_parameter_errors(consumer):
    public = _describe(consumer, endpoint_service_name="%s.com.myhuaweicloud.v4.obsv2" % consumer.sim.region).json()
    assert (public["id"], public["service_type"], public["enable_policy"]) == (OBS, "gateway", True)
    for params in ({}, {"id": OBS, "endpoint_service_name": "x"}):
        response = _describe(consumer, **params)
        assert response.status_code == 400 and "endpoint_service_name" in response.json()["error_msg"]


def test_public_services(consumer):
    path = consumer.services_path() + "/public"
    listed = consumer.call("GET", path).json()
    assert listed["total_count"] == 4
    assert all(set(s) == {"id", "owner", "service_name", "service_type", "created_at", "is_charge", "enable_policy"}
               for s in listed["endpoint_services"])
    names = {s["service_name"] for s in listed["endpoint_services"]}
    assert "%s.com.myhuaweicloud.v4.obsv2" % consumer.sim.region in names
    assert consumer.call("GET", path, params={"endpoint_service_name": "OBSV"}).json()["endpoint_services"][0]["id"] == OBS
    assert consumer.call("GET", path, params={"id": OBS}).json()["total_count"] == 1
    page = consumer.call("GET", path, params={"limit": "2", "offset": "3", "sort_dir": "asc"}).json()
    assert page["total_count"] == 4 and len(page["endpoint_services"]) == 1
    assert consumer.call("GET", path, params={"sort_key": "name"}).json()["error_code"] == "EndPoint.0017"
    # The public services are nobody's own: the services list does not show them.
    assert consumer.list().json()["total_count"] == 0


# ------------------------------------------------------------------------------------------ tag filtering
def _query(client, resource_type, **body):
    return client.call("POST", "%s/%s/resource_instances/action" % (client.base, resource_type), body=dict({"action": "filter"}, **body))


def _ids(response):
    assert response.status_code == 200, response.text
    return [r["resource_id"] for r in response.json()["resources"]]


@pytest.fixture
def tagged(api):
    api.sim.configure(provision_delay=0)
    specs = {
        "web": [{"key": "env", "value": "prod"}, {"key": "team", "value": "a"}],
        "api": [{"key": "env", "value": "dev"}],
        "db": [{"key": "team", "value": "b"}],
        "bare": [],
    }
    return {name: api.created(service_name=name, tags=tags)["id"] for name, tags in specs.items()}


@pytest.mark.parametrize("body, expected", [
    ({}, ["bare", "db", "api", "web"]),
    ({"tags": [{"key": "env", "values": []}]}, ["api", "web"]),
    ({"tags": [{"key": "env", "values": ["prod", "qa"]}]}, ["web"]),
    ({"tags": [{"key": "env", "values": []}, {"key": "team", "values": []}]}, ["web"]),
    ({"tags_any": [{"key": "env", "values": ["dev"]}, {"key": "team", "values": ["b"]}]}, ["db", "api"]),
    ({"not_tags": [{"key": "env", "values": []}, {"key": "team", "values": []}]}, ["bare", "db", "api"]),
    ({"not_tags_any": [{"key": "env", "values": []}, {"key": "team", "values": ["b"]}]}, ["bare"]),
    ({"without_any_tag": True, "tags": [{"key": "env", "values": []}]}, ["bare"]),
    ({"matches": [{"key": "resource_name", "value": ".WE"}]}, ["web"]),
    ({"matches": [{"key": "resource_name", "value": ""}]}, []),
    ({"limit": "2", "offset": "1"}, ["db", "api"]),
    ({"limit": 1}, ["bare"]),
])
def test_filter_services_by_tags(api, tagged, body, expected):
    assert _ids(_query(api, "endpoint_service", **body)) == [tagged[name] for name in expected]


def test_filter_answers_names_tags_and_counts(api, tagged):
    body = _query(api, "endpoint_service", tags=[{"key": "env", "values": ["prod"]}], limit="1").json()
    assert body["total_count"] == 1
    [resource] = body["resources"]
    assert resource == {"resource_id": tagged["web"], "resource_name": "%s.web.%s" % (api.sim.region, tagged["web"]),
                        "tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "a"}]}
    counted = api.call("POST", "%s/endpoint_service/resource_instances/action" % api.base,
                       body={"action": "count", "tags_any": [{"key": "team", "values": []}]})
    assert counted.json() == {"total_count": 2}


def test_filter_sees_only_the_callers_resources(api, consumer, tagged):
    assert _ids(_query(consumer, "endpoint_service")) == []
    mine = consumer.created_endpoint(OBS, subnet_id=None, tags=[{"key": "env", "value": "x"}])
    other = consumer.created_endpoint(OBS, subnet_id=None)
    assert _ids(_query(consumer, "endpoint")) == [other["id"], mine["id"]]
    found = _query(consumer, "endpoint", tags=[{"key": "env", "values": ["x"]}]).json()["resources"]
    assert found == [{"resource_id": mine["id"], "resource_name": mine["id"], "tags": [{"key": "env", "value": "x"}]}]
    assert _ids(_query(api, "endpoint")) == []


@pytest.mark.parametrize("body, code, named", [
    ({"action": "list"}, "EndPoint.0007", "action"),
    ({}, "EndPoint.0002", "action"),
    ({"action": "filter", "limit": "0"}, "EndPoint.0002", "limit"),
    ({"action": "filter", "limit": 1001}, "EndPoint.0002", "limit"),
    ({"action": "filter", "limit": "ten"}, "EndPoint.0002", "limit"),
    ({"action": "filter", "offset": -1}, "EndPoint.0002", "offset"),
    ({"action": "filter", "tags": [{"values": []}]}, "EndPoint.0002", "tags[0].key"),
    ({"action": "filter", "tags": [{"key": "a", "values": []}, {"key": "a", "values": []}]}, "EndPoint.0002", "tags[1].key"),
    ({"action": "filter", "not_tags": [{"key": "a"}]}, "EndPoint.0002", "not_tags[0].values"),
    ({"action": "filter", "tags": [{"key": "a", "values": ["x", "x"]}]}, "EndPoint.0002", "tags[0].values"),
    ({"action": "filter", "tags": [{"key": "k%d" % i, "values": []} for i in range(11)]}, "EndPoint.0002", "tags"),
    ({"action": "filter", "tags_any": [{"key": "a", "values": ["v%d" % i for i in range(11)]}]}, "EndPoint.0002", "tags_any[0].values"),
    ({"action": "filter", "matches": [{"key": "resource_id", "value": "x"}]}, "EndPoint.0002", "matches[0].key"),
    ({"action": "filter", "without_any_tag": "yes"}, "EndPoint.0002", "without_any_tag"),
    ({"action": "filter", "sort": "x"}, "EndPoint.0002", "sort"),
])
def test_tag_query_validation(api, body, code, named):
    response = api.call("POST", "%s/endpoint_service/resource_instances/action" % api.base, body=body)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == code
    assert response.json()["error_msg"].startswith("Invalid %s" % ("action" if code == "EndPoint.0007" else "parameter " + named))


def test_an_unknown_resource_type(api):
    response = api.call("POST", "%s/vpcs/resource_instances/action" % api.base, body={"action": "count"})
    assert response.status_code == 400 and "resource_type" in response.json()["error_msg"]
