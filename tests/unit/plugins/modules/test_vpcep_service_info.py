# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""vpcep_service_info's main() run in-process against the VPCEP simulator, checking results and the requests sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


import uuid

import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_service, vpcep_service_info
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import assert_documentation_matches, run_module

VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
DOMAIN = 'iam:domain::1564ec50ef2a47c791ea5536353ed4b9'


def info(sim, capsys, **args):
    """Run vpcep_service_info; return (result, the API calls it made)."""
    return run_module(vpcep_service_info, sim, capsys, **args)


def make(sim, capsys, name, server_port, **args):
    """Create a service through vpcep_service (no wait) and return it."""
    # Each service on its own backend port: services sharing a port_id may not repeat a client port.
    port_id = str(uuid.uuid5(uuid.NAMESPACE_URL, name))
    result, _calls = run_module(vpcep_service, sim, capsys, name=name, vpc_id=VPC, port_id=port_id, server_type='VM',
                                ports=[{'client_port': 80, 'server_port': server_port}], wait=False, **args)
    assert result['changed'] is True, result
    return result['service']


def query_of(call):
    return dict(pair.split('=', 1) for pair in call['query'].split('&') if pair)


def test_documentation_matches_the_argument_spec():
    assert_documentation_matches(vpcep_service_info)


def test_nothing_matches_is_an_empty_list_not_a_failure(sim, capsys):
    result, calls = info(sim, capsys, name='nothing')
    assert result.get('failed') is None
    assert result['changed'] is False
    assert result['services'] == []
    assert len(calls) == 1
    result, calls = info(sim, capsys, id='6b1fd25c-0000-0000-0000-000000000000')
    assert result['services'] == []
    assert [c['method'] for c in calls] == ['GET']


def test_exact_name_among_fuzzy_matches_and_api_side_filters(sim, capsys):
    # Services stay creating, so the status filter is deterministic.
    sim.configure(provision_delay=600)
    web = make(sim, capsys, 'web', 1)
    for index, name in enumerate(('web2', 'myweb', 'WEB')):
        make(sim, capsys, name, 10 + index)
    result, calls = info(sim, capsys, name='web', status='creating', sort_key='create_at', sort_dir='asc')
    assert [s['id'] for s in result['services']] == [web['id']]
    assert len(calls) == 1
    assert query_of(calls[0]) == {'endpoint_service_name': 'web', 'status': 'creating', 'sort_key': 'create_at',
                                  'sort_dir': 'asc', 'limit': '1000', 'offset': '0'}
    result, _calls = info(sim, capsys, name='WEB')
    assert [s['name'] for s in result['services']] == ['WEB']


def test_every_service_is_listed_with_the_largest_pages(sim, capsys):
    sim.seed(2500)
    result, calls = info(sim, capsys, check_mode=True)
    assert result['changed'] is False
    assert len(result['services']) == 2500
    assert len(set(s['id'] for s in result['services'])) == 2500
    assert [query_of(c)['limit'] for c in calls] == ['1000', '1000', '1000']
    # The first page tells total_count; the other two are read concurrently.
    assert query_of(calls[0])['offset'] == '0'
    assert sorted(query_of(c)['offset'] for c in calls) == ['0', '1000', '2000']
    result, calls = info(sim, capsys, concurrency=1)
    assert [query_of(c)['offset'] for c in calls] == ['0', '1000', '2000']


def test_tags_filter_all_tags_and_empty_value_matches_any(sim, capsys):
    both = make(sim, capsys, 'a', 1, tags={'env': 'prod', 'team': 'x'})
    prod = make(sim, capsys, 'b', 2, tags={'env': 'prod'})
    make(sim, capsys, 'c', 3, tags={'env': 'dev', 'team': 'y'})
    result, calls = info(sim, capsys, tags={'env': 'prod', 'team': ''})
    assert [s['id'] for s in result['services']] == [both['id']]
    # The API filters by tags (resource_instances), the list gives the services.
    assert [(c['method'], c['path'].rsplit('/', 2)[-2:]) for c in calls] == [
        ('GET', ['{0}'.format(sim.project_id), 'vpc-endpoint-services']), ('POST', ['resource_instances', 'action'])]
    assert calls[1]['body']['tags'] == [{'key': 'env', 'values': ['prod']}, {'key': 'team', 'values': []}]
    assert calls[1]['body']['action'] == 'filter'
    result, _calls = info(sim, capsys, tags={'env': 'prod'})
    assert sorted(s['id'] for s in result['services']) == sorted([both['id'], prod['id']])
    result, _calls = info(sim, capsys, tags_any={'team': ['x', 'y']}, not_tags={'env': 'dev'})
    assert [s['id'] for s in result['services']] == [both['id']]
    result, _calls = info(sim, capsys, not_tags_any={'team': ''})
    assert [s['id'] for s in result['services']] == [prod['id']]


