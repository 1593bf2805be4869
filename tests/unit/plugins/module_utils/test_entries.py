# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 19 point 11: a list of entries is checked whole before anything is changed (the roles' first task)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.entries import endpoint_entry_errors, service_entry_errors
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_endpoint, vpcep_service

VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
SUBNET = '8b2f3c4d-0d00-41f2-aedc-71f09844e880'
DOMAIN = '1564ec50ef2a47c791ea5536353ed4b9'
FULL = 'cn-north-4.orders.' + SID


def services(*entries):
    return service_entry_errors(list(entries), vpcep_service.argument_spec())


def endpoints(*entries):
    return endpoint_entry_errors(list(entries), vpcep_endpoint.argument_spec())


def web(**extra):
    entry = dict(name='web', vpc_id=VPC, port_id=PORT, server_type='VM', ports=[{'client_port': 80, 'server_port': 80}])
    entry.update(extra)
    return entry


def test_valid_lists_have_no_errors():
    assert services() == []
    accepting = {'id': SID, 'accept_connections': [SID], 'accept_domains': [DOMAIN]}
    assert services(web(), {'name': 'api', 'state': 'absent'}, accepting) == []
    assert endpoints({'endpoint_service_name': FULL, 'vpc_id': VPC, 'subnet_id': SUBNET},
                     {'endpoint_service_name': FULL, 'vpc_id': VPC, 'subnet_id': PORT},
                     {'endpoint_service_id': SID, 'vpc_id': PORT}, {'id': SID}) == []


@pytest.mark.parametrize('entries, expected', [
    ([web(), web(description='other')],
     ["endpoint_services_list[0] and endpoint_services_list[1] both name the service 'web': give each resource one entry"]),
    ([web(), {'name': 'api'}, {'name': 'web', 'state': 'absent'}],
     ["endpoint_services_list[0] and endpoint_services_list[2] both name the service 'web': give each resource one entry"]),
    ([{'id': SID}, {'id': SID, 'name': 'renamed'}],
     ["endpoint_services_list[0] and endpoint_services_list[1] both have the id '%s': give each resource one entry" % SID]),
    ([web(), web(), web()],
     ['endpoint_services_list[0] and endpoint_services_list[1] both name', 'endpoint_services_list[0] and '
      'endpoint_services_list[2] both name', 'endpoint_services_list[1] and endpoint_services_list[2] both name']),
])
def test_two_service_entries_of_one_service_are_refused_naming_them(entries, expected):
    errors = services(*entries)
    assert len(errors) == len(expected)
    for error, text in zip(errors, expected):
        assert error.startswith(text), error


@pytest.mark.parametrize('entries, text', [
    ([{'id': SID}, {'id': SID, 'state': 'absent'}], "endpoints_list[0] and endpoints_list[1] both have the id '%s'" % SID),
    ([{'endpoint_service_name': FULL, 'vpc_id': VPC, 'subnet_id': SUBNET},
      {'endpoint_service_id': SID, 'vpc_id': VPC, 'subnet_id': SUBNET}],
     'endpoints_list[0] and endpoints_list[1] both mean the VPC endpoint to endpoint service %s in VPC %s (subnet %s)'
     % (SID, VPC, SUBNET)),
    ([{'endpoint_service_id': SID, 'vpc_id': VPC, 'subnet_id': SUBNET}, {'endpoint_service_id': SID, 'vpc_id': VPC}],
     'endpoints_list[0] and endpoints_list[1] both mean the VPC endpoint to endpoint service %s in VPC %s, one of them in '
     'any subnet' % (SID, VPC)),
])
def test_two_endpoint_entries_of_one_endpoint_are_refused_naming_them(entries, text):
    assert endpoints(*entries) == [text + ': give each resource one entry']


