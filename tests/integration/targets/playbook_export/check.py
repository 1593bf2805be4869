# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the playbook_export target: a run's output and requests, and an exported file's content.

    check.py run NAME LOG SIM_URL SINCE CHANGED FAILED [REGEX...]
        the recap shows CHANGED changed and FAILED failed tasks; since the request-log mark SINCE the simulator got no
        write (only GETs and the tag filter's POST, a read) - none at all when FAILED is 1 (a refusal reads nothing);
        no secret key of either account in the output; each REGEX is found in it (a diff line, a message)
    check.py file WORLD_JSON FILE CASE
        the file is the export of the world of world.py, entry for entry and key for key, with its comment on top;
        CASE both (everything), orders-provider (export_names orders, tags team=payments, provider only) or
        checkout-consumer (export_names orders,billing, tags app=checkout, consumer only)
    check.py plan CASE WORLD_JSON
        prints (JSON) the changes the check-mode plan must report after world.py drift, for apply.yml's apply_plan:
        CASE drift (the exported file) or kinds (the file of plan-file)
    check.py plan-file EXPORTED OUT
        writes OUT: the exported file with billing's server_type changed (a replacement), orders to delete and a new
        service, reports, to create
"""
import json
import re
import sys
import urllib.request

import yaml

from world import AWKWARD_TAGS, BILLING_DESCRIPTION

VPC = "4189d3c2-8882-4871-a3c2-d380272eed80"
CONSUMER_VPC = "7a1e2b3c-0d00-41f2-aedc-71f09844e879"
SUBNET = "8b2f3c4d-0d00-41f2-aedc-71f09844e880"
SUBNET_2 = "8b2f3c4d-0d00-41f2-aedc-71f09844e881"
ROUTETABLES = ["3c4d5e6f-0d00-41f2-aedc-71f09844e901", "3c4d5e6f-0d00-41f2-aedc-71f09844e902"]


def fail(name, problems):
    sys.exit("playbook_export %s: %s" % (name, "; ".join(problems)))


def check_run(name, log, sim_url, since, changed, failed, patterns):
    with open(log, encoding="utf-8") as handle:
        output = handle.read()
    problems = []
    recap = re.search(r"^localhost\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", output, re.M)
    if not recap or (recap.group(1), recap.group(2)) != (changed, failed):
        problems.append("recap %r, expected changed=%s failed=%s" % (recap and recap.group(0), changed, failed))
    requests = json.load(urllib.request.urlopen(sim_url + "/_sim/requests?since=%s" % since))["requests"]
    writes = ["%s %s" % (r["method"], r["path"]) for r in requests
              if r["method"] != "GET" and not r["path"].endswith("/resource_instances/action")]
    if writes:
        problems.append("write requests were sent: %s" % writes)
    if name.startswith("refuse") and requests:
        problems.append("a refused run sent %d request(s)" % len(requests))
    accounts = json.load(urllib.request.urlopen(sim_url + "/_sim/accounts"))["accounts"]
    problems += ["the secret key of the %s shows in the output" % a["name"] for a in accounts if a["secret_key"] in output]
    # Older ansible-core releases wrap warnings at the terminal's width: a pattern may match across the breaks.
    flat = re.sub(r"\s+", " ", output)
    # A pattern after "!" must not match.
    problems += ["the output lacks %r" % p for p in patterns
                 if not p.startswith("!") and not (re.search(p, output) or re.search(p, flat))]
    problems += ["the output has %r" % p[1:] for p in patterns if p.startswith("!") and re.search(p[1:], output)]
    if problems:
        fail(name, problems)
    print("playbook_export %s: %s, %d read request(s), no write" % (name, recap.group(0).split(":", 1)[1].strip(),
                                                                    len(requests)))


def services(world):
    consumer = "iam:domain::" + world["consumer"]["domain_id"]
    billing = {
        "name": "billing", "vpc_id": VPC, "port_id": "e3f4a5b6-8882-4871-a3c2-d380272eed89", "server_type": "VM",
        "ports": [{"client_port": 5353, "server_port": 53, "protocol": "UDP"}, {"client_port": 8443, "server_port": 443}],
        "approval_enabled": False, "description": BILLING_DESCRIPTION, "enable_policy": True, "ip": "192.168.10.10",
        "tags": dict(sorted(dict(AWKWARD_TAGS, team="finance").items())),
        "permissions": [consumer]}
    # The owner's own record, listed by the simulator, is left out; the stranger's waiting connection is not accepted.
    orders = {
        "name": "orders", "vpc_id": VPC, "port_id": "d2e3f4a5-8882-4871-a3c2-d380272eed88", "server_type": "LB",
        "ports": [{"client_port": 80, "server_port": 8080}, {"client_port": 443, "server_port": 8443}],
        "description": "Orders API of the payments team", "tcp_proxy": "proxy_open",
        "tags": {"env": "prod", "team": "payments"},
        "permissions": [{"permission": consumer, "description": "checkout team, ticket 4711"},
                        "iam:domain::5e5e5e5e5e5e4e5e8e5e5e5e5e5e5e5e",
                        {"permission": "organizations:orgPath::o-1234abcd/r-5678efgh/*", "description": "every account of finance"}],
        "accept_connections": [world["to_orders"]]}
    return billing, orders


def endpoints(world):
    region = world["region"]
    to_billing = {"endpoint_service_name": "%s.billing.%s" % (region, world["billing"]), "vpc_id": CONSUMER_VPC,
                  "subnet_id": SUBNET_2, "port_ip": "192.168.20.30", "description": "yes: no\n'quoted' \"twice\"",
                  "tags": dict(sorted(AWKWARD_TAGS.items()))}
    # The public OBS service's full name does not end with its id: it is named by id.
    to_obs = {"endpoint_service_id": world["obs"], "vpc_id": CONSUMER_VPC, "routetables": ROUTETABLES,
              "policy_statement": [{"Effect": "Allow", "Action": ["obs:object:GetObject"], "Resource": ["backup-bucket/*"]}],
              "tags": {"app": "backup"}}
    to_orders = {"endpoint_service_name": "%s.orders.%s" % (region, world["orders"]), "vpc_id": CONSUMER_VPC,
                 "subnet_id": SUBNET, "port_ip": "192.168.0.10", "description": "checkout's way to the orders API",
                 "enable_dns": True, "enable_whitelist": True, "whitelist": ["10.0.0.0/24", "10.0.1.5"],
                 "tags": {"app": "checkout"}}
    return to_obs, to_billing, to_orders


def expected(world, case):
    billing, orders = services(world)
    to_obs, to_billing, to_orders = endpoints(world)
    if case == "both":
        # Sorted by name, and by the service's name (or id) for endpoints.
        return {"endpoint_services_list": [billing, orders], "endpoints_list": [to_obs, to_billing, to_orders]}
    if case == "orders-provider":
        return {"endpoint_services_list": [orders]}
    return {"endpoints_list": [to_orders]}


# What the comment says about each case, matched on its text with the folded lines joined.
COMMENT = {
    "both": [r"Provider: endpoint_services_list, 2 endpoint service\(s\) of account \w+; every name\.",
             r"Consumer: endpoints_list, 3 VPC endpoint\(s\), read with the credentials of the HW_CONSUMER_\* variables; "
             r"every endpoint\.",
             r"Left out, not settled \(.*\): endpoint service broken \([0-9a-f-]+, failed\)\."],
    "orders-provider": [r'Provider: endpoint_services_list, 1 endpoint service\(s\) of account \w+; names orders, nothere, '
                        r'tags \{"team": "payments"\}\.',
                        r"Not found, for names of export_names: no endpoint service named nothere\."],
    "checkout-consumer": [r"Consumer: endpoints_list, 1 VPC endpoint\(s\), read with the credentials of the variables "
                          r"export_consumer_\*; endpoints to services named orders, billing, tags \{\"app\": \"checkout\"\}\.",
                          r"Not found, for names of export_names: no VPC endpoint to a service named billing\."],
}


def check_file(world_file, path, case):
    with open(world_file, encoding="utf-8") as handle:
        world = json.load(handle)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    problems = []
    comment, _sep, _body = text.partition("\n---\n")
    if not _sep or not all(line.startswith("#") for line in comment.splitlines()):
        problems.append("the file does not start with comment lines and then ---")
    for pattern in [r"^# Written by the playbook hwcloud\.vpcep\.export at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, "
                    r"region %s\.$" % world["region"], r"^#   ansible-playbook site\.yml -e @\S+ --check --diff$"]:
        if not re.search(pattern, comment, re.M):
            problems.append("the comment lacks %r" % pattern)
    joined = re.sub(r"\n# (?! )", " ", comment)
    problems += ["the comment lacks %r" % p for p in COMMENT[case] if not re.search(p, joined)]
    if max(len(line) for line in text.splitlines()) > 120:
        problems.append("a line is longer than 120 characters")
    loaded = yaml.safe_load(text)
    wanted = expected(world, case)
    if loaded != wanted:
        problems.append("the variables are\n%s\nexpected\n%s" % (json.dumps(loaded, indent=1), json.dumps(wanted, indent=1)))
    else:
        # Equal dictionaries may differ in order: each entry's keys come in the order the filter documents.
        order = [list(e) for key in wanted for e in loaded[key]]
        if order != [list(e) for key in wanted for e in wanted[key]]:
            problems.append("keys in the order %s, expected %s" % (order, [list(e) for key in wanted for e in wanted[key]]))
    if problems:
        fail("file %s" % case, problems)
    print("playbook_export file %s: as expected" % case)


INTRUDER = "iam:domain::6f6f6f6f6f6f4f6f8f6f6f6f6f6f6f6f"
REPORTS_PORT = "f4a5b6c7-8882-4871-a3c2-d380272eed90"


def change(entry, action, field, before, after):
    return {"entry": entry, "action": action, "field": field, "before": before, "after": after}


def plan(case, world_file):
    """Print the changes (entry: a service's name or an endpoint's id) the check-mode plan must report."""
    with open(world_file, encoding="utf-8") as handle:
        world = json.load(handle)
    billing = "replace" if case == "kinds" else "update"
    changes = [
        change("billing", billing, "tags.team", "treasury", "finance"),
        change("billing", billing, "permissions." + INTRUDER, "added in the console", None),
        change(world["to_orders"], "update", "whitelist", ["10.0.1.5", "10.0.0.0/24", "10.0.2.0/24"],
               ["10.0.0.0/24", "10.0.1.5"]),
    ]
    if case == "drift":
        changes.append(change("orders", "update", "description", "Orders API, moved to the new load balancer",
                              "Orders API of the payments team"))
    else:
        changes += [change("billing", "replace", "server_type", "VM", "LB"),
                    change("orders", "delete", "description", "Orders API, moved to the new load balancer", None),
                    change("orders", "delete", "tags.env", "prod", None),
                    change("reports", "create", "name", None, "reports"),
                    change("reports", "create", "port_id", None, REPORTS_PORT)]
    print(json.dumps(changes))


def plan_file(exported, out):
    with open(exported, encoding="utf-8") as handle:
        variables = yaml.safe_load(handle)
    entries = []
    for entry in variables["endpoint_services_list"]:
        if entry["name"] == "billing":
            entries.append(dict(entry, server_type="LB"))
        elif entry["name"] == "orders":
            entries.append({"name": "orders", "state": "absent"})
    entries.append({"name": "reports", "vpc_id": VPC, "port_id": REPORTS_PORT, "server_type": "LB",
                    "ports": [{"client_port": 80, "server_port": 8080}]})
    variables["endpoint_services_list"] = entries
    with open(out, "w", encoding="utf-8") as handle:
        yaml.safe_dump(variables, handle, sort_keys=False)


if __name__ == "__main__":
    if sys.argv[1] == "run":
        check_run(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8:])
    elif sys.argv[1] == "plan":
        plan(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "plan-file":
        plan_file(sys.argv[2], sys.argv[3])
    else:
        check_file(sys.argv[2], sys.argv[3], sys.argv[4])
