# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check one run of the demo: its recap, its steps and summary, and the write requests the simulator received.

Usage: check_demo.py LOG SIM_URL NAME CHANGED WRITES, where WRITES is METHOD:account:path-end,... in order
(path-end ID means a resource id) and DEMO_SINCE in the environment is the request-log mark before the run.
"""
import json
import os
import re
import sys
import urllib.request

ID = re.compile(r"^[0-9a-f-]{36}$")


def writes_since(sim_url, since):
    log = json.load(urllib.request.urlopen(sim_url + "/_sim/requests?since=%d" % since))["requests"]
    result = []
    for request in log:
        if request["method"] == "GET" or request["path"].endswith("/resource_instances/action"):
            continue
        end = request["path"].rstrip("/").rsplit("/", 1)[-1]
        result.append("%s:%s:%s" % (request["method"], request["account"], "ID" if ID.match(end) else end))
    return result, log


def main():
    log_file, sim_url, name, changed, expected = sys.argv[1:6]
    output = open(log_file, encoding="utf-8").read()
    problems = []
    recap = re.search(r"^localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", output, re.M)
    if not recap:
        sys.exit("playbook_demo %s: no recap for localhost in the output" % name)
    if int(recap.group(2)) != int(changed) or recap.group(4) != "0":
        problems.append("recap %r, expected changed=%s failed=0" % (recap.group(0), changed))
    writes, log = writes_since(sim_url, int(os.environ.get("DEMO_SINCE", "0")))
    wanted = [w for w in expected.split(",") if w]
    if writes != wanted:
        problems.append("write requests %s, expected %s" % (writes, wanted))
    if name == "full":
        for line in ("Provider published: cn-north-4.demo-orders.", "re-run changed=false", "Consumer connected: VPC endpoint",
                     "Provider accepted:  1 connection(s)", "Cleaned up:         endpoint deleted, service deleted",
                     "Idempotent: the second run found the service as declared", "DNS: "):
            if line not in output:
                problems.append("summary lacks: " + line)
        for step in ("1. Provider: publish", "3. Consumer: describe", "4. Consumer: create a VPC endpoint", "5. Provider: accept",
                     "6. Consumer: wait until the endpoint is accepted", "7. Provider: describe", "10. Consumer: delete",
                     "10. Provider: delete", "11. Summary"):
            if "TASK [" + step not in output:
                problems.append("step missing: " + step)
        if not any(r["path"].startswith("/v3/projects") and r["account"] == "provider" for r in log):
            problems.append("the provider's project id was not resolved from IAM")
    if problems:
        sys.exit("playbook_demo %s: %s" % (name, "; ".join(problems)))
    print("playbook_demo %s: %s, writes %s" % (name, recap.group(0).split(":", 1)[1].strip(), writes or "none"))


if __name__ == "__main__":
    main()
