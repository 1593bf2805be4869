# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 11 points 3 and 5: values Ansible would silently convert are refused before any request.

A list or dict given for a string option would be sent as its Python text, and `true` for a port
would become port 1. HwcloudModule refuses them (base.strict_type_errors) before the resource
layer runs, so layer 3 never sees them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import patch_module_args

from ansible_collections.hwcloud.vpcep.plugins.module_utils import base
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_connection, vpcep_endpoint, vpcep_service

PORTS = [{'client_port': 80, 'server_port': 8080, 'protocol': 'TCP'}]


@pytest.mark.parametrize('raw, expected', [
    (dict(vpc_id={'a': 1}), ['vpc_id: must be a string, got a dictionary']),
    (dict(port_id=['x', 'y']), ['port_id: must be a string, got a list']),
    (dict(description=['a', 'b']), ['description: must be a string, got a list']),
    (dict(snat_network_id={'id': 'n'}), ['snat_network_id: must be a string, got a dictionary']),
    (dict(name=['web']), ['name: must be a string, got a list']),
    (dict(ports=[{'client_port': True, 'server_port': 80}]), ['ports[0].client_port: must be an integer, got a boolean']),
    (dict(ports=PORTS + [{'client_port': 81, 'server_port': False}]),
     ['ports[1].server_port: must be an integer, got a boolean']),
    (dict(wait_timeout=True), ['wait_timeout: must be an integer, got a boolean']),
    (dict(vpc_id=[1], port_id={}, wait_timeout=False), [
        'port_id: must be a string, got a dictionary', 'vpc_id: must be a string, got a list',
        'wait_timeout: must be an integer, got a boolean']),
])
def test_service_options_that_ansible_would_convert_are_refused(raw, expected):
    assert base.strict_type_errors(vpcep_service.argument_spec(), raw) == expected


@pytest.mark.parametrize('raw', [
    dict(vpc_id='v', port_id='p', description='', ports=PORTS, wait_timeout=5, tags={'k': 1, 'b': True}),
    dict(permissions=['*', {'permission': 'iam:domain::abc', 'description': 'd'}]),
    dict(approval_enabled=True, wait=False, purge_tags=False),
    dict(vpc_id=None, ports=None),
    dict(),
])
def test_service_options_of_the_right_types_pass(raw):
    assert base.strict_type_errors(vpcep_service.argument_spec(), raw) == []


def test_endpoint_and_connection_options():
    assert base.strict_type_errors(vpcep_endpoint.argument_spec(), dict(
        subnet_id={'a': 1}, whitelist=['10.0.0.0/24', ['x']], routetables=[{'id': 'r'}], port_ip=['10.0.0.1'])) == [
        'port_ip: must be a string, got a list', 'routetables[0]: must be a string, got a dictionary',
        'subnet_id: must be a string, got a dictionary', 'whitelist[1]: must be a string, got a list']
    assert base.strict_type_errors(vpcep_connection.argument_spec(), dict(
        endpoints=['e1', {'id': 'e2'}], service_name=['web'], wait_timeout=True)) == [
        'endpoints[1]: must be a string, got a dictionary', 'service_name: must be a string, got a list',
        'wait_timeout: must be an integer, got a boolean']


def test_the_module_fails_before_it_builds_a_client(capsys, monkeypatch):
    built = []
    monkeypatch.setattr(base, 'Client', lambda *args, **kwargs: built.append(args))
    args = dict(name='web', vpc_id={'a': 1}, ports=[{'client_port': True, 'server_port': 80}], access_key='AK',
                secret_key='SK', region='cn-north-4', project_id='p1')
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            vpcep_service.main()
    assert info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result['failed'] is True
    assert result['msg'] == ('Invalid parameters: ports[0].client_port: must be an integer, got a boolean; vpc_id: must be '
                             'a string, got a dictionary')
    assert built == []


BOOLEAN = ' (YAML reads true, false, yes and no unquoted as booleans: quote the value)'
NUMBER = ' (quote names and ids: YAML reads them unquoted as numbers)'


@pytest.mark.parametrize('module, raw, expected', [
    # Issue 19 point 13: `name: true` created a service named "True"; an unquoted id 0123 would be sent as "83".
    (vpcep_service, dict(name=True), ['name: must be a string, got a boolean' + BOOLEAN]),
    (vpcep_service, dict(name=123), ['name: must be a string, got a number' + NUMBER]),
    (vpcep_service, dict(id=83, vpc_id=1.5e3), ['id: must be a string, got a number' + NUMBER,
                                                'vpc_id: must be a string, got a number' + NUMBER]),
    (vpcep_service, dict(description=True, ip=False), ['description: must be a string, got a boolean' + BOOLEAN,
                                                       'ip: must be a string, got a boolean' + BOOLEAN]),
    (vpcep_connection, dict(service_id=1, domain_ids=['abc', 123], endpoints=[True]), [
        'domain_ids[1]: must be a string, got a number' + NUMBER, 'endpoints[0]: must be a string, got a boolean' + BOOLEAN,
        'service_id: must be a string, got a number' + NUMBER]),
    (vpcep_endpoint, dict(endpoint_service_name=7, routetables=[1], subnet_id=False), [
        'endpoint_service_name: must be a string, got a number' + NUMBER,
        'routetables[0]: must be a string, got a number' + NUMBER, 'subnet_id: must be a string, got a boolean' + BOOLEAN]),
])
def test_booleans_for_text_and_numbers_for_names_and_ids_are_refused(module, raw, expected):
    assert base.strict_type_errors(module.argument_spec(), raw) == expected


@pytest.mark.parametrize('module, raw', [
    # Free text may be a number (a description of 123 is what it says); tag values are documented to take numbers.
    (vpcep_service, dict(description=123, tags={'n': 1, 'b': True}, name='web', id='abc')),
    (vpcep_endpoint, dict(description=4.5, whitelist=['10.0.0.1'])),
])
def test_numbers_for_free_text_and_tag_values_pass(module, raw):
    assert base.strict_type_errors(module.argument_spec(), raw) == []


def test_which_options_identify_something():
    for name in ('id', 'name', 'service_id', 'service_name', 'endpoint_service_name', 'vpc_id', 'domain_ids', 'endpoints',
                 'routetables', 'describe', 'project_id'):
        assert base.identifies(name), name
    for name in ('description', 'ip', 'region', 'state', 'tags', 'whitelist', 'access_key'):
        assert not base.identifies(name), name
