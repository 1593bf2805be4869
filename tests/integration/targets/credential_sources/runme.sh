#!/usr/bin/env bash
# Credentials never mix across accounts. The two-account playbooks - the demo (playbooks/demo.yml, as it is)
# and both roles (roles.yml: endpoint_services for the provider, endpoints with the consumer's own keys) - run
# with the provider's credentials in the environment each way an operator sets them up:
#   none     no credential in the environment: roles.yml takes the provider's from its play's module_defaults (the
#            demo needs the provider's keys in the environment; run as `make demo` runs it, without a project id, it
#            is the playbook_demo target);
#   keys     the provider's HW_ACCESS_KEY, HW_SECRET_KEY and HW_PROJECT_ID (a CI secret, an AWX credential with
#            its project id filled in);
#   token    the provider's HW_AUTH_TOKEN and HW_PROJECT_ID;
#   sts      the provider's temporary keys: HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN and HW_PROJECT_ID; the
#            consumer's temporary keys too (HW_CONSUMER_SECURITY_TOKEN), then with that variable empty (an AWX consumer
#            credential whose token field is empty): the consumer's requests carry its own token, inside its
#            signature, or none, never the provider's.
# The consumer's tasks give only its access key and secret key, never a project id. After each run the
# simulator's request log must show every consumer request signed with the consumer's key in the consumer's
# project (check_accounts.py), and every provider request made as the provider.
set -eu

config=../../integration_config.yml
out="${OUTPUT_DIR:-.}"

setting() {
    python -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${config}" "$1"
}
# Only what this script sets below: no credential variable of any family may leak in from outside.
unset HW_ACCESS_KEY HW_SECRET_KEY HW_SECURITY_TOKEN HW_AUTH_TOKEN HW_PROJECT_ID HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK \
    HUAWEICLOUD_SDK_SECURITY_TOKEN HUAWEICLOUD_SDK_PROJECT_ID CLOUD_SDK_AK CLOUD_SDK_SK HW_CONSUMER_PROJECT_ID \
    HW_CONSUMER_SECURITY_TOKEN CHECK_CONSUMER_TOKEN CHECK_PROVIDER_TOKEN
SIM_URL=$(setting sim_url)
HW_VPCEP_ENDPOINT=$(setting hw_endpoint)
HW_IAM_ENDPOINT=$(setting hw_iam_endpoint)
HW_REGION_NAME=$(setting hw_region)
HW_CONSUMER_ACCESS_KEY=$(setting hw_consumer_access_key)
HW_CONSUMER_SECRET_KEY=$(setting hw_consumer_secret_key)
HW_CONSUMER_DOMAIN_ID=$(setting hw_consumer_domain_id)
export SIM_URL HW_VPCEP_ENDPOINT HW_IAM_ENDPOINT HW_REGION_NAME HW_CONSUMER_ACCESS_KEY HW_CONSUMER_SECRET_KEY HW_CONSUMER_DOMAIN_ID
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
provider_ak=$(setting hw_access_key)
provider_sk=$(setting hw_secret_key)
provider_project=$(setting hw_project_id)

sim_reset() {
    # An empty simulator, whose resources are ready a tenth of a second after each create or delete.
    python - "${SIM_URL}" <<'PYEOF'
import sys, urllib.request
for path, body in (("/_sim/reset", None), ("/_sim/config", b'{"provision_delay": 0.1}')):
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + path, data=body, method="POST",
                                                  headers={"Content-Type": "application/json"}))
PYEOF
}

provider_token() {
    # An IAM token of the provider, as `POST /v3/auth/tokens` issues it (password method; the simulator's
    # password is the account's secret key).
    python - "${SIM_URL}" "${provider_sk}" <<'PYEOF'
import json, sys, urllib.request
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "ci", "password": sys.argv[2]}}}}}
request = urllib.request.Request(sys.argv[1] + "/v3/auth/tokens", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(request).headers["X-Subject-Token"])
PYEOF
}

run() {
    # run <environment> <playbook name> <provider auth> <ansible-playbook arguments...>
    local environment=$1 name=$2 provider_auth=$3
    shift 3
    local log="${out}/credential_sources-${name}-${environment}.log"
    sim_reset
    ansible-playbook -i "${INVENTORY_PATH}" "$@" > "${log}" 2>&1 || {
        tail -n 60 "${log}"
        echo "credential_sources: ${name} failed with the '${environment}' environment" >&2
        exit 1
    }
    python check_accounts.py "${log}" "${SIM_URL}" "${name}-${environment}" "${provider_auth}"
}

provider_defaults=$(python -c 'import json, sys; print(json.dumps({"roles_provider": dict(zip(
    ("access_key", "secret_key", "project_id"), sys.argv[1:]))}))' "${provider_ak}" "${provider_sk}" "${provider_project}")

provider_environment() {
    # provider_environment <none|keys|token>: the provider's credential variables as that set-up has them.
    unset HW_ACCESS_KEY HW_SECRET_KEY HW_PROJECT_ID HW_AUTH_TOKEN HW_SECURITY_TOKEN CHECK_PROVIDER_TOKEN
    case $1 in
        keys)
            export HW_ACCESS_KEY="${provider_ak}" HW_SECRET_KEY="${provider_sk}" HW_PROJECT_ID="${provider_project}" ;;
        sts)
            export HW_ACCESS_KEY="${provider_ak}" HW_SECRET_KEY="${provider_sk}" HW_PROJECT_ID="${provider_project}" \
                HW_SECURITY_TOKEN=st-provider-temporary-0001 CHECK_PROVIDER_TOKEN=st-provider-temporary-0001 ;;
        token)
            HW_AUTH_TOKEN=$(provider_token)
            export HW_AUTH_TOKEN HW_PROJECT_ID="${provider_project}" ;;
    esac
}

# none: roles.yml only. The demo reads the provider's keys from the environment alone; that set-up (keys without a
# project id, as `make demo` runs it) is the playbook_demo target's.
provider_environment none
run none roles aksk roles.yml -e "${provider_defaults}"

provider_environment keys
run keys demo aksk hwcloud.vpcep.demo
run keys roles aksk roles.yml

provider_environment token
run token demo token hwcloud.vpcep.demo
run token roles token roles.yml

# Temporary keys on both sides (the simulator takes any security token; the log shows which one each request carried).
provider_environment sts
export HW_CONSUMER_SECURITY_TOKEN=st-consumer-temporary-0002 CHECK_CONSUMER_TOKEN=st-consumer-temporary-0002
run sts demo aksk hwcloud.vpcep.demo
run sts roles aksk roles.yml
export HW_CONSUMER_SECURITY_TOKEN='' CHECK_CONSUMER_TOKEN=''
run sts-empty demo aksk hwcloud.vpcep.demo
unset HW_CONSUMER_SECURITY_TOKEN CHECK_CONSUMER_TOKEN

# A token from a group's module_defaults and keys from the task: refused, and not one request is sent.
provider_environment none
sim_reset
mixed_log="${out}/credential_sources-mixed.log"
ansible-playbook -i "${INVENTORY_PATH}" mixed.yml -e "mixed_provider_token=$(provider_token)" > "${mixed_log}" 2>&1 || {
    tail -n 40 "${mixed_log}"
    echo "credential_sources: the mixed set was not refused as expected" >&2
    exit 1
}
python - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
sent = [r for r in json.load(urllib.request.urlopen(sys.argv[1] + "/_sim/requests"))["requests"]
        if not r["path"].startswith("/v3/auth/tokens")]
assert sent == [], "a task with two credential sets sent %d request(s): %s" % (len(sent), sent)
PYEOF
