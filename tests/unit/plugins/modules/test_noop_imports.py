# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 23 point 5: a no-op vpcep_service run imports nothing it does not use (docs/architecture.md, "What a no-op
imports").

An AnsiballZ payload compiles every module_utils file it imports from source, on every task: what a no-op
imports is what it pays. So the create's race machinery (kit/lookup.py), the waits (kit/waiter.py), the quota
reads (kit/quotas.py), vpcep_service_info's query (kit/query.py), what a failed attempt means (client/failures.py),
the project id from IAM when the task gives none (client/iam.py) and paging (client/paging.py, by id) are imported
only where they are used. Each case runs the module's main() in a fresh interpreter against the simulator and
reads sys.modules afterwards; a module-level import of any of them makes it fail. The create case shows that the
check can see them: a create does import the lookup and the waiter.
"""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
PATHS = [os.path.join(ROOT, '.build', 'collections'), os.path.join(ROOT, 'tests', 'simulator')]
UTILS = 'ansible_collections.hwcloud.vpcep.plugins.module_utils.'
# Never imported by a no-op; paging only by a no-op found by id (one GET, no listing).
LAZY = ['client.failures', 'client.iam', 'kit.lookup', 'kit.quotas', 'kit.query', 'kit.waiter']
LAZY_BY_ID = LAZY + ['client.paging', 'parallel']

# The child: a simulator with one service, the module's main() with the case's arguments, then which of the
# collection's modules were imported, and the result.
CHILD = r'''
import contextlib, io, json, sys
from ansible.module_utils import basic
from vpcep_sim import Simulator

case = sys.argv[1]
sim = Simulator(port=0, provision_delay=0.1).start()
try:
    service_id = sim.seed(1, name_prefix='lazy')[0]
    args = dict(access_key=sim.access_key, secret_key=sim.secret_key, region=sim.region, project_id=sim.project_id,
                endpoint=sim.url, iam_endpoint=sim.url, max_retries=0)
    if case == 'by_id':
        args['id'] = service_id
    elif case == 'by_name':
        args['name'] = 'lazy1'
    else:
        args.update(name='made', vpc_id='4189d3c2-8882-4871-a3c2-d380272eed80', port_id='6c1a6f0e-5b3d-4c8e-9a7b-1d2e3f4a5b6c',
                    server_type='VM', ports=[dict(client_port=80, server_port=80)])
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core before 2.19
        @contextlib.contextmanager
        def patch_module_args(values):
            basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': values}).encode('utf-8')
            yield
    from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_service
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            vpcep_service.main()
        except SystemExit:
            pass
finally:
    sim.stop()
prefix = 'ansible_collections.hwcloud.vpcep.plugins.module_utils.'
print(json.dumps({'result': json.loads(out.getvalue()),
                  'imported': sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))}))
'''


def run_case(case):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(PATHS + [os.environ.get('PYTHONPATH', '')]))
    done = subprocess.run([sys.executable, '-c', CHILD, case], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize('case, lazy', [('by_id', LAZY_BY_ID), ('by_name', LAZY)])
def test_a_no_op_imports_none_of_the_lazy_modules(case, lazy):
    found = run_case(case)
    assert found['result'].get('changed') is False and not found['result'].get('failed'), found['result']
    assert found['result']['service']['name'] == 'lazy1'
    assert 'resources.endpoint_service' in found['imported'] and 'kit.engine' in found['imported']
    imported = sorted(set(lazy) & set(found['imported']))
    assert imported == [], 'a no-op %s imported %s: import them where they are used' % (case, imported)


def test_a_create_imports_the_lookup_and_the_waiter():
    found = run_case('create')
    assert found['result'].get('changed') is True and not found['result'].get('failed'), found['result']
    assert {'kit.lookup', 'kit.waiter', 'client.paging'} <= set(found['imported'])
