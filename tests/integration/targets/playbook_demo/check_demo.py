# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check one run of the demo: its recap, its numbered steps, its output and the write requests the simulator received.

Usage: check_demo.py LOG SIM_URL NAME CHANGED WRITES [FAILED], where WRITES is METHOD:account:path-end,... in order
(path-end ID means a resource id), FAILED the expected number of failed hosts (default 0), and DEMO_SINCE in the
environment is the request-log mark before the run.

Every run: no warning of any kind in the output (Python's, Ansible's), and, when it did not fail, the story's steps
numbered 1 to STEPS, each once. The converge run also shows the endpoint waiting in pendingAcceptance, then accepted.
"""
import json
import os
import re
import sys
import urllib.request

ID = re.compile(r"^[0-9a-f-]{36}$")
# The numbered steps of playbooks/demo.yml, from publishing to the summary.
STEPS = 19
STEP = re.compile(r"^TASK \[(\d+)\. ", re.M)
# What only a full converge prints: the approval handshake (the endpoint waiting in pendingAcceptance, the diff
# of the approval), the address, the re-run and the summary. Regular expressions: a result may be wrapped, and
# the diff is YAML or JSON depending on the ansible-core version.
CONVERGE_LINES = (
    r"is pendingAcceptance:\s+it waits\s+for the provider to approve the connection",
    r"(?m)^-.*status\W+pendingAcceptance",
    r"(?m)^\+.*status\W+accepted",
    r"is accepted",
    r"Idempotent: the second run found the service as declared",
    r"Provider accepted:  1 connection\(s\)",
    r"Cleaned up:\s+kept \(demo_cleanup=false\)",
)


def writes_since(sim_url, since):
    log = json.load(urllib.request.urlopen(sim_url + "/_sim/requests?since=%d" % since))["requests"]
    result = []
    for request in log:
        if request["method"] == "GET" or request["path"].endswith("/resource_instances/action"):
            continue
        end = request["path"].rstrip("/").rsplit("/", 1)[-1]
        # A request answered by an armed fault is answered before it is authenticated: no account.
        account = request["account"] or ("fault" if request.get("fault") else "anonymous")
        result.append("%s:%s:%s" % (request["method"], account, "ID" if ID.match(end) else end))
    return result


def numbering_problems(output):
    """The numbered steps must be 1 to STEPS, in order, each once."""
    seen = [int(number) for number in STEP.findall(output)]
    if seen != list(range(1, STEPS + 1)):
        return ["steps numbered %s, expected 1 to %d, each once" % (seen, STEPS)]
    return []


def main():
    log_file, sim_url, name, changed, expected = sys.argv[1:6]
    failed = sys.argv[6] if len(sys.argv) > 6 else "0"
    with open(log_file, encoding="utf-8") as handle:
        output = handle.read()
    problems = []
    recap = re.search(r"^localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", output, re.M)
    if not recap:
        sys.exit("playbook_demo %s: no recap for localhost in the output" % name)
    if int(recap.group(2)) != int(changed) or recap.group(4) != failed:
        problems.append("recap %r, expected changed=%s failed=%s" % (recap.group(0), changed, failed))
    warnings = [line for line in output.splitlines() if re.search(r"warning", line, re.I)]
    if warnings:
        problems.append("warnings in the output: %s" % warnings[:3])
    if failed == "0":
        problems += numbering_problems(output)
    if name == "converge":
        problems += ["the output lacks %r" % line for line in CONVERGE_LINES if not re.search(line, output)]
    writes = writes_since(sim_url, int(os.environ.get("DEMO_SINCE", "0")))
    wanted = [w for w in expected.split(",") if w]
    if writes != wanted:
        problems.append("write requests %s, expected %s" % (writes, wanted))
    if problems:
        sys.exit("playbook_demo %s: %s" % (name, "; ".join(problems)))
    print("playbook_demo %s: %s, writes %s" % (name, recap.group(0).split(":", 1)[1].strip(), writes or "none"))


if __name__ == "__main__":
    main()
