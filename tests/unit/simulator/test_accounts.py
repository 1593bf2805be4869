# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several accounts: each request is one account's, resources belong to its project."""

import hashlib
import json

import pytest

from vpcep_sim import Simulator, defaults
from vpcep_sim.auth import token_fingerprint
from vpcep_sim.__main__ import parse_args

UNKNOWN = "EndPoint.0005"


def test_the_default_accounts(simulator):
    provider, consumer = simulator.accounts
    assert provider == {"name": "provider", "access_key": simulator.access_key, "secret_key": simulator.secret_key,
                        "domain_id": simulator.domain_id, "project_id": simulator.project_id}
    assert consumer == {"name": "consumer", "access_key": "SIMCONSUMERAK0000000002",
                        "secret_key": defaults.CONSUMER_SECRET_KEY, "domain_id": defaults.CONSUMER_DOMAIN_ID,
                        "project_id": defaults.CONSUMER_PROJECT_ID}
    assert simulator.consumer == consumer
    assert len(consumer["secret_key"]) == 40
    assert all(len(consumer[key]) == 32 and int(consumer[key], 16) >= 0 for key in ("domain_id", "project_id"))


def test_accounts_from_the_constructor_replace_the_default_consumer(make_client):
    extra = {"name": "third", "access_key": "THIRDAK", "secret_key": "third-secret"}
    with Simulator(accounts=[extra], provision_delay=0) as sim:
        assert [a["name"] for a in sim.accounts] == ["provider", "third"]
        third = sim.consumer
        assert len(third["project_id"]) == 32 and third["project_id"] != sim.project_id
        client = make_client(sim, third)
        assert client.created()["project_id"] == third["project_id"]
        assert make_client(sim, {"access_key": defaults.CONSUMER_ACCESS_KEY, "secret_key": defaults.CONSUMER_SECRET_KEY,
                                 "project_id": defaults.CONSUMER_PROJECT_ID}).list().status_code == 401
    with Simulator(accounts=[]) as alone:
        assert alone.consumer is None and len(alone.accounts) == 1


@pytest.mark.parametrize("accounts, words", [
    ([{"access_key": "A"}], "secret_key is required"),
    ([{"access_key": defaults.DEFAULT_ACCESS_KEY, "secret_key": "x"}], "access_key"),
    ([{"access_key": "B", "secret_key": "x", "project_id": defaults.DEFAULT_PROJECT_ID}], "project_id"),
    ([{"access_key": "C", "secret_key": "x", "name": "provider"}], "name"),
    ([{"access_key": "D", "secret_key": "x", "region": "eu"}], "unknown key region"),
    (["not a dict"], "dict"),
])
def test_bad_accounts_are_refused(accounts, words):
    with pytest.raises(ValueError) as info:
        Simulator(accounts=accounts)
    assert words in str(info.value)


def test_each_account_sees_only_its_own_services(api, consumer):
    mine = api.created(service_name="mine")
    theirs = consumer.created(service_name="theirs")
    assert theirs["project_id"] == consumer.project_id
    assert [s["id"] for s in consumer.list().json()["endpoint_services"]] == [theirs["id"]]
    assert consumer.list().json()["endpoint_services"][0]["domain_id"] == api.sim.consumer["domain_id"]
    assert [s["id"] for s in api.list().json()["endpoint_services"]] == [mine["id"]]
    calls = [
        ("GET", consumer.services_path(mine["id"]), None),
        ("PUT", consumer.services_path(mine["id"]), {"description": "x"}),
        ("DELETE", consumer.services_path(mine["id"]), None),
        ("GET", consumer.services_path(mine["id"], "/permissions"), None),
        ("POST", consumer.services_path(mine["id"], "/permissions/action"), {"action": "add", "permissions": ["*"]}),
        ("GET", consumer.services_path(mine["id"], "/connections"), None),
        ("POST", "%s/endpoint_service/%s/tags/action" % (consumer.base, mine["id"]),
         {"action": "create", "tags": [{"key": "k", "value": "v"}]}),
    ]
    for method, path, body in calls:
        response = consumer.call(method, path, body=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error_code"] == UNKNOWN
    assert api.show(mine["id"]).json()["description"] == ""


def test_another_accounts_project_in_the_path_is_refused(api, consumer):
    response = consumer.call("GET", api.services_path(), headers={"X-Project-Id": api.project_id}, project_header=False)
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0014"


def test_quotas_are_counted_per_project(api, consumer):
    api.created()
    api.created()
    consumer.created()
    used = {c.account["name"]: c.call("GET", c.base + "/quotas", params={"type": "endpoint_service"}).json() for c in (api, consumer)}
    assert used["provider"]["quotas"]["resources"][0]["used"] == 2
    assert used["consumer"]["quotas"]["resources"][0]["used"] == 1
    api.sim.configure(quota=1)
    refused = consumer.create()
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "EndPoint.0012"
    assert refused.json()["error_msg"] == "Quota exceeded: the endpoint_service quota of this project is 1 and 1 are in use"


def test_iam_projects_answers_the_callers_project(consumer):
    response = consumer.call("GET", "/v3/projects", params={"name": consumer.sim.region}, project_header=False)
    assert response.status_code == 200, response.text
    [project] = response.json()["projects"]
    assert (project["id"], project["domain_id"]) == (consumer.project_id, consumer.account["domain_id"])


def test_tokens_are_issued_to_the_authenticated_account(api, consumer):
    password = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "someone", "password": consumer.account["secret_key"]}}}}}
    signed = consumer.call("POST", "/v3/auth/tokens", body={"auth": {"identity": {"methods": ["hw_ak_sk"]}}}, project_header=False)
    by_password = api.call("POST", "/v3/auth/tokens", body=password, sign=False)
    for response in (signed, by_password):
        assert response.status_code == 201, response.text
        assert response.json()["token"]["project"]["id"] == consumer.project_id
        token = response.headers["X-Subject-Token"]
        assert consumer.call("GET", consumer.services_path(), sign=False, headers={"X-Auth-Token": token}).status_code == 200
        refused = api.call("GET", api.services_path(), sign=False, headers={"X-Auth-Token": token})
        assert refused.json()["error_code"] == "EndPoint.0014"
    by_token = api.call("POST", "/v3/auth/tokens", sign=False, body={"auth": {"identity": {"methods": ["token"], "token": {
        "id": api.sim.issue_token(account="consumer")}}}})
    assert by_token.json()["token"]["project"]["id"] == consumer.project_id
    scoped_wrong = dict(password, auth=dict(password["auth"], scope={"project": {"id": api.project_id}}))
    assert api.call("POST", "/v3/auth/tokens", body=scoped_wrong, sign=False).status_code == 401
    with pytest.raises(ValueError):
        api.sim.issue_token(account="nobody")


