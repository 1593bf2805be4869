#!/usr/bin/env bash
# Secrets never show up in output, even at -vvv: run a playbook that authenticates every way
# the collection supports (and fails once on purpose), then look for each secret in everything it printed.
set -eu

config=../../integration_config.yml
log="${OUTPUT_DIR:-.}/auth_secrets-vvv.log"

# Credentials in the process environment, the way an AWX credential type injects them.
HW_ACCESS_KEY=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["hw_access_key"])' "${config}")
HW_SECRET_KEY=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["hw_secret_key"])' "${config}")
export HW_ACCESS_KEY HW_SECRET_KEY

ANSIBLE_DIFF_ALWAYS=1 ansible-playbook -vvv -i "${INVENTORY_PATH}" -e "@${config}" playbook.yml > "${log}" 2>&1 || {
    tail -n 60 "${log}"
    echo "auth_secrets: the playbook failed" >&2
    exit 1
}

python - "${config}" "${log}" <<'PYEOF'
import json
import sys

config = json.load(open(sys.argv[1], encoding="utf-8"))
output = open(sys.argv[2], encoding="utf-8").read()
secrets = {
    "secret key": config["hw_secret_key"],
    "wrong secret key": "wrong-secret-5f1c0de9",
    "security token": "temporary-token-2b7e9a41",
}
token_file = "auth_token.txt"
secrets["auth token"] = open(token_file, encoding="utf-8").read().strip()
leaks = [name for name, value in secrets.items() if value and value in output]
if "PLAY RECAP" not in output or "failed=0" not in output:
    sys.exit("auth_secrets: the playbook did not finish cleanly")
if leaks:
    sys.exit("auth_secrets: found in -vvv output: %s" % ", ".join(leaks))
print("auth_secrets: %d secrets checked, none in %d bytes of -vvv output" % (len(secrets), len(output)))
PYEOF
