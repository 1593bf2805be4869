# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_sim/ inspection API: faults, request log, reset, config, seed."""

import time

import pytest
import requests


@pytest.mark.parametrize("action, status", [("429", 429), ("500", 500), ("503", 503)])
def test_error_faults(api, action, status):
    fault = api.sim_post("/_sim/faults", {"method": "GET", "path": "/vpc-endpoint-services$", "action": action, "count": 2})
    assert fault.status_code == 200, fault.text
    for _attempt in range(2):
        response = api.list()
        assert response.status_code == status
        assert response.json()["error_code"]
        assert response.headers["X-Request-Id"]
    assert api.list().status_code == 200
    log = api.sim.requests_log()
    assert [e["status"] for e in log] == [status, status, 200]
    assert [e["fault"] for e in log] == [action, action, None]


def test_429_with_retry_after(api):
    api.sim_post("/_sim/faults", {"path": "vpc-endpoint-services", "action": "429", "retry_after": 3})
    response = api.list()
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"
    assert api.list().status_code == 200


def test_faults_match_method_and_path(api):
    api.sim.add_fault("500", method="POST", path=r"/vpc-endpoint-services$")
    assert api.list().status_code == 200
    assert api.call("GET", "/v3/projects", params={"name": api.sim.region}).status_code == 200
    assert api.create().status_code == 500
    assert api.create().status_code == 200
    assert api.sim_get("/_sim/faults").json() == {"faults": []}


def test_fault_listing_and_clearing(api):
    api.sim.add_fault("503", count=5)
    assert api.sim_get("/_sim/faults").json()["faults"][0]["count"] == 5
    assert api.session.delete(api.sim.url + "/_sim/faults", timeout=5).json() == {"faults": []}
    assert api.list().status_code == 200


def test_fault_validation(api):
    assert api.sim_post("/_sim/faults", {"action": "teapot"}).status_code == 400
    assert api.sim_post("/_sim/faults", {"action": "500", "path": "("}).status_code == 400
    assert api.sim_post("/_sim/faults", {"action": "500", "count": 0}).status_code == 400
    assert api.sim_post("/_sim/faults", {"path": "x"}).status_code == 400


def test_close_fault_answers_nothing_and_commits_nothing(api):
    api.sim_post("/_sim/faults", {"method": "POST", "path": "vpc-endpoint-services", "action": "close"})
    with pytest.raises(requests.exceptions.ConnectionError):
        api.create(service_name="closed")
    assert api.list().json()["total_count"] == 0
    assert api.sim.requests_log()[0]["fault"] == "close"
    assert api.sim.requests_log()[0]["status"] is None


def test_drop_after_commit_commits_then_drops(api):
    api.sim_post("/_sim/faults", {"method": "POST", "path": "vpc-endpoint-services$", "action": "drop_after_commit"})
    with pytest.raises(requests.exceptions.ConnectionError):
        api.create(service_name="dropped")
    body = api.list().json()
    assert body["total_count"] == 1
    assert body["endpoint_services"][0]["service_name"].split(".")[1] == "dropped"
    entry = api.sim.requests_log()[0]
    assert entry["fault"] == "drop_after_commit" and entry["status"] == 200


def test_drop_after_commit_on_delete(api):
    service = api.created()
    api.sim.add_fault("drop_after_commit", method="DELETE")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.call("DELETE", api.services_path(service["id"]))
    assert api.show(service["id"]).json()["status"] == "deleting"


def test_500_after_commit_commits_then_answers_500(api):
    service = api.created(service_name="first")
    api.sim.add_fault("500_after_commit", method="PUT")
    response = api.call("PUT", api.services_path(service["id"]), body={"description": "committed"})
    assert response.status_code == 500
    assert response.json()["error_code"] == "EndPoint.0001" and response.headers["X-Request-Id"]
    assert api.show(service["id"]).json()["description"] == "committed"
    entry = [e for e in api.sim.requests_log() if e["method"] == "PUT"][0]
    # The log shows what was processed (the client never sees it), as for drop_after_commit.
    assert entry["fault"] == "500_after_commit" and entry["status"] == 200
    assert api.call("PUT", api.services_path(service["id"]), body={"description": "again"}).status_code == 200


