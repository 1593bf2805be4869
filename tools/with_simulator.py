# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a command with the VPCEP simulator listening in the background.

The simulator starts on a free loopback port; the command gets its address and
credentials in the environment variables the modules read (HW_VPCEP_ENDPOINT,
HW_IAM_ENDPOINT, HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME) plus SIM_URL and
the second account's (the consumer's) HW_CONSUMER_ACCESS_KEY, HW_CONSUMER_SECRET_KEY,
HW_CONSUMER_PROJECT_ID and HW_CONSUMER_DOMAIN_ID, and, with --integration-config,
in an ansible-test integration_config.yml. With --record-returns DIR as well, the integration.cfg written
beside that file enables the callback tools/returns/hwcloud_returns.py, which records every result of the
collection's modules in DIR for tools/check_returns.py.
The simulator stops when the command ends, also when it fails.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'simulator'))

from vpcep_sim import Simulator  # noqa: E402  pylint: disable=wrong-import-position

CONSUMER_KEYS = ('access_key', 'secret_key', 'project_id', 'domain_id')


def main():
    """Start the simulator, run the command, stop the simulator, return the command's exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--integration-config', help='write ansible-test integration vars here')
    parser.add_argument('--record-returns', metavar='DIR',
                        help="with --integration-config: record the modules' results in DIR (tools/check_returns.py)")
    parser.add_argument('--provision-delay', type=float, default=0.5, help='seconds a create or delete takes')
    parser.add_argument('--project-id', default=None, help='omit HW_PROJECT_ID when "resolve" (the modules ask IAM)')
    parser.add_argument('--latency', type=float, default=0.0, metavar='MS', help='answer every API call after this many ms')
    parser.add_argument('--jitter', type=float, default=0.0, metavar='MS', help='plus or minus up to this many ms')
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        parser.error('a command to run is required')
    if args.record_returns and not args.integration_config:
        parser.error('--record-returns needs --integration-config')

    with Simulator(port=0, provision_delay=args.provision_delay, latency_ms=args.latency, jitter_ms=args.jitter) as sim:
        env = dict(os.environ)
        env.update(
            SIM_URL=sim.url,
            HW_VPCEP_ENDPOINT=sim.url,
            HW_IAM_ENDPOINT=sim.url,
            HW_ACCESS_KEY=sim.access_key,
            HW_SECRET_KEY=sim.secret_key,
            HW_REGION_NAME=sim.region,
        )
        env.update({'HW_CONSUMER_' + key.upper(): sim.consumer[key] for key in CONSUMER_KEYS})
        if args.project_id != 'resolve':
            env['HW_PROJECT_ID'] = sim.project_id
        if args.integration_config:
            write_integration_config(args.integration_config, sim)
            write_ansible_config(args.integration_config, args.record_returns)
        return subprocess.call(command, env=env)


def write_integration_config(path, sim):
    """The ansible-test integration vars: the simulator's address and both accounts' credentials."""
    config = dict(
        sim_url=sim.url,
        hw_endpoint=sim.url,
        hw_iam_endpoint=sim.url,
        hw_access_key=sim.access_key,
        hw_secret_key=sim.secret_key,
        hw_region=sim.region,
        hw_project_id=sim.project_id,
        hw_domain_id=sim.domain_id,
    )
    config.update({'hw_consumer_' + key: sim.consumer[key] for key in CONSUMER_KEYS})
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        # JSON is valid YAML; ansible-test reads it with the YAML loader.
        json.dump(config, handle, indent=2)


def write_ansible_config(integration_config, record_returns):
    """ansible-test's integration.cfg (its ansible.cfg for the targets), beside the integration config: empty,
    as ansible-test's own default, or with the callback that records the modules' results."""
    path = os.path.join(os.path.dirname(os.path.abspath(integration_config)), 'integration.cfg')
    lines = ['[defaults]']
    if record_returns:
        directory = os.path.abspath(record_returns)
        os.makedirs(directory, exist_ok=True)
        # On the callback path is enough: ansible-test's ANSIBLE_CALLBACKS_ENABLED would override callbacks_enabled.
        lines += ['callback_plugins = %s' % os.path.join(ROOT, 'tools', 'returns'), '',
                  '[callback_hwcloud_returns]', 'directory = %s' % directory]
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    sys.exit(main())
