# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC endpoints: the consumer's side of the two-account story, and the owner's view of it."""

import ipaddress
import re
import time

import pytest

OBS = "8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001"     # the public OBS gateway service
APIG = "8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0004"    # a public interface service with enable_policy
# On the wire a statement's keys are capitalised (the SDK's PolicyStatement.attribute_map).
STATEMENT = {"Effect": "Allow", "Action": ["obs:object:GetObject"], "Resource": ["obs:*:*:object:bucket/*"]}


@pytest.fixture(autouse=True)
def _fast(simulator):
    simulator.configure(provision_delay=0)


def _share(api, consumer, **fields):
    """An available service of the provider that the consumer may connect to."""
    service = api.created(**fields)
    added = api.call("POST", api.services_path(service["id"], "/permissions/action"),
                     body={"action": "add", "permissions": ["iam:domain::" + consumer.account["domain_id"]]})
    assert added.status_code == 200, added.text
    return service


def _connections(api, service_id, **params):
    response = api.call("GET", api.services_path(service_id, "/connections"), params=params)
    assert response.status_code == 200, response.text
    return response.json()["connections"]


def _show(client, endpoint_id):
    return client.call("GET", client.endpoints_path(endpoint_id))


def test_the_two_account_story(api, consumer):
    api.sim.configure(provision_delay=0.2)
    service = api.created(service_name="shared")
    time.sleep(0.25)
    refused = consumer.create_endpoint(service["id"])
    assert refused.status_code == 403
    assert refused.json()["error_code"] == "EndPoint.0004"
    assert "is not in the whitelist of endpoint service %s" % service["id"] in refused.json()["error_msg"]
    api.call("POST", api.services_path(service["id"], "/permissions/action"),
             body={"action": "add", "permissions": ["iam:domain::" + consumer.account["domain_id"]]})
    endpoint = consumer.created_endpoint(service["id"], description="from the consumer")
    assert endpoint["status"] == "creating"
    assert endpoint["project_id"] == consumer.project_id
    assert endpoint["endpoint_service_name"] == service["service_name"]
    assert endpoint["service_type"] == "interface" and endpoint["active_status"] == ["active"]
    [connection] = _connections(api, service["id"])
    assert (connection["id"], connection["marker_id"]) == (endpoint["id"], endpoint["marker_id"])
    assert connection["domain_id"] == consumer.account["domain_id"]
    assert connection["status"] == "creating" and connection["description"] == ""
    time.sleep(0.25)
    assert _show(consumer, endpoint["id"]).json()["status"] == "pendingAcceptance"
    assert _connections(api, service["id"])[0]["status"] == "pendingAcceptance"
    action = api.call("POST", api.services_path(service["id"], "/connections/action"),
                      body={"action": "receive", "endpoints": [endpoint["id"]]})
    assert action.json()["connections"][0]["status"] == "accepted"
    assert _show(consumer, endpoint["id"]).json()["status"] == "accepted"
    assert api.list(id=service["id"]).json()["endpoint_services"][0]["connection_count"] == 1
    api.call("POST", api.services_path(service["id"], "/connections/action"), body={"action": "reject", "endpoints": [endpoint["id"]]})
    assert _show(consumer, endpoint["id"]).json()["status"] == "rejected"


def test_an_accept_with_a_connection_delay_passes_through_creating(api, consumer):
    service = _share(api, consumer)
    endpoint = consumer.created_endpoint(service["id"])
    api.sim.configure(connection_delay=0.3)
    api.call("POST", api.services_path(service["id"], "/connections/action"), body={"action": "receive", "endpoints": [endpoint["id"]]})
    assert _show(consumer, endpoint["id"]).json()["status"] == "creating"
    time.sleep(0.35)
    assert _show(consumer, endpoint["id"]).json()["status"] == "accepted"


