# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Permissions as records: batch-create, batch-delete, descriptions, and the owner's own record."""

import pytest

A = "iam:domain::" + "a" * 32
B = "iam:domain::" + "b" * 32
EPS_KEYS = {"id", "permission", "permission_type", "description", "created_at"}


def _path(api, service_id, suffix=""):
    return api.services_path(service_id, "/permissions" + suffix)


def _batch_create(api, service_id, items, permission_type=None):
    body = {"permissions": items}
    if permission_type:
        body["permission_type"] = permission_type
    return api.call("POST", _path(api, service_id, "/batch-create"), body=body)


def _listed(api, service_id, **params):
    response = api.call("GET", _path(api, service_id), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_batch_create_answers_the_records_and_keeps_existing_ones(api):
    service = api.created()
    first = _batch_create(api, service["id"], [{"permission": A, "description": "team a"}, {"permission": "*"}])
    assert first.status_code == 200, first.text
    records = first.json()["permissions"]
    assert [(r["permission"], r["permission_type"], r["description"]) for r in records] == [(A, "domainId", "team a"), ("*", "domainId", "")]
    assert all(set(r) == EPS_KEYS for r in records)
    again = _batch_create(api, service["id"], [{"permission": A, "description": "changed?"}, {"permission": B}]).json()["permissions"]
    assert again[0] == records[0]      # kept as it was: same id, description unchanged
    assert again[1]["permission"] == B
    assert _listed(api, service["id"])["total_count"] == 3
    # the action call sees the same whitelist
    action = api.call("POST", _path(api, service["id"], "/action"), body={"action": "remove", "permissions": ["*"]}).json()
    assert sorted(action["permissions"]) == sorted([A, B])


def test_batch_delete_removes_by_record_id_all_or_nothing(api):
    service = api.created()
    records = _batch_create(api, service["id"], [{"permission": A}, {"permission": B}]).json()["permissions"]
    path = _path(api, service["id"], "/batch-delete")
    refused = api.call("POST", path, body={"permissions": [{"id": records[0]["id"]}, {"id": "no-such-record"}]})
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "EndPoint.0002"
    assert refused.json()["error_msg"].startswith("Invalid parameter permissions[1].id:")
    assert _listed(api, service["id"])["total_count"] == 2
    removed = api.call("POST", path, body={"permissions": [{"id": records[0]["id"]}]})
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"permissions": [records[0]]}
    assert [p["permission"] for p in _listed(api, service["id"])["permissions"]] == [B]


def test_a_record_description_can_be_changed(api):
    service = api.created()
    record = _batch_create(api, service["id"], [{"permission": A, "description": "old"}]).json()["permissions"][0]
    response = api.call("PUT", _path(api, service["id"], "/" + record["id"]), body={"permission": {"description": "new"}})
    assert response.status_code == 200, response.text
    assert response.json() == {"permissions": [dict(record, description="new")]}
    unknown = api.call("PUT", _path(api, service["id"], "/nope"), body={"permission": {"description": "x"}})
    assert unknown.status_code == 404
    assert unknown.json()["error_code"] == "EndPoint.0005"


def test_the_list_shows_descriptions_only_when_switched_on(api):
    service = api.created()
    _batch_create(api, service["id"], [{"permission": A, "description": "shown"}])
    assert set(_listed(api, service["id"])["permissions"][0]) == {"id", "permission", "permission_type", "created_at"}
    assert api.sim_post("/_sim/config", {"list_permission_descriptions": True}).json()["list_permission_descriptions"] is True
    assert _listed(api, service["id"])["permissions"][0]["description"] == "shown"
    # permissions added by the action call have an empty description
    api.call("POST", _path(api, service["id"], "/action"), body={"action": "add", "permissions": [B]})
    assert {p["permission"]: p["description"] for p in _listed(api, service["id"])["permissions"]} == {A: "shown", B: ""}


