# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every constraint of the create and modify pages: 400 EndPoint.0002 with the field named."""

import pytest

VALID = {
    "port_id": "4189d3c2-8882-4871-a3c2-d380272eed88",
    "vpc_id": "4189d3c2-8882-4871-a3c2-d380272eed80",
    "server_type": "VM",
    "ports": [{"client_port": 8080, "server_port": 90, "protocol": "TCP"}],
}
MISSING = object()


def _ports(count):
    return [{"client_port": i, "server_port": i, "protocol": "TCP"} for i in range(1, count + 1)]


def _tags(count):
    return [{"key": "k%d" % i, "value": "v"} for i in range(count)]


def _body(field, value):
    body = {key: (list(val) if isinstance(val, list) else val) for key, val in VALID.items()}
    if value is MISSING:
        del body[field]
    else:
        body[field] = value
    return body


CREATE_ERRORS = [
    # (field to set, value, text the error message must contain)
    ("port_id", MISSING, "port_id"),
    ("port_id", "", "port_id"),
    ("port_id", "x" * 65, "port_id"),
    ("port_id", 123, "port_id"),
    ("vpc_id", MISSING, "vpc_id"),
    ("vpc_id", "", "vpc_id"),
    ("vpc_id", "x" * 65, "vpc_id"),
    ("vpc_id", None, "vpc_id"),
    ("server_type", MISSING, "server_type"),
    ("server_type", "vm", "server_type"),
    ("server_type", "ELB", "server_type"),
    ("server_type", 1, "server_type"),
    ("ports", MISSING, "ports"),
    ("ports", [], "ports"),
    ("ports", _ports(201), "ports"),
    ("ports", {"client_port": 1, "server_port": 1}, "ports"),
    ("ports", ["80:80"], "ports[0]"),
    ("ports", [{"client_port": 0, "server_port": 80}], "ports[0].client_port"),
    ("ports", [{"client_port": 65536, "server_port": 80}], "ports[0].client_port"),
    ("ports", [{"client_port": "80", "server_port": 80}], "ports[0].client_port"),
    ("ports", [{"client_port": 80.0, "server_port": 80}], "ports[0].client_port"),
    ("ports", [{"client_port": True, "server_port": 80}], "ports[0].client_port"),
    ("ports", [{"client_port": 80, "server_port": 0}], "ports[0].server_port"),
    ("ports", [{"client_port": 80, "server_port": 65536}], "ports[0].server_port"),
    ("ports", [{"client_port": 80, "server_port": "80"}], "ports[0].server_port"),
    ("ports", [{"client_port": 80}], "ports[0].server_port"),
    ("ports", [{"server_port": 80}], "ports[0].client_port"),
    ("ports", [{"client_port": 80, "server_port": 80, "protocol": "HTTP"}], "ports[0].protocol"),
    ("ports", [{"client_port": 80, "server_port": 80, "protocol": "tcp"}], "ports[0].protocol"),
    ("ports", [{"client_port": 80, "server_port": 80, "proto": "TCP"}], "ports[0].proto"),
    ("ports", [{"client_port": 80, "server_port": 80}, {"client_port": 80, "server_port": 80, "protocol": "TCP"}], "ports[1]"),
    ("ports", [{"client_port": 80, "server_port": 80}, {"client_port": 80, "server_port": 81}], "ports[1].client_port"),
    ("service_name", "a" * 17, "service_name"),
    ("service_name", "has space", "service_name"),
    ("service_name", "dot.name", "service_name"),
    ("service_name", "caf\u00e9", "service_name"),
    ("service_name", 42, "service_name"),
    ("approval_enabled", "true", "approval_enabled"),
    ("approval_enabled", 1, "approval_enabled"),
    ("approval_enabled", None, "approval_enabled"),
    ("service_type", "private", "service_type"),
    ("service_type", "Interface", "service_type"),
    ("tcp_proxy", "on", "tcp_proxy"),
    ("tcp_proxy", True, "tcp_proxy"),
    ("ip_version", "ipv5", "ip_version"),
    ("ip_version", "IPv4", "ip_version"),
    ("ip", "not an ip!", "ip"),
    ("ip", "300.1.1.1", "ip"),
    ("ip", 10, "ip"),
    ("description", "d" * 513, "description"),
    ("description", "<script>", "description"),
    ("description", "a > b", "description"),
    ("description", 5, "description"),
    ("snat_network_id", 5, "snat_network_id"),
    ("tags", _tags(21), "tags"),
    ("ip", "2001:db8::1", "ip"),
    ("ip", "::1", "ip"),
    ("tags", {"key": "v"}, "tags"),
    ("tags", ["k=v"], "tags[0]"),
    ("tags", [{"value": "v"}], "tags[0].key"),
    ("tags", [{"key": "", "value": "v"}], "tags[0].key"),
    ("tags", [{"key": "k" * 129, "value": "v"}], "tags[0].key"),
    ("tags", [{"key": 5, "value": "v"}], "tags[0].key"),
    ("tags", [{"key": " lead", "value": "v"}], "tags[0].key"),
    ("tags", [{"key": "trail ", "value": "v"}], "tags[0].key"),
    ("tags", [{"key": "k", "value": "v" * 256}], "tags[0].value"),
    ("tags", [{"key": "k", "value": " v"}], "tags[0].value"),
    ("tags", [{"key": "k\n", "value": "v"}], "tags[0].key"),
    ("tags", [{"key": "\tk", "value": "v"}], "tags[0].key"),
    ("tags", [{"key": "k", "value": "a\x00b"}], "tags[0].value"),
    ("tags", [{"key": "k", "value": "a\x1bb"}], "tags[0].value"),
    ("tags", [{"key": "k", "value": 1}], "tags[0].value"),
    ("tags", [{"key": "k", "value": "v", "extra": 1}], "tags[0].extra"),
    ("tags", [{"key": "k", "value": "a"}, {"key": "k", "value": "b"}], "tags[1].key"),
    ("unknown_field", 1, "unknown_field"),
    ("enable_policy", "yes", "enable_policy"),
]
CREATE_ERRORS += [("tags", [{"key": "a%sb" % c, "value": "v"}], "tags[0].key") for c in "=*<>\\,|/"]
CREATE_ERRORS += [("tags", [{"key": "k", "value": "a%sb" % c}], "tags[0].value") for c in "=*<>\\,|/"]


