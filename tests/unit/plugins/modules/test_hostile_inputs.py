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
    vpcep_services,
    vpcep_tag_info,
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
    'vpcep_services': (vpcep_services, dict(services=[dict(name='web')])),
    'vpcep_connection': (vpcep_connection, dict(service_id=SID, endpoints=[SID], state='accepted')),
    'vpcep_endpoint': (vpcep_endpoint, dict(endpoint_service_id=SID, vpc_id=VPC, subnet_id=VPC)),
    'vpcep_endpoint_info': (vpcep_endpoint_info, dict()),
    'vpcep_public_service_info': (vpcep_public_service_info, dict()),
    'vpcep_quota_info': (vpcep_quota_info, dict()),
    'vpcep_tag_info': (vpcep_tag_info, dict()),
}


IDS = TYPES + PATHS[:-1]
BAD_PORTS = [[], 'ports', [{'client_port': True, 'server_port': 1}], [{'client_port': 0, 'server_port': 1}],
             [{'client_port': 1, 'server_port': 70000}], [{'client_port': 'https', 'server_port': 1}],
             [{'client_port': 1, 'server_port': 1}, {'client_port': 1, 'server_port': 2}], [[1, 2]]]
BAD_TAGS = [{'k': {'a': 1}}, {'k': [1]}, {HUGE: 'v'}, {'k': HUGE}, {'a=b': 'v'}, [1], 'k']
BAD_PERMISSIONS = [['nobody'], [{'permission': 'iam:domain::x', 'note': 1}], [[1]], [{'a': 1}], ['iam:domain::' + 'a' * 65],
                   ['*', '*']]
CONNECTION_CASES = [('region', 'evil.com/x?'), ('region', [1]), ('project_id', '../../quotas'), ('endpoint', 'https://h/?q=1'),
                    ('endpoint', 'ftp://h'), ('iam_endpoint', 'http://u:p@h'), ('api_timeout', 0), ('max_retries', -1),
                    ('max_retries', True),
                    # Issue 19 point 12: numbers beyond what the collection can use name the option and the range.
                    ('api_timeout', 10 ** 12), ('api_timeout', 1e12), ('api_timeout', '1e12'), ('api_timeout', 3601),
                    ('max_retries', 10 ** 12), ('max_retries', 21), ('project_id', 123)]
# Issue 19 point 10: the words of the API's paths where an id stands (GET .../vpc-endpoint-services/public lists others).
WORDS = ['public', 'describe', 'Describe', 'tags', 'batch-create']
HUGE_NUMBERS = [10 ** 12, 1e12, 86401]


def rows(option, values):
    """(option, value) for each value."""
    return [(option, value) for value in values]


