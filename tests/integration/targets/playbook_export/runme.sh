#!/usr/bin/env bash
# Adopting what exists (issue 24): services and endpoints made outside Ansible (world.py, with the official SDK) are
# exported with the playbook hwcloud.vpcep.export, as a user runs it, for both accounts; both roles then run on the
# file (apply.yml, the user guide's site.yml) in check mode with --diff and for real, changing nothing and writing
# nothing. After changes made outside Ansible, the check-mode run names each changed entry, shows each field before
# and after in its diff, and writes nothing. The export's refusals read nothing; its filters and sides narrow it; the
# consumer's credentials come whole from one source; no secret shows, even at -vvv.
set -eu

config=../../integration_config.yml
out="${OUTPUT_DIR:-.}"

setting() {
    python -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${config}" "$1"
}
unset HW_ACCESS_KEY HW_SECRET_KEY HW_SECURITY_TOKEN HW_AUTH_TOKEN HW_PROJECT_ID HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK \
    HUAWEICLOUD_SDK_SECURITY_TOKEN HUAWEICLOUD_SDK_PROJECT_ID CLOUD_SDK_AK CLOUD_SDK_SK
SIM_URL=$(setting sim_url)
HW_VPCEP_ENDPOINT=$(setting hw_endpoint)
HW_IAM_ENDPOINT=$(setting hw_iam_endpoint)
HW_ACCESS_KEY=$(setting hw_access_key)
HW_SECRET_KEY=$(setting hw_secret_key)
HW_REGION_NAME=$(setting hw_region)
HW_PROJECT_ID=$(setting hw_project_id)
HW_CONSUMER_ACCESS_KEY=$(setting hw_consumer_access_key)
HW_CONSUMER_SECRET_KEY=$(setting hw_consumer_secret_key)
HW_CONSUMER_PROJECT_ID=$(setting hw_consumer_project_id)
export SIM_URL HW_VPCEP_ENDPOINT HW_IAM_ENDPOINT HW_ACCESS_KEY HW_SECRET_KEY HW_REGION_NAME HW_PROJECT_ID
export HW_CONSUMER_ACCESS_KEY HW_CONSUMER_SECRET_KEY HW_CONSUMER_PROJECT_ID
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false NO_PROXY=127.0.0.1,localhost

world="${out}/world.json"
# The user guide's layout: site.yml beside services.yml, which it loads.
file="${out}/services.yml"
rm -f "${file}"
cp site.yml apply.yml "${out}/"

mark() {
    python -c 'import json, sys, urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/_sim/health"))["last_seq"])' "${SIM_URL}"
}

play() {
    # play <name> <expected exit: ok|fail> <changed> <failed> <regex...> -- <ansible-playbook arguments...>
    local name=$1 exit=$2 changed=$3 failed=$4 since status=0
    shift 4
    local patterns=()
    while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
    shift
    since=$(mark)
    ansible-playbook -i "${INVENTORY_PATH}" "$@" > "${out}/${name}.log" 2>&1 || status=$?
    if { [ "${exit}" = ok ] && [ "${status}" != 0 ]; } || { [ "${exit}" = fail ] && [ "${status}" = 0 ]; }; then
        tail -n 60 "${out}/${name}.log"
        echo "playbook_export: the ${name} run exited with ${status}, expected ${exit}" >&2
        exit 1
    fi
    python check.py run "${name}" "${out}/${name}.log" "${SIM_URL}" "${since}" "${changed}" "${failed}" ${patterns[@]+"${patterns[@]}"}
}

python world.py make "${SIM_URL}" "${world}"

# 1. Both sides, as a user runs it, at -vvv: no secret in the output; only reads; the file as expected.
# The closing message is one line per sentence (it once broke a line inside its first one).
play export ok 1 0 '"Wrote \S+/services\.yml: 2 endpoint service\(s\) in endpoint_services_list, 3 VPC endpoint\(s\) in endpoints_list\."' -- \
    hwcloud.vpcep.export -e "export_file=${file}" -vvv