def test_the_request_log_names_the_account(api, consumer):
    api.list()
    consumer.list()
    api.call("GET", api.services_path(), sign=False)
    api.call("POST", "/v3/auth/tokens", body={"auth": {"identity": {"methods": ["hw_ak_sk"]}}}, project_header=False)
    consumer.call("GET", consumer.services_path(), sign=False, headers={"X-Auth-Token": api.sim.issue_token(account="consumer")})
    entries = api.sim.requests_log()
    assert [(e["account"], e["domain_id"]) for e in entries] == [
        ("provider", api.sim.domain_id), ("consumer", consumer.account["domain_id"]), (None, None), ("provider", api.sim.domain_id),
        ("consumer", consumer.account["domain_id"])]
    # How each call proved its account: the signing access key (no secret), or a token.
    assert [(e["auth"], e["access_key"]) for e in entries] == [
        ("aksk", api.sim.access_key), ("aksk", consumer.account["access_key"]), (None, None), ("aksk", api.sim.access_key),
        ("token", None)]


def test_inspection_calls_take_an_account(api, consumer):
    listed = api.sim_get("/_sim/accounts").json()["accounts"]
    assert listed == api.sim.accounts
    seeded = api.sim_post("/_sim/seed", {"count": 2, "account": "consumer"}).json()["ids"]
    assert {s["id"] for s in consumer.list().json()["endpoint_services"]} == set(seeded)
    assert api.list().json()["total_count"] == 0
    connection = api.sim_post("/_sim/connections", {"service_id": seeded[0], "account": "consumer"})
    assert connection.status_code == 200, connection.text
    listed = consumer.call("GET", consumer.services_path(seeded[0], "/connections")).json()
    assert [c["id"] for c in listed["connections"]] == [connection.json()["id"]]
    # Without an account, /_sim/connections looks in the default account's services.
    assert api.sim_post("/_sim/connections", {"service_id": seeded[0]}).status_code == 404
    refused = api.sim_post("/_sim/seed", {"count": 1, "account": "nobody"})
    assert refused.status_code == 400 and "account" in refused.json()["error_msg"]
    assert api.sim.seed(1, account="consumer") and consumer.list().json()["total_count"] == 3
    with pytest.raises(ValueError):
        api.sim.add_connection(seeded[0], account="nobody")


def test_the_consumer_from_the_command_line():
    args = parse_args(["--consumer-access-key", "CAK", "--consumer-secret-key", "CSK", "--consumer-project-id", "c" * 32,
                       "--consumer-domain-id", "d" * 32])
    assert (args.consumer_access_key, args.consumer_secret_key, args.consumer_project_id, args.consumer_domain_id) == (
        "CAK", "CSK", "c" * 32, "d" * 32)
    defaults_only = parse_args([])
    assert defaults_only.consumer_access_key == defaults.CONSUMER_ACCESS_KEY
    assert defaults_only.consumer_project_id == defaults.CONSUMER_PROJECT_ID


def test_the_request_log_names_the_security_token_by_a_fingerprint(api, consumer):
    # Temporary credentials: the log shows which token a request carried (never the token) and whether it was signed.
    consumer.call("GET", consumer.services_path(), headers={"X-Security-Token": "st-consumer-secret"})
    headers, _query = api.signed_headers("GET", api.services_path())
    api.session.get(api.sim.url + api.services_path(), headers=dict(headers, **{"X-Security-Token": "st-added-later"}),
                    timeout=10)
    api.list()
    entries = api.sim.requests_log()
    assert [e["status"] for e in entries] == [200, 200, 200]
    assert [(e["account"], e["security_token"], e["security_token_signed"]) for e in entries] == [
        ("consumer", token_fingerprint("st-consumer-secret"), True), ("provider", token_fingerprint("st-added-later"), False),
        ("provider", None, False)]
    assert token_fingerprint("st-consumer-secret") == "sha256:" + hashlib.sha256(b"st-consumer-secret").hexdigest()[:16]
    assert "st-consumer-secret" not in json.dumps(entries)