TABLE = {
    'vpcep_service': (
        rows('id', IDS + WORDS + [123, True]) + rows('name', TYPES + ['é', HUGE, 'a.b', 'bad name', True, 123, 1.5])
        + rows('vpc_id', TYPES + PATHS + ['public', 4189])
        + rows('port_id', TYPES + PATHS + ['describe']) + rows('snat_network_id', TYPES + PATHS)
        + rows('description', TYPES + [HUGE, '<script>', True])
        + rows('ip', TYPES + ['fe80::1', HUGE, 'a b', '999.1.1.1', '1.2.3', '10.0.0.256', True]) + rows('ports', BAD_PORTS)
        + rows('tags', BAD_TAGS + [{'k': 'a\x00b'}, {'k\n': 'v'}, {'k': 'v\t'}, {'k': '\x1b[31m'}])
        + rows('permissions', BAD_PERMISSIONS + [['iam:domain::abc', {'permission': 'iam:domain::abc'}]])
        + rows('wait_timeout', [0, -1, True, 'soon'] + HUGE_NUMBERS)
        + rows('server_resources', [[{'resource_id': '../x'}], [{'availability_zone_id': 'a'}], 'elb', [[1]]])
        + rows('edition', ['profession', [1]]) + rows('enable_policy', ['maybe', [1]])
        + [('state', 'gone'), ('server_type', 'VMX')]),
    # The fleet: each entry by vpcep_service's rules, and what only a list can break (entries that are no
    # dictionaries, two entries for one service), each naming services[N] before any request.
    'vpcep_services': (
        rows('services', [['web'], [5], [None], [True], [[{'name': 'web'}]], 'web', [{'name': ['a']}], [{'name': True}],
                          [{'name': 12}], [{'name': 'web'}, {'name': 'web'}], [{'id': SID}, {'id': SID, 'state': 'absent'}],
                          [{'id': 'public'}], [{'id': 'describe'}], [{'id': '../x'}], [{'name': 'a/b'}],
                          [{'name': 'web', 'bogus': 1}], [{'name': 'web', 'permissions': ['*', '*']}],
                          [{'name': 'web', 'tags': {'k': {'a': 1}}}], [{'name': 'web', 'wait_timeout': 0}],
                          [{'name': 'web', 'ports': [{'client_port': 'https', 'server_port': 1}]}],
                          [{'name': 'web', 'accept_connections': ['describe']}], [{'name': 'web', 'accept_domains': ['a-b']}]])
        + rows('concurrency', [0, 33, -1, True, 'many', 1.5, [1], 10 ** 12])
        + rows('wait_timeout', [0, True] + HUGE_NUMBERS)),
    'vpcep_service_info': (
        rows('id', IDS + WORDS) + rows('name', TYPES + [True]) + rows('tags', [{'k': {'a': 1}}, [1]])
        + rows('concurrency', [0, True, 'many', 33, 10 ** 12, 1e12]) + [('status', 'gone')]),
    'vpcep_connection': (
        rows('service_id', IDS + WORDS + [123]) + rows('endpoints', [[[1]], [{'a': 1}], ['../x'], [HUGE], ['é'], ['describe'], [1]])
        + rows('domain_ids', [[HUGE], ['a-b'], [{'a': 1}], [1234]]) + rows('description', [HUGE, '<b>', [1]])
        + rows('service_name', [True, 5]) + rows('wait_timeout', [0] + HUGE_NUMBERS) + [('state', 'accept')]),
    'vpcep_endpoint': (
        rows('id', IDS + WORDS) + rows('endpoint_service_id', TYPES + PATHS + WORDS) + rows('vpc_id', TYPES + PATHS + [5])
        + rows('subnet_id', TYPES + PATHS + [False]) + rows('port_ip', ['fe80::1', 'host', HUGE])
        + rows('whitelist', [['10.0.0.0/33'], ['x'], [[1]], 'a', ['1.1.1.1', '1.1.1.1'], ['10.0.0.0/24', '10.0.0.9/24'],
                             ['10.0.0.%d' % i for i in range(21)]])
        + rows('routetables', [['../x'], [{'a': 1}], ['rt1', 'rt1'], ['tags']])
        + rows('tags', [{'k': {'a': 1}}, {'k': 'v\n'}, {'\x00': 'v'}]) + rows('wait_timeout', HUGE_NUMBERS)
        + [('description', HUGE), ('wait_for', 'soon'), ('policy_statement', 'x'), ('ipv6_address', '10.0.0.1'),
           ('ip_version', 'ipv6')]),
    'vpcep_endpoint_info': (
        rows('id', IDS + WORDS) + rows('vpc_id', PATHS[:-1]) + rows('concurrency', [0, 33, 10 ** 12])
        + [('status', 'gone'), ('tags', {'k': [{}]}), ('tags', dict(('k%d' % i, 'v') for i in range(11))),
           ('tags_any', {'k': ['v%d' % i for i in range(11)]})]),
    'vpcep_public_service_info': (
        rows('id', IDS + WORDS) + rows('describe', ['../x', HUGE, 'a b.c.d', [1]] + WORDS) + rows('concurrency', [0, 33, 1e12])),
    'vpcep_quota_info': rows('type', ['endpoints', [1]]),
    'vpcep_tag_info': rows('resource_type', ['endpoints', [1], '../x']),
}


def cases():
    """(module name, option, hostile value) for every module, the connection options included."""
    for name, table_rows in sorted(TABLE.items()):
        for option, value in list(table_rows) + CONNECTION_CASES:
            yield pytest.param(name, option, value, id='%s-%s-%s' % (name, option, repr(value)[:20]))


@pytest.mark.parametrize('name, option, value', list(cases()))
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