def test_lying_total_claims_a_total_and_fills_the_page(api):
    for name in ("a1", "a2", "a3"):
        api.created(service_name=name)
    fault = api.sim_post("/_sim/faults", {"method": "GET", "path": "vpc-endpoint-services$", "action": "lying_total",
                                          "total_count": 1000000})
    assert fault.status_code == 200 and fault.json()["total_count"] == 1000000
    body = api.list(limit=8).json()
    assert body["total_count"] == 1000000
    names = [s["service_name"].split(".")[1] for s in body["endpoint_services"]]
    assert len(names) == 8 and set(names) == {"a1", "a2", "a3"}
    # The fault is used up: the next answer is the truth.
    body = api.list(limit=8).json()
    assert body["total_count"] == 3 and len(body["endpoint_services"]) == 3


def test_lying_total_on_an_empty_list_or_a_non_list_answer(api):
    api.sim.add_fault("lying_total", method="GET", count=2, total_count=50)
    body = api.list(limit=5).json()
    assert body == {"endpoint_services": [], "total_count": 50}
    service = api.created(service_name="shown")
    assert api.show(service["id"]).json()["id"] == service["id"]


@pytest.mark.parametrize("fault", [
    {"action": "lying_total"},
    {"action": "lying_total", "total_count": -1},
    {"action": "lying_total", "total_count": True},
    {"action": "lying_total", "total_count": "many"},
    {"action": "500", "total_count": 5},
])
def test_total_count_belongs_to_lying_total(api, fault):
    response = api.sim_post("/_sim/faults", fault)
    assert response.status_code == 400
    assert "total_count" in response.json()["error_msg"]
    with pytest.raises(ValueError):
        api.sim.add_fault(fault["action"], total_count=fault.get("total_count"))


def test_request_log_content(api):
    service = api.created(service_name="logged")
    api.list(limit=3)
    api.show(service["id"])
    api.sim_get("/_sim/requests")
    entries = api.sim_get("/_sim/requests").json()["requests"]
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert [e["method"] for e in entries] == ["POST", "GET", "GET"]
    assert entries[0]["path"] == api.services_path()
    assert entries[0]["body"]["service_name"] == "logged"
    assert entries[1]["query"] == "limit=3"
    assert entries[2]["path"] == api.services_path(service["id"])
    assert all(e["status"] == 200 for e in entries)
    assert all(isinstance(e["duration_ms"], float) and e["duration_ms"] >= 0 for e in entries)
    assert {"seq", "method", "path", "query", "status", "duration_ms"} <= set(entries[0])
    since = api.sim_get("/_sim/requests?since=2").json()["requests"]
    assert [e["seq"] for e in since] == [3]


def test_request_log_records_refusals_and_hides_passwords(api):
    api.call("GET", api.services_path(), secret_key="wrong")
    api.call("POST", "/v3/auth/tokens", sign=False, body={"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": "u", "password": "secret-password"}}}}})
    entries = api.sim.requests_log()
    assert entries[0]["status"] == 401
    assert entries[1]["body"] is None
    assert "secret-password" not in repr(entries)


def test_reset(api):
    api.created()
    api.sim.add_fault("500", path="nothing-matches-this")
    api.sim.configure(provision_delay=9, fail_pattern="x")
    token = api.sim.issue_token()
    response = api.sim_post("/_sim/reset")
    assert response.status_code == 200
    assert api.sim.requests_log() == []
    assert api.sim_get("/_sim/faults").json()["faults"] == []
    config = api.sim_get("/_sim/config").json()
    assert config["provision_delay"] == 0.2 and config["fail_pattern"] is None
    assert api.list().json()["total_count"] == 0
    assert api.call("GET", api.services_path(), sign=False, headers={"X-Auth-Token": token}).status_code == 200


