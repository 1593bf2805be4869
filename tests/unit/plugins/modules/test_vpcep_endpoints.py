# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""vpcep_endpoints (the consumer's fleet) run in-process against the simulator's two accounts, as a hostile user runs it.

Bad input fails naming the entry and the option before any request; two entries that turn out to mean one endpoint
fail before any write, so that no run changes one endpoint twice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_connection, vpcep_endpoint, vpcep_endpoints
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.test_vpcep_endpoint import (
    CONSUMER_VPC,
    SUBNET,
    consumer,
    publish,
)
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import run_module

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'


def fleet(sim, capsys, endpoints, **options):
    return run_module(vpcep_endpoints, sim, capsys, connection=consumer(sim), endpoints=endpoints, **options)


def test_an_entry_that_is_not_a_dictionary_is_named_and_nothing_is_sent(sim, capsys):
    good = dict(endpoint_service_id=SID, vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    result, calls = fleet(sim, capsys, [good, 'subnet_id=x', ['a']])
    assert result['failed'] is True and result['changed'] is False
    assert 'endpoints[1]: must be a dictionary' in result['msg'], result['msg']
    assert 'endpoints[2]: must be a dictionary' in result['msg']
    assert calls == []


@pytest.mark.parametrize('value', [0, -5, 86401, 10 ** 12])
def test_the_task_s_wait_timeout_is_bounded_before_any_request(sim, capsys, value):
    entry = dict(endpoint_service_id=SID, vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    result, calls = fleet(sim, capsys, [entry], wait_timeout=value)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('Invalid parameters: wait_timeout: must be 1 to 86400 seconds'), result['msg']
    assert calls == []


@pytest.mark.parametrize('by', ['endpoint_service_id', 'endpoint_service_name'])
def test_two_entries_that_find_one_endpoint_fail_before_any_write(sim, capsys, by):
    # One entry names the endpoint by id, the other by its service, VPC and subnet: the list cannot tell, the listing
    # can. Run one after the other they would set the whitelist back and forth on every run.
    service = publish(sim, capsys, approval=False)
    made, _calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), endpoint_service_id=service['id'],
                              vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    endpoint_id = made['endpoint']['id']
    value = service['id'] if by == 'endpoint_service_id' else service['service_name']
    entries = [dict(endpoint_service_id=service['id'], vpc_id=CONSUMER_VPC, subnet_id='9b2f3c4d-0d00-41f2-aedc-71f09844e881'),
               dict(id=endpoint_id, whitelist=['10.0.0.0/24']),
               {by: value, 'vpc_id': CONSUMER_VPC, 'subnet_id': SUBNET, 'whitelist': ['10.0.1.0/24']}]
    result, calls = fleet(sim, capsys, entries)
    assert result['failed'] is True and result['changed'] is False, result
    assert re.search(r'endpoints\[1\] \(VPC endpoint %s\) and endpoints\[2\] \(the VPC endpoint to endpoint service .*\) '
                     r'both mean VPC endpoint %s: give each resource one entry' % (endpoint_id, endpoint_id), result['msg']), result['msg']
    assert 'endpoints[0]' not in result['msg']
    assert [c['method'] for c in calls] == ['GET']
    assert sim.state.endpoints[endpoint_id]['whitelist'] == []


def test_a_wrong_full_name_fails_as_vpcep_endpoint_says_although_the_listing_holds_that_service_s_endpoint(sim, capsys):
    # The name ends with the right service id but is not the service's: vpcep_endpoint's describe refuses it, and so must
    # the fleet, instead of taking the listed endpoint of that id for a no-op.
    service = publish(sim, capsys, approval=False)
    run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), endpoint_service_id=service['id'],
               vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    wrong = '%s.typo.%s' % (sim.region, service['id'])
    single, _calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), endpoint_service_name=wrong,
                                vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    result, calls = fleet(sim, capsys, [dict(endpoint_service_name=wrong, vpc_id=CONSUMER_VPC, subnet_id=SUBNET),
                                        dict(endpoint_service_name=service['service_name'], vpc_id=CONSUMER_VPC,
                                             subnet_id=SUBNET.replace('8b2f', '9c3a'))])
    assert single['failed'] is True
    assert result['failed'] is True and result['endpoints'][0]['failed'] is True, result
    assert result['endpoints'][0]['msg'] == single['msg']
    assert result['endpoints'][1]['failed'] is False and result['endpoints'][1]['changed'] is True
    assert [c['method'] for c in calls if c['method'] != 'GET'] == ['POST', 'POST']


def _return_doc(module):
    return yaml.safe_load(module.RETURN)


def test_each_entry_documents_every_key_vpcep_endpoint_returns():
    single = _return_doc(vpcep_endpoint)
    entry = _return_doc(vpcep_endpoints)['endpoints']['contains']
    assert set(single) - set(entry) == set()
    assert list(entry) == sorted(entry)
    for key, doc in single.items():
        assert set(doc.get('contains') or {}) == set(entry[key].get('contains') or {}), key


def test_a_route_table_that_fails_to_bind_fails_its_entry_changed_naming_it(sim, capsys):
    sim.configure(routetable_fail_pattern='^rt-bad')
    obs = '%s.com.myhuaweicloud.v4.obsv2' % sim.region
    entry = dict(endpoint_service_name=obs, vpc_id=CONSUMER_VPC, routetables=['rt-good'])
    made, _calls = fleet(sim, capsys, [entry])
    assert made['changed'] is True and 'failed' not in made, made
    result, calls = fleet(sim, capsys, [dict(entry, routetables=['rt-good', 'rt-bad'])])
    failed = result['endpoints'][0]
    assert result['failed'] is True and result['changed'] is True
    assert failed['changed'] is True and failed['failed'] is True
    assert failed['routetable_errors'] == [dict(id='rt-bad', action='bind', error_message=failed['routetable_errors'][0]['error_message'])]
    assert failed['endpoint']['routetables'] == ['rt-good']
    documented = _return_doc(vpcep_endpoints)['endpoints']['contains']
    assert set(failed) - set(documented) == set()
    assert 'endpoints[0]' in result['msg'] and 'rt-bad' in result['msg']
    assert [c['method'] for c in calls if c['method'] != 'GET'] == ['PUT']


