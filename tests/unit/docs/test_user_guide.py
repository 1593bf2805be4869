# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The user guide's commands run as written: they are taken from the Markdown (tools/doc_snippets.py), so the
page cannot drift from what is tested.

- "Your first playbook against the simulator": `make simulator` in the background, the playbook saved as
  ~/first-playbook.yml, then the second terminal's commands, in the checkout, with a home of its own.
- "The simulator: local testing and your own CI": the CI script against the collection installed from its
  built tarball, with the first playbook as site.yml; and the script when the simulator cannot start (it
  exits at once) or never says it listens (the wait ends after 20 seconds): a clear error, exit code 1.
"""
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GUIDE = 'docs/user-guide.md'
FIRST = 'Your first playbook against the simulator'
SIMULATOR = 'The simulator: local testing and your own CI'
BIN = os.path.dirname(sys.executable)
SPEC = importlib.util.spec_from_file_location('doc_snippets', os.path.join(ROOT, 'tools', 'doc_snippets.py'))
doc_snippets = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(doc_snippets)


def clean_env(home, **extra):
    """A user's environment: this virtual environment's tools, a home of its own, no HW_* or SIM_* setting, and
    no make of the test run around it."""
    env = dict((key, value) for key, value in os.environ.items()
               if not key.startswith(('HW_', 'SIM_', 'ANSIBLE_', 'MAKE', 'MFLAGS', 'PYTEST', 'VIRTUAL_ENV')))
    env.update(HOME=str(home), PATH=BIN + os.pathsep + env.get('PATH', ''), NO_PROXY='127.0.0.1,localhost',
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false', **extra)
    return env


def recap(output):
    found = re.findall(r'^localhost\s+: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=(\d+)', output, re.M)
    return [(int(changed), int(failed)) for changed, failed in found]


def requests_by_account(sim_url):
    log = json.load(urllib.request.urlopen(sim_url + '/_sim/requests'))['requests']
    return set(request['account'] for request in log if request['account'])


def test_first_playbook_commands_run_as_written(tmp_path):
    consoles = doc_snippets.blocks(GUIDE, FIRST, 'console')
    playbooks = doc_snippets.blocks(GUIDE, FIRST, 'yaml')
    assert len(consoles) == 2 and len(playbooks) == 1, 'the section has the simulator command, the playbook, the commands'
    assert consoles[0][1].startswith('make simulator ')
    home = tmp_path / 'home'
    home.mkdir()
    (home / 'first-playbook.yml').write_text(playbooks[0][1], encoding='utf-8')
    env_file = os.path.join(ROOT, '.build', 'simulator.env')
    if os.path.exists(env_file):
        os.remove(env_file)
    # The first terminal, on a free port (SIM_PORT=0, as the section says) so as not to meet a running one.
    simulator = subprocess.Popen(['sh', '-c', consoles[0][1]], cwd=ROOT, env=clean_env(home, SIM_PORT='0'),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not os.path.exists(env_file) and simulator.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert os.path.exists(env_file), simulator.communicate(timeout=5)[0]
        with open(env_file, encoding='utf-8') as handle:
            sim_url = re.search(r'^export SIM_URL=(\S+)$', handle.read(), re.M).group(1)
        # The second terminal, in the checkout.
        result = subprocess.run(['bash', '-e', '-c', consoles[1][1]], cwd=ROOT, env=clean_env(home), timeout=300,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        assert result.returncode == 0, result.stdout[-3000:]
        assert recap(result.stdout) == [(2, 0)], result.stdout[-3000:]
        assert 'is accepted, IP ' in result.stdout
        assert 'warning' not in result.stdout.lower()
        assert requests_by_account(sim_url) == {'provider', 'consumer'}
    finally:
        os.killpg(simulator.pid, signal.SIGTERM)
        simulator.communicate(timeout=30)


def ci_script():
    scripts = doc_snippets.blocks(GUIDE, SIMULATOR, 'sh')
    assert len(scripts) == 1
    return scripts[0][1]


@pytest.fixture(scope='module')
def installed_home(tmp_path_factory):
    """A home where ansible-galaxy installed the collection from its built tarball, as a user's CI would."""
    home = tmp_path_factory.mktemp('home')
    dist = tmp_path_factory.mktemp('dist')
    env = clean_env(home)
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(dist), ROOT],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    tarball = [name for name in os.listdir(str(dist)) if name.endswith('.tar.gz')][0]
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--offline',
                    os.path.join(str(dist), tarball)], check=True, env=env, stdout=subprocess.DEVNULL)
    assert (home / '.ansible' / 'collections' / 'ansible_collections' / 'hwcloud' / 'vpcep' / 'tests' / 'simulator').is_dir()
    return home


