# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connections: the accept transition through 'creating', description updates, and faults that skip requests."""

import json
import time

import pytest

from vpcep_sim import Simulator
from vpcep_sim.__main__ import parse_args


def _connections(api, service_id, **params):
    response = api.call("GET", api.services_path(service_id, "/connections"), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _action(api, service_id, action, endpoints):
    return api.call("POST", api.services_path(service_id, "/connections/action"), body={"action": action, "endpoints": endpoints})


def _describe(api, service_id, body):
    return api.call("PUT", api.services_path(service_id, "/connections/description"), body=body)


# ------------------------------------------------------------------------------------------ accept transition
def test_accept_passes_through_creating_when_a_connection_delay_is_set(api):
    api.sim.configure(connection_delay=0.4)
    service = api.created()
    pending = api.sim.add_connection(service["id"], domain_id="a" * 32)
    answer = _action(api, service["id"], "receive", [pending["id"]])
    assert answer.status_code == 200, answer.text
    assert answer.json()["connections"][0]["status"] == "creating"
    assert _connections(api, service["id"])["connections"][0]["status"] == "creating"
    assert [c["id"] for c in _connections(api, service["id"], status="creating")["connections"]] == [pending["id"]]
    assert _connections(api, service["id"], status="accepted")["total_count"] == 0
    assert api.list(id=service["id"]).json()["endpoint_services"][0]["connection_count"] == 1  # list items only
    time.sleep(0.5)
    settled = _connections(api, service["id"])["connections"][0]
    assert settled["status"] == "accepted"
    assert settled["updated_at"] >= answer.json()["connections"][0]["updated_at"]
    assert _connections(api, service["id"], status="accepted")["total_count"] == 1


def test_a_connection_being_created_cannot_be_rejected_or_accepted_again(api):
    api.sim.configure(connection_delay=5)
    service = api.created()
    pending = api.sim.add_connection(service["id"])
    assert _action(api, service["id"], "receive", [pending["id"]]).json()["connections"][0]["status"] == "creating"
    for action in ("reject", "receive"):
        refused = _action(api, service["id"], action, [pending["id"]])
        assert refused.status_code == 400
        assert refused.json()["error_code"] == "EndPoint.0002"
        assert "is creating" in refused.json()["error_msg"]
    assert _connections(api, service["id"])["connections"][0]["status"] == "creating"


def test_without_a_delay_an_accept_answers_accepted_and_reject_is_immediate(api):
    service = api.created()
    pending = api.sim.add_connection(service["id"])
    assert _action(api, service["id"], "receive", [pending["id"]]).json()["connections"][0]["status"] == "accepted"
    assert _action(api, service["id"], "reject", [pending["id"]]).json()["connections"][0]["status"] == "rejected"
    # Accepting a rejected connection again passes through 'creating' too.
    api.sim.configure(connection_delay=5)
    assert _action(api, service["id"], "receive", [pending["id"]]).json()["connections"][0]["status"] == "creating"


def test_reject_of_an_accepted_connection_is_immediate_even_with_a_delay(api):
    service = api.created()
    accepted = api.sim.add_connection(service["id"], status="accepted")
    api.sim.configure(connection_delay=5)
    # Accepting an accepted connection changes nothing (no new 'creating' period).
    assert _action(api, service["id"], "receive", [accepted["id"]]).json()["connections"][0]["status"] == "accepted"
    assert _action(api, service["id"], "reject", [accepted["id"]]).json()["connections"][0]["status"] == "rejected"


@pytest.mark.parametrize("status", ["creating", "failed", "deleting"])
def test_explicit_statuses_from_the_inspection_api_stay_as_given(api, status):
    service = api.created()
    connection = api.sim_post("/_sim/connections", {"service_id": service["id"], "status": status}).json()
    assert connection["status"] == status
    assert _connections(api, service["id"])["connections"][0]["status"] == status
    assert _action(api, service["id"], "receive", [connection["id"]]).status_code == 400


def test_connection_delay_config(api):
    assert api.sim_get("/_sim/config").json()["connection_delay"] == 0.0
    response = api.sim_post("/_sim/config", {"connection_delay": 0.3})
    assert response.status_code == 200
    assert response.json()["connection_delay"] == 0.3
    for bad in (-1, "soon", True):
        assert api.sim_post("/_sim/config", {"connection_delay": bad}).status_code == 400
    api.sim_post("/_sim/reset")
    assert api.sim_get("/_sim/config").json()["connection_delay"] == 0.0
    with pytest.raises(ValueError):
        api.sim.configure(connection_delay=-2)


def test_connection_delay_from_the_constructor_and_the_command_line(make_client):
    assert parse_args([]).connection_delay == 0.0
    assert parse_args(["--connection-delay", "1.5"]).connection_delay == 1.5
    with pytest.raises(ValueError):
        Simulator(connection_delay=-1)
    with Simulator(port=0, provision_delay=0, connection_delay=3) as sim:
        api = make_client(sim)
        assert api.sim_get("/_sim/config").json()["connection_delay"] == 3.0
        service = api.created()
        pending = sim.add_connection(service["id"])
        assert _action(api, service["id"], "receive", [pending["id"]]).json()["connections"][0]["status"] == "creating"


def test_state_file_keeps_an_accept_under_way(tmp_path, make_client):
    state_file = str(tmp_path / "state.json")
    with Simulator(port=0, provision_delay=0, connection_delay=30, state_file=state_file) as sim:
        api = make_client(sim)
        service = api.created()
        pending = sim.add_connection(service["id"])
        _action(api, service["id"], "receive", [pending["id"]])
    saved = json.loads((tmp_path / "state.json").read_text())
    assert saved["services"][0]["connections"][0]["ready_at"] > time.time()
    with Simulator(port=0, provision_delay=0, state_file=state_file) as again:
        api = make_client(again)
        assert _connections(api, service["id"])["connections"][0]["status"] == "creating"


# ------------------------------------------------------------------------------------------ descriptions
def test_update_descriptions(api):
    service = api.created()
    one = api.sim.add_connection(service["id"], description="old")
    two = api.sim.add_connection(service["id"])
    body = {"connections": [{"id": one["id"], "description": "billing team"}, {"id": two["id"], "description": ""}]}
    response = _describe(api, service["id"], body)
    assert response.status_code == 200, response.text
    answered = response.json()["connections"]
    assert [(c["id"], c["description"]) for c in answered] == [(one["id"], "billing team"), (two["id"], "")]
    assert {"id", "marker_id", "domain_id", "status", "description", "created_at", "updated_at"} <= set(answered[0])
    listed = {c["id"]: c["description"] for c in _connections(api, service["id"])["connections"]}
    assert listed == {one["id"]: "billing team", two["id"]: ""}
    # The status is left alone.
    assert {c["status"] for c in _connections(api, service["id"])["connections"]} == {"pendingAcceptance"}


def test_update_descriptions_with_an_unknown_endpoint_changes_nothing(api):
    service = api.created()
    known = api.sim.add_connection(service["id"], description="kept")
    body = {"connections": [{"id": known["id"], "description": "new"}, {"id": "not-an-endpoint", "description": "x"}]}
    response = _describe(api, service["id"], body)
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0002"
    assert "connections[1].id" in response.json()["error_msg"]
    assert _connections(api, service["id"])["connections"][0]["description"] == "kept"


def test_update_descriptions_of_an_unknown_service(api):
    response = _describe(api, "f4d5c6b7-0000-4000-8000-000000000000", {"connections": [{"id": "x", "description": ""}]})
    assert response.status_code == 404
    assert response.json()["error_code"] == "EndPoint.0005"


@pytest.mark.parametrize("body, words", [
    ({}, ["connections", "required"]),
    ({"connections": []}, ["connections", "at least 1"]),
    ({"connections": "x"}, ["connections", "array"]),
    ({"connections": [{"id": "e1"}]}, ["connections[0].description", "required"]),
    ({"connections": [{"description": "d"}]}, ["connections[0].id", "required"]),
    ({"connections": [{"id": "", "description": "d"}]}, ["connections[0].id", "empty"]),
    ({"connections": [{"id": "e" * 65, "description": "d"}]}, ["connections[0].id", "64"]),
    ({"connections": [{"id": "e1", "description": "<b>"}]}, ["connections[0].description", "<"]),
    ({"connections": [{"id": "e1", "description": "d" * 513}]}, ["connections[0].description", "512"]),
    ({"connections": [{"id": "e1", "description": 5}]}, ["connections[0].description", "string"]),
    ({"connections": [{"id": "e1", "description": "a"}, {"id": "e1", "description": "b"}]}, ["connections[1].id", "twice"]),
    ({"connections": [{"id": "e1", "description": "d", "status": "accepted"}]}, ["connections[0].status", "unknown"]),
    ({"connections": [{"id": "e1", "description": "d"}], "action": "x"}, ["action", "unknown"]),
    ({"connections": ["e1"]}, ["connections[0]", "object"]),
])
def test_update_descriptions_validation(api, body, words):
    service = api.created()
    response = _describe(api, service["id"], body)
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0002"
    for word in words:
        assert word in response.json()["error_msg"]


def test_other_methods_on_the_description_path_are_not_published(api):
    service = api.created()
    response = api.call("POST", api.services_path(service["id"], "/connections/description"),
                        body={"connections": [{"id": "x", "description": ""}]})
    assert response.status_code == 404
    assert response.json()["error_code"] == "APIGW.0101"


# ------------------------------------------------------------------------------------------ faults that skip
def test_a_fault_can_let_matching_requests_pass_first(api):
    service = api.created()
    ids = [api.sim.add_connection(service["id"])["id"] for _index in range(4)]
    fault = api.sim_post("/_sim/faults", {"method": "POST", "path": "/connections/action$", "action": "500", "skip": 2})
    assert fault.status_code == 200, fault.text
    assert fault.json()["skip"] == 2
    statuses = [_action(api, service["id"], "receive", [endpoint_id]).status_code for endpoint_id in ids]
    assert statuses == [200, 200, 500, 200]
    assert [e["fault"] for e in api.sim.requests_log()[-4:]] == [None, None, "500", None]
    assert api.sim_get("/_sim/faults").json() == {"faults": []}


def test_fault_skip_validation(api):
    for bad in (-1, "2", True, 1.5):
        assert api.sim_post("/_sim/faults", {"action": "500", "skip": bad}).status_code == 400
    with pytest.raises(ValueError):
        api.sim.add_fault("500", skip=-1)
    assert api.sim.add_fault("500", path="nothing-matches", skip=3)["skip"] == 3
