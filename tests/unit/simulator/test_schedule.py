# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Another party at a chosen moment (/_sim/schedule), and the stored resources a race test inspects."""

import time

import pytest
import requests

VPC = "4189d3c2-8882-4871-a3c2-d380272eed80"
THEIRS = {"service_name": "twin", "port_id": "0c2d2b5e-3333-4000-8000-00000000e0c1", "vpc_id": VPC,
          "server_type": "VM", "description": "theirs", "ports": [{"client_port": 9999, "server_port": 99}],
          "tags": [{"key": "owner", "value": "them"}]}


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("not within %s seconds" % timeout)


def named(api, name):
    return api.sim_get("/_sim/services?name=%s" % name).json()["services"]


def test_a_service_created_as_another_party_after_a_delay_is_an_ordinary_service_and_not_logged(api):
    answer = api.sim_post("/_sim/schedule", {"kind": "service", "body": THEIRS, "delay": 0.3})
    assert answer.status_code == 200, answer.text
    entry = answer.json()
    assert entry == {"id": 1, "kind": "service", "account": "provider", "after": None, "delay": 0.3, "state": "armed",
                     "resource_id": None, "error": None}
    started = time.monotonic()
    assert named(api, "twin") == []
    made = wait_for(lambda: named(api, "twin"))
    assert time.monotonic() - started >= 0.25
    assert (made[0]["description"], made[0]["tags"]) == ("theirs", [{"key": "owner", "value": "them"}])
    assert made[0]["ports"] == [{"client_port": 9999, "server_port": 99, "protocol": "TCP"}]
    listing = api.sim_get("/_sim/schedule").json()["schedules"]
    assert (listing[0]["state"], listing[0]["resource_id"]) == ("done", made[0]["id"])
    # The other party's create is no API call of the client under test: the log stays empty.
    assert api.sim.requests_log() == []
    # The API lists it like any service of the account.
    assert [s["id"] for s in api.list(endpoint_service_name="twin").json()["endpoint_services"]] == [made[0]["id"]]


def test_a_schedule_waits_for_the_matching_request_then_its_delay(api):
    api.sim.schedule("service", THEIRS, after={"method": "POST", "path": "/vpc-endpoint-services$"}, delay=0.2)
    api.list()
    api.create(service_name="mine", ports=[{"client_port": 1, "server_port": 1}]).raise_for_status()
    assert api.sim.schedules()[0]["state"] == "armed"
    assert [s["name"] for s in named(api, "twin")] == []
    made = wait_for(lambda: named(api, "twin"))
    mine = named(api, "mine")
    # After ours, as a colleague's create a moment later would be.
    assert made[0]["created_at"] >= mine[0]["created_at"]


def test_a_request_closed_before_it_is_processed_still_starts_the_clock(api):
    # Issue 19 point 2: our create never reaches the server; the other party's still comes.
    api.sim.add_fault("close", method="POST", path="/vpc-endpoint-services$")
    api.sim.schedule("service", THEIRS, after={"path": "/vpc-endpoint-services$", "method": "post"})
    with pytest.raises(requests.exceptions.ConnectionError):
        api.create(service_name="never")
    wait_for(lambda: named(api, "twin"))
    assert named(api, "never") == []


def test_a_non_matching_request_leaves_a_schedule_waiting(api):
    api.sim.schedule("service", THEIRS, after={"method": "DELETE", "path": "vpc-endpoint-services"})
    api.list()
    api.create(service_name="mine", ports=[{"client_port": 1, "server_port": 1}])
    time.sleep(0.1)
    assert api.sim.schedules()[0]["state"] == "waiting"
    assert named(api, "twin") == []


def test_an_endpoint_created_as_the_consumer(api, consumer):
    service = api.created(service_name="shared", approval_enabled=False)
    api.call("POST", api.services_path(service["id"], "/permissions/action"),
             body={"permissions": ["*"], "action": "add"}).raise_for_status()
    wait_for(lambda: api.show(service["id"]).json()["status"] == "available")
    body = {"endpoint_service_id": service["id"], "vpc_id": VPC, "subnet_id": "0c2d2b5e-2222-4000-8000-00000000e0c1",
            "description": "theirs", "tags": [{"key": "owner", "value": "them"}]}
    api.sim.schedule("endpoint", body, account="consumer")
    stored = wait_for(lambda: api.sim_get("/_sim/endpoints?vpc_id=%s" % VPC).json()["endpoints"])
    assert stored[0]["project_id"] == consumer.project_id
    assert (stored[0]["description"], stored[0]["tags"]) == ("theirs", [{"key": "owner", "value": "them"}])
    assert set(stored[0]) == {"id", "project_id", "endpoint_service_id", "vpc_id", "subnet_id", "description",
                              "whitelist", "enable_whitelist", "tags", "status", "created_at", "updated_at"}
    listed = consumer.call("GET", consumer.endpoints_path(), params={"vpc_id": VPC}).json()["endpoints"]
    assert [e["id"] for e in listed] == [stored[0]["id"]]


def test_a_create_the_api_would_refuse_is_recorded_as_failed(api):
    body = {"endpoint_service_id": "4189d3c2-0000-4871-a3c2-d380272eed83", "vpc_id": VPC,
            "subnet_id": "0c2d2b5e-2222-4000-8000-00000000e0c1"}
    api.sim.schedule("endpoint", body, account="consumer")
    failed = wait_for(lambda: [s for s in api.sim.schedules() if s["state"] == "failed"])
    assert failed[0]["error"].startswith("400 EndPoint.0002: Invalid parameter endpoint_service_id")


@pytest.mark.parametrize("data, word", [
    ({"kind": "thing", "body": THEIRS}, "kind"),
    ({"kind": "service", "body": dict(THEIRS, vpc_id=None)}, "vpc_id"),
    ({"kind": "service", "body": "x"}, "body"),
    ({"kind": "service", "body": THEIRS, "delay": -1}, "delay"),
    ({"kind": "service", "body": THEIRS, "delay": True}, "delay"),
    ({"kind": "service", "body": THEIRS, "after": {"method": "POST"}}, "after"),
    ({"kind": "service", "body": THEIRS, "after": {"path": "("}}, "after.path"),
    ({"kind": "service", "body": THEIRS, "account": "nobody"}, "account"),
    ({"kind": "service", "body": THEIRS, "when": 1}, "when"),
])
def test_bad_schedules_are_refused_naming_the_parameter(api, data, word):
    answer = api.sim_post("/_sim/schedule", data)
    assert answer.status_code == 400
    assert word in answer.json()["error_msg"]
    assert api.sim.schedules() == []
    # The Python API refuses the same (ValueError), for the arguments it takes.
    if word not in ("when",):
        with pytest.raises(ValueError):
            api.sim.schedule(data["kind"], data["body"], account=data.get("account"), delay=data.get("delay", 0),
                             after=data.get("after"))
    assert api.sim.schedules() == []


def test_reset_and_delete_cancel_what_has_not_fired(api):
    api.sim.schedule("service", THEIRS, delay=0.3)
    api.sim.reset()
    assert api.sim.schedules() == []
    api.sim.schedule("service", THEIRS, delay=0.3)
    assert api.session.delete(api.sim.url + "/_sim/schedule", timeout=5).json() == {"schedules": []}
    time.sleep(0.5)
    assert named(api, "twin") == []
