# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module against a table of hostile values: wrong types, path characters, unicode, huge strings.

Each must fail with a short, clean message that names the option, report changed=false, and send no
request at all (issue 11: no traceback for any input, nothing sent on bad input).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.modules import (
    vpcep_connection,
    vpcep_endpoint,
    vpcep_endpoint_info,
    vpcep_public_service_info,
    vpcep_quota_info,
    vpcep_service,
    vpcep_service_info,
)
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import run_module

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
HUGE = 'x' * 10240
TYPES = [[1, 2], {'a': 1}]
PATHS = ['../../quotas', SID + '/connections', 'x?y=1', 'a#b', 'é', HUGE, '']

CONNECTION = ('api_timeout', 'endpoint', 'iam_endpoint', 'max_retries', 'project_id', 'region')

# A valid base for each module; each case breaks exactly one option.
BASES = {
    'vpcep_service': (vpcep_service, dict(name='web', vpc_id=VPC, port_id=VPC, server_type='VM',
                                          ports=[{'client_port': 80, 'server_port': 80}])),
    'vpcep_service_info': (vpcep_service_info, dict()),
    'vpcep_connection': (vpcep_connection, dict(service_id=SID, endpoints=[SID], state='accepted')),
    'vpcep_endpoint': (vpcep_endpoint, dict(endpoint_service_id=SID, vpc_id=VPC, subnet_id=VPC)),
    'vpcep_endpoint_info': (vpcep_endpoint_info, dict()),
    'vpcep_public_service_info': (vpcep_public_service_info, dict()),
    'vpcep_quota_info': (vpcep_quota_info, dict()),
}


def cases():
    """(module name, option, hostile value) for every module."""
    table = {
        'vpcep_service': (
            [('id', v) for v in TYPES + PATHS[:-1]] + [('name', v) for v in TYPES + ['é', HUGE, 'a.b', 'bad name']]
            + [(o, v) for o in ('vpc_id', 'port_id', 'snat_network_id') for v in TYPES + PATHS]
            + [('description', v) for v in TYPES + [HUGE, '<script>']] + [('ip', v) for v in TYPES + ['fe80::1', HUGE, 'a b']]
            + [('ports', v) for v in ([], 'ports', [{'client_port': True, 'server_port': 1}], [{'client_port': 0, 'server_port': 1}],
                                       [{'client_port': 1, 'server_port': 70000}], [{'client_port': 'https', 'server_port': 1}],
                                       [{'client_port': 1, 'server_port': 1}, {'client_port': 1, 'server_port': 2}], [[1, 2]])]
            + [('tags', v) for v in ({'k': {'a': 1}}, {'k': [1]}, {HUGE: 'v'}, {'k': HUGE}, {'a=b': 'v'}, [1], 'k')]
            + [('permissions', v) for v in (['nobody'], [{'permission': 'iam:domain::x', 'note': 1}], [[1]], [{'a': 1}],
                                             ['iam:domain::' + 'a' * 65], ['*', '*'])]
            + [('wait_timeout', v) for v in (0, -1, True, 'soon')] + [('state', 'gone'), ('server_type', 'VMX')]),
        'vpcep_service_info': (
            [('id', v) for v in TYPES + PATHS[:-1]] + [('name', v) for v in TYPES] + [('tags', v) for v in ({'k': {'a': 1}}, [1])]
            + [('concurrency', v) for v in (0, True, 'many')] + [('status', 'gone')]),
        'vpcep_connection': (
            [('service_id', v) for v in TYPES + PATHS[:-1]] + [('endpoints', v) for v in ([[1]], [{'a': 1}], ['../x'], [HUGE], ['é'])]
            + [('domain_ids', v) for v in ([HUGE], ['a-b'], [{'a': 1}])] + [('description', v) for v in (HUGE, '<b>', [1])]
            + [('state', 'accept'), ('wait_timeout', 0)]),
        'vpcep_endpoint': (
            [('id', v) for v in TYPES + PATHS[:-1]] + [(o, v) for o in ('endpoint_service_id', 'vpc_id', 'subnet_id') for v in TYPES + PATHS]
            + [('port_ip', v) for v in ('fe80::1', 'host', HUGE)] + [('whitelist', v) for v in (['10.0.0.0/33'], ['x'], [[1]], 'a')]
            + [('routetables', v) for v in (['../x'], [{'a': 1}])] + [('tags', {'k': {'a': 1}}), ('description', HUGE), ('wait_for', 'soon'),
                                                                       ('policy_statement', 'x'), ('ipv6_address', '10.0.0.1')]),
        'vpcep_endpoint_info': ([('id', v) for v in TYPES + PATHS[:-1]] + [('vpc_id', v) for v in PATHS[:-1]] + [('status', 'gone'),
                                                                                                          ('tags', {'k': [{}]})]),
        'vpcep_public_service_info': ([('id', v) for v in TYPES + PATHS[:-1]] + [('describe', v) for v in ('../x', HUGE, 'a b.c.d', [1])]),
        'vpcep_quota_info': ([('type', v) for v in ('endpoints', [1])]),
    }
    connection_cases = [('region', 'evil.com/x?'), ('region', [1]), ('project_id', '../../quotas'), ('endpoint', 'https://h/?q=1'),
                        ('endpoint', 'ftp://h'), ('iam_endpoint', 'http://u:p@h'), ('api_timeout', 0), ('max_retries', -1),
                        ('max_retries', True)]
    for name, rows in sorted(table.items()):
        for option, value in list(rows) + connection_cases:
            yield pytest.param(name, option, value, id='%s-%s-%s' % (name, option, repr(value)[:20]))


@pytest.mark.parametrize('name, option, value', cases())
def test_hostile_values_fail_cleanly_naming_the_option_and_send_nothing(sim, capsys, name, option, value):
    module, base = BASES[name]
    args = dict(base)
    connection = {}
    if option in CONNECTION:
        connection[option] = value
    else:
        args[option] = value
    result, calls = run_module(module, sim, capsys, connection=connection, **args)
    assert result.get('failed') is True, result
    assert result.get('changed', False) is False
    message = result['msg']
    assert isinstance(message, str) and message
    assert 'Traceback' not in message and 'MODULE FAILURE' not in message and 'Unexpected error' not in message
    assert len(message) < 3000
    assert option.split('_')[0] in message or option in message
    assert calls == []
