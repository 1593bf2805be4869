# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The hwcloud.vpcep.entry_errors filter: the roles' first task, a thin layer over module_utils/entries.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib

import pytest
import yaml

try:
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:  # ansible-core before 2.19 has no controller mark
    module_utils_internal = None

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'


@pytest.fixture
def plugin():
    """The filter plugin, imported only for these tests.

    A filter plugin imports the controller (ansible.errors), and from ansible-core 2.19 on importing it marks the
    whole process as the controller: modules run in-process by later tests of the same worker would then send
    their warnings to the display instead of their result. The mark is put back as it was."""
    before = getattr(module_utils_internal, 'is_controller', None)
    try:
        yield importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.filter.entry_errors')
    finally:
        if before is not None:
            module_utils_internal.is_controller = before


def test_the_filter_is_registered_and_documented(plugin):
    assert plugin.FilterModule().filters() == {'entry_errors': plugin.entry_errors}
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc['name'] == 'entry_errors'
    assert doc['options']['kind']['choices'] == sorted(plugin.KINDS)
    yaml.safe_load(plugin.EXAMPLES)
    yaml.safe_load(plugin.RETURN)


def test_each_kind_checks_its_entries_under_its_role_variable(plugin):
    assert plugin.entry_errors([{'name': 'web'}, {'name': 'web'}], 'endpoint_services') == [
        "endpoint_services_list[0] and endpoint_services_list[1] both name the service 'web': give each resource one entry"]
    assert plugin.entry_errors([{'id': SID}, {'id': SID}], 'endpoints') == [
        "endpoints_list[0] and endpoints_list[1] both have the id '%s': give each resource one entry" % SID]
    assert plugin.entry_errors([], 'endpoints') == []


def test_an_unknown_kind_is_an_error_naming_the_kinds(plugin):
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError) as info:
        plugin.entry_errors([], 'services')
    assert 'endpoint_services, endpoints' in str(info.value)


class _Lazy(dict):
    """Stands for ansible-core's lazy containers (2.19 on), whose every access templates: 2100 entries took 80 s."""


class _Text(str):
    """Stands for ansible-core's tagged and unsafe text."""


def test_the_entries_are_checked_as_plain_data(plugin, monkeypatch):
    seen = []

    def check(entries, spec, option):
        seen.append(entries)
        return []
    monkeypatch.setitem(plugin.KINDS, 'endpoint_services', (check,) + plugin.KINDS['endpoint_services'][1:])
    entries = [_Lazy(name=_Text('svc'), ports=[_Lazy(client_port=80, server_port=80)], tags=_Lazy(a=None), ok=True)]
    assert plugin.entry_errors(entries, 'endpoint_services') == []
    [plain] = seen
    assert plain == [{'name': 'svc', 'ports': [{'client_port': 80, 'server_port': 80}], 'tags': {'a': None}, 'ok': True}]
    classes = [v.__class__ for v in (plain, plain[0], plain[0]['name'], plain[0]['ports'][0], plain[0]['tags'])]
    assert classes == [list, dict, str, dict, dict]
