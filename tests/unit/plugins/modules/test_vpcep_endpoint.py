# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""vpcep_endpoint and the consumer's info modules run in-process against the simulator's two accounts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import yaml

from ansible_collections.hwcloud.vpcep.plugins.modules import (
    vpcep_endpoint,
    vpcep_endpoint_info,
    vpcep_public_service_info,
    vpcep_quota_info,
    vpcep_service,
    vpcep_tag_info,
)
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import assert_documentation_matches, run_module

VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
CONSUMER_VPC = '7a1e2b3c-0d00-41f2-aedc-71f09844e879'
SUBNET = '8b2f3c4d-0d00-41f2-aedc-71f09844e880'


def consumer(sim):
    """The connection options of the simulator's second account."""
    account = sim.consumer
    return dict(access_key=account['access_key'], secret_key=account['secret_key'], project_id=account['project_id'])


def publish(sim, capsys, name='orders', approval=True, allow=True):
    permissions = ['iam:domain::%s' % sim.consumer['domain_id']] if allow else []
    result, _calls = run_module(vpcep_service, sim, capsys, name=name, vpc_id=VPC, port_id=VPC if name == 'orders' else SUBNET,
                                server_type='LB', ports=[{'client_port': 443, 'server_port': 8443}],
                                approval_enabled=approval, permissions=permissions)
    assert result['changed'] is True, result
    return result['service']


def test_documentation_matches_the_argument_spec():
    for module in (vpcep_endpoint, vpcep_endpoint_info, vpcep_public_service_info, vpcep_quota_info, vpcep_tag_info):
        returned = assert_documentation_matches(module)
        assert list(returned) == sorted(returned)


def test_create_rerun_and_every_returned_key_documented(sim, capsys):
    service = publish(sim, capsys)
    args = dict(endpoint_service_name=service['service_name'], vpc_id=CONSUMER_VPC, subnet_id=SUBNET, enable_dns=True,
                tags={'app': 'checkout'})
    created, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), diff=True, **args)
    assert created['changed'] is True, created
    endpoint = created['endpoint']
    assert endpoint['status'] == 'pendingAcceptance'
    assert endpoint['endpoint_service_id'] == service['id']
    assert endpoint['tags'] == {'app': 'checkout'}
    assert endpoint['dns_names'] and endpoint['ip']
    # Describe by full name, the lookup, one create by the consumer's account, the settle lookup, the removal of the
    # creation token, the wait.
    assert [(c['method'], c['account']) for c in calls if c['method'] != 'GET'] == [('POST', 'consumer')] * 2
    assert [c['body']['action'] for c in calls if c['path'].endswith('/tags/action')] == ['delete']
    assert sim.state.endpoints[endpoint['id']]['tags'] == [{'key': 'app', 'value': 'checkout'}]
    assert calls[0]['path'].endswith('/vpc-endpoint-services/describe')
    documented = set(yaml.safe_load(vpcep_endpoint.RETURN)['endpoint']['contains'])
    assert set(endpoint) - documented == set()
    again, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), **args)
    assert again['changed'] is False
    assert [c for c in calls if c['method'] != 'GET'] == []


def test_the_owner_s_account_cannot_be_connected_without_its_permission(sim, capsys):
    service = publish(sim, capsys, name='private', allow=False)
    result, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), endpoint_service_id=service['id'],
                               vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    assert result['failed'] is True and result['changed'] is False
    assert 'iam:domain::' in result['msg'] and 'permissions' in result['msg']
    assert result['error']['status'] == 403


def test_info_modules_read_what_the_consumer_has_and_may_use(sim, capsys):
    service = publish(sim, capsys)
    run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), endpoint_service_id=service['id'], vpc_id=CONSUMER_VPC,
               subnet_id=SUBNET)
    listed, calls = run_module(vpcep_endpoint_info, sim, capsys, connection=consumer(sim), endpoint_service_name='orders')
    assert [e['endpoint_service_id'] for e in listed['endpoints']] == [service['id']]
    assert listed['changed'] is False and len(calls) == 1
    described, _calls = run_module(vpcep_public_service_info, sim, capsys, connection=consumer(sim),
                                   describe=service['service_name'])
    assert [s['id'] for s in described['services']] == [service['id']]
    assert described['services'][0]['name'] == 'orders'
    public, _calls = run_module(vpcep_public_service_info, sim, capsys, connection=consumer(sim))
    assert len(public['services']) >= 3 and all(s['service_name'] for s in public['services'])
    quotas, calls = run_module(vpcep_quota_info, sim, capsys, connection=consumer(sim))
    assert quotas['quotas']['endpoint']['used'] == 1
    assert quotas['quotas']['endpoint']['available'] == quotas['quotas']['endpoint']['quota'] - 1
    assert len(calls) == 1


