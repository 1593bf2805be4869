# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asynchronous statuses: creating -> available or failed, deleting -> 404; quotas."""

import time


def test_create_is_creating_then_available(api):
    service = api.created(service_name="async")
    assert service["status"] == "creating"
    assert api.show(service["id"]).json()["status"] == "creating"
    time.sleep(0.3)
    shown = api.show(service["id"]).json()
    assert shown["status"] == "available"
    assert shown["error"] is None
    assert shown["service_name"] == "%s.async.%s" % (api.sim.region, service["id"])


def test_provision_delay_is_configurable(api):
    api.sim.configure(provision_delay=0)
    assert api.created()["status"] == "available"
    api.sim.configure(provision_delay=30)
    service = api.created()
    time.sleep(0.3)
    assert api.show(service["id"]).json()["status"] == "creating"


def test_fail_pattern_makes_provisioning_fail(api):
    api.sim.configure(fail_pattern="^doomed")
    bad = api.created(service_name="doomed-1")
    good = api.created(service_name="fine")
    assert bad["status"] == "creating"
    time.sleep(0.3)
    shown = api.show(bad["id"]).json()
    assert shown["status"] == "failed"
    assert shown["error"] and shown["error"][0]["error_code"] and shown["error"][0]["error_message"]
    assert api.show(good["id"]).json()["status"] == "available"
    listed = api.list(status="failed").json()
    assert [s["id"] for s in listed["endpoint_services"]] == [bad["id"]]
    assert listed["endpoint_services"][0]["error"]


def test_deleting_services_are_listed_as_deleting(api):
    api.sim.configure(provision_delay=0)
    service = api.created()
    api.sim.configure(provision_delay=0.2)
    response = api.call("DELETE", api.services_path(service["id"]))
    assert response.status_code == 204
    assert response.content == b""
    assert api.list(status="deleting").json()["total_count"] == 1
    assert api.list(status="available").json()["total_count"] == 0


def test_zero_delay_delete_is_gone_at_once(api):
    api.sim.configure(provision_delay=0)
    service = api.created()
    assert api.call("DELETE", api.services_path(service["id"])).status_code == 204
    assert api.show(service["id"]).status_code == 404


def test_delete_then_gone(api):
    service = api.created()
    assert api.call("DELETE", api.services_path(service["id"])).status_code == 204
    assert api.show(service["id"]).json()["status"] == "deleting"
    assert api.call("DELETE", api.services_path(service["id"])).status_code == 204
    time.sleep(0.3)
    gone = api.show(service["id"])
    assert gone.status_code == 404
    assert gone.json()["error_code"] == "EndPoint.0005"
    assert api.list().json()["total_count"] == 0
    again = api.call("DELETE", api.services_path(service["id"]))
    assert again.status_code == 404


def test_modifying_a_deleting_service_is_refused(api):
    service = api.created()
    api.call("DELETE", api.services_path(service["id"]))
    response = api.call("PUT", api.services_path(service["id"]), body={"description": "late"})
    assert response.status_code == 400


def test_unknown_service(api):
    for method in ("GET", "DELETE"):
        response = api.call(method, api.services_path("8e5d2b1a-0000-4000-8000-000000000000"))
        assert response.status_code == 404
        assert response.json()["error_code"] == "EndPoint.0005"


def test_quotas(api):
    api.sim.seed(3)
    response = api.call("GET", api.base + "/quotas", params={"type": "endpoint_service"})
    assert response.status_code == 200, response.text
    resources = response.json()["quotas"]["resources"]
    assert resources == [{"type": "endpoint_service", "used": 3, "quota": 10000}]
    both = api.call("GET", api.base + "/quotas").json()["quotas"]["resources"]
    assert {r["type"] for r in both} == {"endpoint_service", "endpoint"}
    assert api.call("GET", api.base + "/quotas", params={"type": "vpc"}).status_code == 400


def test_quota_is_enforced_on_create(api):
    api.sim.configure(quota=1)
    assert api.create().status_code == 200
    refused = api.create()
    assert refused.status_code == 400
    assert "quota" in refused.json()["error_msg"]