python check.py file "${world}" "${file}" both
cp "${file}" "${out}/services-both.yml"

# 2. The round trip: both roles on the file, in check mode with --diff and for real: nothing changes, nothing written.
play plan ok 0 0 -- "${out}/apply.yml" --check --diff
play apply ok 0 0 -- "${out}/apply.yml"

# 3. Refusals before anything is read: an existing file without export_force (left as it was), no export_file, an
#    unknown side, the consumer's side without its credentials (a secret key without its access key).
play refuse-existing fail 0 1 "services.yml exists; pass -e export_force=true to replace it" -- \
    hwcloud.vpcep.export -e "export_file=${file}"
cmp "${file}" "${out}/services-both.yml"
play refuse-settings fail 0 1 "export_file: required" "export_sides: each of provider and consumer, got provider, customer" -- \
    hwcloud.vpcep.export -e export_sides=provider,customer
# The file's directory, checked before anything is read: one that does not exist, a file in place of a directory.
play refuse-directory fail 0 1 "export_file: the directory \S+/no/such does not exist; create it first, or choose another file" -- \
    hwcloud.vpcep.export -e "export_file=${out}/no/such/services.yml"
play refuse-not-directory fail 0 1 "export_file: \S+/services\.yml is not a directory" -- \
    hwcloud.vpcep.export -e "export_file=${file}/services.yml"
if [ "$(id -u)" != 0 ]; then
    # root writes anywhere: the check of a directory not writable runs only for another user.
    mkdir -p "${out}/locked" && chmod 555 "${out}/locked"
    play refuse-locked fail 0 1 "export_file: the directory \S+/locked is not writable" -- \
        hwcloud.vpcep.export -e "export_file=${out}/locked/services.yml"
fi
HW_CONSUMER_ACCESS_KEY='' play refuse-consumer fail 0 1 "export_sides: consumer needs the consumer's credentials" \
    "consumer credentials: the access key and the secret key go together, both from the HW_CONSUMER_\* variables" -- \
    hwcloud.vpcep.export -e "export_file=${out}/none.yml" -e export_sides=consumer

# 4. Filters and sides: the provider's side alone, by name and tags, replacing the file (export_force); the consumer's
#    alone, by names and tags, with its credentials from variables while HW_CONSUMER_SECRET_KEY is wrong (one source).
#    A name that finds nothing is named at the end and in the file's comment (a typo, or a service gone).
play export-provider ok 1 0 '"Not found, for names of export_names: no endpoint service named nothere\."' -- \
    hwcloud.vpcep.export -e "export_file=${file}" -e export_force=true \
    -e export_sides=provider -e export_names=orders,nothere -e '{"export_service_tags": {"team": "payments"}}'
python check.py file "${world}" "${file}" orders-provider
consumer_ak=${HW_CONSUMER_ACCESS_KEY}
consumer_sk=${HW_CONSUMER_SECRET_KEY}
HW_CONSUMER_SECRET_KEY=wrong play export-consumer ok 1 0 \
    '"Not found, for names of export_names: no VPC endpoint to a service named billing\."' -- hwcloud.vpcep.export -e "export_file=${out}/consumer.yml" \
    -e export_sides=consumer -e export_names=orders,billing -e '{"export_endpoint_tags": {"app": "checkout"}}' \
    -e "export_consumer_access_key=${consumer_ak}" -e "export_consumer_secret_key=${consumer_sk}"
python check.py file "${world}" "${out}/consumer.yml" checkout-consumer

