# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where vpcep_service_info's seconds go when it lists many services: its main() run in-process, timed by part.

    .venv/bin/python tools/bench/info_parts.py [--count 5000] [--runs 5] [--latency MS] [--jitter MS]

Prints the median seconds of main(), of the list calls, of the whole query (list calls plus turning the
API services into Ansible's shape) and of exit_json (Ansible's no_log scrubbing and JSON encoding of the
result). docs/benchmarks.md quotes these figures; `make bench` does not run this.
"""
import argparse
import io
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, '.build', 'collections'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'simulator'))

# pylint: disable=wrong-import-position
from ansible.module_utils import basic  # noqa: E402
from ansible.module_utils.testing import patch_module_args  # noqa: E402

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service  # noqa: E402
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_service_info  # noqa: E402
from vpcep_sim import Simulator  # noqa: E402


def timed(times, name, function):
    """Wrap function so that each call's seconds are appended to times[name]."""
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times.setdefault(name, []).append(time.perf_counter() - started)
    return wrapper


def main():
    """Seed the services, run main() --runs times, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--count', type=int, default=5000, help='services to list')
    parser.add_argument('--runs', type=int, default=5, help='runs of main()')
    parser.add_argument('--latency', type=float, default=0.0, metavar='MS', help='simulator latency per API call')
    parser.add_argument('--jitter', type=float, default=0.0, metavar='MS', help='plus or minus up to this many ms')
    args = parser.parse_args()
    times = {}
    endpoint_service.EndpointService.list = timed(times, 'the list calls', endpoint_service.EndpointService.list)
    # The module imported query by name: the wrapper goes where it calls it.
    vpcep_service_info.query = timed(times, 'query: list calls + to_ansible', vpcep_service_info.query)
    basic.AnsibleModule.exit_json = timed(times, 'exit_json: no_log scrub + JSON', basic.AnsibleModule.exit_json)
    with Simulator(port=0, latency_ms=args.latency, jitter_ms=args.jitter) as sim:
        sim.seed(args.count)
        params = dict(access_key=sim.access_key, secret_key=sim.secret_key, region=sim.region, project_id=sim.project_id,
                      endpoint=sim.url, iam_endpoint=sim.url)
        real_stdout = sys.stdout
        size = 0
        for _index in range(args.runs):
            captured = io.StringIO()
            started = time.perf_counter()
            with patch_module_args(params):
                sys.stdout = captured
                try:
                    vpcep_service_info.main()
                except SystemExit:
                    pass
                finally:
                    sys.stdout = real_stdout
            times.setdefault('main()', []).append(time.perf_counter() - started)
            size = len(captured.getvalue())
    print('vpcep_service_info over %d services at %g ms latency, result %.1f MB, median of %d runs'
          % (args.count, args.latency, size / 1e6, args.runs))
    for name in ('main()', 'the list calls', 'query: list calls + to_ansible', 'exit_json: no_log scrub + JSON'):
        print('  %-34s %.3f s' % (name, statistics.median(times[name])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