def test_who_may_connect(api, consumer):
    own = consumer.created()
    assert consumer.created_endpoint(own["id"])["status"] == "pendingAcceptance"
    everyone = api.created(approval_enabled=False)
    api.call("POST", api.services_path(everyone["id"], "/permissions/action"), body={"action": "add", "permissions": ["*"]})
    assert consumer.created_endpoint(everyone["id"])["status"] == "accepted"
    other_domain = api.created()
    api.call("POST", api.services_path(other_domain["id"], "/permissions/action"),
             body={"action": "add", "permissions": ["iam:domain::" + "f" * 32]})
    assert consumer.create_endpoint(other_domain["id"]).status_code == 403
    public = consumer.created_endpoint(OBS, subnet_id=None, routetables=["rt-1"])
    assert public["status"] == "accepted" and public["endpoint_service_name"] == "%s.com.myhuaweicloud.v4.obsv2" % api.sim.region


def test_the_service_must_exist_and_be_available(api, consumer):
    unknown = consumer.create_endpoint("00000000-0000-4000-8000-000000000000")
    assert unknown.status_code == 400
    assert unknown.json()["error_code"] == "EndPoint.0002"
    assert unknown.json()["error_msg"].startswith("Invalid parameter endpoint_service_id:")
    api.sim.configure(provision_delay=5)
    creating = _share(api, consumer)
    refused = consumer.create_endpoint(creating["id"])
    assert refused.status_code == 400 and "is creating, not available" in refused.json()["error_msg"]


def test_a_failed_endpoint_carries_an_error(api, consumer):
    api.sim.configure(endpoint_fail_pattern="^doomed")
    service = _share(api, consumer)
    endpoint = consumer.created_endpoint(service["id"], description="doomed endpoint")
    shown = _show(consumer, endpoint["id"]).json()
    assert shown["status"] == "failed"
    assert set(shown["error"][0]) == {"error_code", "error_message"} and shown["error"][0]["error_code"] == "EndPoint.0001"
    [connection] = _connections(api, service["id"])
    assert connection["status"] == "failed" and connection["error"] == shown["error"]
    assert consumer.created_endpoint(service["id"], description="fine")["status"] == "pendingAcceptance"
    assert api.sim_post("/_sim/config", {"endpoint_fail_pattern": "("}).status_code == 400


def test_addresses_and_dns_names(api, consumer):
    service = _share(api, consumer, service_name="Web_App")
    chosen = consumer.created_endpoint(service["id"], port_ip="10.1.2.3", enable_dns=True)
    assert chosen["ip"] == "10.1.2.3"
    shown = _show(consumer, chosen["id"]).json()
    assert shown["enable_dns"] is True
    assert re.match(r"^[0-9a-f]{8}\.web-app\.%s\.vpcep\.example$" % re.escape(api.sim.region), shown["dns_names"][0])
    first = consumer.created_endpoint(service["id"])
    second = consumer.created_endpoint(service["id"])
    assert ipaddress.ip_address(first["ip"]) in ipaddress.ip_network("192.168.0.0/16")
    assert first["ip"] != second["ip"]
    assert _show(consumer, first["id"]).json()["dns_names"] == []
    taken = consumer.create_endpoint(service["id"], port_ip="10.1.2.3")
    assert taken.status_code == 400 and "port_ip" in taken.json()["error_msg"]
    assert consumer.create_endpoint(service["id"], port_ip="10.1.2.3", subnet_id="another-subnet").status_code == 200
    gateway = _show(consumer, consumer.created_endpoint(OBS, subnet_id=None, enable_dns=True)["id"]).json()
    assert gateway["ip"] is None and gateway["dns_names"] == [] and len(gateway["routetables"]) == 1
    # The SDK: a gateway endpoint gets no domain name whatever enable_dns says, so it reads false.
    assert gateway["enable_dns"] is False


