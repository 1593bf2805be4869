# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start values of the simulator; the CLI's environment variables and flags override them."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_REGION = "cn-north-4"
DEFAULT_PROJECT_ID = "0e5b1ca3ce2c4a5f9d6a7b8c9d0e1f2a"
DEFAULT_DOMAIN_ID = "9f1d2c3b4a5e4f6a8b7c6d5e4f3a2b1c"
DEFAULT_ACCESS_KEY = "SIMULATORAK0000000001"
DEFAULT_SECRET_KEY = "SimulatorSecretKey0000000000000000000001"
DEFAULT_PROVISION_DELAY = 2.0
# Seconds an accepted connection stays 'creating'; 0 keeps the answer of an accept 'accepted' at once.
DEFAULT_CONNECTION_DELAY = 0.0

# Limits of the real API (seed pages and API-NOTES.md).
LIST_DEFAULT_LIMIT = 10
LIST_MAX_LIMIT = 1000
PERMISSIONS_MAX_LIMIT = 500
MAX_PORTS = 200
MAX_TAGS = 10
SERVICE_QUOTA = 10000
ENDPOINT_QUOTA = 50
SIGNATURE_MAX_SKEW = 15 * 60
TOKEN_LIFETIME = 24 * 3600
REQUEST_LOG_SIZE = 20000
