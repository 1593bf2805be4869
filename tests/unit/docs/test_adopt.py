# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The user guide's "Adopt what you already have" says what the playbook hwcloud.vpcep.export does and is tested:
its site.yml is the one the playbook_export integration target runs, and its table of variables is the playbook's,
as the playbook's own comment lists them."""
import importlib.util
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GUIDE = 'docs/user-guide.md'
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'export.yml')
SPEC = importlib.util.spec_from_file_location('doc_snippets', os.path.join(ROOT, 'tools', 'doc_snippets.py'))
doc_snippets = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(doc_snippets)
# Set by the user: the file (required, no default) and the consumer's credential set (described in the text).
CREDENTIALS = {'export_consumer_access_key', 'export_consumer_secret_key', 'export_consumer_security_token',
               'export_consumer_project_id'}


def read(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        return handle.read()


def playbook_variables():
    """The variables users set: the play's vars without the internal export__ ones, and export_file."""
    play = yaml.safe_load(read('playbooks/export.yml'))[0]
    return set(name for name in play['vars'] if not name.startswith('export__')) | {'export_file'}


def test_the_guides_site_yml_is_the_one_the_integration_target_runs():
    blocks = doc_snippets.blocks(GUIDE, 'Review, commit, plan, run', 'yaml')
    assert len(blocks) == 1
    assert blocks[0][1] == read('tests/integration/targets/playbook_export/site.yml')
    commands = doc_snippets.blocks(GUIDE, 'Review, commit, plan, run', 'console')[0][1]
    assert 'ansible-playbook site.yml --check --diff' in commands


def test_the_guides_table_and_the_playbooks_comment_name_every_variable():
    variables = playbook_variables()
    section = '\n'.join(doc_snippets.section_lines(GUIDE, 'Export'))
    table = set(re.findall(r'^\| `(export_\w+)` \|', section, re.M))
    assert table == variables - CREDENTIALS
    assert all('`%s`' % name in section for name in CREDENTIALS)
    comment = re.findall(r'^#   (export_\w+) ', read('playbooks/export.yml'), re.M)
    assert set(comment) == variables - CREDENTIALS and len(comment) == len(set(comment))
    assert all(name in read('playbooks/export.yml').split('\n- name:')[0] for name in CREDENTIALS)


def test_the_export_commands_run_the_installed_playbook():
    commands = [text for _kind, text in doc_snippets.blocks(GUIDE, 'Export', 'console')]
    assert commands and all(text.startswith('ansible-playbook hwcloud.vpcep.export -e export_file=') for text in commands)
