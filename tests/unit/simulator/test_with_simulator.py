# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/with_simulator.py: both accounts in the environment and the integration config, latency passed through."""

import json
import os
import subprocess
import sys

from vpcep_sim import defaults

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHILD = """
import json, os, urllib.request
config = json.load(urllib.request.urlopen(os.environ["SIM_URL"] + "/_sim/config"))
print(json.dumps({"env": {k: v for k, v in os.environ.items() if k.startswith(("HW_", "SIM_"))}, "config": config}))
"""


def test_with_simulator_exports_both_accounts(tmp_path):
    config_path = tmp_path / "integration_config.yml"
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tools", "with_simulator.py"), "--integration-config", str(config_path),
         "--latency", "15", "--jitter", "5", "--", sys.executable, "-c", CHILD],
        capture_output=True, text=True, timeout=60, check=True, env=dict(os.environ, NO_PROXY="127.0.0.1"),
    )
    seen = json.loads(result.stdout)
    env = seen["env"]
    assert (env["HW_CONSUMER_ACCESS_KEY"], env["HW_CONSUMER_SECRET_KEY"]) == (defaults.CONSUMER_ACCESS_KEY, defaults.CONSUMER_SECRET_KEY)
    assert (env["HW_CONSUMER_PROJECT_ID"], env["HW_CONSUMER_DOMAIN_ID"]) == (defaults.CONSUMER_PROJECT_ID, defaults.CONSUMER_DOMAIN_ID)
    assert env["HW_ACCESS_KEY"] == defaults.DEFAULT_ACCESS_KEY and env["HW_PROJECT_ID"] == defaults.DEFAULT_PROJECT_ID
    assert (seen["config"]["latency_ms"], seen["config"]["jitter_ms"]) == (15.0, 5.0)
    config = json.loads(config_path.read_text())
    assert set(config) == {"sim_url", "hw_endpoint", "hw_iam_endpoint", "hw_access_key", "hw_secret_key", "hw_region",
                           "hw_project_id", "hw_domain_id", "hw_consumer_access_key", "hw_consumer_secret_key",
                           "hw_consumer_project_id", "hw_consumer_domain_id"}
    assert config["hw_consumer_domain_id"] == defaults.CONSUMER_DOMAIN_ID
    assert config["hw_domain_id"] == defaults.DEFAULT_DOMAIN_ID
