#!/usr/bin/env bash
# The two-account story, run the way `make demo` runs it: connection settings only in the HW_* (provider)
# and HW_CONSUMER_* (consumer) environment variables, SIM_URL set, the provider's project id resolved
# from IAM. Then: check mode from scratch writes nothing; a converge without cleanup; a re-run and a
# check-mode run that change nothing and write nothing; a cleanup run. Each run's recap, its summary and
# the requests the simulator received (by which account) are checked.
set -eu

config=../../integration_config.yml
out="${OUTPUT_DIR:-.}"

setting() {
    python -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${config}" "$1"
}
SIM_URL=$(setting sim_url)
HW_VPCEP_ENDPOINT=$(setting hw_endpoint)
HW_IAM_ENDPOINT=$(setting hw_iam_endpoint)
HW_ACCESS_KEY=$(setting hw_access_key)
HW_SECRET_KEY=$(setting hw_secret_key)
HW_REGION_NAME=$(setting hw_region)
HW_CONSUMER_ACCESS_KEY=$(setting hw_consumer_access_key)
HW_CONSUMER_SECRET_KEY=$(setting hw_consumer_secret_key)
HW_CONSUMER_PROJECT_ID=$(setting hw_consumer_project_id)
HW_CONSUMER_DOMAIN_ID=$(setting hw_consumer_domain_id)
export SIM_URL HW_VPCEP_ENDPOINT HW_IAM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME
export HW_CONSUMER_ACCESS_KEY HW_CONSUMER_SECRET_KEY HW_CONSUMER_PROJECT_ID HW_CONSUMER_DOMAIN_ID
unset HW_PROJECT_ID
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

sim() {
    python -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + sys.argv[2], method="POST"))' \
        "${SIM_URL}" "$1"
}

# Start from an empty simulator; other targets leave services behind.
sim /_sim/reset

run() {
    # run <name> <ansible-playbook arguments...>: the demo's output goes to <name>.log
    local name=$1
    shift
    ansible-playbook -i "${INVENTORY_PATH}" hwcloud.vpcep.demo "$@" > "${out}/${name}.log" 2>&1 || {
        tail -n 80 "${out}/${name}.log"
        echo "playbook_demo: the ${name} run of the demo playbook failed" >&2
        exit 1
    }
}

check() {
    # check <name> <expected changed> <expected write requests, as METHOD:account:path-end,...> [expected failed]
    python check_demo.py "${out}/$1.log" "${SIM_URL}" "$@"
}

mark() {
    # The number of the last request the simulator logged, as setup_simulator's mark.yml reads it.
    python -c 'import json, sys, urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/_sim/health"))["last_seq"])' "${SIM_URL}"
}

# 1. Check mode from scratch: the provider's side is predicted, the consumer's needs a real service and is skipped.
DEMO_SINCE=$(mark)
export DEMO_SINCE
run check-from-scratch --check
check check-from-scratch 1 ""

# 2. Converge and keep everything; 3. again, 4. in check mode: nothing changes, nothing is written. (The whole
# story in one run, as make demo runs it, is tests/unit/extensions/test_awx_runner_demo.py, run by make test.)
DEMO_SINCE=$(mark)
export DEMO_SINCE
run converge -e demo_cleanup=false
check converge 5 "POST:provider:vpc-endpoint-services,POST:provider:action,POST:provider:batch-create,POST:consumer:vpc-endpoints,POST:consumer:action,PUT:provider:description,POST:provider:action,PUT:provider:ID"
DEMO_SINCE=$(mark)
export DEMO_SINCE
run rerun -e demo_cleanup=false
check rerun 0 ""
DEMO_SINCE=$(mark)
export DEMO_SINCE
run check-converged --check -e demo_cleanup=false
check check-converged 0 ""

# 5. Clean up when the consumer's delete fails (one 500 answer, no retry): the provider's delete still runs,
# and the run fails naming the step that failed. 6. Clean up again: the endpoint, then the service (already
# gone, or refused while the endpoint was connected).
DEMO_SINCE=$(mark)
export DEMO_SINCE
python -c 'import json, sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_sim/faults", method="POST", data=json.dumps({"method": "DELETE", "path": "/vpc-endpoints/", "action": "500"}).encode(), headers={"Content-Type": "application/json"}))' "${SIM_URL}"
if HW_MAX_RETRIES=0 ansible-playbook -i "${INVENTORY_PATH}" hwcloud.vpcep.demo > "${out}/cleanup-fault.log" 2>&1; then
    tail -n 40 "${out}/cleanup-fault.log"
    echo "playbook_demo: the clean-up passed although the consumer's delete failed" >&2
    exit 1
fi
python check_demo.py "${out}/cleanup-fault.log" "${SIM_URL}" cleanup-fault 1 "DELETE:fault:ID,DELETE:provider:ID" 1
DEMO_SINCE=$(mark)
export DEMO_SINCE
run cleanup
sim_services=$(python -c 'import json, sys, urllib.request; print(len(json.load(urllib.request.urlopen(sys.argv[1] + "/_sim/services"))["services"]))' "${SIM_URL}")
if [ "${sim_services}" != 0 ]; then
    echo "playbook_demo: ${sim_services} endpoint service(s) left after the clean-up" >&2
    exit 1
fi