def test_ip_version_is_ipv4_or_dualstack_and_only_for_professional_endpoints(api, consumer):
    basic = _share(api, consumer)
    for fields in ({"ip_version": "dualstack"}, {"ip_version": "ipv4"}, {"ip_version": "dualstack", "ipv6_address": "fd00::42"}):
        refused = consumer.create_endpoint(basic["id"], **fields)
        assert refused.status_code == 400 and "only professional VPC endpoints" in refused.json()["error_msg"], fields
    assert api.call("POST", "/v2/%s/vpc-endpoint-services/%s/upgrade" % (api.project_id, basic["id"])).status_code == 204
    refused = consumer.create_endpoint(basic["id"], ip_version="ipv6")
    assert refused.status_code == 400 and "ip_version" in refused.json()["error_msg"]
    endpoint = consumer.created_endpoint(basic["id"], ip_version="dualstack")
    assert ipaddress.ip_address(endpoint["ipv6_address"]).version == 6
    given = consumer.created_endpoint(basic["id"], ip_version="dualstack", ipv6_address="fd00::42")
    assert given["ipv6_address"] == "fd00::42"
    assert consumer.create_endpoint(basic["id"], ip_version="ipv4", ipv6_address="fd00::43").status_code == 400


@pytest.mark.parametrize("fields, named", [
    ({"endpoint_service_id": None}, "endpoint_service_id"),
    ({"vpc_id": None}, "vpc_id"),
    ({"subnet_id": None}, "subnet_id"),
    ({"vpc_id": ""}, "vpc_id"),
    ({"port_ip": "2001:db8::1"}, "port_ip"),
    ({"port_ip": "host.example"}, "port_ip"),
    ({"enable_dns": "true"}, "enable_dns"),
    ({"tags": [{"key": "k%d" % i, "value": "v"} for i in range(21)]}, "tags"),
    ({"tags": [{"key": "a=b", "value": "v"}]}, "tags[0].key"),
    ({"routetables": ["rt"]}, "routetables"),
    ({"whitelist": ["10.0.0.0/33"]}, "whitelist[0]"),
    ({"whitelist": ["10.0.0.1", "10.0.0.1"]}, "whitelist[1]"),
    ({"whitelist": ["10.0.0.%d" % i for i in range(21)]}, "whitelist"),
    ({"enable_whitelist": 1}, "enable_whitelist"),
    ({"description": "<b>"}, "description"),
    ({"description": "d" * 513}, "description"),
    ({"policy_statement": [STATEMENT]}, "policy_statement"),
    ({"policy_document": {"Version": "5.0"}}, "policy_document"),
    ({"ip_version": "ipv5"}, "ip_version"),
    ({"ipv6_address": "fd00::1"}, "ipv6_address"),
    ({"specification_name": "default"}, "specification_name"),
])
def test_create_validation(api, consumer, fields, named):
    service = _share(api, consumer)
    body = {"endpoint_service_id": service["id"], "vpc_id": "vpc-1", "subnet_id": "subnet-1"}
    body.update(fields)
    response = consumer.call("POST", consumer.endpoints_path(), body={k: v for k, v in body.items() if v is not None})
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "EndPoint.0002"
    assert response.json()["error_msg"].startswith("Invalid parameter %s" % named)
    assert consumer.call("GET", consumer.endpoints_path()).json()["total_count"] == 0


@pytest.mark.parametrize("fields, named", [
    ({"port_ip": "10.0.0.1"}, "port_ip"),
    ({"whitelist": ["10.0.0.1"]}, "whitelist"),
    ({"enable_whitelist": True}, "enable_whitelist"),
    ({"policy_statement": [dict(STATEMENT, Effect="Maybe")]}, "policy_statement[0].Effect"),
    ({"policy_statement": [{"effect": "Allow", "action": ["*"], "resource": ["*"]}]}, "policy_statement[0].effect: unknown"),
    ({"policy_statement": [STATEMENT], "policy_document": {}}, "policy_document"),
])
def test_gateway_create_validation(consumer, fields, named):
    response = consumer.create_endpoint(OBS, subnet_id=None, **fields)
    assert response.status_code == 400, response.text
    assert response.json()["error_msg"].startswith("Invalid parameter %s" % named)


