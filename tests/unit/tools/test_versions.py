# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The version matrix (tools/versions.py): what it claims, where it is stated, and how it treats a missing
interpreter."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import os
import re
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SPEC = importlib.util.spec_from_file_location('versions', os.path.join(ROOT, 'tools', 'versions.py'))
versions = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(versions)


def minor(version):
    return tuple(int(part) for part in version.split('.'))


def read(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        return handle.read()


def test_every_core_from_the_oldest_supported_to_the_newest_is_tested_once():
    cores = [core for core, _python in versions.MATRIX]
    assert len(cores) == len(set(cores))
    oldest, newest = versions.tested_range()
    assert cores == sorted(cores, key=minor)
    expected = ['2.%d' % n for n in range(minor(oldest)[1], minor(newest)[1] + 1)]
    assert cores == expected
    assert newest == versions.MAIN_CORE
    assert set(versions.SANITY_CORES) == {oldest}


def test_each_core_runs_on_a_python_it_supports_and_together_they_cover_3_10_to_3_13():
    for core, python in versions.MATRIX:
        assert python in versions.CONTROLLER_PYTHONS[core], (core, python)
    assert {python for _core, python in versions.MATRIX} >= {'3.10', '3.11', '3.12', '3.13'}
    for python in versions.MAIN_PYTHONS:
        assert python in versions.CONTROLLER_PYTHONS[versions.MAIN_CORE]


def test_the_main_toolchain_pins_the_newest_core():
    pins = [line.strip() for line in read('requirements-dev.txt').splitlines() if line.startswith('ansible-core')]
    assert pins == [versions.core_pin(versions.MAIN_CORE)]
    assert versions.core_pin('2.16') == 'ansible-core>=2.16,<2.17'
    # The matrix adds the pin itself; a pin in the shared files would conflict with it.
    for name in versions.REQUIREMENTS:
        assert not [line for line in read(name).splitlines() if line.startswith('ansible-core')], name


def test_the_tested_range_is_what_the_collection_states():
    oldest, newest = versions.tested_range()
    runtime = yaml.safe_load(read('meta/runtime.yml'))
    assert runtime['requires_ansible'] == '>=%s.0' % oldest
    stated = 'ansible-core %s to %s' % (oldest, newest)
    assert stated in read('README.md')
    assert stated in yaml.safe_load(read('galaxy.yml'))['description']
    ee = yaml.safe_load(read('extensions/ee/execution-environment.yml'))
    upper = '%d.%d' % (minor(newest)[0], minor(newest)[1] + 1)
    assert ee['dependencies']['ansible_core']['package_pip'] == 'ansible-core>=%s,<%s' % (oldest, upper)


def test_a_missing_interpreter_is_skipped_or_fails_when_all_are_required(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(versions, 'find_python', lambda version: None)
    monkeypatch.setattr(versions, 'test_core', lambda core, log, failures: pytest.fail('ran %s without its Python' % core))
    monkeypatch.setattr(versions, 'BUILD', str(tmp_path))
    assert versions.run_matrix(['2.16'], jobs=1, require_all=False) == 0
    out = capsys.readouterr().out
    assert 'SKIPPED ansible-core 2.16: Python 3.10 was not found' in out
    assert 'pyenv install 3.10' in out
    assert versions.run_matrix(['2.16'], jobs=1, require_all=True) == 1
    assert 'FAILED ansible-core 2.16: Python 3.10 was not found' in capsys.readouterr().out


def test_a_failing_version_fails_the_run_and_shows_its_log(monkeypatch, capsys, tmp_path):
    def failing(core, log_path, failures):
        if core == '2.17':
            raise versions.Failed('`pip` exited 1')
        failures.append(('integration', 'the last words of %s\n' % core))
        return [('venv reused', 1.0, True), ('integration', 60.0, False), ('units', 30.0, True)]

    monkeypatch.setattr(versions, 'find_python', lambda version: sys.executable)
    monkeypatch.setattr(versions, 'test_core', failing)
    monkeypatch.setattr(versions, 'BUILD', str(tmp_path))
    assert versions.run_matrix(['2.17', '2.18'], jobs=2, require_all=True) == 1
    out = capsys.readouterr().out
    assert 'ansible-core 2.17 FAILED: `pip` exited 1' in out
    assert 'integration FAILED 60s, units passed 30s' in out
    assert '--- the end of integration on 2.18 ---\nthe last words of 2.18' in out
    assert re.search(r'0 passed \(-\), 2 failed \(2\.17 2\.18\), 0 skipped', out)


def test_interpreters_are_found_and_checked(tmp_path, monkeypatch):
    here = '%d.%d' % sys.version_info[:2]
    monkeypatch.setenv('PYENV_ROOT', str(tmp_path / 'no-pyenv'))
    assert versions.find_python('3.99') is None
    # A virtual environment's interpreter is refused: venvs are made from a base interpreter.
    if sys.prefix != sys.base_prefix:
        monkeypatch.setenv('PATH', os.path.dirname(sys.executable))
        assert versions.find_python(here) is None
    fake = tmp_path / 'bin'
    fake.mkdir()
    (fake / ('python%s' % here)).write_text('#!/bin/sh\necho 2.7 /usr/bin/python2\n', encoding='utf-8')
    (fake / ('python%s' % here)).chmod(0o755)
    monkeypatch.setenv('PATH', str(fake))
    assert versions.find_python(here) is None


def test_pyenv_interpreters_are_tried_newest_patch_first(tmp_path, monkeypatch):
    for patch in ('3.12.1', '3.12.10', '3.12.2', '3.13.0'):
        folder = tmp_path / 'versions' / patch / 'bin'
        folder.mkdir(parents=True)
        (folder / ('python' + patch[:4])).write_text('', encoding='utf-8')
    monkeypatch.setenv('PYENV_ROOT', str(tmp_path))
    monkeypatch.setenv('PATH', '')
    found = [path.split(os.sep)[-3] for path in versions.candidates('3.12')]
    assert found == ['3.12.10', '3.12.2', '3.12.1']


def test_the_offline_pip_bootstrap_goes_where_this_ansible_test_looks(tmp_path, monkeypatch):
    monkeypatch.setenv('HOME', str(tmp_path))
    pins = versions.install_get_pip(sys.executable)
    assert pins
    for pin in pins:
        cached = tmp_path / '.ansible' / 'test' / 'cache' / ('get_pip_%s.py' % pin.replace('.', '_'))
        assert cached.read_text(encoding='utf-8') == read('tools/get_pip_offline.py')


def test_the_ssh_key_is_made_once_as_ansible_test_wants_it(tmp_path, monkeypatch):
    """Two ansible-test runs started at once on a machine without the key would both make it, and the second
    one's ssh-keygen would ask "Overwrite (y/n)?" with no one to answer: the matrix makes it first."""
    from ansible_test._internal.core_ci import SshKey  # pylint: disable=import-outside-toplevel
    monkeypatch.setenv('HOME', str(tmp_path))
    key = versions.ensure_ssh_key()
    wanted_key, wanted_pub = SshKey.get_source_key_pair_paths(SshKey.__new__(SshKey))
    assert (key, os.path.isfile(wanted_key), os.path.isfile(wanted_pub)) == (wanted_key, True, True)
    assert oct(os.stat(key).st_mode & 0o777) == '0o600'
    with open(key, encoding='utf-8') as handle:
        assert handle.readline().strip() == '-----BEGIN RSA PRIVATE KEY-----'  # as ansible-test rewrites it
    public = subprocess.run(['ssh-keygen', '-y', '-f', key], check=True, stdout=subprocess.PIPE,
                            universal_newlines=True).stdout.split()[:2]
    with open(wanted_pub, encoding='utf-8') as handle:
        assert handle.read().split()[:2] == public
    before = os.stat(key).st_mtime_ns, open(key, encoding='utf-8').read()
    assert versions.ensure_ssh_key() == key
    assert (os.stat(key).st_mtime_ns, open(key, encoding='utf-8').read()) == before
    assert sorted(os.listdir(os.path.dirname(key))) == ['id_rsa', 'id_rsa.pub']


def test_the_matrix_makes_the_ssh_key_before_its_runs_start(monkeypatch, tmp_path):
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    seen = []

    def run_one(core, log_path, failures):
        seen.append(os.path.isfile(str(tmp_path / 'home' / '.ansible' / 'test' / 'id_rsa')))
        return [('integration', 1.0, True)]

    monkeypatch.setattr(versions, 'find_python', lambda version: sys.executable)
    monkeypatch.setattr(versions, 'test_core', run_one)
    monkeypatch.setattr(versions, 'BUILD', str(tmp_path))
    assert versions.run_matrix(['2.20', '2.21'], jobs=2, require_all=True) == 0
    assert seen == [True, True]


def test_make_demo_installs_only_the_demo_set_and_make_test_adds_the_rest():
    venv, _interpreter = versions.main_venv()
    assert venv.base_files == ('requirements.txt',)
    assert venv.requirement_files[0] == 'requirements.txt' and set(venv.requirement_files) == set(versions.MAIN_REQUIREMENTS)
    demo = [line.split('#')[0].strip() for line in read('requirements.txt').splitlines()]
    assert [line for line in demo if line] == ['requests']
    makefile = read('Makefile')
    assert '$(VENV)/.installed-demo: requirements.txt constraints.txt' in makefile
    assert 'demo: demo-setup\n' in makefile and 'simulator: demo-setup\n' in makefile


def test_every_install_takes_the_constraints(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(versions, 'run', lambda args, log, cwd=None, env=None: calls.append(args))
    venv = versions.Venv('2.21', '3.13', str(tmp_path), versions.MAIN_REQUIREMENTS, versions.DEMO_REQUIREMENTS)
    venv.pip_install(venv.base_files, None)
    assert calls[0][calls[0].index('-c') + 1] == os.path.join(versions.ROOT, 'constraints.txt')
    assert 'cryptography<51' in [line.strip() for line in read('constraints.txt').splitlines()]
