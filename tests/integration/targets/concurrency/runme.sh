#!/usr/bin/env bash
# Ten runs ensuring the same service name at the same time must end with exactly one service, and every
# run must succeed (names are not unique in the API: the collection settles races itself). Three rounds
# of ten identical runs, then a round that mixes state=present and state=absent on one name, which
# must never leave more than one service behind. A last play writes every run's result to one file.
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
HW_PROJECT_ID=$(setting hw_project_id)
export SIM_URL HW_VPCEP_ENDPOINT HW_IAM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME HW_PROJECT_ID
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_HOST_KEY_CHECKING=false

# A simulator that commits each create a moment after another, as a busy cloud does.
python - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
url = sys.argv[1]
urllib.request.urlopen(urllib.request.Request(url + "/_sim/reset", method="POST"))
body = json.dumps({"provision_delay": 0.5, "latency_ms": 20, "jitter_ms": 20}).encode()
urllib.request.urlopen(urllib.request.Request(url + "/_sim/config", data=body, method="POST",
                                              headers={"Content-Type": "application/json"}))
PYEOF

round() {
    # round <name> <mixed>: ten runs at once; then check every run's outcome and the services left.
    local name=$1 mixed=$2 log="${out}/race-$1.log" outcome="${out}/race-$1.json"
    # A present run whose new service an absent run deletes under it may fail; only identical runs must all succeed.
    ansible-playbook -i inventory.ini race.yml --forks 10 -e race_name="${name}" -e race_mixed="${mixed}" \
        -e race_out="${outcome}" > "${log}" 2>&1 || [ "${mixed}" = true ] || {
        tail -n 60 "${log}"
        echo "concurrency: round ${name}: a run failed" >&2
        exit 1
    }
    python check_round.py "${outcome}" "${SIM_URL}" "${name}" "${mixed}"
}

for n in 1 2 3; do
    round "race-${n}" false
done
round mixed true
