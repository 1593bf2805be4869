# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/check_returns.py, which holds the modules' recorded results against their RETURN blocks, finds what it
must: an undocumented key, a value of another type, a missing `returned: always` key, a module never run; and
the callback that records the results (tools/returns/hwcloud_returns.py) records real module results."""

import importlib.util
import json
import os
import subprocess
import sys

from vpcep_sim import Simulator  # pylint: disable=import-error

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SPEC = importlib.util.spec_from_file_location('check_returns', os.path.join(ROOT, 'tools', 'check_returns.py'))
check_returns = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(check_returns)
QUOTA = {'quotas': {'endpoint': {'used': 1, 'quota': 50, 'available': 49},
                    'endpoint_service': {'used': 0, 'quota': 20, 'available': 20}},
         'changed': False, 'invocation': {'module_args': {}}}


def record(directory, *results):
    with open(os.path.join(str(directory), '1.jsonl'), 'a', encoding='utf-8') as handle:
        for module, result in results:
            handle.write(json.dumps({'module': module, 'task': 'a task', 'result': result}) + '\n')


def every_module_once():
    return [(name, {}) for name in check_returns.return_docs() if name != 'vpcep_quota_info']


def test_return_docs_cover_every_module():
    docs = check_returns.return_docs()
    assert set(docs) >= {'vpcep_service', 'vpcep_service_info', 'vpcep_connection', 'vpcep_endpoint',
                         'vpcep_endpoint_info', 'vpcep_public_service_info', 'vpcep_quota_info'}
    assert docs['vpcep_service']['service']['contains']['permissions']['elements'] == 'dict'


def test_a_documented_result_passes(tmp_path):
    record(tmp_path, ('vpcep_quota_info', QUOTA), *every_module_once())
    lines, counts = check_returns.check(str(tmp_path))
    assert [line for line in lines if 'vpcep_quota_info' in line] == []
    assert counts['vpcep_quota_info'] == 1


def test_an_async_start_is_not_a_module_result(tmp_path):
    # A task with async and poll: 0 returns Ansible's job record; the module's result comes later, from async_status.
    started = {'ansible_job_id': 'j1', 'started': 1, 'finished': 0, 'results_file': '/tmp/j1', 'changed': True}
    record(tmp_path, ('vpcep_quota_info', started))
    lines, counts = check_returns.check(str(tmp_path))
    assert counts['vpcep_quota_info'] == 0
    assert 'vpcep_quota_info: no result was recorded; an integration target must run it' in lines


def test_problems_are_found_and_named(tmp_path):
    wrong = json.loads(json.dumps(QUOTA))
    wrong['quotas']['endpoint']['used'] = '1'           # a string where an int is documented
    wrong['quotas']['endpoint']['surprise'] = True       # an undocumented key
    wrong['undocumented'] = []
    record(tmp_path, ('vpcep_quota_info', wrong))
    lines, _counts = check_returns.check(str(tmp_path))
    text = '\n'.join(lines)
    assert 'vpcep_quota_info: quotas.endpoint.used is str, documented as int' in text
    assert 'vpcep_quota_info: quotas.endpoint.surprise is returned but not documented' in text
    assert 'vpcep_quota_info: undocumented is returned but not documented' in text
    # Every other module: no result recorded.
    assert 'vpcep_service: no result was recorded' in text


def test_a_missing_always_key_and_wrong_elements_are_found(tmp_path):
    service = {'service': {'id': 'x', 'permissions': ['iam:domain::abc']}, 'changed': True}
    partial = json.loads(json.dumps(QUOTA))
    del partial['quotas']['endpoint']['quota']
    record(tmp_path, ('vpcep_service', service), ('vpcep_quota_info', partial), ('vpcep_quota_info', {'changed': False}))
    lines, _counts = check_returns.check(str(tmp_path))
    text = '\n'.join(lines)
    assert 'vpcep_service: service.permissions[] has an element of type str, documented as dict' in text
    # Inside a documented dictionary that is there, and at the top.
    assert 'vpcep_quota_info: quotas.endpoint.quota is documented as returned: always but is missing' in text
    assert 'vpcep_quota_info: quotas is documented as returned: always but is missing' in text
    assert 'quotas.endpoint_service.quota' not in text


def test_the_callback_records_real_results(tmp_path):
    """A playbook with the callback enabled as tools/with_simulator.py enables it; its records pass the check."""
    config = tmp_path / 'ansible.cfg'
    records = tmp_path / 'records'
    config.write_text('[defaults]\ncallback_plugins = %s\n\n'
                      '[callback_hwcloud_returns]\ndirectory = %s\n' % (os.path.join(ROOT, 'tools', 'returns'), records),
                      encoding='utf-8')
    playbook = tmp_path / 'play.yml'
    playbook.write_text('''
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/hwcloud.vpcep.vpcep: {access_key: "{{ ak }}", secret_key: "{{ sk }}", region: cn-north-4,
                                project_id: "{{ project }}", endpoint: "{{ url }}", iam_endpoint: "{{ url }}"}
  tasks:
    - hwcloud.vpcep.vpcep_quota_info:
    - hwcloud.vpcep.vpcep_service_info:
      loop: [1, 2]
    - ansible.builtin.debug: {msg: not recorded}
''', encoding='utf-8')
    with Simulator(port=0) as sim:
        # ansible-test's own list of enabled callbacks, which the recording one does not need to be in.
        env = dict(os.environ, ANSIBLE_CONFIG=str(config), ANSIBLE_LOCALHOST_WARNING='false', NO_PROXY='127.0.0.1',
                   ANSIBLE_CALLBACKS_ENABLED='junit', JUNIT_OUTPUT_DIR=str(tmp_path / 'junit'),
                   ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, '.build', 'collections'))
        result = subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), str(playbook),
             '-e', json.dumps({'ak': sim.access_key, 'sk': sim.secret_key, 'project': sim.project_id, 'url': sim.url})],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    recorded = check_returns.load_results(str(records))
    assert sorted(module for module, _task, _result in recorded) == ['vpcep_quota_info', 'vpcep_service_info',
                                                                     'vpcep_service_info']
    lines, _counts = check_returns.check(str(records))
    assert [line for line in lines if 'no result was recorded' not in line] == []