def test_show_and_list(api, consumer):
    service = _share(api, consumer, service_name="alpha")
    other = _share(api, consumer, service_name="beta")
    ids = [consumer.created_endpoint(service["id"])["id"], consumer.created_endpoint(other["id"], vpc_id="vpc-b")["id"],
           consumer.created_endpoint(OBS, subnet_id=None)["id"]]
    listed = consumer.call("GET", consumer.endpoints_path()).json()
    assert listed["total_count"] == 3 and [e["id"] for e in listed["endpoints"]] == ids[::-1]

    def ids_for(**params):
        return [e["id"] for e in consumer.call("GET", consumer.endpoints_path(), params=params).json()["endpoints"]]
    assert ids_for(endpoint_service_name="ALPH") == [ids[0]]
    assert ids_for(endpoint_service_name="myhuaweicloud") == [ids[2]]
    assert ids_for(vpc_id="vpc-b") == [ids[1]]
    assert ids_for(id=ids[2]) == [ids[2]]
    assert ids_for(sort_dir="asc", limit="2", offset="1") == ids[1:]
    assert consumer.call("GET", consumer.endpoints_path(), params={"limit": "1001"}).json()["error_code"] == "EndPoint.0006"
    assert api.call("GET", api.endpoints_path()).json() == {"endpoints": [], "total_count": 0}
    assert _show(api, ids[0]).status_code == 404
    assert _show(consumer, "no-such-endpoint").json()["error_code"] == "EndPoint.0005"


def test_whitelist_update(api, consumer):
    endpoint = consumer.created_endpoint(_share(api, consumer)["id"])
    path = consumer.endpoints_path(endpoint["id"])
    updated = consumer.call("PUT", path, body={"whitelist": ["10.0.0.0/24", "192.168.1.1"], "enable_whitelist": True})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["whitelist"], updated.json()["enable_whitelist"]) == (["10.0.0.0/24", "192.168.1.1"], True)
    assert consumer.call("PUT", path, body={"enable_whitelist": False}).json()["whitelist"] == ["10.0.0.0/24", "192.168.1.1"]
    for body in ({"description": "x"}, {}, {"whitelist": ["nope"]}, {"whitelist": None}):
        assert consumer.call("PUT", path, body=body).status_code == 400, body
    gateway = consumer.created_endpoint(OBS, subnet_id=None)
    assert consumer.call("PUT", consumer.endpoints_path(gateway["id"]), body={"whitelist": []}).status_code == 400
    assert api.call("PUT", api.endpoints_path(endpoint["id"]), body={"whitelist": []}).status_code == 404


def test_route_tables(api, consumer):
    gateway = consumer.created_endpoint(OBS, subnet_id=None, routetables=["rt-1"])
    path = consumer.endpoints_path(gateway["id"], "/routetables")
    response = consumer.call("PUT", path, body={"routetables": ["rt-2", "rt-3"]})
    assert response.status_code == 200, response.text
    assert response.json() == {"routetables": ["rt-2", "rt-3"], "error": None}
    assert _show(consumer, gateway["id"]).json()["routetables"] == ["rt-2", "rt-3"]
    assert consumer.call("PUT", path, body={"routetables": ["rt", "rt"]}).status_code == 400
    interface = consumer.created_endpoint(_share(api, consumer)["id"])
    refused = consumer.call("PUT", consumer.endpoints_path(interface["id"], "/routetables"), body={"routetables": ["rt"]})
    assert refused.status_code == 400 and "gateway" in refused.json()["error_msg"]