def test_a_key_an_entry_does_not_take_is_named_with_its_entry_and_nothing_is_sent(sim, capsys):
    good = dict(endpoint_service_id=SID, vpc_id=CONSUMER_VPC, subnet_id=SUBNET)
    result, calls = fleet(sim, capsys, [good, dict(good, subnet='x', Tags={})])
    assert result['failed'] is True and result['changed'] is False
    assert "endpoints[1].Tags: not an option of endpoints (it takes description, enable_dns" in result['msg'], result['msg']
    assert 'endpoints[1].subnet: not an option of endpoints' in result['msg']
    assert 'endpoints[0]' not in result['msg']
    assert calls == []


def test_faults_mid_run_leave_each_entry_honest_and_the_other_party_s_endpoint_untouched(sim, capsys):
    # Three entries at once: a create whose answer is lost while another party makes the same endpoint a second later,
    # a whitelist change that commits and then answers 500 until the retries run out, and a delete whose answer is lost
    # (its retry gets 404). Each entry reports changed; only the whitelist entry fails, and the task names it.
    service = publish(sim, capsys, approval=False)
    subnets = ['%s-0000-4000-8000-00000000000%d' % (SUBNET[:23], index) for index in range(3)]
    existing = {}
    for subnet in subnets[1:]:
        made, _calls = run_module(vpcep_endpoint, sim, capsys, connection=consumer(sim), endpoint_service_id=service['id'],
                                  vpc_id=CONSUMER_VPC, subnet_id=subnet)
        existing[subnet] = made['endpoint']['id']
    theirs = dict(endpoint_service_id=service['id'], vpc_id=CONSUMER_VPC, subnet_id=subnets[0], description='theirs')
    sim.add_fault('drop_after_commit', method='POST', path='vpc-endpoints$')
    sim.schedule('endpoint', theirs, account='consumer', after={'method': 'POST', 'path': 'vpc-endpoints$'}, delay=1.0)
    sim.add_fault('500_after_commit', method='PUT', path='vpc-endpoints/%s$' % existing[subnets[1]], count=2)
    sim.add_fault('drop_after_commit', method='DELETE', path='vpc-endpoints/%s$' % existing[subnets[2]])
    base = dict(endpoint_service_id=service['id'], vpc_id=CONSUMER_VPC)
    result, calls = run_module(vpcep_endpoints, sim, capsys, connection=dict(consumer(sim), max_retries=1), endpoints=[
        dict(base, subnet_id=subnets[0], description='ours'),
        dict(base, subnet_id=subnets[1], whitelist=['10.0.0.0/24'], enable_whitelist=True),
        dict(base, subnet_id=subnets[2], state='absent')])
    their_id = sim.schedules()[0]['resource_id']
    ours = result['endpoints'][0]['endpoint']
    assert [e['changed'] for e in result['endpoints']] == [True, True, True]
    assert [e['failed'] for e in result['endpoints']] == [False, True, False]
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('1 of 3 entries failed (the other 2 converged): endpoints[1] (')
    assert ours['id'] != their_id and ours['description'] == 'ours'
    stored = sim.state.endpoints
    assert stored[their_id]['description'] == 'theirs' and stored[their_id]['status'] != 'deleting'
    assert [c for c in calls if their_id in c['path']] == []
    assert stored[existing[subnets[1]]]['whitelist'] == ['10.0.0.0/24']
    assert existing[subnets[2]] not in stored or stored[existing[subnets[2]]]['status'] == 'deleting'
    assert set(c['account'] for c in calls) == {'consumer'}


def test_waiting_for_approval_fails_each_entry_that_times_out_or_is_rejected_naming_it(sim, capsys):
    service = publish(sim, capsys, approval=True)
    base = dict(endpoint_service_id=service['id'], vpc_id=CONSUMER_VPC)
    subnets = [SUBNET, SUBNET.replace('8b2f', '9c3a')]
    made, _calls = fleet(sim, capsys, [dict(base, subnet_id=subnet) for subnet in subnets])
    pending, rejected = [e['endpoint']['id'] for e in made['endpoints']]
    refused, _calls = run_module(vpcep_connection, sim, capsys, service_id=service['id'], endpoints=[rejected],
                                 state='rejected')
    assert refused['changed'] is True, refused
    result, calls = fleet(sim, capsys, [dict(base, subnet_id=subnet) for subnet in subnets], wait_for='accepted',
                          wait_timeout=1)
    assert result['failed'] is True and result['changed'] is False
    assert [e['changed'] for e in result['endpoints']] == [False, False]
    assert [e['endpoint']['status'] for e in result['endpoints']] == ['pendingAcceptance', 'rejected']
    first, second = result['msg'].split('; endpoints[1] (')
    assert first.startswith('All 2 entries failed: endpoints[0] (')
    assert 'Timed out after 1 seconds (wait_timeout) waiting for VPC endpoint %s to become accepted' % pending in first
    assert 'VPC endpoint %s was rejected by the owner' % rejected in second
    assert [c for c in calls if c['method'] != 'GET'] == []
