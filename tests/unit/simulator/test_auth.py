# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication: AK/SK signatures verified exactly, tokens, project scoping, request ids."""

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from vpcep_sim import Simulator


def assert_401(response):
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error_code"] == "EndPoint.0003"
    assert body["error_msg"].startswith("Incorrect IAM authentication information")
    uuid.UUID(response.headers["X-Request-Id"])
    return body["error_msg"]


def test_good_signature_is_accepted(api):
    response = api.list(limit=5)
    assert response.status_code == 200, response.text
    assert response.json() == {"endpoint_services": [], "total_count": 0}


def test_good_signature_with_body_is_accepted(api):
    assert api.create(service_name="signed").status_code == 200


def test_wrong_secret_key(api):
    assert "signature" in assert_401(api.call("GET", api.services_path(), secret_key="not-the-secret"))


def test_wrong_access_key(api):
    assert "access key" in assert_401(api.call("GET", api.services_path(), access_key="OTHERAK0000000000001"))


def test_missing_sdk_date(api):
    assert "X-Sdk-Date" in assert_401(api.call("GET", api.services_path(), drop_headers=["X-Sdk-Date"]))


@pytest.mark.parametrize("minutes", [-16, 16, -60 * 24])
def test_stale_sdk_date(api, minutes):
    when = datetime.now(timezone.utc) + timedelta(minutes=minutes)
    assert "15 minutes" in assert_401(api.call("GET", api.services_path(), when=when))


@pytest.mark.parametrize("minutes", [-14, 14])
def test_sdk_date_within_15_minutes_is_accepted(api, minutes):
    when = datetime.now(timezone.utc) + timedelta(minutes=minutes)
    assert api.call("GET", api.services_path(), when=when).status_code == 200


def test_tampered_body(api):
    body = {"port_id": "p", "vpc_id": "v", "server_type": "VM", "ports": [{"client_port": 1, "server_port": 1}]}
    tampered = dict(body, server_type="LB")
    response = api.call("POST", api.services_path(), body=body, send_body=json.dumps(tampered).encode())
    assert_401(response)
    assert api.list().json()["total_count"] == 0


def test_tampered_query(api):
    response = api.call("GET", api.services_path(), params={"limit": "4"}, send_query="limit=5")
    assert_401(response)


def test_added_query_parameter(api):
    assert_401(api.call("GET", api.services_path(), params={"limit": "4"}, send_query="limit=4&offset=1"))


def test_query_order_on_the_wire_does_not_matter(api):
    # The gateway canonicalises the query it receives, as the signer does.
    response = api.call("GET", api.services_path(), params={"limit": "4", "offset": "0"}, send_query="offset=0&limit=4")
    assert response.status_code == 200, response.text


def test_tampered_method(api):
    headers, _query = api.signed_headers("GET", api.services_path())
    response = api.session.request("DELETE", api.sim.url + api.services_path("x"), headers=headers, timeout=10)
    assert_401(response)


def test_missing_signed_header(api):
    # X-Project-Id is signed (the SDK signs every header it sets); drop it after signing.
    assert "missing" in assert_401(api.call("GET", api.services_path(), drop_headers=["X-Project-Id"]))


def test_changed_signed_header(api):
    headers, _query = api.signed_headers("GET", api.services_path(), headers={"X-Extra": "a"})
    headers["X-Extra"] = "b"
    assert_401(api.session.get(api.sim.url + api.services_path(), headers=headers, timeout=10))


@pytest.mark.parametrize("value", [
    "SDK-HMAC-SHA256 garbage",
    "SDK-HMAC-SHA256 Access=SIMULATORAK0000000001, SignedHeaders=host;x-sdk-date",
    "Basic dXNlcjpwYXNz",
    "SDK-HMAC-SHA256 Access=SIMULATORAK0000000001, SignedHeaders=host;x-sdk-date, Signature=xyz",
])
def test_malformed_authorization(api, value):
    headers, _query = api.signed_headers("GET", api.services_path())
    headers["Authorization"] = value
    assert "malformed" in assert_401(api.session.get(api.sim.url + api.services_path(), headers=headers, timeout=10))


def test_no_credentials_at_all(api):
    assert_401(api.call("GET", api.services_path(), sign=False))


def test_unknown_api_is_404_before_auth(api):
    response = api.call("GET", "/v2/nothing/here", sign=False)
    assert response.status_code == 404
    assert response.json()["error_code"] == "APIGW.0101"
    uuid.UUID(response.headers["X-Request-Id"])


