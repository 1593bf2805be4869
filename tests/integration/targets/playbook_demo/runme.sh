#!/usr/bin/env bash
# Run the demo playbook the way `make demo` does: connection settings only in the HW_* environment
# variables, SIM_URL set, the project id resolved from IAM. Then check its recap and its summary.
set -eu

config=../../integration_config.yml
log="${OUTPUT_DIR:-.}/playbook_demo.log"

setting() {
    python -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${config}" "$1"
}
SIM_URL=$(setting sim_url)
HW_VPCEP_ENDPOINT=$(setting hw_endpoint)
HW_IAM_ENDPOINT=$(setting hw_iam_endpoint)
HW_ACCESS_KEY=$(setting hw_access_key)
HW_SECRET_KEY=$(setting hw_secret_key)
HW_REGION_NAME=$(setting hw_region)
export SIM_URL HW_VPCEP_ENDPOINT HW_IAM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME
unset HW_PROJECT_ID

# Start from an empty simulator; other targets leave services behind.
python -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_sim/reset", method="POST"))' "${SIM_URL}"

ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook -i "${INVENTORY_PATH}" hwcloud.vpcep.demo > "${log}" 2>&1 || {
    tail -n 80 "${log}"
    echo "playbook_demo: the demo playbook failed" >&2
    exit 1
}

python - "${log}" "${SIM_URL}" <<'PYEOF'
import json
import re
import sys
import urllib.request

output = open(sys.argv[1], encoding="utf-8").read()
problems = []
recap = re.search(r"^localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)",
                  output, re.M)
if not recap:
    sys.exit("playbook_demo: no recap for localhost in the output")
ok, changed, unreachable, failed, skipped, rescued, ignored = (int(n) for n in recap.groups())
# Created, changed, connection accepted, deleted; nothing skipped on the simulator.
if (changed, unreachable, failed, skipped, rescued, ignored) != (4, 0, 0, 0, 0, 0):
    problems.append("unexpected recap: " + recap.group(0))
for step in ("1. Publish", "2. Show", "3. Change", "4. Run the same task again", "5. A consumer account asks",
             "6. List the connection requests", "7. Accept", "8. List the demo services", "9. Clean up", "10. Summary"):
    if "TASK [" + step not in output:
        problems.append("step missing: " + step)
for line in ("Re-run:   changed=false", "Accepted: 1 connection(s)", "Deleted:  demo-orders (gone)",
             "approval required: no -> yes", "Idempotent: the second run found the service as declared"):
    if line not in output:
        problems.append("summary lacks: " + line)
if not re.search(r"Created:  cn-north-4\.demo-orders\.[0-9a-f-]{36} \(status available\)", output):
    problems.append("summary lacks the full service name of the created service")
# Only the simulator's inspection API is unauthenticated; the request log shows what the demo did.
log = json.load(urllib.request.urlopen(sys.argv[2] + "/_sim/requests"))["requests"]
if not any(r["path"].startswith("/v3/projects") for r in log):
    problems.append("the project id was not resolved from IAM")
if [r["method"] for r in log if r["path"].endswith("/vpc-endpoint-services") and r["method"] == "POST"] != ["POST"]:
    problems.append("the demo did not create exactly one service")
if problems:
    sys.exit("playbook_demo: " + "; ".join(problems))
print("playbook_demo: recap ok=%d changed=%d failed=0, every step and the summary present" % (ok, changed))
PYEOF
