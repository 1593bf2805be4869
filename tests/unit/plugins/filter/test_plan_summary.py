# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The hwcloud.vpcep.plan_summary filter (issue 24 point 3): the plan, one readable line per entry, and the counts."""

import importlib

import pytest
import yaml

try:
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:  # ansible-core before 2.19 has no controller mark
    module_utils_internal = None


@pytest.fixture
def plugin():
    """The filter plugin, imported only for these tests (the controller mark put back, see test_entry_errors.py)."""
    before = getattr(module_utils_internal, 'is_controller', None)
    try:
        yield importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.filter.plan_summary')
    finally:
        if before is not None:
            module_utils_internal.is_controller = before


RESULTS = [
    {'name': 'svc-a', 'id': 's1', 'changed': True, 'failed': False, 'action': 'update', 'changes': [
        {'field': 'description', 'before': 'old', 'after': 'new'},
        {'field': 'tags.env', 'before': 'dev', 'after': 'prod'}]},
    {'name': 'svc-b', 'id': None, 'changed': True, 'failed': False, 'action': 'create', 'changes': [
        {'field': 'ports', 'before': None, 'after': [{'client_port': 80, 'server_port': 8080, 'protocol': 'TCP'}]},
        {'field': 'vpc_id', 'before': None, 'after': 'v1'}]},
    {'name': 'svc-c', 'id': 's3', 'changed': False, 'failed': False, 'action': 'none', 'changes': []},
    {'name': 'svc-d', 'id': 's4', 'changed': True, 'failed': False, 'action': 'delete', 'changes': [
        {'field': 'vpc_id', 'before': 'v1', 'after': None}]},
    {'name': 'svc-e', 'id': 's5', 'changed': True, 'failed': False, 'action': 'replace', 'changes': [
        {'field': 'server_type', 'before': 'LB', 'after': 'VM'}]},
    {'name': 'svc-f', 'id': 's6', 'changed': False, 'failed': False, 'action': 'none', 'changes': []},
]


def test_check_mode_says_what_would_change_entry_by_entry_and_counts(plugin):
    assert plugin.plan_summary(RESULTS, True) == [
        "svc-a: would update \u2014 description: 'old' \u2192 'new'; tags.env: 'dev' \u2192 'prod'",
        "svc-b: would create \u2014 ports: [{client_port: 80, protocol: 'TCP', server_port: 8080}]; vpc_id: 'v1'",
        'svc-d: would delete (id s4)',
        "svc-e: would replace \u2014 server_type: 'LB' \u2192 'VM'",
        '1 to create, 1 to update, 1 to replace, 1 to delete, 2 unchanged',
    ]


def test_a_real_run_says_what_changed_and_a_failure_with_its_plan(plugin):
    results = [dict(RESULTS[0]), dict(RESULTS[4], failed=True, changed=False, msg='Cannot change server_type'),
               {'name': 'svc-g', 'failed': True, 'changed': False, 'msg': 'refused'}, RESULTS[2]]
    assert plugin.plan_summary(results) == [
        "svc-a: updated \u2014 description: 'old' \u2192 'new'; tags.env: 'dev' \u2192 'prod'",
        "svc-e: failed (planned: replace) \u2014 server_type: 'LB' \u2192 'VM'",
        'svc-g: failed',
        '0 created, 1 updated, 0 replaced, 0 deleted, 1 unchanged, 2 failed',
    ]


def test_absent_values_long_values_and_a_change_beside_the_fields(plugin):
    long_text = 'x' * 300
    results = [{'name': 'a', 'action': 'update', 'changes': [
        {'field': 'tags.new', 'before': None, 'after': ''}, {'field': 'description', 'before': long_text, 'after': ''}]},
        {'name': 'b', 'action': 'none', 'changes': [], 'changed': True}]
    lines = plugin.plan_summary(results, True)
    assert lines[0].startswith("a: would update \u2014 tags.new: (absent) \u2192 ''; description: 'xxx")
    # The value is cut to 200 characters, its quote included.
    assert "description: '" + 'x' * 198 + "\u2026 \u2192 ''" in lines[0]
    assert lines[1] == 'b: would change (beside its own fields, such as connections to accept; see its result)'
    assert lines[2] == '0 to create, 1 to update, 0 to replace, 0 to delete, 1 unchanged'


