# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The hwcloud.vpcep.export_yaml filter (issue 24): the exported file's text, readable, lint-clean, loading back."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib

import pytest
import yaml
from hypothesis import given, settings, strategies as st

try:
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:  # ansible-core before 2.19 has no controller mark
    module_utils_internal = None


@pytest.fixture
def plugin():
    """The filter plugin, imported only for these tests (the controller mark put back, see test_entry_errors.py)."""
    before = getattr(module_utils_internal, 'is_controller', None)
    try:
        yield importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.filter.export_yaml')
    finally:
        if before is not None:
            module_utils_internal.is_controller = before


def test_the_layout_keys_in_their_order_block_style_lists_indented(plugin):
    variables = {'endpoint_services_list': [{'name': 'web', 'vpc_id': 'v1', 'ports': [{'client_port': 80, 'server_port': 8080}],
                                             'approval_enabled': False, 'tags': {'n': '123', 'b': 'true', 'e': ''}}],
                 'endpoints_list': []}
    text = plugin.export_yaml(variables, ['Exported at noon', '', '  ansible-playbook site.yml'])
    assert text == (
        '# Exported at noon\n'
        '#\n'
        '#   ansible-playbook site.yml\n'
        '---\n'
        'endpoint_services_list:\n'
        '  - name: web\n'
        '    vpc_id: v1\n'
        '    ports:\n'
        '      - client_port: 80\n'
        '        server_port: 8080\n'
        '    approval_enabled: false\n'
        '    tags:\n'
        "      'n': '123'\n"
        "      b: 'true'\n"
        "      e: ''\n"
        'endpoints_list: []\n')
    assert yaml.safe_load(text) == variables


def test_long_values_and_comment_lines_are_folded_and_line_breaks_kept(plugin):
    description = 'An orders API of the payments team, ' * 12
    text = plugin.export_yaml({'d': description, 'multi': 'one\ntwo\n'},
                              'word ' * 40 + '\n    ansible-playbook ' + 'x ' * 70)
    comment, _sep, body = text.partition('---\n')
    assert max(len(line) for line in comment.splitlines()) <= 120
    assert max(len(line) for line in body.splitlines()) <= 130
    assert yaml.safe_load(text) == {'d': description, 'multi': 'one\ntwo\n'}
    assert 'multi: |\n  one\n  two\n' in text
    # A folded command line goes on indented two spaces more than the command.
    comment = comment.splitlines()
    assert comment[-1].startswith('#       x') and comment[-2].startswith('#     ansible-playbook x')


def test_the_other_line_breaks_of_yaml_are_escaped(plugin):
    value = {'next\x85line': 'a\u2028b\u2029c', 'text': 'Beijing \u5317\u4eac'}
    text = plugin.export_yaml(value)
    assert yaml.safe_load(text) == value
    # Other text stays readable as it is, not escaped.
    assert 'text: Beijing \u5317\u4eac\n' in text


def test_the_same_object_twice_is_written_twice_without_anchors(plugin):
    shared = ['a', 'b']
    text = plugin.export_yaml({'one': shared, 'two': shared})
    assert '&' not in text and '*' not in text
    assert text == '---\none:\n  - a\n  - b\ntwo:\n  - a\n  - b\n'


def _itself(value):
    return value


def test_types_of_the_controller_become_plain_yaml(plugin):
    class Text(str):
        """A str subclass whose str() is itself, as ansible-core's AnsibleUnsafeText (2.18 and before)."""

        __str__ = _itself

    class Number(int):
        """An int subclass."""

    text = plugin.export_yaml({Text('k'): (Text('v'), Number(3), True, None, 1.5)})
    assert text == '---\nk:\n  - v\n  - 3\n  - true\n  - null\n  - 1.5\n'


def test_only_a_dictionary_is_taken(plugin):
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError, match='a dictionary of variables, got list'):
        plugin.export_yaml([1])


def test_the_filter_is_registered_and_documented(plugin):
    assert plugin.FilterModule().filters() == {'export_yaml': plugin.export_yaml}
    assert yaml.safe_load(plugin.DOCUMENTATION)['name'] == 'export_yaml'
    yaml.safe_load(plugin.EXAMPLES)
    yaml.safe_load(plugin.RETURN)


@settings(max_examples=200, deadline=None)
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=200),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=20), inner,
                                                                                      max_size=4), max_leaves=20))
def test_anything_loads_back_as_it_was(value):
    module = importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.filter.export_yaml')
    assert yaml.safe_load(module.export_yaml({'v': value}, 'c')) == {'v': value}


@pytest.mark.parametrize('text', ['1e3', '1E-3', '.5e1', '0o17', 'y', 'Y', 'n', 'N', '1.', 'True', 'NULL', '~', '0x1F'])
def test_text_another_yaml_reader_takes_for_a_number_or_a_boolean_is_quoted(plugin, text):
    # PyYAML reads 1e3, 0o17, y and n as text, but YAML 1.2 readers (a linter, an editor, another tool) read 1e3 as a
    # number and YAML 1.1's own rules read y and n as booleans: a name or a tag of these words must not change type.
    written = plugin.export_yaml({'tags': {text: text}})
    assert written == "---\ntags:\n  '%s': '%s'\n" % (text, text)
    assert yaml.safe_load(written) == {'tags': {text: text}}
