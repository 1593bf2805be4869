# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: `ansible-builder create` makes a build context from the shipped definition,
and ansible-builder's own introspection finds the collection's Python requirements in the built collection."""
import glob
import os
import subprocess
import sys

import ansible_builder
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BIN = os.path.dirname(sys.executable)
DEFINITION = os.path.join(ROOT, 'extensions', 'ee', 'execution-environment.yml')


def requirement_names(path):
    with open(path, encoding='utf-8') as handle:
        lines = [line.split('#', 1)[0].strip() for line in handle]
    return sorted(line.split('>')[0].split('<')[0].split('=')[0].split('[')[0].strip() for line in lines if line)


def test_ansible_builder_create_makes_a_context_with_requests(tmp_path):
    context = tmp_path / 'context'
    result = subprocess.run(
        [os.path.join(BIN, 'ansible-builder'), 'create', '--file', DEFINITION, '--context', str(context),
         '--output-filename', 'Containerfile'],
        cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, universal_newlines=True)
    assert result.returncode == 0, result.stdout
    assert 'requests' in requirement_names(str(context / '_build' / 'requirements.txt'))
    assert requirement_names(str(context / '_build' / 'requirements.txt')) == requirement_names(os.path.join(ROOT, 'requirements.txt'))
    with open(str(context / '_build' / 'requirements.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    assert [c['name'] for c in galaxy['collections']] == ['hwcloud.vpcep']
    containerfile = (context / 'Containerfile').read_text(encoding='utf-8')
    assert 'ARG EE_BASE_IMAGE=' in containerfile
    assert 'requirements.txt' in containerfile


def test_builder_introspection_finds_requests_in_the_built_collection(tmp_path):
    galaxy = os.path.join(BIN, 'ansible-galaxy')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path / 'installed'))
    subprocess.run([galaxy, 'collection', 'build', '--output-path', str(tmp_path / 'dist'), ROOT],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    tarball = glob.glob(str(tmp_path / 'dist' / 'hwcloud-vpcep-*.tar.gz'))[0]
    subprocess.run([galaxy, 'collection', 'install', '--offline', '-p', str(tmp_path / 'installed'), tarball],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    installed = tmp_path / 'installed' / 'ansible_collections' / 'hwcloud' / 'vpcep'
    assert (installed / 'meta' / 'execution-environment.yml').is_file()
    script = os.path.join(os.path.dirname(ansible_builder.__file__), '_target_scripts', 'introspect.py')
    # What the builder image runs after installing the collections.
    output = subprocess.run([sys.executable, script, 'introspect', str(tmp_path / 'installed')],
                            check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
    data = yaml.safe_load(output)
    assert [line.split(' ')[0] for line in data['python']] == ['requests']
    assert any('hwcloud.vpcep' in line for line in data['python'])
    assert not data.get('system')