def _id(case):
    field, value = case[:2]
    text = "missing" if value is MISSING else repr(value)
    return "%s=%s" % (field, text[:30])


@pytest.mark.parametrize("field, value, named", CREATE_ERRORS, ids=[_id(c) for c in CREATE_ERRORS])
def test_create_refuses(api, field, value, named):
    response = api.call("POST", api.services_path(), body=_body(field, value))
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error_code"] == "EndPoint.0002"
    assert named in body["error_msg"]
    assert api.list().json()["total_count"] == 0


CREATE_ACCEPTS = [
    ("service_name", "a" * 16),
    ("service_name", ""),
    ("service_name", "Az09_-"),
    ("description", "d" * 512),
    ("description", ""),
    ("ports", _ports(200)),
    ("ports", [{"client_port": 1, "server_port": 65535, "protocol": "UDP"}]),
    ("ports", [{"client_port": 80, "server_port": 80}, {"client_port": 80, "server_port": 80, "protocol": "UDP"}]),
    ("tags", _tags(20)),
    ("tags", [{"key": "k" * 128, "value": "v" * 255}]),
    ("tags", [{"key": "k", "value": ""}]),
    ("tags", [{"key": "k"}]),
    ("tags", [{"key": "in ner", "value": "sp ace"}]),
    ("ip", "192.168.0.10"),
    ("ip", "svc.example.com"),
    ("ip_version", "ipv6"),
    ("tcp_proxy", "proxy_open"),
    ("server_type", "LB"),
    ("server_type", "VIP"),
    ("service_type", "gateway"),
    ("approval_enabled", False),
    ("snat_network_id", "6f1c0d2e-0000-4000-8000-000000000000"),
    # Not in the SDK's create model, but the Terraform provider sends it at creation.
    ("enable_policy", True),
]


