# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""vpcep_service_info's main() run in-process against the VPCEP simulator, checking results and the requests sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


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
    result, _calls = run_module(vpcep_service, sim, capsys, name=name, vpc_id=VPC, port_id=PORT, server_type='VM',
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
    assert [query_of(c)['offset'] for c in calls] == ['0', '1000', '2000']


def test_tags_filter_all_tags_and_empty_value_matches_any(sim, capsys):
    both = make(sim, capsys, 'a', 1, tags={'env': 'prod', 'team': 'x'})
    prod = make(sim, capsys, 'b', 2, tags={'env': 'prod'})
    make(sim, capsys, 'c', 3, tags={'env': 'dev', 'team': 'y'})
    result, _calls = info(sim, capsys, tags={'env': 'prod', 'team': ''})
    assert [s['id'] for s in result['services']] == [both['id']]
    result, _calls = info(sim, capsys, tags={'env': 'prod'})
    assert sorted(s['id'] for s in result['services']) == sorted([both['id'], prod['id']])


def test_by_id_is_one_get_in_the_resource_module_shape(sim, capsys):
    created, _calls = run_module(vpcep_service, sim, capsys, name='web', vpc_id=VPC, port_id=PORT, server_type='VM',
                                 ports=[{'client_port': 80, 'server_port': 80}], tags={'env': 'prod'})
    result, calls = info(sim, capsys, id=created['service']['id'])
    assert [c['method'] for c in calls] == ['GET']
    assert calls[0]['path'].endswith('/' + created['service']['id'])
    assert result['services'] == [created['service']]
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
    assert found['permissions'] == [DOMAIN]
    assert len(found['connections']) == 1
    connection = found['connections'][0]
    assert sorted(connection) == ['description', 'domain_id', 'id', 'marker_id', 'status']
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