def test_route_tables_that_fail_to_bind_or_unbind_are_reported_in_a_successful_answer(api, consumer):
    gateway = consumer.created_endpoint(OBS, subnet_id=None, routetables=["rt-keep", "rt-stuck"])
    api.sim.configure(routetable_fail_pattern="stuck|broken")
    path = consumer.endpoints_path(gateway["id"], "/routetables")
    response = consumer.call("PUT", path, body={"routetables": ["rt-keep", "rt-new", "rt-broken"]})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["error"] == [{
        "bind_failed": [{"id": "rt-broken", "error_message": "Failed to bind route table rt-broken (simulated failure)"}],
        "unbind_failed": [{"id": "rt-stuck", "error_message": "Failed to unbind route table rt-stuck (simulated failure)"}]}]
    # The endpoint keeps what it really has: the new table, not the broken one, and still the stuck one.
    assert answer["routetables"] == ["rt-keep", "rt-new", "rt-stuck"]
    assert _show(consumer, gateway["id"]).json()["routetables"] == ["rt-keep", "rt-new", "rt-stuck"]
    assert consumer.call("PUT", path, body={"routetables": ["rt-keep", "rt-new", "rt-stuck"]}).json()["error"] is None
    assert api.sim_post("/_sim/config", {"routetable_fail_pattern": "["}).status_code == 400


def test_policies(api, consumer):
    gateway = consumer.created_endpoint(OBS, subnet_id=None, policy_statement=[STATEMENT])
    assert gateway["policy_statement"] == [STATEMENT]
    path = consumer.endpoints_path(gateway["id"], "/policy")
    other = dict(STATEMENT, Effect="Deny", Sid="s1")
    updated = consumer.call("PUT", path, body={"policy_statement": [other]})
    assert updated.status_code == 200 and updated.json()["policy_statement"] == [other]
    cleared = consumer.call("DELETE", path)
    assert cleared.status_code == 200
    assert (cleared.json()["policy_statement"], cleared.json()["policy_document"]) == ([], None)
    document = {"Version": "5.0", "Statement": [{"Effect": "Allow", "Action": ["*"]}]}
    apig = consumer.created_endpoint(APIG, policy_document=document)
    assert _show(consumer, apig["id"]).json()["policy_document"] == document
    assert consumer.call("PUT", path, body={"policy_statement": [STATEMENT], "policy_document": document}).status_code == 400
    plain = consumer.created_endpoint(_share(api, consumer)["id"])
    for method, body in (("PUT", {"policy_document": document}), ("DELETE", None)):
        refused = consumer.call(method, consumer.endpoints_path(plain["id"], "/policy"), body=body)
        assert refused.status_code == 400 and "policy" in refused.json()["error_msg"]


def test_each_service_takes_one_policy_field_and_policy_document_defaults_to_full_access(api, consumer):
    # The SDK: policy_statement only for OBS/SFS (gateway) services with enable_policy, policy_document only for the
    # other services with enable_policy, "full access by default".
    refused = consumer.create_endpoint(OBS, subnet_id=None, policy_document={"Version": "5.0"})
    assert refused.status_code == 400 and "takes policy_statement" in refused.json()["error_msg"]
    refused = consumer.create_endpoint(APIG, policy_statement=[STATEMENT])
    assert refused.status_code == 400 and "takes policy_document" in refused.json()["error_msg"]
    apig = consumer.created_endpoint(APIG)
    full = {"Version": "5.0", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}
    assert (apig["policy_document"], apig["policy_statement"]) == (full, [])
    path = consumer.endpoints_path(apig["id"], "/policy")
    narrow = {"Version": "5.0", "Statement": [{"Effect": "Deny", "Action": ["apig:*"], "Resource": ["*"]}]}
    assert consumer.call("PUT", path, body={"policy_document": narrow}).json()["policy_document"] == narrow
    assert consumer.call("PUT", path, body={"policy_statement": [STATEMENT]}).status_code == 400
    assert consumer.call("DELETE", path).json()["policy_document"] == full
    assert _show(consumer, apig["id"]).json()["policy_document"] == full
    gateway = consumer.created_endpoint(OBS, subnet_id=None)
    assert (gateway["policy_statement"], gateway["policy_document"]) == ([], None)
    own = _share(api, consumer, enable_policy=True)
    assert consumer.created_endpoint(own["id"])["policy_document"] == full