def test_check_mode_says_a_create_would_be_refused_for_a_service_the_account_may_not_use(sim, capsys):
    # Issue 19 point 13: describe answers only for services this account may connect to; check mode uses it.
    private = publish(sim, capsys, name='private', allow=False)
    args = dict(endpoint_service_id=private['id'], vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    checked, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), check_mode=True, **args)
    assert checked['failed'] is True and checked['changed'] is False
    assert checked['msg'].startswith('Check mode: the create would be refused. No endpoint service %s that this account '
                                     'may connect to' % private['id'])
    assert 'iam:domain::' in checked['msg']
    assert all(c['method'] == 'GET' for c in calls)
    assert calls[-1]['path'].endswith('/vpc-endpoint-services/describe')
    # The real run fails too, refused by the API; an allowed service is predicted as a create.
    real, _calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), **args)
    assert real['failed'] is True and real['error']['status'] == 403
    allowed = publish(sim, capsys)
    args['endpoint_service_id'] = allowed['id']
    predicted, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), check_mode=True, **args)
    assert predicted['changed'] is True and 'failed' not in predicted
    assert predicted['endpoint']['service_type'] == 'interface'
    assert all(c['method'] == 'GET' for c in calls)


def test_tag_info_lists_the_keys_and_values_of_one_account_s_resources_with_one_request(sim, capsys):
    run_module(vpcep_service, sim, capsys, name='tagged', vpc_id=VPC, port_id=SUBNET, server_type='VM',
               ports=[{'client_port': 80, 'server_port': 80}], tags={'env': 'prod', 'team': 'x'}, wait=False)
    found, calls = run_module(vpcep_tag_info, sim, capsys)
    assert found['changed'] is False
    assert found['tags'] == {'env': ['prod'], 'team': ['x']}
    assert [(c['method'], c['path'].split('/', 3)[-1]) for c in calls] == [('GET', 'endpoint_service/tags')]
    theirs, _calls = run_module(vpcep_tag_info, sim, capsys, connection=consumer(sim), resource_type='endpoint')
    assert theirs['tags'] == {}


def test_the_plan_names_each_endpoint_field_with_both_values_and_check_mode_sends_nothing(sim, capsys):
    service = publish(sim, capsys)
    wanted = dict(endpoint_service_id=service['id'], vpc_id=CONSUMER_VPC, subnet_id=SUBNET, enable_whitelist=True,
                  whitelist=['10.0.0.0/24'], tags={'app': 'checkout'})
    created, _calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), **wanted)
    assert created['action'] == 'create'
    assert [c['field'] for c in created['changes']] == [
        'enable_whitelist', 'endpoint_service_id', 'subnet_id', 'tags.app', 'vpc_id', 'whitelist']
    # The whitelist and a tag are changed outside Ansible.
    drifted = dict(wanted)
    drifted.update(whitelist=['10.0.1.0/24'], tags={'app': 'checkout', 'extra': 'x'})
    run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), **drifted)
    checked, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), check_mode=True, diff=True, **wanted)
    assert [c for c in calls if c['method'] != 'GET'] == []
    assert checked['action'] == 'update'
    assert checked['changes'] == [{'field': 'tags.extra', 'before': 'x', 'after': None},
                                  {'field': 'whitelist', 'before': ['10.0.1.0/24'], 'after': ['10.0.0.0/24']}]
    assert checked['diff']['before']['whitelist'] == ['10.0.1.0/24']
    assert checked['diff']['after']['whitelist'] == ['10.0.0.0/24']
    # A description is fixed at creation for an endpoint: the plan is a replacement, which the real run refuses.
    replaced, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), check_mode=True,
                                 **dict(wanted, description='moved'))
    assert [c for c in calls if c['method'] != 'GET'] == []
    assert replaced['action'] == 'replace'
    assert {'field': 'description', 'before': '', 'after': 'moved'} in replaced['changes']
    refused, calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), **dict(wanted, description='moved'))
    assert refused['failed'] is True and [c for c in calls if c['method'] != 'GET'] == []
    assert (refused['action'], refused['changes']) == ('replace', replaced['changes'])
