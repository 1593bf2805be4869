# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Permissions, connections and tags actions."""

import pytest

DOMAIN = "iam:domain::1564ec50ef2a47c791ea5536353ed4b9"
ORG = "organizations:orgPath::o-abc/r-def/ou-123"


def _permissions(api, service_id, **params):
    response = api.call("GET", api.services_path(service_id, "/permissions"), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _permission_action(api, service_id, action, permissions, permission_type=None):
    body = {"action": action, "permissions": permissions}
    if permission_type:
        body["permission_type"] = permission_type
    return api.call("POST", api.services_path(service_id, "/permissions/action"), body=body)


def test_permissions_add_list_remove(api):
    service = api.created()
    assert _permissions(api, service["id"]) == {"permissions": [], "total_count": 0}
    added = _permission_action(api, service["id"], "add", [DOMAIN, "*"])
    assert added.status_code == 200, added.text
    assert sorted(added.json()["permissions"]) == sorted([DOMAIN, "*"])
    assert added.json()["permission_type"] == "domainId"
    again = _permission_action(api, service["id"], "add", [DOMAIN])
    assert len(again.json()["permissions"]) == 2
    listed = _permissions(api, service["id"])
    assert listed["total_count"] == 2
    entry = listed["permissions"][0]
    assert set(entry) == {"id", "permission", "permission_type", "created_at"}
    assert entry["permission_type"] == "domainId"
    assert _permission_action(api, service["id"], "add", [ORG], "orgPath").status_code == 200
    assert {p["permission_type"] for p in _permissions(api, service["id"])["permissions"]} == {"domainId", "orgPath"}
    assert _permissions(api, service["id"], permission="orgpath")["total_count"] == 1
    removed = _permission_action(api, service["id"], "remove", [DOMAIN, "iam:domain::notthere"])
    assert removed.status_code == 200
    assert sorted(removed.json()["permissions"]) == sorted(["*", ORG])
    assert _permissions(api, service["id"])["total_count"] == 2


def test_permissions_paging(api):
    service = api.created()
    values = ["iam:domain::d%03d" % i for i in range(25)]
    assert _permission_action(api, service["id"], "add", values).status_code == 200
    first = _permissions(api, service["id"])
    assert len(first["permissions"]) == 10 and first["total_count"] == 25
    seen = []
    for offset in (0, 10, 20):
        seen += [p["permission"] for p in _permissions(api, service["id"], limit="10", offset=str(offset))["permissions"]]
    assert sorted(seen) == sorted(values)


@pytest.mark.parametrize("body, code, named", [
    ({"action": "add", "permissions": ["iam:domain::has-dash"]}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": ["iam:domain::" + "a" * 65]}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": ["iam:domain::"]}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": ["domain::abc"]}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": [ORG]}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": [DOMAIN], "permission_type": "orgPath"}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": ["organizations:orgPath::" + "p" * 1025], "permission_type": "orgPath"},
     "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": ["organizations:orgPath::"], "permission_type": "orgPath"}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add", "permissions": [DOMAIN], "permission_type": "accountId"}, "EndPoint.0002", "permission_type"),
    ({"action": "add", "permissions": []}, "EndPoint.0002", "permissions"),
    ({"action": "add", "permissions": DOMAIN}, "EndPoint.0002", "permissions"),
    ({"action": "add", "permissions": [5]}, "EndPoint.0002", "permissions[0]"),
    ({"action": "add"}, "EndPoint.0002", "permissions"),
    ({"permissions": [DOMAIN]}, "EndPoint.0002", "action"),
    ({"action": "grant", "permissions": [DOMAIN]}, "EndPoint.0007", "action"),
    ({"action": "add", "permissions": [DOMAIN], "extra": 1}, "EndPoint.0002", "extra"),
])
def test_permission_action_validation(api, body, code, named):
    service = api.created()
    response = api.call("POST", api.services_path(service["id"], "/permissions/action"), body=body)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == code
    assert named in response.json()["error_msg"]


def test_orgpath_and_wildcard_are_accepted(api):
    service = api.created()
    assert _permission_action(api, service["id"], "add", ["organizations:orgPath::" + "p" * 1024], "orgPath").status_code == 200
    assert _permission_action(api, service["id"], "add", ["*"], "orgPath").status_code == 200
    assert _permission_action(api, service["id"], "add", ["iam:domain::" + "A1" * 32]).status_code == 200