def test_token_from_iam_password_method(api):
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "someone", "password": api.sim.secret_key, "domain": {"name": "acct"}}}},
        "scope": {"project": {"name": api.sim.region}},
    }}
    response = api.call("POST", "/v3/auth/tokens", body=body, sign=False, headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    token = response.headers["X-Subject-Token"]
    assert response.json()["token"]["project"]["id"] == api.sim.project_id
    listed = api.call("GET", api.services_path(), sign=False, headers={"X-Auth-Token": token})
    assert listed.status_code == 200, listed.text
    created = api.call("POST", api.services_path(), sign=False, headers={"X-Auth-Token": token, "Content-Type": "application/json"},
                       body={"port_id": "p", "vpc_id": "v", "server_type": "VM", "ports": [{"client_port": 1, "server_port": 1}]})
    assert created.status_code == 200, created.text


def test_token_from_iam_with_aksk_signature(api):
    response = api.call("POST", "/v3/auth/tokens", body={"auth": {"identity": {"methods": ["hw_ak_sk"]}}}, project_header=False)
    assert response.status_code == 201, response.text
    token = response.headers["X-Subject-Token"]
    assert api.call("GET", api.services_path(), sign=False, headers={"X-Auth-Token": token}).status_code == 200


def test_token_request_with_wrong_password(api):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "u", "password": "wrong"}}}}}
    response = api.call("POST", "/v3/auth/tokens", body=body, sign=False)
    assert response.status_code == 401
    assert "X-Subject-Token" not in response.headers


def test_token_request_for_another_project(api):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "u", "password": api.sim.secret_key}}},
                     "scope": {"project": {"id": "f" * 32}}}}
    assert api.call("POST", "/v3/auth/tokens", body=body, sign=False).status_code == 401


def test_unknown_token(api):
    assert "token" in assert_401(api.call("GET", api.services_path(), sign=False, headers={"X-Auth-Token": "MIInot-a-token"}))


def test_fixed_token_configured_at_start(make_client):
    with Simulator(auth_token="fixed-token-123", provision_delay=0) as sim:
        client = make_client(sim)
        ok = client.call("GET", client.services_path(), sign=False, headers={"X-Auth-Token": "fixed-token-123"})
        assert ok.status_code == 200, ok.text
        assert_401(client.call("GET", client.services_path(), sign=False, headers={"X-Auth-Token": "fixed-token-124"}))


def test_configured_credentials_replace_the_defaults(make_client):
    with Simulator(access_key="MYAK", secret_key="MYSK", project_id="a" * 32, region="eu-west-101") as sim:
        client = make_client(sim)
        assert client.list().status_code == 200
        assert_401(client.call("GET", client.services_path(), access_key="SIMULATORAK0000000001",
                               secret_key="SimulatorSecretKey0000000000000000000001"))


def test_iam_projects_by_region_name(api):
    response = api.call("GET", "/v3/projects", params={"name": api.sim.region}, project_header=False)
    assert response.status_code == 200, response.text
    assert [p["id"] for p in response.json()["projects"]] == [api.sim.project_id]
    other = api.call("GET", "/v3/projects", params={"name": "ap-southeast-1"}, project_header=False)
    assert other.json()["projects"] == []


def test_iam_projects_needs_a_signature(api):
    assert_401(api.call("GET", "/v3/projects", params={"name": api.sim.region}, secret_key="bad", project_header=False))


def test_another_projects_id_in_the_path(api):
    response = api.call("GET", "/v1/%s/vpc-endpoint-services" % ("b" * 32), project_header=False)
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0014"


def test_x_project_id_disagreeing_with_the_path(api):
    response = api.call("GET", api.services_path(), headers={"X-Project-Id": "c" * 32})
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0014"


def test_another_project_with_a_token(api):
    token = api.sim.issue_token()
    response = api.call("GET", "/v1/%s/vpc-endpoint-services" % ("b" * 32), sign=False, headers={"X-Auth-Token": token})
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0014"


def test_every_answer_carries_a_request_id(api):
    ids = set()
    for response in (api.list(), api.show("nope"), api.call("GET", api.services_path(), sign=False),
                     api.create(ports=[]), api.sim_get("/_sim/requests")):
        ids.add(str(uuid.UUID(response.headers["X-Request-Id"])))
    assert len(ids) == 5
