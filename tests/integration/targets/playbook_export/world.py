# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What exists before Ansible: services and endpoints made outside it, with the official SDK's client, as a console
or a script of the team's would have made them; and later changes made outside Ansible the same way.

    world.py make SIM_URL WORLD_JSON     an empty simulator, then the world below; its ids go to WORLD_JSON
    world.py drift SIM_URL WORLD_JSON    change a description, a tag, a permission and a whitelist outside Ansible

The provider has orders (LB, two ports, approval, TCP proxy, tags, three permissions of which two with descriptions,
the consumer's endpoint accepted and a stranger's connection waiting), billing (made through the simulator's
/_sim/schedule, because the SDK's create model lacks enable_policy: UDP and TCP ports, no approval, ip, enable_policy)
and broken (failed). billing and the endpoint to it carry tags and descriptions a YAML file must quote or keep as they
are (AWKWARD_TAGS, BILLING_DESCRIPTION), so that the round trip proves them. The consumer has an interface endpoint
to orders (DNS, whitelist), a gateway endpoint to the public OBS service (route tables, policy statement) and an
interface endpoint to billing (port_ip). The simulator lists the owner's own permission record and the permissions'
descriptions.
"""
import json
import sys
import time
import urllib.request

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkvpcep import v1 as vpcep

VPC = "4189d3c2-8882-4871-a3c2-d380272eed80"
CONSUMER_VPC = "7a1e2b3c-0d00-41f2-aedc-71f09844e879"
SUBNET = "8b2f3c4d-0d00-41f2-aedc-71f09844e880"
SUBNET_2 = "8b2f3c4d-0d00-41f2-aedc-71f09844e881"
ROUTETABLES = ["3c4d5e6f-0d00-41f2-aedc-71f09844e901", "3c4d5e6f-0d00-41f2-aedc-71f09844e902"]
STRANGER = "iam:domain::5e5e5e5e5e5e4e5e8e5e5e5e5e5e5e5e"
ORG = "organizations:orgPath::o-1234abcd/r-5678efgh/*"
INTRUDER = "iam:domain::6f6f6f6f6f6f4f6f8f6f6f6f6f6f6f6f"
OBS = "com.myhuaweicloud.v4.obsv2"
# Text a YAML file must quote or keep as it is: words other readers take for booleans, nulls or numbers, YAML's
# indicators, spaces, colons, Unicode, an empty value; and a description with line breaks and quotes.
AWKWARD_TAGS = {"yes": "no", "null": "~", "1e3": "0o17", "Y": "N", "1.0": "0x1F", "with space": "a: b", "&anchor": "!tag",
                "#hash": "", "ключ": "значение ü", "on": "off"}
BILLING_DESCRIPTION = 'Billing API\nline "two" with \'quotes\'\n  indented: yes\n'
POLICY = [{"Effect": "Allow", "Action": ["obs:object:GetObject"], "Resource": ["backup-bucket/*"]}]


def sim(url, method, path, body=None):
    """A call to the simulator's /_sim/ control API (no authentication)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    raw = urllib.request.urlopen(request, timeout=30).read()
    return json.loads(raw) if raw else None


def client(url, account):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)
    config.retry_times = 0
    credentials = BasicCredentials(account["access_key"], account["secret_key"], account["project_id"])
    return vpcep.VpcepClient.new_builder().with_credentials(credentials).with_endpoints([url]) \
        .with_http_config(config).build()