def test_config_endpoint(api):
    response = api.sim_post("/_sim/config", {"provision_delay": 0, "fail_pattern": "^x"})
    assert response.status_code == 200
    assert response.json()["provision_delay"] == 0.0
    assert api.created(service_name="xfail")["status"] == "failed"
    assert api.sim_post("/_sim/config", {"provision_delay": -1}).status_code == 400
    assert api.sim_post("/_sim/config", {"fail_pattern": "("}).status_code == 400
    assert api.sim_post("/_sim/config", {"nonsense": 1}).status_code == 400


def test_seed_5000_is_fast(api):
    started = time.monotonic()
    response = api.sim_post("/_sim/seed", {"count": 5000, "name_prefix": "bulk"})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.json()["count"] == 5000
    assert elapsed < 2.0
    body = api.list(limit=1000, offset=4500).json()
    assert body["total_count"] == 5000
    assert len(body["endpoint_services"]) == 500
    assert all(s["status"] == "available" for s in body["endpoint_services"])
    assert api.list(endpoint_service_name="bulk4999").json()["total_count"] == 1


def test_seed_with_one_name_for_all(api):
    response = api.sim_post("/_sim/seed", {"count": 2, "name": "twin"})
    assert response.status_code == 200
    listed = api.list(endpoint_service_name="twin").json()
    assert listed["total_count"] == 2
    assert {s["service_name"].split(".")[1] for s in listed["endpoint_services"]} == {"twin"}
    assert {s["id"] for s in listed["endpoint_services"]} == set(response.json()["ids"])


def test_seed_validation(api):
    assert api.sim_post("/_sim/seed", {"count": "5"}).status_code == 400
    assert api.sim_post("/_sim/seed", {"count": 1, "name": "bad name"}).status_code == 400
    assert "named" in api.sim_post("/_sim/seed", {"count": 1, "named": "x"}).json()["error_msg"]
    assert api.sim_post("/_sim/seed", {"count": 5, "name_prefix": "far-too-long-prefix"}).status_code == 400


def test_inspection_calls_are_not_logged_and_unknown_ones_are_404(api):
    api.sim_get("/_sim/health")
    api.sim_get("/_sim/requests")
    assert api.sim.requests_log() == []
    assert api.sim_get("/_sim/nothing").status_code == 404


def test_inspection_lists_the_stored_services_by_name(simulator):
    import json as _json
    import urllib.request as _request
    ids = simulator.seed(2, name="twin")
    simulator.seed(1, name_prefix="other")
    answer = _json.load(_request.urlopen(simulator.url + "/_sim/services?name=twin"))
    assert [s["id"] for s in answer["services"]] == ids
    assert set(answer["services"][0]) == {"id", "name", "status", "created_at", "project_id", "updated_at", "description",
                                          "port_id", "ports", "tags", "server_resources"}
    assert all(s["status"] == "available" and s["name"] == "twin" for s in answer["services"])
    everything = _json.load(_request.urlopen(simulator.url + "/_sim/services"))
    assert len(everything["services"]) == 3
    assert simulator.requests_log() == []


def test_health_tells_the_last_logged_request(simulator):
    import json as _json
    import urllib.request as _request
    assert _json.load(_request.urlopen(simulator.url + "/_sim/health"))["last_seq"] == 0
    simulator.seed(1)
    simulator.state.log_request({"method": "GET", "path": "/x"})
    simulator.state.log_request({"method": "GET", "path": "/y"})
    health = _json.load(_request.urlopen(simulator.url + "/_sim/health"))
    assert health["last_seq"] == 2
    assert [r["seq"] for r in simulator.requests_log(since=health["last_seq"] - 1)] == [2]