def test_the_owners_own_record_is_listed_when_switched_on(api):
    api.sim.configure(list_owner_permission=True)
    service = api.created()
    other = api.created()
    owner = "iam:domain::" + api.sim.domain_id
    listed = _listed(api, service["id"])
    assert [(p["permission"], p["permission_type"]) for p in listed["permissions"]] == [(owner, "domainId")]
    record_id = listed["permissions"][0]["id"]
    assert _listed(api, service["id"])["permissions"][0]["id"] == record_id      # stable
    assert _listed(api, other["id"])["permissions"][0]["id"] != record_id        # one per service
    action = api.call("POST", _path(api, service["id"], "/action"), body={"action": "add", "permissions": [A]}).json()
    assert sorted(action["permissions"]) == sorted([owner, A])
    removed = api.call("POST", _path(api, service["id"], "/batch-delete"), body={"permissions": [{"id": record_id}]})
    assert removed.json()["permissions"][0]["permission"] == owner
    assert [p["permission"] for p in _listed(api, service["id"])["permissions"]] == [A]
    api.call("POST", _path(api, other["id"], "/action"), body={"action": "remove", "permissions": [owner]})
    assert _listed(api, other["id"])["total_count"] == 0
    # switched off, the record is hidden and cannot be addressed by id
    api.sim.configure(list_owner_permission=False)
    third = api.created()
    assert _listed(api, third["id"])["total_count"] == 0
    api.sim.configure(list_owner_permission=True)
    hidden_id = _listed(api, third["id"])["permissions"][0]["id"]
    api.sim.configure(list_owner_permission=False)
    assert api.call("POST", _path(api, third["id"], "/batch-delete"), body={"permissions": [{"id": hidden_id}]}).status_code == 400


def test_adding_the_owner_explicitly_makes_it_an_ordinary_record(api):
    service = api.created()
    owner = "iam:domain::" + api.sim.domain_id
    added = _batch_create(api, service["id"], [{"permission": owner, "description": "me"}]).json()["permissions"][0]
    assert _listed(api, service["id"])["permissions"][0]["id"] == added["id"]
    api.sim.configure(list_owner_permission=True)
    assert _listed(api, service["id"])["total_count"] == 1


def test_list_filter_sort_and_paging(api):
    service = api.created()
    values = ["iam:domain::d%03d" % i for i in range(12)] + ["iam:domain::XYZ"]
    _batch_create(api, service["id"], [{"permission": v} for v in values])
    assert _listed(api, service["id"], permission="xyz")["total_count"] == 1
    page = _listed(api, service["id"], limit="5", offset="10", sort_dir="asc")
    assert page["total_count"] == 13 and [p["permission"] for p in page["permissions"]] == values[10:]
    assert _listed(api, service["id"], limit="500")["total_count"] == 13


@pytest.mark.parametrize("suffix, body, named", [
    ("/batch-create", {}, "permissions"),
    ("/batch-create", {"permissions": []}, "permissions"),
    ("/batch-create", {"permissions": [A]}, "permissions[0]"),
    ("/batch-create", {"permissions": [{"description": "x"}]}, "permissions[0].permission"),
    ("/batch-create", {"permissions": [{"permission": "iam:domain::bad-id"}]}, "permissions[0].permission"),
    ("/batch-create", {"permissions": [{"permission": A, "description": "<b>"}]}, "permissions[0].description"),
    ("/batch-create", {"permissions": [{"permission": A, "description": "d" * 513}]}, "permissions[0].description"),
    ("/batch-create", {"permissions": [{"permission": A, "extra": 1}]}, "permissions[0].extra"),
    ("/batch-create", {"permissions": [{"permission": A}], "permission_type": "orgPath"}, "permissions[0].permission"),
    ("/batch-create", {"permissions": [{"permission": A}], "action": "add"}, "action"),
    ("/batch-delete", {"permissions": [{}]}, "permissions[0].id"),
    ("/batch-delete", {"permissions": [{"id": "x"}, {"id": "x"}]}, "permissions[1].id"),
    ("/batch-delete", {"permissions": ["x"]}, "permissions[0]"),
])
def test_batch_validation(api, suffix, body, named):
    service = api.created()
    response = api.call("POST", _path(api, service["id"], suffix), body=body)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "EndPoint.0002"
    assert named in response.json()["error_msg"]


@pytest.mark.parametrize("body, named", [
    ({}, "permission"),
    ({"permission": "x"}, "permission"),
    ({"permission": {}}, "permission.description"),
    ({"permission": {"description": "a>b"}}, "permission.description"),
    ({"permission": {"description": "x", "id": "y"}}, "permission.id"),
])
def test_description_validation(api, body, named):
    service = api.created()
    record = _batch_create(api, service["id"], [{"permission": A}]).json()["permissions"][0]
    response = api.call("PUT", _path(api, service["id"], "/" + record["id"]), body=body)
    assert response.status_code == 400
    assert named in response.json()["error_msg"]


def test_batch_calls_of_another_accounts_service(api, consumer):
    service = api.created()
    assert _batch_create(consumer, service["id"], [{"permission": A}]).status_code == 404
    assert consumer.call("POST", _path(consumer, service["id"], "/batch-delete"), body={"permissions": [{"id": "x"}]}).status_code == 404
