# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Listing: paging limits, total_count, the fuzzy name filter, filters and sorting."""

import time

import pytest


def _error(response, code):
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == code
    return response.json()["error_msg"]


def test_default_limit_is_10_and_total_count_ignores_paging(api):
    api.sim.seed(25)
    body = api.list().json()
    assert len(body["endpoint_services"]) == 10
    assert body["total_count"] == 25


def test_limit_1000_is_accepted(api):
    api.sim.seed(1005)
    body = api.list(limit=1000).json()
    assert len(body["endpoint_services"]) == 1000
    assert body["total_count"] == 1005


@pytest.mark.parametrize("limit", ["1001", "-1", "abc", "", "1.5", "99999999999999999999"])
def test_invalid_limit(api, limit):
    assert "limit" in _error(api.list(limit=limit), "EndPoint.0006")


@pytest.mark.parametrize("offset", ["-1", "x", "", "2.0"])
def test_invalid_offset(api, offset):
    assert "offset" in _error(api.list(offset=offset), "EndPoint.0010")


def test_offsets_walk_the_whole_list_without_overlap(api):
    ids = set(api.sim.seed(25))
    seen = []
    for offset in range(0, 30, 7):
        body = api.list(limit=7, offset=offset).json()
        assert body["total_count"] == 25
        seen.extend(s["id"] for s in body["endpoint_services"])
    assert len(seen) == 25
    assert set(seen) == ids
    beyond = api.list(offset=100).json()
    assert beyond == {"endpoint_services": [], "total_count": 25}


def test_limit_zero_returns_only_the_count(api):
    api.sim.seed(3)
    assert api.list(limit=0).json() == {"endpoint_services": [], "total_count": 3}


def test_permissions_limit_500(api):
    service = api.created()
    path = api.services_path(service["id"], "/permissions")
    assert api.call("GET", path, params={"limit": "500"}).status_code == 200
    assert "limit" in _error(api.call("GET", path, params={"limit": "501"}), "EndPoint.0006")
    assert "offset" in _error(api.call("GET", path, params={"offset": "-2"}), "EndPoint.0010")


def test_connections_limit_1000(api):
    service = api.created()
    path = api.services_path(service["id"], "/connections")
    assert api.call("GET", path, params={"limit": "1000"}).status_code == 200
    _error(api.call("GET", path, params={"limit": "1001"}), "EndPoint.0006")


def test_name_filter_is_fuzzy_and_case_insensitive(api):
    for name in ("web", "web2", "myweb", "WEBAPP", "api"):
        api.created(service_name=name)
    found = {s["service_name"].split(".")[1] for s in api.list(endpoint_service_name="web").json()["endpoint_services"]}
    assert found == {"web", "web2", "myweb", "WEBAPP"}
    upper = api.list(endpoint_service_name="WEB").json()
    assert upper["total_count"] == 4
    assert api.list(endpoint_service_name="myweb").json()["total_count"] == 1
    assert api.list(endpoint_service_name="nothing").json()["total_count"] == 0


def test_names_are_not_unique(api):
    first = api.created(service_name="same")
    second = api.created(service_name="same")
    assert first["id"] != second["id"]
    body = api.list(endpoint_service_name="same").json()
    assert body["total_count"] == 2
    assert {s["id"] for s in body["endpoint_services"]} == {first["id"], second["id"]}


def test_filter_by_full_name(api):
    service = api.created(service_name="full")
    body = api.list(endpoint_service_name=service["service_name"]).json()
    assert [s["id"] for s in body["endpoint_services"]] == [service["id"]]


def test_filter_by_id_and_status(api):
    one = api.created(service_name="one")
    api.created(service_name="two")
    assert [s["id"] for s in api.list(id=one["id"]).json()["endpoint_services"]] == [one["id"]]
    assert api.list(id="00000000-0000-4000-8000-000000000000").json()["total_count"] == 0
    assert api.list(status="creating").json()["total_count"] == 2
    assert api.list(status="available").json()["total_count"] == 0
    time.sleep(0.3)
    assert api.list(status="available").json()["total_count"] == 2
    _error(api.list(status="running"), "EndPoint.0019")


def test_sort_by_creation_desc_by_default_and_asc(api):
    ids = []
    for name in ("s1", "s2", "s3"):
        ids.append(api.created(service_name=name)["id"])
        time.sleep(0.01)
    assert [s["id"] for s in api.list().json()["endpoint_services"]] == ids[::-1]
    assert [s["id"] for s in api.list(sort_dir="desc", sort_key="create_at").json()["endpoint_services"]] == ids[::-1]
    assert [s["id"] for s in api.list(sort_dir="asc").json()["endpoint_services"]] == ids


def test_sort_by_update_time(api):
    api.sim.configure(provision_delay=0)
    ids = [api.created(service_name=name)["id"] for name in ("u1", "u2", "u3")]
    time.sleep(0.01)
    assert api.call("PUT", api.services_path(ids[0]), body={"description": "touched"}).status_code == 200
    listed = [s["id"] for s in api.list(sort_key="update_at").json()["endpoint_services"]]
    assert listed[0] == ids[0]
    listed_asc = [s["id"] for s in api.list(sort_key="update_at", sort_dir="asc").json()["endpoint_services"]]
    assert listed_asc[-1] == ids[0]


def test_invalid_sort_parameters(api):
    _error(api.list(sort_key="name"), "EndPoint.0017")
    _error(api.list(sort_dir="up"), "EndPoint.0018")


def test_list_entries_have_the_sdk_service_list_fields(api):
    api.created(service_name="fields", tags=[{"key": "k", "value": "v"}])
    entry = api.list().json()["endpoint_services"][0]
    for key in ("id", "port_id", "service_name", "server_type", "vpc_id", "approval_enabled", "status", "service_type",
                "created_at", "updated_at", "project_id", "domain_id", "ports", "tags", "connection_count", "tcp_proxy",
                "description", "enable_policy"):
        assert key in entry, key
    assert time.strptime(entry["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert entry["project_id"] == api.sim.project_id
    assert entry["domain_id"] == api.sim.domain_id


def test_public_border_group_and_net_type_filters(api):
    four = api.created(service_name="four")
    six = api.created(service_name="six", ip_version="ipv6")
    assert api.list(public_border_group="center").json()["total_count"] == 2
    assert api.list(public_border_group="edge-1").json()["total_count"] == 0
    # net_type is matched against ip_version (a guess: the SDK calls it the backend type and lists no values).
    assert [s["id"] for s in api.list(net_type="ipv4").json()["endpoint_services"]] == [four["id"]]
    assert [s["id"] for s in api.list(net_type="ipv6").json()["endpoint_services"]] == [six["id"]]


def test_connections_sort_by_update_time(api):
    service = api.created()
    first = api.sim.add_connection(service["id"])
    second = api.sim.add_connection(service["id"])
    time.sleep(0.01)   # the list sorts by the exact update time
    path = api.services_path(service["id"], "/connections")
    assert api.call("PUT", path + "/description", body={"connections": [{"id": first["id"], "description": "x"}]}).status_code == 200
    by_update = [c["id"] for c in api.call("GET", path, params={"sort_key": "update_at"}).json()["connections"]]
    assert by_update == [first["id"], second["id"]]
    by_create = [c["id"] for c in api.call("GET", path, params={"sort_dir": "asc"}).json()["connections"]]
    assert by_create == [first["id"], second["id"]]
    assert api.call("GET", path, params={"sort_key": "name"}).json()["error_code"] == "EndPoint.0017"
