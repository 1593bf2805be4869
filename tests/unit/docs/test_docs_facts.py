# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Facts the documentation states that were once wrong: what the collection is (both sides), where its sources
are, how to install it while it is not on Galaxy, what ansible-builder writes, what check mode does per module."""
import glob
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULES = sorted(os.path.splitext(os.path.basename(path))[0]
                 for path in glob.glob(os.path.join(ROOT, 'plugins', 'modules', 'vpcep_*.py')))
PAGES = ['README.md'] + sorted(os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(ROOT, 'docs', '*.md')))


def read(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        return handle.read()


def section(path, heading):
    text = read(path)
    start = text.index('\n## %s\n' % heading)
    end = text.find('\n## ', start + 1)
    return text[start:end if end > 0 else None]


def test_the_description_names_both_sides():
    description = yaml.safe_load(read('galaxy.yml'))['description']
    for words in ("provider's endpoint services", "consumer's VPC endpoints", 'permissions', 'connection approvals',
                  'two roles', 'simulator'):
        assert words in description


def test_no_page_cites_a_path_outside_the_repository():
    for page in PAGES + ['tests/simulator/README.md']:
        text = read(page)
        assert '../shared' not in text and 'workplace' not in text, page


def test_install_says_how_until_the_collection_is_on_galaxy():
    install = section('docs/user-guide.md', 'Install')
    assert 'not published on Galaxy yet' in install
    assert 'ansible-galaxy collection install git+https://github.com/hwcloud/ansible-collection-vpcep.git' in install
    assert 'ansible-galaxy collection install hwcloud-vpcep-*.tar.gz' in install
    for module in MODULES:
        assert '`%s`' % module in install, module
    assert 'endpoint_services' in install and '`endpoints`' in install
    # No command installs it from Galaxy, where it is not.
    assert not re.search(r'^ansible-galaxy collection install hwcloud\.vpcep\b', install, re.M)


def test_check_mode_covers_every_module_and_both_roles():
    check_mode = section('docs/user-guide.md', 'Check mode and diff mode')
    for module in MODULES:
        assert '`%s`' % module in check_mode, module
    assert 'hwcloud.vpcep.endpoint_services' in check_mode and 'hwcloud.vpcep.endpoints' in check_mode


def test_ansible_builder_names_its_instruction_file_after_the_runtime_as_the_docs_say(tmp_path):
    """Without podman on PATH, `ansible-builder create` writes a Dockerfile, not a Containerfile."""
    empty = tmp_path / 'bin'
    empty.mkdir()
    builder = os.path.join(os.path.dirname(sys.executable), 'ansible-builder')
    definition = tmp_path / 'ee.yml'
    definition.write_text('version: 3\nimages:\n  base_image:\n    name: quay.io/fedora/fedora:42\n', encoding='utf-8')
    subprocess.run([sys.executable, builder, 'create', '-f', str(definition), '-c', str(tmp_path / 'context')],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PATH=str(empty)))
    assert sorted(name for name in os.listdir(str(tmp_path / 'context')) if name.endswith('file')) == ['Dockerfile']
    for page in ('docs/awx.md', 'extensions/ee/execution-environment.yml'):
        text = read(page)
        for sentence in re.split(r'(?<=[.:])\s', text):
            if 'ansible-builder create' in sentence and 'writes' in sentence:
                following = text[text.index(sentence):text.index(sentence) + 600]
                assert 'Dockerfile' in following and 'Containerfile' in following, (page, sentence)