# 5. Changes made outside Ansible: a description (orders), a tag and a permission (billing), a whitelist (the endpoint
#    to orders). The plan names each changed entry (apply.yml checks which), its diff shows each field's value before
#    (what the cloud has) and after (what the file says), and nothing is written.
python world.py drift "${SIM_URL}" "${world}"
cp "${out}/services-both.yml" "${file}"
to_orders=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["to_orders"])' "${world}")
orders_id=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["orders"])' "${world}")
play plan-drift ok 2 0 \
    '(?m)^-.*description\W+Orders API, moved to the new load balancer' '(?m)^\+.*description\W+Orders API of the payments team' \
    '(?m)^-.*team\W+treasury' '(?m)^\+.*team\W+finance' '(?m)^-.*iam:domain::6f6f6f6f6f6f4f6f8f6f6f6f6f6f6f6f' \
    '(?m)^-.*10\.0\.2\.0/24' \
    "\"orders: would update — description: 'Orders API, moved to the new load balancer' → 'Orders API of the payments team'\"" \
    "\"billing: would update — permissions\.iam:domain::6f6f6f6f6f6f4f6f8f6f6f6f6f6f6f6f: 'added in the console' → \(absent\); tags\.team: 'treasury' → 'finance'\"" \
    "\.orders\.[0-9a-f-]+ \(${to_orders}\): would update — whitelist: \['10\.0\.1\.5', '10\.0\.0\.0/24', '10\.0\.2\.0/24'\] → \['10\.0\.0\.0/24', '10\.0\.1\.5'\]\"" \
    "\"0 to create, 2 to update, 0 to replace, 0 to delete, 0 unchanged\"" \
    "\"0 to create, 1 to update, 0 to replace, 0 to delete, 2 unchanged\"" -- \
    "${out}/apply.yml" --check --diff -e '{"apply_changed_services": ["billing", "orders"]}' \
    -e "{\"apply_changed_endpoints\": [\"${to_orders}\"]}" -e "{\"apply_plan\": $(python check.py plan drift "${world}")}"

# 6. A plan with every kind of change, in check mode: billing's server_type (fixed at creation: a replacement, which
#    the real run refuses), orders to delete, a new service (reports) to create. Nothing is written.
python check.py plan-file "${out}/services-both.yml" "${file}"
play plan-kinds ok 2 0 \
    "\"billing: would replace — permissions\.iam:domain::6f6f6f6f6f6f4f6f8f6f6f6f6f6f6f6f: 'added in the console' → \(absent\); server_type: 'VM' → 'LB'; tags\.team: 'treasury' → 'finance'\"" \
    "\"orders: would delete \(id ${orders_id}\)\"" \
    "\"reports: would create — name: 'reports'; port_id: '[0-9a-f-]+'; ports: \[\{client_port: 80, protocol: 'TCP', server_port: 8080\}\]; server_type: 'LB'; vpc_id: '[0-9a-f-]+'\"" \
    "would have to be replaced, since the API fixes server_type at creation" \
    "\"1 to create, 0 to update, 1 to replace, 1 to delete, 0 unchanged\"" -- \
    "${out}/apply.yml" --check -e '{"apply_changed_services": ["billing", "orders", "reports"]}' \
    -e "{\"apply_changed_endpoints\": [\"${to_orders}\"]}" -e "{\"apply_plan\": $(python check.py plan kinds "${world}")}"

# 7. A plan (on the world changed in 5) with an entry that fails, an endpoint to a service that does not exist: the
#    failure is said once, by the role's last task, naming the entry; no task prints the fleet's result, every
#    entry's JSON, into the job's output.
cp "${out}/services-both.yml" "${file}"
python -c 'import sys, yaml
data = yaml.safe_load(open(sys.argv[1]))
data["endpoints_list"].append({"endpoint_service_id": "00000000-0000-4000-8000-000000000000", "vpc_id": data["endpoints_list"][0]["vpc_id"]})
open(sys.argv[1], "w").write(yaml.safe_dump(data))' "${file}"
play plan-failed fail 2 1 \
    "endpoints: 1 of 4 entries failed \(the other 3 converged; see endpoints_result\): endpoints_list\[[0-9]+\] \(endpoint service 00000000-0000-4000-8000-000000000000, present\): Check mode" \
    '"00000000-0000-4000-8000-000000000000 \(VPC [0-9a-f-]+\): failed"' '"0 to create, 1 to update, 0 to replace, 0 to delete, 2 unchanged, 1 failed"' \
    '!"endpoints": \[' -- "${out}/site.yml" --check