@pytest.mark.parametrize("field, value", CREATE_ACCEPTS, ids=["%s=%s" % (f, repr(v)[:30]) for f, v in CREATE_ACCEPTS])
def test_create_accepts_boundaries(api, field, value):
    response = api.call("POST", api.services_path(), body=_body(field, value))
    assert response.status_code == 200, response.text
    service = response.json()
    if field in ("description", "tcp_proxy", "server_type", "service_type", "approval_enabled", "ip", "ip_version",
                 "enable_policy"):
        assert service[field] == value


def test_create_defaults(api):
    service = api.created(**{k: v for k, v in VALID.items() if k != "port_id"})
    assert service["status"] == "creating"
    assert service["approval_enabled"] is True
    assert service["service_type"] == "interface"
    assert service["tcp_proxy"] == "close"
    assert service["ip_version"] == "ipv4"
    assert service["tags"] == []
    assert service["enable_policy"] is False
    assert service["ports"] == [{"client_port": 8080, "server_port": 90, "protocol": "TCP"}]
    assert service["service_name"] == "%s.%s" % (api.sim.region, service["id"])


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"", b"\xff\xfe"])
def test_create_refuses_a_body_that_is_not_a_json_object(api, raw):
    response = api.call("POST", api.services_path(), raw_body=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "EndPoint.0002"
    assert "body" in response.json()["error_msg"]


def test_shared_port_id_server_ports_can_be_left_unchecked(api):
    api.sim.configure(strict_port_conflicts=False)
    api.created(port_id="shared", ports=[{"client_port": 80, "server_port": 8080}])
    assert api.create(port_id="shared", ports=[{"client_port": 80, "server_port": 8080}]).status_code == 200


def test_shared_port_id_needs_unique_server_ports_by_default(api):
    first = api.created(port_id="shared", ports=[{"client_port": 80, "server_port": 8080}])
    clash = api.create(port_id="shared", ports=[{"client_port": 81, "server_port": 8080}])
    assert clash.status_code == 400
    assert "ports[0].server_port" in clash.json()["error_msg"]
    assert first["id"] in clash.json()["error_msg"]
    assert api.create(port_id="shared", ports=[{"client_port": 81, "server_port": 8080, "protocol": "UDP"}]).status_code == 200
    assert api.create(port_id="other", ports=[{"client_port": 80, "server_port": 8080}]).status_code == 200
    other = api.created(port_id="third", ports=[{"client_port": 80, "server_port": 8080}])
    moved = api.call("PUT", api.services_path(other["id"]), body={"port_id": "shared"})
    assert moved.status_code == 400 and "server_port" in moved.json()["error_msg"]
    assert api.call("PUT", api.services_path(first["id"]), body={"ports": [{"client_port": 80, "server_port": 8080}]}).status_code == 200
    api.sim.configure(strict_port_conflicts=False)
    assert api.create(port_id="shared", ports=[{"client_port": 82, "server_port": 8080}]).status_code == 200


# ------------------------------------------------------------------------------------------ modify
UPDATE_ERRORS = [
    ("tags", [{"key": "k", "value": "v"}], "tags"),
    ("enable_policy", True, "enable_policy"),
    ("status", "available", "status"),
    ("id", "x", "id"),
    ("vpc_id", "other-vpc", "vpc_id"),
    ("server_type", "LB", "server_type"),
    ("service_type", "gateway", "service_type"),
    ("ip_version", "ipv6", "ip_version"),
    ("snat_network_id", "s", "snat_network_id"),
    ("approval_enabled", "false", "approval_enabled"),
    ("approval_enabled", None, "approval_enabled"),
    ("service_name", "x" * 17, "service_name"),
    ("service_name", "bad name", "service_name"),
    ("ports", [], "ports"),
    ("ports", [{"client_port": 1, "server_port": 70000}], "ports[0].server_port"),
    ("ports", [{"client_port": 1, "server_port": 1}, {"client_port": 1, "server_port": 1}], "ports[1]"),
    ("port_id", "", "port_id"),
    ("port_id", "p" * 65, "port_id"),
    ("tcp_proxy", "closed", "tcp_proxy"),
    ("description", "<b>", "description"),
    ("description", "x" * 513, "description"),
    ("ip", "a b", "ip"),
    ("ip", "fe80::1", "ip"),
]


@pytest.mark.parametrize("field, value, named", UPDATE_ERRORS, ids=["%s=%s" % (f, repr(v)[:30]) for f, v, _named in UPDATE_ERRORS])
def test_update_refuses(api, field, value, named):
    service = api.created(service_name="upd")
    response = api.call("PUT", api.services_path(service["id"]), body={field: value})
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "EndPoint.0002"
    assert named in response.json()["error_msg"]
    shown = api.show(service["id"]).json()
    for key in ("ports", "service_name", "approval_enabled", "vpc_id", "server_type", "tags", "description"):
        assert shown[key] == service[key]


@pytest.mark.parametrize("field", ["vpc_id", "server_type", "service_type", "ip_version", "snat_network_id"])
def test_immutable_fields_are_named_as_immutable(api, field):
    service = api.created()
    response = api.call("PUT", api.services_path(service["id"]), body={field: service.get(field, "x")})
    assert response.status_code == 400
    assert "%s: cannot be modified" % field in response.json()["error_msg"]


def test_update_replaces_ports_whole_and_changes_only_what_is_given(api):
    service = api.created(service_name="before", description="keep me", tags=[{"key": "a", "value": "1"}],
                          ports=[{"client_port": 1, "server_port": 1}, {"client_port": 2, "server_port": 2}])
    response = api.call("PUT", api.services_path(service["id"]), body={
        "ports": [{"client_port": 3, "server_port": 30, "protocol": "UDP"}],
        "service_name": "after",
        "approval_enabled": False,
        "tcp_proxy": "toa_open",
        "ip": "10.0.0.1",
    })
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["ports"] == [{"client_port": 3, "server_port": 30, "protocol": "UDP"}]
    assert updated["service_name"] == "%s.after.%s" % (api.sim.region, service["id"])
    assert updated["approval_enabled"] is False
    assert updated["tcp_proxy"] == "toa_open"
    assert updated["ip"] == "10.0.0.1"
    assert updated["description"] == "keep me"
    assert updated["tags"] == [{"key": "a", "value": "1"}]
    assert updated["vpc_id"] == service["vpc_id"]
    assert api.show(service["id"]).json()["ports"] == updated["ports"]


def test_update_empty_name_gives_the_short_full_name(api):
    service = api.created(service_name="named")
    updated = api.call("PUT", api.services_path(service["id"]), body={"service_name": ""}).json()
    assert updated["service_name"] == "%s.%s" % (api.sim.region, service["id"])


def test_update_unknown_service(api):
    response = api.call("PUT", api.services_path("0b7e0a4c-0000-4000-8000-000000000000"), body={"description": "x"})
    assert response.status_code == 404
    assert response.json()["error_code"] == "EndPoint.0005"


def test_an_ipv6_ip_is_refused_with_a_message_saying_so(api):
    response = api.create(ip="2001:db8::10")
    assert response.status_code == 400
    assert response.json()["error_msg"] == ("Invalid parameter ip: must be an IPv4 address or a domain name, "
                                            "an IPv6 address is not supported, got '2001:db8::10'")


def test_shared_port_id_needs_unique_client_ports_too(api):
    first = api.created(port_id="shared", ports=[{"client_port": 80, "server_port": 8080}])
    clash = api.create(port_id="shared", ports=[{"client_port": 443, "server_port": 8443}, {"client_port": 80, "server_port": 9090}])
    assert clash.status_code == 400
    assert clash.json()["error_msg"] == ("Invalid parameter ports[1].client_port: client port 80/TCP of port_id shared is already "
                                         "used by endpoint service %s" % first["id"])
    assert api.create(port_id="shared", ports=[{"client_port": 80, "server_port": 9090, "protocol": "UDP"}]).status_code == 200
    other = api.created(port_id="mine", ports=[{"client_port": 80, "server_port": 9999}])
    moved = api.call("PUT", api.services_path(other["id"]), body={"port_id": "shared"})
    assert moved.status_code == 400 and "ports[0].client_port" in moved.json()["error_msg"]


def test_port_conflicts_are_per_project(api, consumer):
    api.created(port_id="shared", ports=[{"client_port": 80, "server_port": 8080}])
    assert consumer.create(port_id="shared", ports=[{"client_port": 80, "server_port": 8080}]).status_code == 200
