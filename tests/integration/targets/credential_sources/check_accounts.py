# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check one run from the simulator's request log: every request was made by the account its side should use.

Usage: check_accounts.py LOG SIM_URL RUN PROVIDER_AUTH, where PROVIDER_AUTH is aksk or token (how the provider's
requests must be authenticated). The consumer's requests (its VPC endpoints, the describe call, the endpoint tag
calls, and its IAM project look-up) must be signed with the consumer's access key and name the consumer's project;
the provider's (its services) must be the provider's; nothing may be refused as unauthenticated, forbidden or in
the wrong project. CHECK_CONSUMER_TOKEN and CHECK_PROVIDER_TOKEN in the environment are the security tokens each
account's signed requests must carry, inside the signature (none when unset or empty).
"""
import hashlib
import json
import os
import re
import sys
import urllib.request

CONSUMER_PATH = re.compile(r"^/v1/[^/]+/(vpc-endpoints(/|$)|vpc-endpoint-services/describe$|endpoint/)")
PROVIDER_PATH = re.compile(r"^/v1/[^/]+/(vpc-endpoint-services(/|$)|endpoint_service/)")
PROJECT = re.compile(r"^/v1/([^/]+)/")


def fetch(url):
    with urllib.request.urlopen(url) as answer:
        return json.load(answer)


def fingerprint(token):
    """The simulator's log names a security token this way (vpcep_sim/auth.py, token_fingerprint)."""
    return "sha256:" + hashlib.sha256(token.strip().encode("utf-8")).hexdigest()[:16] if token else None


def token_problems(log):
    """Return one text per AK/SK request whose security token is not its own account's, or is not signed."""
    wanted = {"consumer": fingerprint(os.environ.get("CHECK_CONSUMER_TOKEN")),
              "provider": fingerprint(os.environ.get("CHECK_PROVIDER_TOKEN"))}
    found = []
    for entry in log:
        if entry["auth"] != "aksk" or entry["account"] not in wanted:
            continue
        token, expected = entry.get("security_token"), wanted[entry["account"]]
        where = "%s %s (account %s)" % (entry["method"], entry["path"], entry["account"])
        if token != expected:
            found.append("%s security token: %s, expected %s" % (where, token or "none", expected or "none"))
        elif token and not entry.get("security_token_signed"):
            found.append("%s: its security token is not covered by the signature" % where)
    return found


def problems_of(log, accounts, provider_auth):
    """Return one text per request made as the wrong account, with the wrong key or in the wrong project."""
    provider, consumer = accounts[0], accounts[1]
    found = []
    for entry in log:
        where = "%s %s (account %s, %s %s, status %s)" % (entry["method"], entry["path"], entry["account"], entry["auth"],
                                                          entry["access_key"], entry["status"])
        if entry["status"] in (400, 401, 403):
            found.append("refused: " + where)
            continue
        project = PROJECT.match(entry["path"])
        if CONSUMER_PATH.match(entry["path"]):
            if (entry["account"], entry["auth"], entry["access_key"]) != ("consumer", "aksk", consumer["access_key"]):
                found.append("consumer request not signed with the consumer's key: " + where)
            if project.group(1) != consumer["project_id"]:
                found.append("consumer request not in the consumer's project: " + where)
        elif PROVIDER_PATH.match(entry["path"]):
            if entry["account"] != "provider" or entry["auth"] != provider_auth or (
                    provider_auth == "aksk" and entry["access_key"] != provider["access_key"]):
                found.append("provider request not made with the provider's %s: %s" % (provider_auth, where))
            if project.group(1) != provider["project_id"]:
                found.append("provider request not in the provider's project: " + where)
    return found


def main():
    log_file, sim_url, run, provider_auth = sys.argv[1:5]
    output = open(log_file, encoding="utf-8").read()
    accounts = fetch(sim_url + "/_sim/accounts")["accounts"]
    log = fetch(sim_url + "/_sim/requests")["requests"]
    problems = problems_of(log, accounts, provider_auth) + token_problems(log)
    recap = re.search(r"^localhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0\s", output, re.M)
    if not recap:
        problems.append("the playbook did not end with failed=0")
    consumer = [e for e in log if CONSUMER_PATH.match(e["path"])]
    writes = [e for e in consumer if e["method"] != "GET"]
    resolved = [e for e in log if e["path"].startswith("/v3/projects") and e["account"] == "consumer"]
    if not consumer or not writes:
        problems.append("no consumer request (or no consumer write) was seen: the check would prove nothing")
    if run.startswith("demo") and "Consumer connected: VPC endpoint" not in output:
        problems.append("the demo's consumer did not get its endpoint accepted")
    if not resolved:
        problems.append("the consumer's project id was not resolved from IAM with the consumer's keys")
    if problems:
        sys.exit("credential_sources %s: %s" % (run, "; ".join(problems)))
    print("credential_sources %s: %d requests, %d of them the consumer's (signed %s in project %s, security token %s), "
          "provider by %s" % (run, len(log), len(consumer), accounts[1]["access_key"], accounts[1]["project_id"],
                              fingerprint(os.environ.get("CHECK_CONSUMER_TOKEN")) or "none", provider_auth))


if __name__ == "__main__":
    main()