def test_by_id_is_one_get_in_the_resource_module_shape(sim, capsys):
    created, _calls = run_module(vpcep_service, sim, capsys, name='web', vpc_id=VPC, port_id=PORT, server_type='VM',
                                 ports=[{'client_port': 80, 'server_port': 80}], tags={'env': 'prod'})
    result, calls = info(sim, capsys, id=created['service']['id'])
    assert [c['method'] for c in calls] == ['GET']
    assert calls[0]['path'].endswith('/' + created['service']['id'])
    # The same shape, except the fields only one read returns: the create looked the name up with the list call
    # (domain_id, connection_count, public_border_group), the info module read the id with show (cidr_type).
    list_only = {'connection_count', 'domain_id', 'public_border_group', 'cidr_type'}
    assert [dict((k, v) for k, v in s.items() if k not in list_only) for s in result['services']] == \
        [dict((k, v) for k, v in created['service'].items() if k not in list_only)]
    assert result['services'][0]['tags'] == {'env': 'prod'}
    result, _calls = info(sim, capsys, id=created['service']['id'], status='failed')
    assert result['services'] == []


def test_include_permissions_and_connections(sim, capsys):
    service = make(sim, capsys, 'web', 1, permissions=[DOMAIN])
    sim.add_connection(service['id'], domain_id='d0m41n', status='accepted', description='consumer')
    plain, calls = info(sim, capsys, name='web')
    assert 'permissions' not in plain['services'][0]
    assert 'connections' not in plain['services'][0]
    assert len(calls) == 1
    result, calls = info(sim, capsys, name='web', include_permissions=True, include_connections=True)
    found = result['services'][0]
    assert [p['permission'] for p in found['permissions']] == [DOMAIN]
    assert sorted(found['permissions'][0]) == ['created_at', 'id', 'permission', 'permission_type']
    assert len(found['connections']) == 1
    connection = found['connections'][0]
    assert sorted(connection) == ['created_at', 'description', 'domain_id', 'error', 'id', 'marker_id', 'status', 'updated_at']
    assert connection['status'] == 'accepted'
    assert connection['domain_id'] == 'd0m41n'
    limits = dict((c['path'].rsplit('/', 1)[-1], query_of(c)['limit']) for c in calls)
    assert limits == {'vpc-endpoint-services': '1000', 'permissions': '500', 'connections': '1000'}


def test_api_error_fails_with_what_was_being_done(sim, capsys):
    sim.add_fault('500', method='GET', path='/vpc-endpoint-services$')
    result, _calls = info(sim, capsys)
    assert result['failed'] is True
    assert result['msg'].startswith('Failed while listing endpoint services')
    assert result['error']['status'] == 500


def test_every_returned_key_is_documented(sim, capsys):
    documented = set(yaml.safe_load(vpcep_service_info.RETURN)['services']['contains'])
    service = make(sim, capsys, 'web', 1, permissions=[DOMAIN], ip='10.0.0.1')
    sim.add_connection(service['id'], status='accepted')
    result, _calls = info(sim, capsys, include_permissions=True, include_connections=True)
    assert set(result['services'][0]) - documented == set()


def test_connection_filters_and_sorting_are_applied_by_the_api(sim, capsys):
    service = make(sim, capsys, 'web', 1)
    first = sim.add_connection(service['id'], domain_id='d1', status='pendingAcceptance')
    sim.add_connection(service['id'], domain_id='d2', status='accepted')
    third = sim.add_connection(service['id'], domain_id='d3', status='pendingAcceptance')
    result, calls = info(sim, capsys, name='web', include_connections=True, connection_status='pendingAcceptance',
                         connection_sort_key='create_at', connection_sort_dir='asc')
    assert [c['id'] for c in result['services'][0]['connections']] == [first['id'], third['id']]
    listed = [c for c in calls if c['path'].endswith('/connections')]
    assert query_of(listed[0])['status'] == 'pendingAcceptance'
    assert query_of(listed[0])['sort_dir'] == 'asc'


def test_enrichment_of_many_services_is_concurrent_and_keeps_the_order(sim, capsys):
    ids = sim.seed(12)
    sim.configure(latency_ms=100)
    result, calls = info(sim, capsys, include_permissions=True, include_connections=True, concurrency=8)
    assert [s['id'] for s in result['services']] == [s['id'] for s in info(sim, capsys)[0]['services']]
    assert len(result['services']) == 12 and set(s['id'] for s in result['services']) == set(ids)
    assert len(calls) == 1 + 2 * 12
    durations = sorted(c['duration_ms'] for c in calls)
    assert durations[0] >= 100


@pytest.mark.parametrize('args, words', [
    (dict(id='../../quotas'), ['id', '64']),
    (dict(id='x?y=1'), ['id']),
    (dict(tags={'k': {'a': 1}}), ['tags', "'k'"]),
    (dict(concurrency=0), ['concurrency', '1 to 32']),
    (dict(concurrency=33), ['concurrency', '1 to 32']),
    (dict(name=['web']), ['name', 'string']),
])
def test_bad_input_fails_before_any_request(sim, capsys, args, words):
    result, calls = info(sim, capsys, **args)
    assert result['failed'] is True
    for word in words:
        assert word in result['msg']
    assert calls == []
