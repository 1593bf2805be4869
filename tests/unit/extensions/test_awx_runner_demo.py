# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The demo playbook as an AWX job: ansible-runner (the engine AWX jobs use) runs it from a project
playbook, with the credentials only in the environment the AWX credential type injects; the job
succeeds and no secret shows up in its events, output or artifacts."""
import json
import os
import sys

import ansible_runner
import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ENV_VARS
from vpcep_sim import Simulator  # pylint: disable=import-error

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(ROOT, '.build', 'collections')
# A job template's playbook lives in an AWX project; this one runs the collection's demo.
PROJECT_PLAYBOOK = '''---
- name: Run the hwcloud.vpcep demo
  ansible.builtin.import_playbook: hwcloud.vpcep.demo
'''


@pytest.fixture
def simulator():
    with Simulator(port=0, provision_delay=0.3) as sim:
        yield sim


def files_under(path):
    for folder, _dirs, names in os.walk(path):
        for name in names:
            yield os.path.join(folder, name)


def test_demo_runs_as_an_awx_job_without_leaking_the_secret(
        simulator, credential_type, consumer_credential_type, awx_inject, tmp_path, monkeypatch):
    # Nothing from the test's own environment may supply credentials: only the credential does.
    for names in ENV_VARS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv('SIM_URL', raising=False)
    for name in ('HW_CONSUMER_ACCESS_KEY', 'HW_CONSUMER_SECRET_KEY', 'HW_CONSUMER_SECURITY_TOKEN', 'HW_CONSUMER_PROJECT_ID',
                 'HW_CONSUMER_DOMAIN_ID'):
        monkeypatch.delenv(name, raising=False)
    # ansible-playbook of this virtual environment, as an execution environment has its own.
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    private = tmp_path / 'job'
    (private / 'project').mkdir(parents=True)
    (private / 'project' / 'demo.yml').write_text(PROJECT_PLAYBOOK, encoding='utf-8')
    inputs, injectors = credential_type
    credential = {
        'access_key': simulator.access_key,
        'secret_key': simulator.secret_key,
        'region': simulator.region,
        'endpoint': simulator.url,
        'iam_endpoint': simulator.url,
    }
    envvars = awx_inject(inputs, injectors, credential, str(private))
    assert envvars['HW_SECRET_KEY'] == simulator.secret_key
    # The second account: a credential of the consumer's type on the same job.
    consumer = simulator.consumer
    consumer_inputs, consumer_injectors = consumer_credential_type
    envvars.update(awx_inject(consumer_inputs, consumer_injectors, {
        'access_key': consumer['access_key'], 'secret_key': consumer['secret_key'],
        'domain_id': consumer['domain_id']}, str(private)))
    assert envvars['HW_CONSUMER_SECRET_KEY'] == consumer['secret_key']
    # Its security token field left empty: injected as "", which the demo sends as no token at all.
    assert envvars['HW_CONSUMER_SECURITY_TOKEN'] == ''
    envvars.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_LOCALHOST_WARNING='false',
                   ANSIBLE_INVENTORY_UNPARSED_WARNING='false')

    runner = ansible_runner.run(
        private_data_dir=str(private), playbook='demo.yml', envvars=envvars,
        # A job template's extra variable: the demo's simulator-only step may run.
        extravars={'demo_simulator_url': simulator.url},
        suppress_env_files=True, quiet=True, timeout=300)

    stdout = runner.stdout.read()
    assert runner.status == 'successful', stdout[-3000:]
    assert runner.rc == 0
    assert runner.stats['failures'] == {} and runner.stats['dark'] == {}
    # Published, allowed, connected, accepted, described, and both deleted again.
    assert runner.stats['changed'] == {'localhost': 7}
    assert 're-run changed=false' in stdout
    assert 'Provider accepted:  1 connection(s)' in stdout
    log = simulator.requests_log(since=0)
    by_account = dict((name, [r['method'] for r in log if r['account'] == name and r['method'] != 'GET'])
                      for name in ('provider', 'consumer'))
    # The create, the removal of its creation token, the delete.
    assert by_account['consumer'] == ['POST', 'POST', 'DELETE'], by_account
    assert by_account['provider'].count('DELETE') == 1, by_account
    assert [r['path'] for r in log if r['account'] == 'consumer' and r['security_token']] == []

    events = list(runner.events)
    assert events and any(event.get('event') == 'playbook_on_stats' for event in events)
    for secret in (simulator.secret_key, consumer['secret_key']):
        assert secret not in json.dumps(events)
        assert secret not in stdout
    secrets = [simulator.secret_key.encode('utf-8'), consumer['secret_key'].encode('utf-8')]
    artifacts = os.path.join(str(private), 'artifacts')
    leaks = []
    for path in files_under(str(private)):
        with open(path, 'rb') as handle:
            content = handle.read()
        if not any(secret in content for secret in secrets):
            continue
        if path.startswith(artifacts) and os.path.basename(path) == 'command':
            # ansible-runner records the whole process environment of the job in artifacts/<id>/command
            # (owner-only); AWX keeps its own masked copy of the environment and deletes the directory.
            assert os.stat(path).st_mode & 0o077 == 0, 'the command artifact is readable by others'
            continue
        leaks.append(os.path.relpath(path, str(private)))
    assert not leaks, 'a secret key found in %s' % ', '.join(leaks)