def test_permissions_of_an_unknown_service(api):
    response = _permission_action(api, "f4d5c6b7-0000-4000-8000-000000000000", "add", [DOMAIN])
    assert response.status_code == 404
    assert api.call("GET", api.services_path("f4d5c6b7-0000-4000-8000-000000000000", "/permissions")).status_code == 404


# ------------------------------------------------------------------------------------------ connections
def test_connections_list_receive_reject(api):
    service = api.created()
    one = api.sim_post("/_sim/connections", {"service_id": service["id"], "domain_id": "d" * 32})
    assert one.status_code == 200, one.text
    one = one.json()
    assert one["status"] == "pendingAcceptance"
    assert one["domain_id"] == "d" * 32
    assert isinstance(one["marker_id"], int)
    assert {"id", "marker_id", "domain_id", "status", "created_at", "updated_at"} <= set(one)
    two = api.sim.add_connection(service["id"])
    path = api.services_path(service["id"], "/connections")
    listed = api.call("GET", path).json()
    assert listed["total_count"] == 2
    assert {c["id"] for c in listed["connections"]} == {one["id"], two["id"]}
    accepted = api.call("POST", path + "/action", body={"action": "receive", "endpoints": [one["id"]]})
    assert accepted.status_code == 200, accepted.text
    assert [(c["id"], c["status"]) for c in accepted.json()["connections"]] == [(one["id"], "accepted")]
    rejected = api.call("POST", path + "/action", body={"action": "reject", "endpoints": [two["id"]]})
    assert rejected.json()["connections"][0]["status"] == "rejected"
    assert api.call("GET", path, params={"status": "accepted"}).json()["connections"][0]["id"] == one["id"]
    assert api.call("GET", path, params={"marker_id": str(two["marker_id"])}).json()["connections"][0]["id"] == two["id"]
    assert api.call("GET", path, params={"id": one["id"]}).json()["total_count"] == 1
    assert api.list(id=service["id"]).json()["endpoint_services"][0]["connection_count"] == 1  # list items only


def test_connection_action_with_an_unknown_endpoint(api):
    service = api.created()
    api.sim.add_connection(service["id"])
    path = api.services_path(service["id"], "/connections/action")
    response = api.call("POST", path, body={"action": "receive", "endpoints": ["not-an-endpoint"]})
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0002"
    assert "endpoints[0]" in response.json()["error_msg"]
    assert api.call("GET", api.services_path(service["id"], "/connections")).json()["connections"][0]["status"] == "pendingAcceptance"


def test_connection_action_takes_one_endpoint_per_request(api):
    service = api.created()
    ids = [api.sim.add_connection(service["id"])["id"] for _index in range(2)]
    path = api.services_path(service["id"], "/connections/action")
    response = api.call("POST", path, body={"action": "receive", "endpoints": ids})
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0002"
    assert response.json()["error_msg"].startswith("Invalid parameter endpoints: give exactly one")
    listed = api.call("GET", api.services_path(service["id"], "/connections")).json()["connections"]
    assert {c["status"] for c in listed} == {"pendingAcceptance"}


@pytest.mark.parametrize("body, code", [
    ({"action": "accept", "endpoints": ["x"]}, "EndPoint.0007"),
    ({"action": "receive", "endpoints": []}, "EndPoint.0002"),
    ({"action": "receive"}, "EndPoint.0002"),
    ({"endpoints": ["x"]}, "EndPoint.0002"),
    ({"action": "receive", "endpoints": "x"}, "EndPoint.0002"),
])
def test_connection_action_validation(api, body, code):
    service = api.created()
    response = api.call("POST", api.services_path(service["id"], "/connections/action"), body=body)
    assert response.status_code == 400
    assert response.json()["error_code"] == code


def test_connection_list_parameters(api):
    service = api.created()
    path = api.services_path(service["id"], "/connections")
    assert api.call("GET", path, params={"marker_id": "abc"}).json()["error_code"] == "EndPoint.0021"
    assert api.call("GET", path, params={"status": "bogus"}).json()["error_code"] == "EndPoint.0019"


