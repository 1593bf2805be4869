# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local, stateful simulator of the Huawei Cloud VPCEP API (and the bits of IAM it needs).

Endpoint services (the provider's side) and VPC endpoints (the consumer's side), with several
accounts: by default a provider (the keyword arguments) and a consumer (sim.consumer).

    from vpcep_sim import Simulator
    with Simulator(port=0, provision_delay=0.2) as sim:
        ...  # point clients at sim.url with sim.access_key / sim.secret_key, or sim.consumer's keys

Command line: PYTHONPATH=tests/simulator python -m vpcep_sim --help
"""

from .defaults import (
    CONSUMER_ACCESS_KEY,
    CONSUMER_DOMAIN_ID,
    CONSUMER_PROJECT_ID,
    CONSUMER_SECRET_KEY,
    DEFAULT_ACCESS_KEY,
    DEFAULT_CONNECTION_DELAY,
    DEFAULT_DOMAIN_ID,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_PROJECT_ID,
    DEFAULT_PROVISION_DELAY,
    DEFAULT_REGION,
    DEFAULT_SECRET_KEY,
)
from .server import Simulator

__all__ = [
    "CONSUMER_ACCESS_KEY",
    "CONSUMER_DOMAIN_ID",
    "CONSUMER_PROJECT_ID",
    "CONSUMER_SECRET_KEY",
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_CONNECTION_DELAY",
    "DEFAULT_DOMAIN_ID",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_PROJECT_ID",
    "DEFAULT_PROVISION_DELAY",
    "DEFAULT_REGION",
    "DEFAULT_SECRET_KEY",
    "Simulator",
]