def run_ci_script(home, workdir, path=None):
    env = clean_env(home)
    if path:
        env['PATH'] = path + os.pathsep + env['PATH']
    started = time.monotonic()
    result = subprocess.run(['bash', '-c', ci_script()], cwd=str(workdir), env=env, timeout=600,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)
    return result, time.monotonic() - started


def test_ci_script_runs_both_accounts_and_the_demo(installed_home, tmp_path):
    site = doc_snippets.blocks(GUIDE, FIRST, 'yaml')[0][1]
    (tmp_path / 'site.yml').write_text(site, encoding='utf-8')
    result, _seconds = run_ci_script(installed_home, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # site.yml twice (a change, then none), then the demo on the simulator's ids, every step and both accounts.
    runs = recap(result.stdout)
    assert runs[:2] == [(2, 0), (0, 0)] and len(runs) == 3 and runs[2][1] == 0, result.stdout[-3000:]
    assert (tmp_path / 'run2.log').read_text(encoding='utf-8').count('changed=0') == 1
    assert 'Running against the local VPCEP simulator at http://127.0.0.1:' in result.stdout
    assert 'with a provider and a consumer account' in result.stdout
    assert 'Cleaned up:         endpoint deleted, service deleted' in result.stdout


def test_ci_script_stops_at_once_when_the_simulator_cannot_start(tmp_path):
    # A home without the collection: python3 -m vpcep_sim exits at once.
    result, seconds = run_ci_script(tmp_path, tmp_path)
    assert result.returncode == 1
    assert 'The VPCEP simulator did not start within 20 seconds; its output:' in result.stderr
    assert 'No module named vpcep_sim' in result.stderr
    assert seconds < 15


def test_ci_script_waits_20_seconds_at_most(tmp_path):
    # A python3 that never listens: the wait ends after 20 seconds with the error.
    fake = tmp_path / 'bin'
    fake.mkdir()
    (fake / 'python3').write_text('#!/bin/sh\necho "pretending to start"\nexec sleep 120\n', encoding='utf-8')
    (fake / 'python3').chmod(0o755)
    result, seconds = run_ci_script(tmp_path, tmp_path, path=str(fake))
    assert result.returncode == 1
    assert 'did not start within 20 seconds' in result.stderr and 'pretending to start' in result.stderr
    assert 19 < seconds < 60


def test_make_demo_ends_with_the_first_playbook_commands():
    with open(os.path.join(ROOT, 'Makefile'), encoding='utf-8') as handle:
        makefile = handle.read()
    recipe = makefile[makefile.index('\ndemo:'):]
    recipe = recipe[:recipe.index('\n\n')]
    assert 'tools/doc_snippets.py %s "%s" console' % (GUIDE, FIRST) in recipe
    commands = doc_snippets.blocks(GUIDE, FIRST, 'console')[1][1]
    for needed in ('export PATH="$PWD/.venv/bin:$PATH"', 'export ANSIBLE_COLLECTIONS_PATH="$PWD/.build/collections"',
                   '. .build/simulator.env', 'ansible-playbook ~/first-playbook.yml'):
        assert needed in commands
    assert shutil.which('make')
