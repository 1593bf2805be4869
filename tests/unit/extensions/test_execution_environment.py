# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: `ansible-builder create` makes a build context from the shipped definition, and
from it with the built collection (tools/ee_context.py, `make ee-context`); ansible-builder's own introspection
finds the collection's Python requirements in the built collection."""
import glob
import json
import os
import re
import subprocess
import sys
import tarfile

import ansible_builder
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BIN = os.path.dirname(sys.executable)
DEFINITION = os.path.join(ROOT, 'extensions', 'ee', 'execution-environment.yml')
EE_CONTEXT = os.path.join(ROOT, 'tools', 'ee_context.py')


def requirement_names(path):
    with open(path, encoding='utf-8') as handle:
        lines = [line.split('#', 1)[0].strip() for line in handle]
    return sorted(line.split('>')[0].split('<')[0].split('=')[0].split('[')[0].strip() for line in lines if line)


def build_collection(tmp_path):
    """Build the collection from the checkout; return the tarball's path."""
    galaxy = os.path.join(BIN, 'ansible-galaxy')
    subprocess.run([galaxy, 'collection', 'build', '--output-path', str(tmp_path / 'dist'), ROOT],
                   check=True, stdout=subprocess.DEVNULL)
    return glob.glob(str(tmp_path / 'dist' / 'hwcloud-vpcep-*.tar.gz'))[0]


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
    tarball = build_collection(tmp_path)
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


def test_the_local_context_installs_the_built_collection_and_requests(tmp_path):
    tarball = build_collection(tmp_path)
    context = tmp_path / 'ee' / 'context'
    subprocess.run([sys.executable, EE_CONTEXT, tarball, str(context)], check=True, stdout=subprocess.DEVNULL)
    build = context / '_build'
    # The galaxy stage installs exactly the tarball, which is in the context where the stage looks for it.
    with open(str(build / 'requirements.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    assert galaxy == {'collections': [{'name': 'collections/' + os.path.basename(tarball), 'type': 'file'}]}
    copied = build / 'collections' / os.path.basename(tarball)
    with open(tarball, 'rb') as original, open(str(copied), 'rb') as handle:
        assert handle.read() == original.read()
    with tarfile.open(str(copied)) as archive:
        manifest = json.load(archive.extractfile('MANIFEST.json'))['collection_info']
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        version = yaml.safe_load(handle)['version']
    assert (manifest['namespace'], manifest['name'], manifest['version']) == ('hwcloud', 'vpcep', version)
    assert requirement_names(str(build / 'requirements.txt')) == requirement_names(os.path.join(ROOT, 'requirements.txt'))
    assert 'requests' in requirement_names(str(build / 'requirements.txt'))
    containerfile = (context / 'Containerfile').read_text(encoding='utf-8')
    # The steps that install them: the galaxy stage from _build/, the builder stage's pip requirements.
    assert 'COPY _build /build' in containerfile
    assert re.search(r'ansible-galaxy collection install .*-r requirements\.yml', containerfile)
    assert 'COPY _build/requirements.txt requirements.txt' in containerfile
    assert '--user-pip=requirements.txt' in containerfile and '/output/scripts/assemble' in containerfile


def test_the_image_gets_an_ansible_core_of_the_tested_range(tmp_path):
    with open(DEFINITION, encoding='utf-8') as handle:
        pin = yaml.safe_load(handle)['dependencies']['ansible_core']['package_pip']
    context = tmp_path / 'context'
    subprocess.run([os.path.join(BIN, 'ansible-builder'), 'create', '--file', DEFINITION, '--context', str(context),
                    '--output-filename', 'Containerfile'], cwd=str(tmp_path), check=True, stdout=subprocess.DEVNULL)
    containerfile = (context / 'Containerfile').read_text(encoding='utf-8')
    assert 'ARG ANSIBLE_INSTALL_REFS="%s ansible-runner"' % pin in containerfile
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        oldest = yaml.safe_load(handle)['requires_ansible'].lstrip('>=').rsplit('.', 1)[0]
    assert pin.startswith('ansible-core>=%s,<' % oldest)