def test_delete_passes_through_deleting_and_the_connection_follows(api, consumer):
    service = _share(api, consumer)
    endpoint = consumer.created_endpoint(service["id"])
    api.sim.configure(provision_delay=0.2)
    assert consumer.call("DELETE", consumer.endpoints_path(endpoint["id"])).status_code == 204
    assert _show(consumer, endpoint["id"]).json()["status"] == "deleting"
    assert _connections(api, service["id"])[0]["status"] == "deleting"
    assert consumer.call("DELETE", consumer.endpoints_path(endpoint["id"])).status_code == 204
    assert consumer.call("PUT", consumer.endpoints_path(endpoint["id"]), body={"whitelist": []}).status_code == 400
    time.sleep(0.25)
    assert _show(consumer, endpoint["id"]).json()["error_code"] == "EndPoint.0005"
    assert _connections(api, service["id"]) == []
    assert consumer.call("DELETE", consumer.endpoints_path(endpoint["id"])).status_code == 404


def test_deleting_a_service_fails_its_endpoints(api, consumer):
    service = _share(api, consumer)
    endpoint = consumer.created_endpoint(service["id"])
    assert api.call("DELETE", api.services_path(service["id"])).status_code == 204
    shown = _show(consumer, endpoint["id"]).json()
    assert shown["status"] == "failed"
    assert shown["error"][0]["error_message"] == "The endpoint service %s was deleted" % service["id"]
    assert shown["endpoint_service_name"] == service["service_name"]
    assert consumer.call("DELETE", consumer.endpoints_path(endpoint["id"])).status_code == 204


def test_the_owners_note_is_not_the_endpoints_description(api, consumer):
    service = _share(api, consumer)
    endpoint = consumer.created_endpoint(service["id"], description="consumer's words")
    noted = api.call("PUT", api.services_path(service["id"], "/connections/description"),
                     body={"connections": [{"id": endpoint["id"], "description": "owner's note"}]})
    assert noted.json()["connections"][0]["description"] == "owner's note"
    assert _show(consumer, endpoint["id"]).json()["description"] == "consumer's words"


def test_endpoint_tags(consumer):
    endpoint = consumer.created_endpoint(OBS, subnet_id=None, tags=[{"key": "env", "value": "dev"}])
    path = "%s/endpoint/%s/tags/action" % (consumer.base, endpoint["id"])
    assert consumer.call("POST", path, body={"action": "create", "tags": [{"key": "team", "value": "x"}]}).status_code == 204
    assert {t["key"] for t in _show(consumer, endpoint["id"]).json()["tags"]} == {"env", "team"}
    assert consumer.call("POST", path, body={"action": "delete", "tags": [{"key": "env", "value": "prod"}]}).status_code == 204
    assert len(_show(consumer, endpoint["id"]).json()["tags"]) == 2
    many = [{"key": "k%d" % i, "value": "v"} for i in range(19)]
    too_many = consumer.call("POST", path, body={"action": "create", "tags": many})
    assert too_many.status_code == 400 and "at most 20" in too_many.json()["error_msg"]
    unknown = consumer.call("POST", "%s/endpoint/nope/tags/action" % consumer.base, body={"action": "create", "tags": many[:1]})
    assert unknown.status_code == 404


def test_endpoint_quota(api, consumer):
    api.sim.configure(endpoint_quota=1)
    consumer.created_endpoint(OBS, subnet_id=None)
    refused = consumer.create_endpoint(OBS, subnet_id=None)
    assert refused.status_code == 400
    assert refused.json() == {"error_code": "EndPoint.0012",
                              "error_msg": "Quota exceeded: the endpoint quota of this project is 1 and 1 are in use"}
    quotas = consumer.call("GET", consumer.base + "/quotas", params={"type": "endpoint"}).json()["quotas"]["resources"]
    assert quotas == [{"type": "endpoint", "used": 1, "quota": 1}]
    assert api.call("GET", api.base + "/quotas", params={"type": "endpoint"}).json()["quotas"]["resources"][0]["used"] == 0


def test_reset_forgets_endpoints(api, consumer):
    consumer.created_endpoint(OBS, subnet_id=None)
    api.sim.reset()
    assert consumer.call("GET", consumer.endpoints_path()).json()["total_count"] == 0