def test_endpoint_results_are_named_by_service_and_id_or_vpc_and_module_results_by_their_resource(plugin):
    endpoints = [{'endpoint_service_name': 'r.orders.1', 'id': 'e1', 'action': 'update', 'changes': [
        {'field': 'whitelist', 'before': ['10.0.1.0/24'], 'after': ['10.0.0.0/24']}]},
        {'endpoint_service_id': 's1', 'id': None, 'vpc_id': 'v2', 'action': 'create', 'changes': []}]
    lines = plugin.plan_summary(endpoints, True)
    assert lines[0] == "r.orders.1 (e1): would update \u2014 whitelist: ['10.0.1.0/24'] \u2192 ['10.0.0.0/24']"
    assert lines[1] == 's1 (VPC v2): would create'
    registered = {'results': [{'service': {'name': 'web', 'id': 'x'}, 'action': 'update', 'changes': [
        {'field': 'description', 'before': '', 'after': 'd'}]}]}
    assert plugin.plan_summary(registered)[0] == "web: updated \u2014 description: '' \u2192 'd'"
    assert plugin.plan_summary(registered, label=['service.id'])[0].startswith('x: updated')
    assert plugin.plan_summary([{'action': 'delete', 'changes': []}])[0] == 'entry 1: deleted'
    # A delete by name: its id is in its changes.
    gone = {'name': 'old', 'id': None, 'action': 'delete', 'changes': [{'field': 'id', 'before': 's9', 'after': None}]}
    assert plugin.plan_summary([gone], True)[0] == 'old: would delete (id s9)'


@pytest.mark.parametrize('data', ['text', [1, 2], {'no': 'results'}])
def test_anything_but_results_is_refused_naming_the_filter(plugin, data):
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError, match='plan_summary: expects a list of results'):
        plugin.plan_summary(data)


def test_documentation_parses_and_names_the_filter(plugin):
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc['name'] == 'plan_summary'
    assert list(doc['options']) == sorted(doc['options'])
    assert doc['options']['label']['default'] == plugin.DEFAULT_LABEL
    yaml.safe_load(plugin.EXAMPLES)
    yaml.safe_load(plugin.RETURN)
    assert 'plan_summary' in plugin.FilterModule().filters()


def test_values_are_written_in_flow_style_without_double_quotes(plugin):
    assert plugin.show({'b': [1, True, None], 'a': {'x': 'y'}}) == "{a: {x: 'y'}, b: [1, true, null]}"
    assert plugin.show(False) == 'false' and plugin.show(0) == '0' and plugin.show(None) == '(absent)'
    assert plugin.show('') == "''"


def test_a_change_deep_in_a_long_list_shows_the_elements_that_differ(plugin):
    # Issue 24, found by a hostile review: one port of 60 changed; cut at 200 characters, both sides read the same.
    before = [{'client_port': 1000 + i, 'protocol': 'TCP', 'server_port': 2000 + i} for i in range(60)]
    after = [dict(port) for port in before]
    after[59]['server_port'] = 2999
    results = [{'name': 'many', 'action': 'update', 'changes': [{'field': 'ports', 'before': before, 'after': after}]}]
    line = plugin.plan_summary(results, True)[0]
    assert line == ("many: would update \u2014 ports: [{client_port: 1059, protocol: 'TCP', server_port: 2059}] \u2192 "
                    "[{client_port: 1059, protocol: 'TCP', server_port: 2999}] (59 elements alike left out)")
    # A short list is shown whole.
    short = [{'field': 'whitelist', 'before': ['a', 'b'], 'after': ['a']}]
    assert plugin.plan_summary([{'name': 's', 'action': 'update', 'changes': short}])[0] == (
        "s: updated \u2014 whitelist: ['a', 'b'] \u2192 ['a']")


def test_a_change_deep_in_a_long_text_shows_where_it_differs(plugin):
    before, after = 'x' * 300 + 'old', 'x' * 300 + 'new'
    line = plugin.plan_summary([{'name': 'd', 'action': 'update', 'changes': [
        {'field': 'description', 'before': before, 'after': after}]}], True)[0]
    assert "description: '\u2026" + 'x' * 20 + "old' \u2192 '\u2026" + 'x' * 20 + "new'" in line


def test_text_with_a_single_quote_is_written_as_yaml_writes_it(plugin):
    assert plugin.show("it's") == "'it''s'"
    assert plugin.show({'k': "a'b"}) == "{k: 'a''b'}"