def test_sim_connection_for_an_unknown_service(api):
    assert api.sim_post("/_sim/connections", {"service_id": "nope"}).status_code == 404
    assert api.sim_post("/_sim/connections", {"service_id": "x", "status": "weird"}).status_code == 400


def test_sim_connection_with_an_explicit_status(api):
    service = api.created()
    connection = api.sim_post("/_sim/connections", {"service_id": service["id"], "status": "accepted"}).json()
    assert connection["status"] == "accepted"
    assert api.list(id=service["id"]).json()["endpoint_services"][0]["connection_count"] == 1  # list items only


# ------------------------------------------------------------------------------------------ tags
def _tag_action(api, service_id, action, tags):
    return api.call("POST", "%s/endpoint_service/%s/tags/action" % (api.base, service_id), body={"action": action, "tags": tags})


def test_tags_create_upsert_and_delete_by_key(api):
    service = api.created(tags=[{"key": "team", "value": "a"}])
    response = _tag_action(api, service["id"], "create", [{"key": "team", "value": "b"}, {"key": "env", "value": "prod"}])
    assert response.status_code == 204, response.text
    assert response.content == b""
    tags = {t["key"]: t["value"] for t in api.show(service["id"]).json()["tags"]}
    assert tags == {"team": "b", "env": "prod"}
    listed = api.list(id=service["id"]).json()["endpoint_services"][0]["tags"]
    assert {t["key"]: t["value"] for t in listed} == tags
    # A delete with a value deletes only a tag of that value; without one, by key.
    assert _tag_action(api, service["id"], "delete", [{"key": "team", "value": "other"}, {"key": "absent"}]).status_code == 204
    assert {t["key"]: t["value"] for t in api.show(service["id"]).json()["tags"]} == tags
    assert _tag_action(api, service["id"], "delete", [{"key": "team", "value": "b"}, {"key": "env"}]).status_code == 204
    assert api.show(service["id"]).json()["tags"] == []


def test_a_tag_delete_with_an_empty_value_matches_only_the_empty_value(api):
    service = api.created(tags=[{"key": "a", "value": ""}, {"key": "b", "value": "x"}])
    assert _tag_action(api, service["id"], "delete", [{"key": "a", "value": ""}, {"key": "b", "value": ""}]).status_code == 204
    assert api.show(service["id"]).json()["tags"] == [{"key": "b", "value": "x"}]


def test_at_most_20_tags(api):
    service = api.created(tags=[{"key": "k%d" % i, "value": "v"} for i in range(19)])
    assert _tag_action(api, service["id"], "create", [{"key": "k0", "value": "new"}, {"key": "k19", "value": "v"}]).status_code == 204
    response = _tag_action(api, service["id"], "create", [{"key": "k20", "value": "v"}])
    assert response.status_code == 400
    assert response.json()["error_msg"] == "Invalid parameter tags: a resource can carry at most 20 tags, this would make 21"
    assert len(api.show(service["id"]).json()["tags"]) == 20


@pytest.mark.parametrize("action, tags, code, named", [
    ("create", [{"key": "a=b", "value": "v"}], "EndPoint.0002", "tags[0].key"),
    ("create", [{"key": "k", "value": "a|b"}], "EndPoint.0002", "tags[0].value"),
    ("create", [{"key": "", "value": "v"}], "EndPoint.0002", "tags[0].key"),
    ("create", [{"key": "k", "value": "v" * 256}], "EndPoint.0002", "tags[0].value"),
    ("create", [], "EndPoint.0002", "tags"),
    ("create", [{"key": "k", "value": "1"}, {"key": "k", "value": "2"}], "EndPoint.0002", "tags[1].key"),
    ("update", [{"key": "k", "value": "v"}], "EndPoint.0007", "action"),
])
def test_tag_action_validation(api, action, tags, code, named):
    service = api.created()
    response = _tag_action(api, service["id"], action, tags)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == code
    assert named in response.json()["error_msg"]


def test_tags_of_an_unknown_service_or_resource_type(api):
    assert _tag_action(api, "a1b2c3d4-0000-4000-8000-000000000000", "create", [{"key": "k", "value": "v"}]).status_code == 404
    service = api.created()
    wrong = api.call("POST", "%s/vpcs/%s/tags/action" % (api.base, service["id"]), body={"action": "create", "tags": []})
    assert wrong.status_code == 400
    assert "resource_type" in wrong.json()["error_msg"]
