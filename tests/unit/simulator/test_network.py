# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the hardening tests need of the network: slow commits, unreadable 200s, latency, many clients at once."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from vpcep_sim import Simulator
from vpcep_sim.__main__ import parse_args


# ------------------------------------------------------------------------------------------ faults
def test_slow_commit_lands_after_the_client_gave_up(api):
    fault = api.sim_post("/_sim/faults", {"method": "POST", "path": "vpc-endpoint-services$", "action": "slow_commit", "delay": 0.6})
    assert fault.status_code == 200, fault.text
    assert fault.json()["delay"] == 0.6
    started = time.monotonic()
    body = {"port_id": "p", "vpc_id": "v", "server_type": "VM", "service_name": "late",
            "ports": [{"client_port": 80, "server_port": 80}]}
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.call("POST", api.services_path(), body=body, timeout=0.2)
    assert api.list().json()["total_count"] == 0        # not yet: the server is still waiting
    while api.list().json()["total_count"] == 0 and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert time.monotonic() - started >= 0.6
    assert api.list().json()["endpoint_services"][0]["service_name"].split(".")[1] == "late"
    entry = [e for e in api.sim.requests_log() if e["fault"]][0]
    assert (entry["fault"], entry["status"], entry["account"]) == ("slow_commit", 200, "provider")
    assert entry["duration_ms"] >= 600


def test_slow_commit_answers_a_patient_client(api):
    api.sim.add_fault("slow_commit", method="GET", delay=0.2)
    started = time.monotonic()
    assert api.list().status_code == 200
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize("body", [{"action": "slow_commit"}, {"action": "slow_commit", "delay": 0}, {"action": "slow_commit", "delay": "1"},
                                  {"action": "500", "delay": 1}, {"action": "empty_200", "delay": 1}])
def test_slow_commit_needs_a_delay_and_only_it_takes_one(api, body):
    response = api.sim_post("/_sim/faults", body)
    assert response.status_code == 400
    assert "delay" in response.json()["error_msg"]


def test_empty_200_commits_and_answers_nothing(api):
    api.sim.add_fault("empty_200", method="POST")
    response = api.create(service_name="silent")
    assert response.status_code == 200
    assert response.content == b"" and response.headers["Content-Length"] == "0"
    assert response.headers["X-Request-Id"]
    assert api.list().json()["endpoint_services"][0]["service_name"].split(".")[1] == "silent"
    # A refused request still answers an empty 200 under this fault, and changes nothing.
    api.sim.add_fault("empty_200", method="POST")
    assert api.create(ports=[]).content == b""
    assert api.list().json()["total_count"] == 1
    assert [e["status"] for e in api.sim.requests_log() if e["fault"] == "empty_200"] == [200, 200]


def test_non_json_200_commits_and_answers_html(api):
    service = api.created()
    api.sim.add_fault("non_json_200", method="DELETE")
    response = api.call("DELETE", api.services_path(service["id"]))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError):
        response.json()
    assert api.show(service["id"]).json()["status"] == "deleting"


# ------------------------------------------------------------------------------------------ latency
def test_latency_delays_each_api_call_and_parallel_calls_overlap(simulator, make_client):
    simulator.configure(latency_ms=200)
    client = make_client(simulator)
    started = time.monotonic()
    assert client.list().status_code == 200
    assert time.monotonic() - started >= 0.2
    assert simulator.requests_log()[-1]["duration_ms"] >= 200
    inspection = time.monotonic()
    client.sim_get("/_sim/health")
    assert time.monotonic() - inspection < 0.2        # the inspection API is not delayed

    clients = [make_client(simulator) for _index in range(8)]
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(lambda one: one.list().status_code, clients)) == [200] * 8
    assert time.monotonic() - started < 0.8           # well under 8 x 200 ms: the sleeps overlap


def test_jitter_spreads_the_delay_around_the_latency(simulator):
    simulator.configure(latency_ms=100, jitter_ms=50)
    delays = [simulator.network_delay() for _index in range(200)]
    assert all(0.05 <= delay <= 0.15 for delay in delays)
    assert max(delays) - min(delays) > 0.05
    simulator.configure(latency_ms=0, jitter_ms=30)
    assert all(0 <= simulator.network_delay() <= 0.03 for _index in range(100))


def test_latency_settings(api):
    config = api.sim_post("/_sim/config", {"latency_ms": 5, "jitter_ms": 1.5}).json()
    assert (config["latency_ms"], config["jitter_ms"]) == (5.0, 1.5)
    for body in ({"latency_ms": -1}, {"jitter_ms": "10"}, {"latency_ms": True}):
        assert api.sim_post("/_sim/config", body).status_code == 400
    api.sim_post("/_sim/reset")
    assert api.sim_get("/_sim/config").json()["latency_ms"] == 0.0
    with pytest.raises(ValueError):
        Simulator(latency_ms=-5)
    args = parse_args(["--latency", "120", "--jitter", "30"])
    assert (args.latency, args.jitter) == (120.0, 30.0)
    with Simulator(latency_ms=120, jitter_ms=30) as sim:
        assert (sim.state.get_config()["latency_ms"], sim.state.get_config()["jitter_ms"]) == (120.0, 30.0)


# ------------------------------------------------------------------------------------------ many clients
def test_20_parallel_creates_of_one_name(simulator, make_client):
    simulator.configure(provision_delay=0)
    clients = [make_client(simulator) for _index in range(20)]
    with ThreadPoolExecutor(20) as pool:
        created = list(pool.map(lambda one: one.created(service_name="same"), clients))
    ids = [service["id"] for service in created]
    assert len(set(ids)) == 20
    client = clients[0]
    newest_first = client.list(limit=50).json()
    assert newest_first["total_count"] == 20
    listed = [s["id"] for s in newest_first["endpoint_services"]]
    assert set(listed) == set(ids)
    times = [s["created_at"] for s in newest_first["endpoint_services"]]
    assert times == sorted(times, reverse=True)
    assert [s["id"] for s in client.list(limit=50, sort_dir="asc").json()["endpoint_services"]] == listed[::-1]
    # The order of creation (the state's sequence) is the list's order, and each create was logged once.
    by_seq = sorted(ids, key=lambda service_id: simulator.state.services[service_id]["seq"])
    assert by_seq == listed[::-1]
    assert len({e["seq"] for e in simulator.requests_log()}) == len(simulator.requests_log()) == 22   # 20 creates, 2 lists
