# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check one round of ten concurrent runs: every run ok, and how many services of the name are left.

Usage: check_round.py OUTCOMES SIM_URL NAME MIXED (OUTCOMES: {host: its vpcep_service result}, from race.yml).
"""
import json
import sys
import time
import urllib.request


def services_named(sim_url, name):
    """The services of this exact short name, from the simulator's own state (not through the code under test)."""
    return json.load(urllib.request.urlopen(sim_url + "/_sim/services?name=" + name))["services"]


def settled(sim_url, name):
    """The live services of the name once any deletion a run started has finished (a few seconds at most)."""
    deadline = time.monotonic() + 30
    while True:
        services = services_named(sim_url, name)
        if all(s["status"] != "deleting" for s in services) or time.monotonic() > deadline:
            return [s for s in services if s["status"] != "deleting"]
        time.sleep(0.5)


def main():
    log_file, sim_url, name, mixed = sys.argv[1:5]
    mixed = mixed == "true"
    with open(log_file, encoding="utf-8") as handle:
        results = json.load(handle)
    problems = []
    failed = sorted(host for host, result in results.items() if result.get("failed") or result.get("unreachable"))
    if len(results) != 10:
        problems.append("%d runs, expected 10" % len(results))
    present_ids = set(r["service"]["id"] for r in results.values() if not r.get("failed") and r.get("service", {}).get("id"))
    left = settled(sim_url, name)
    if mixed:
        # present and absent runs raced: never more than one service behind.
        if len(left) > 1:
            problems.append("%d services named %s are left: %s" % (len(left), name, [s["id"] for s in left]))
    else:
        if failed:
            problems.append("runs failed: %s" % ", ".join("%s (%s)" % (h, results.get(h, {}).get("msg")) for h in failed))
        if len(left) != 1:
            problems.append("%d services named %s are left, expected exactly one: %s" % (len(left), name, [s["id"] for s in left]))
        # Every run adopted that one service.
        if present_ids != set(s["id"] for s in left):
            problems.append("the runs ended with services %s, the one left is %s" % (sorted(present_ids), [s["id"] for s in left]))
        if not any(r.get("changed") for r in results.values()):
            problems.append("no run reported the create")
    if problems:
        sys.exit("concurrency %s: %s" % (name, "; ".join(problems)))
    print("concurrency %s: %d of 10 runs ok, %d changed, %d service(s) left"
          % (name, 10 - len(failed), sum(1 for r in results.values() if r.get("changed")), len(left)))


if __name__ == "__main__":
    main()