def wait(check, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            sys.exit("world.py: %s did not happen within %d s" % (what, timeout))
        time.sleep(0.05)


def service_status(sdk, service_id):
    return sdk.list_service_details(vpcep.ListServiceDetailsRequest(vpc_endpoint_service_id=service_id)).status


def endpoint_status(sdk, endpoint_id):
    return sdk.list_endpoint_info_details(vpcep.ListEndpointInfoDetailsRequest(vpc_endpoint_id=endpoint_id)).status


def permit(sdk, service_id, kind, entries):
    body = vpcep.BatchAddEndpointServicePermissionsRequestBody(
        permission_type=kind, permissions=[vpcep.EpsAddPermissionRequest(permission=p, description=d) for p, d in entries])
    sdk.batch_add_endpoint_service_permissions(
        vpcep.BatchAddEndpointServicePermissionsRequest(vpc_endpoint_service_id=service_id, body=body))


def make_orders(sdk):
    body = vpcep.CreateEndpointServiceRequestBody(
        service_name="orders", vpc_id=VPC, port_id="d2e3f4a5-8882-4871-a3c2-d380272eed88", server_type="LB",
        ports=[vpcep.PortList(client_port=443, server_port=8443, protocol="TCP"),
               vpcep.PortList(client_port=80, server_port=8080, protocol="TCP")],
        approval_enabled=True, description="Orders API of the payments team", tcp_proxy="proxy_open",
        tags=[vpcep.TagList(key="team", value="payments"), vpcep.TagList(key="env", value="prod")])
    return sdk.create_endpoint_service(vpcep.CreateEndpointServiceRequest(body=body)).id


def make_billing(url):
    # The create body as the API and the Terraform provider take it, enable_policy included.
    body = {"service_name": "billing", "vpc_id": VPC, "port_id": "e3f4a5b6-8882-4871-a3c2-d380272eed89",
            "server_type": "VM", "approval_enabled": False, "ip": "192.168.10.10", "enable_policy": True,
            "ports": [{"client_port": 5353, "server_port": 53, "protocol": "UDP"},
                      {"client_port": 8443, "server_port": 443, "protocol": "TCP"}],
            "description": BILLING_DESCRIPTION,
            "tags": [{"key": "team", "value": "finance"}] + [{"key": k, "value": v} for k, v in AWKWARD_TAGS.items()]}
    schedule = sim(url, "POST", "/_sim/schedule", {"kind": "service", "body": body})
    done = {}

    def made():
        done.update(next(s for s in sim(url, "GET", "/_sim/schedule")["schedules"] if s["id"] == schedule["id"]))
        return done["state"] in ("done", "failed")
    wait(made, "the scheduled create of billing")
    if done["state"] != "done":
        sys.exit("world.py: billing was not created: %s" % done.get("error"))
    return done["resource_id"]


def make_endpoint(sdk, **fields):
    body = vpcep.CreateEndpointRequestBody(vpc_id=CONSUMER_VPC, **fields)
    return sdk.create_endpoint(vpcep.CreateEndpointRequest(body=body)).id


def make(url, out):
    sim(url, "POST", "/_sim/reset")
    sim(url, "POST", "/_sim/config", {"provision_delay": 0.1, "fail_pattern": "^broken", "list_owner_permission": True,
                                      "list_permission_descriptions": True})
    provider_account, consumer_account = sim(url, "GET", "/_sim/accounts")["accounts"][:2]
    region = sim(url, "GET", "/_sim/health")["region"]
    provider, consumer = client(url, provider_account), client(url, consumer_account)
    consumer_domain = "iam:domain::" + consumer_account["domain_id"]
    orders, billing = make_orders(provider), make_billing(url)
    body = vpcep.CreateEndpointServiceRequestBody(service_name="broken", vpc_id=VPC, port_id=VPC, server_type="VM",
                                                  ports=[vpcep.PortList(client_port=22, server_port=22)])
    broken = provider.create_endpoint_service(vpcep.CreateEndpointServiceRequest(body=body)).id
    for service_id in (orders, billing):
        wait(lambda s=service_id: service_status(provider, s) == "available", "service %s available" % service_id)
    wait(lambda: service_status(provider, broken) == "failed", "service broken failed")
    permit(provider, orders, "domainId", [(consumer_domain, "checkout team, ticket 4711"), (STRANGER, None)])
    permit(provider, orders, "orgPath", [(ORG, "every account of finance")])
    permit(provider, billing, "domainId", [(consumer_domain, None)])
    obs = consumer.list_service_describe_details(vpcep.ListServiceDescribeDetailsRequest(
        endpoint_service_name="%s.%s" % (region, OBS))).id
    to_orders = make_endpoint(consumer, endpoint_service_id=orders, subnet_id=SUBNET, enable_dns=True,
                              whitelist=["10.0.1.5", "10.0.0.0/24"], enable_whitelist=True,
                              description="checkout's way to the orders API", tags=[vpcep.TagList(key="app", value="checkout")])
    to_obs = make_endpoint(consumer, endpoint_service_id=obs, routetables=ROUTETABLES,
                           policy_statement=[vpcep.PolicyStatement(effect=s["Effect"], action=s["Action"],
                                                                   resource=s["Resource"]) for s in POLICY],
                           tags=[vpcep.TagList(key="app", value="backup")])
    to_billing = make_endpoint(consumer, endpoint_service_id=billing, subnet_id=SUBNET_2, port_ip="192.168.20.30",
                               description="yes: no\n'quoted' \"twice\"",
                               tags=[vpcep.TagList(key=k, value=v) for k, v in AWKWARD_TAGS.items()])
    wait(lambda: endpoint_status(consumer, to_orders) == "pendingAcceptance", "the endpoint to orders waiting")
    provider.accept_or_reject_endpoint(vpcep.AcceptOrRejectEndpointRequest(
        vpc_endpoint_service_id=orders, body=vpcep.AcceptOrRejectEndpointRequestBody(action="receive", endpoints=[to_orders])))
    for endpoint_id in (to_orders, to_obs, to_billing):
        wait(lambda e=endpoint_id: endpoint_status(consumer, e) == "accepted", "endpoint %s accepted" % endpoint_id)
    # A stranger's connection that waits for approval: the export must not accept it.
    waiting = sim(url, "POST", "/_sim/connections", {"service_id": orders})["id"]
    world = {"orders": orders, "billing": billing, "broken": broken, "obs": obs, "to_orders": to_orders,
             "to_obs": to_obs, "to_billing": to_billing, "waiting": waiting, "provider": provider_account,
             "consumer": consumer_account, "region": region}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(world, handle, indent=1)


def drift(url, world_file):
    with open(world_file, encoding="utf-8") as handle:
        world = json.load(handle)
    provider, consumer = client(url, world["provider"]), client(url, world["consumer"])
    provider.update_endpoint_service(vpcep.UpdateEndpointServiceRequest(
        vpc_endpoint_service_id=world["orders"],
        body=vpcep.UpdateEndpointServiceRequestBody(description="Orders API, moved to the new load balancer")))
    provider.batch_add_or_remove_resource_instance(vpcep.BatchAddOrRemoveResourceInstanceRequest(
        resource_type="endpoint_service", resource_id=world["billing"],
        body=vpcep.BatchAddOrRemoveResourceInstanceRequestBody(
            action="create", tags=[vpcep.ResourceTag(key="team", value="treasury")])))
    permit(provider, world["billing"], "domainId", [(INTRUDER, "added in the console")])
    consumer.update_endpoint_white(vpcep.UpdateEndpointWhiteRequest(
        vpc_endpoint_id=world["to_orders"], body=vpcep.UpdateEndpointWhiteRequestBody(
            whitelist=["10.0.1.5", "10.0.0.0/24", "10.0.2.0/24"], enable_whitelist=True)))


if __name__ == "__main__":
    command, sim_url, path = sys.argv[1:4]
    {"make": make, "drift": drift}[command](sim_url.rstrip("/"), path)