@pytest.mark.parametrize('entry, expected', [
    (web(name='seventeen-chars-x'), ['endpoint_services_list[0].name: must be at most 16 characters long (got 17)']),
    (web(name=True), ['endpoint_services_list[0].name: must be a string, got a boolean']),
    (web(accept_connections=['../x']), ['endpoint_services_list[0].accept_connections[0]: must be 1 to 64 letters']),
    (web(accept_connections=['public']), ["endpoint_services_list[0].accept_connections[0]: must be an id, not one of"]),
    (web(accept_domains=['a-b']), ['endpoint_services_list[0].accept_domains[0]: must be 1 to 64 letters and digits']),
    (web(accept_domains=[1234]), ['endpoint_services_list[0].accept_domains[0]: must be a string, got a number']),
    (web(permissions=['*', '*']), ["endpoint_services_list[0].permissions: lists the same permission '*' 2 times"]),
    (web(tags={'k': 'v\n'}), ["endpoint_services_list[0].tags: value of 'k' must not start or end",
                              "endpoint_services_list[0].tags: value of 'k' must not contain control characters"]),
    (web(description=123), []),
    (web(wait_timeout=10 ** 12), ['endpoint_services_list[0].wait_timeout: must be 1 to 86400 seconds']),
    ('web', ['endpoint_services_list[0]: must be a dictionary']),
])
def test_each_service_entry_is_checked_by_its_module_s_rules(entry, expected):
    errors = services(entry)
    assert len(errors) == len(expected), errors
    for error, text in zip(errors, expected):
        assert error.startswith(text), error


@pytest.mark.parametrize('entry, expected', [
    ({'endpoint_service_id': SID, 'vpc_id': VPC, 'whitelist': ['1.1.1.1', '1.1.1.1']},
     "endpoints_list[0].whitelist: lists the same address or block '1.1.1.1' 2 times"),
    ({'endpoint_service_id': SID, 'vpc_id': VPC, 'routetables': ['rt1', 'rt1']},
     "endpoints_list[0].routetables: lists the same route table 'rt1' 2 times"),
    ({'endpoint_service_id': 'describe', 'vpc_id': VPC}, 'endpoints_list[0].endpoint_service_id: must be an id, not one'),
    ({'id': 5}, 'endpoints_list[0].id: must be a string, got a number'),
    ({'vpc_id': VPC}, 'endpoints_list[0].endpoint_service_id, endpoint_service_name: one of them is required'),
])
def test_each_endpoint_entry_is_checked_by_its_module_s_rules(entry, expected):
    errors = endpoints(entry)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_every_problem_of_the_list_is_reported_at_once():
    errors = services(web(), web(name='x' * 17), web(accept_domains=['?']))
    assert [e.split(':')[0] for e in errors] == [
        'endpoint_services_list[1].name', 'endpoint_services_list[2].accept_domains[0]',
        'endpoint_services_list[0] and endpoint_services_list[2] both name the service \'web\'']


def test_a_list_that_is_not_a_list():
    assert service_entry_errors('x', vpcep_service.argument_spec()) == [
        'endpoint_services_list: must be a list of dictionaries']


def test_only_entries_that_share_a_name_id_or_service_are_compared(monkeypatch):
    # A list of a thousand different services is checked in one pass, not by comparing every pair (half a million).
    from ansible_collections.hwcloud.vpcep.plugins.module_utils import entries as entry_rules
    calls = []
    for name in ('_service_clash', '_endpoint_clash'):
        real = getattr(entry_rules, name)
        monkeypatch.setattr(entry_rules, name, lambda first, second, real=real: calls.append(1) or real(first, second))
    many = [{'name': 'svc-%d' % index, 'state': 'absent'} for index in range(1000)]
    errors = services(*(many + [{'id': SID}, {'name': 'svc-7', 'id': SID}]))
    assert [e.split(':')[0] for e in errors] == [
        'endpoint_services_list[7] and endpoint_services_list[1001] both name the service \'svc-7\'',
        'endpoint_services_list[1000] and endpoint_services_list[1001] both have the id \'%s\'' % SID]
    assert len(calls) == 2
    del calls[:]
    hosts = [{'endpoint_service_id': SID, 'vpc_id': VPC, 'subnet_id': '%032x' % index} for index in range(3)]
    assert endpoints(*(hosts + [{'id': SID}, {'endpoint_service_id': SID, 'vpc_id': PORT}])) == []
    assert len(calls) == 3
