# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""vpcep_connection's main() run in-process against the VPCEP simulator, checking results and the requests sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import time

import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_connection, vpcep_service_info
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import assert_documentation_matches, run_module

PROVISION_DELAY = 0

CONSUMER = '1564ec50ef2a47c791ea5536353ed4b9'
OTHER = '2a47c791ea5536353ed4b91564ec50ef'
THIRD = '3b58d802fb6647e2a0fb5647464fd60a'


def run(sim, capsys, check_mode=False, diff=False, **args):
    """Run vpcep_connection's main() with these args; return (result, the API calls it made)."""
    return run_module(vpcep_connection, sim, capsys, check_mode=check_mode, diff=diff, **args)


def writes(calls):
    return [c for c in calls if c['method'] != 'GET']


def service_with(sim, name='web', **connections):
    """A service (by seeding) with connections {label: (domain, status)}; returns (service id, {label: endpoint id})."""
    service_id = sim.seed(1, name=name)[0]
    ids = {}
    for label, (domain, status) in sorted(connections.items()):
        ids[label] = sim.add_connection(service_id, domain_id=domain, status=status)['id']
    return service_id, ids


def warnings_of(result):
    """The warning texts of a result (ansible-core 2.19 returns them as structured summaries)."""
    return [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings', [])]


def statuses(result):
    return dict((c['id'], c['status']) for c in result['connections'])


def test_documentation_matches_the_argument_spec():
    returned = assert_documentation_matches(vpcep_connection)
    assert list(returned) == sorted(returned)
    assert sorted(returned['connections']['contains']) == [
        'created_at', 'description', 'domain_id', 'error', 'id', 'marker_id', 'status', 'updated_at']


def test_the_interface_the_role_relies_on():
    # The role and the demo (issue 6) call the module with exactly these options.
    assert sorted(vpcep_connection.argument_spec()) == [
        'current_status', 'description', 'domain_ids', 'endpoints', 'require_match', 'service_id', 'service_name',
        'sort_dir', 'sort_key', 'state', 'wait', 'wait_timeout']
    assert vpcep_connection.argument_spec()['require_match'] == dict(type='bool', default=True)
    assert vpcep_connection.argument_spec()['state']['choices'] == ['accepted', 'rejected']


@pytest.mark.parametrize('args, words', [
    # The argument spec states these; Ansible's own messages name the options.
    (dict(endpoints=['e1'], state='accepted'), ['service_id, service_name', 'one of the following is required']),
    (dict(service_id='s', service_name='web', endpoints=['e1'], state='accepted'), ['service_id|service_name', 'mutually exclusive']),
    (dict(service_name='web', state='accepted'), ['endpoints, domain_ids', 'one of the following is required']),
    (dict(service_name='web', endpoints=['e1'], domain_ids=['d1'], state='accepted'), ['endpoints|domain_ids', 'mutually exclusive']),
    # Ids become URL path segments or filters: checked before any request.
    (dict(service_name='web', endpoints=[''], state='accepted'), ['endpoints[0]', '1 to 64 letters']),
    (dict(service_name='web', endpoints=['e1', 'e 2'], state='accepted'), ['endpoints[1]', '1 to 64 letters']),
    (dict(service_name='web', endpoints=['e' * 65], state='accepted'), ['endpoints[0]', '64']),
    (dict(service_name='web', endpoints=['../x'], state='accepted'), ['endpoints[0]', '1 to 64 letters']),
    (dict(service_id='a/connections', endpoints=['e1'], state='accepted'), ['service_id', '1 to 64 letters']),
    (dict(service_name='web', domain_ids=[' '], state='rejected'), ['domain_ids[0]', '1 to 64 letters and digits']),
    (dict(service_name='web', endpoints=[['x']], state='accepted'), ['endpoints[0]', 'must be a string']),
    (dict(service_name=['web'], endpoints=['e1'], state='accepted'), ['service_name', 'must be a string']),
    (dict(service_name='web', endpoints=['e1'], state='accepted', description='<b>'), ['description', '<']),
    (dict(service_name='web', endpoints=['e1'], state='accepted', description='x' * 513), ['description', '512']),
    (dict(service_name='web', endpoints=['e1'], state='accepted', wait_timeout=0), ['wait_timeout', '1 to 86400 seconds']),
    (dict(service_name='cn-north-4.web.x', endpoints=['e1'], state='accepted'), ['service_name', 'short name']),
])
def test_invalid_input_fails_before_any_request(sim, capsys, args, words):
    result, calls = run(sim, capsys, **args)
    assert result['failed'] is True
    assert result.get('changed', False) is False
    for word in words:
        assert word in result['msg']
    assert calls == []


def test_state_is_required_and_checked_by_ansible(sim, capsys):
    result, calls = run(sim, capsys, service_name='web', endpoints=['e1'])
    assert result['failed'] is True and 'state' in result['msg']
    result, calls = run(sim, capsys, service_name='web', endpoints=['e1'], state='accept')
    assert result['failed'] is True and 'state' in result['msg'] and 'accepted' in result['msg']
    assert calls == []


def test_accept_pending_then_rerun_is_unchanged(sim, capsys):
    service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(OTHER, 'pendingAcceptance'))
    result, calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted')
    assert result['changed'] is True, result
    assert statuses(result) == {ids['a']: 'accepted', ids['b']: 'pendingAcceptance'}
    assert [(c['method'], c['body']) for c in writes(calls)] == [('POST', {'action': 'receive', 'endpoints': [ids['a']]})]
    assert writes(calls)[0]['path'].endswith('/vpc-endpoint-services/%s/connections/action' % service_id)
    # The service lookup (exact name over the fuzzy filter) and one connections list.
    assert len(calls) == 3
    assert sorted(result['connections'][0]) == ['created_at', 'description', 'domain_id', 'error', 'id', 'marker_id',
                                                'status', 'updated_at']

    again, calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted')
    assert again['changed'] is False
    assert writes(calls) == []
    assert len(calls) == 2
    assert again['connections'] == result['connections']


def test_one_action_request_per_endpoint(sim, capsys):
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(OTHER, 'pendingAcceptance'),
                                    c=(THIRD, 'accepted'))
    result, calls = run(sim, capsys, service_name='web', endpoints=[ids['b'], ids['a'], ids['c'], ids['a']], state='accepted')
    assert result['changed'] is True
    assert [c['body'] for c in writes(calls)] == [{'action': 'receive', 'endpoints': [ids['b']]},
                                                  {'action': 'receive', 'endpoints': [ids['a']]}]
    assert set(statuses(result).values()) == {'accepted'}


def test_reject_accepted_by_service_id(sim, capsys):
    service_id, ids = service_with(sim, a=(CONSUMER, 'accepted'), b=(OTHER, 'accepted'))
    result, calls = run(sim, capsys, service_id=service_id, endpoints=[ids['b']], state='rejected')
    assert result['changed'] is True
    assert statuses(result) == {ids['a']: 'accepted', ids['b']: 'rejected'}
    assert [c['body'] for c in writes(calls)] == [{'action': 'reject', 'endpoints': [ids['b']]}]
    assert calls[0]['path'].endswith('/vpc-endpoint-services/%s' % service_id)
    again, calls = run(sim, capsys, service_id=service_id, endpoints=[ids['b']], state='rejected')
    assert again['changed'] is False and writes(calls) == []


def test_selection_by_domain(sim, capsys):
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(CONSUMER, 'rejected'),
                                    c=(OTHER, 'pendingAcceptance'))
    # An account without a connection fails everything by default (issue 19 point 8), and only warns with require_match=false.
    refused, calls = run(sim, capsys, service_name='web', domain_ids=[CONSUMER, THIRD], state='accepted')
    assert refused['failed'] is True and refused['changed'] is False
    assert 'No VPC endpoint of domain %s is connected' % THIRD in refused['msg']
    assert writes(calls) == []
    result, calls = run(sim, capsys, service_name='web', domain_ids=[CONSUMER, THIRD], state='accepted', require_match=False)
    assert result['changed'] is True
    assert statuses(result) == {ids['a']: 'accepted', ids['b']: 'accepted', ids['c']: 'pendingAcceptance'}
    assert sorted(c['body']['endpoints'][0] for c in writes(calls)) == sorted([ids['a'], ids['b']])
    assert all(len(c['body']['endpoints']) == 1 for c in writes(calls))
    assert any(THIRD in w for w in warnings_of(result))

    again, calls = run(sim, capsys, service_name='web', domain_ids=[CONSUMER], state='accepted')
    assert again['changed'] is False and writes(calls) == []


def test_selection_by_domain_leaves_failed_connections_alone_with_a_warning(sim, capsys):
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(CONSUMER, 'failed'))
    result, calls = run(sim, capsys, service_name='web', domain_ids=[CONSUMER], state='accepted')
    assert result['changed'] is True
    assert statuses(result) == {ids['a']: 'accepted', ids['b']: 'failed'}
    assert len(writes(calls)) == 1
    assert any(ids['b'] in w and 'failed' in w for w in warnings_of(result))


def test_an_explicit_failed_connection_fails_before_any_change(sim, capsys):
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(CONSUMER, 'deleting'))
    result, calls = run(sim, capsys, service_name='web', endpoints=[ids['a'], ids['b']], state='accepted')
    assert result['failed'] is True
    assert result['changed'] is False
    assert '%s is deleting' % ids['b'] in result['msg']
    assert writes(calls) == []


def test_unknown_endpoint_fails_listing_the_connections_and_changes_nothing(sim, capsys):
    service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'))
    result, calls = run(sim, capsys, service_name='web', endpoints=[ids['a'], 'no-such-endpoint'], state='accepted')
    assert result['failed'] is True
    assert result['changed'] is False
    assert 'VPC endpoint no-such-endpoint is not connected to endpoint service %s' % service_id in result['msg']
    assert 'nothing was changed' in result['msg']
    assert '%s (domain %s, pendingAcceptance)' % (ids['a'], CONSUMER) in result['msg']
    assert statuses(result) == {ids['a']: 'pendingAcceptance'}
    assert writes(calls) == []


def test_unknown_service(sim, capsys):
    result, calls = run(sim, capsys, service_name='nope', endpoints=['e1'], state='accepted')
    assert result['failed'] is True
    assert "No endpoint service named 'nope'" in result['msg']
    assert 'connections' not in result
    result, calls = run(sim, capsys, service_id='f4d5c6b7-0000-4000-8000-000000000000', endpoints=['e1'], state='accepted')
    assert 'No endpoint service with id f4d5c6b7-0000-4000-8000-000000000000' in result['msg']
    assert writes(calls) == []


def test_empty_selection_changes_nothing(sim, capsys):
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'))
    result, calls = run(sim, capsys, service_name='web', endpoints=[], state='accepted')
    assert result['changed'] is False
    assert statuses(result) == {ids['a']: 'pendingAcceptance'}
    assert writes(calls) == []


def untimed(connections):
    """Connections without updated_at, which only the server can know."""
    return [dict(c, updated_at=None) for c in connections]


def test_check_mode_and_diff(sim, capsys):
    service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(OTHER, 'accepted'))
    args = dict(service_name='web', endpoints=[ids['a'], ids['b']], state='accepted')
    checked, calls = run(sim, capsys, check_mode=True, diff=True, **args)
    assert checked['changed'] is True
    assert writes(calls) == []
    assert statuses(checked) == {ids['a']: 'accepted', ids['b']: 'accepted'}
    assert checked['diff'] == {'before': {ids['a']: {'status': 'pendingAcceptance'}, ids['b']: {'status': 'accepted'}},
                               'after': {ids['a']: {'status': 'accepted'}, ids['b']: {'status': 'accepted'}}}
    assert dict((c['id'], c['status']) for c in sim.state.list_connections(service_id)[0])[ids['a']] == 'pendingAcceptance'

    applied, calls = run(sim, capsys, diff=True, **args)
    assert applied['changed'] is True
    assert applied['diff'] == checked['diff']
    # The prediction keeps updated_at as it was; the server sets its own (the same second or the next).
    assert untimed(applied['connections']) == untimed(checked['connections'])

    checked_again, calls = run(sim, capsys, check_mode=True, diff=True, **args)
    assert checked_again['changed'] is False
    assert checked_again['diff']['before'] == checked_again['diff']['after']
    assert writes(calls) == []


def test_description_is_set_once_and_shown_in_the_diff(sim, capsys):
    service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(CONSUMER, 'accepted'))
    args = dict(service_name='web', domain_ids=[CONSUMER], state='accepted', description='partner')
    result, calls = run(sim, capsys, diff=True, **args)
    assert result['changed'] is True
    assert [(c['method'], c['path'].rsplit('/', 1)[-1]) for c in writes(calls)] == [('PUT', 'description'), ('POST', 'action')]
    assert sorted(writes(calls)[0]['body']['connections'], key=lambda c: c['id']) == sorted(
        [{'id': ids['a'], 'description': 'partner'}, {'id': ids['b'], 'description': 'partner'}], key=lambda c: c['id'])
    assert {c['description'] for c in result['connections']} == {'partner'}
    assert result['diff']['before'][ids['b']] == {'status': 'accepted', 'description': ''}
    assert result['diff']['after'][ids['a']] == {'status': 'accepted', 'description': 'partner'}
    again, calls = run(sim, capsys, **args)
    assert again['changed'] is False and writes(calls) == []
    # Only a description differs: one PUT, no action.
    changed, calls = run(sim, capsys, service_id=service_id, endpoints=[ids['a']], state='accepted', description='')
    assert changed['changed'] is True
    assert [c['body'] for c in writes(calls)] == [{'connections': [{'id': ids['a'], 'description': ''}]}]


def test_wait_for_an_accept_that_passes_through_creating(sim, capsys):
    sim.configure(connection_delay=0.6)
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'))
    quick, calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted', wait=False)
    assert quick['changed'] is True
    assert statuses(quick) == {ids['a']: 'creating'}
    assert len(calls) == 3

    # Already on its way: no second accept, not a change; wait polls until it is accepted.
    waited, calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted')
    assert waited['changed'] is False
    assert writes(calls) == []
    assert statuses(waited) == {ids['a']: 'accepted'}
    assert len([c for c in calls if c['path'].endswith('/connections')]) >= 2


def test_wait_timeout_names_the_option_and_the_late_endpoints(sim, capsys):
    sim.configure(connection_delay=30)
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'))
    result, _calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted', wait_timeout=1)
    assert result['failed'] is True
    assert result['changed'] is True
    assert 'wait_timeout' in result['msg'] and '%s (creating)' % ids['a'] in result['msg']
    assert statuses(result) == {ids['a']: 'creating'}


def test_reject_during_an_accept_waits_for_the_accept_to_finish(sim, capsys):
    sim.configure(connection_delay=0.4)
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'))
    run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted', wait=False)
    started = time.monotonic()
    result, calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='rejected', wait=False)
    assert result['changed'] is True, result
    assert statuses(result) == {ids['a']: 'rejected'}
    assert [c['body'] for c in writes(calls)] == [{'action': 'reject', 'endpoints': [ids['a']]}]
    assert all(c['status'] == 200 for c in calls)
    assert time.monotonic() - started >= 0.2


def test_partial_failure_names_what_was_done_and_what_was_not(sim, capsys):
    service_id = sim.seed(1, name='web')[0]
    ids = [sim.add_connection(service_id, domain_id=CONSUMER)['id'] for _index in range(5)]
    sim.add_fault('500', method='POST', path='/connections/action$', skip=2)
    result, calls = run(sim, capsys, service_name='web', endpoints=ids, state='accepted')
    assert result['failed'] is True
    assert result['changed'] is True
    assert result['endpoints_done'] == ids[:2]
    assert result['endpoints_not_done'] == ids[2:]
    assert 'Failed to accept VPC endpoint %s' % ids[2] in result['msg']
    assert 'Accepted by this task: %s, %s.' % (ids[0], ids[1]) in result['msg']
    assert 'Not accepted: %s.' % ', '.join(ids[2:]) in result['msg']
    assert 'EndPoint.0001' in result['msg'] and 'safe' in result['msg']
    assert result['error']['status'] == 500
    assert [statuses(result)[i] for i in ids] == ['accepted'] * 2 + ['pendingAcceptance'] * 3
    # The failed request was not repeated, and nothing after it was sent.
    assert len(writes(calls)) == 3

    finished, calls = run(sim, capsys, service_name='web', endpoints=ids, state='accepted')
    assert finished['changed'] is True
    assert [c['body']['endpoints'] for c in writes(calls)] == [[i] for i in ids[2:]]


def test_an_unanswered_action_that_went_through_counts_as_done(sim, capsys):
    service_id = sim.seed(1, name='web')[0]
    ids = [sim.add_connection(service_id, domain_id=CONSUMER)['id'] for _index in range(2)]
    sim.add_fault('drop_after_commit', method='POST', path='/connections/action$')
    result, calls = run(sim, capsys, service_name='web', endpoints=ids, state='accepted')
    assert result['changed'] is True, result
    assert 'failed' not in result
    assert set(statuses(result).values()) == {'accepted'}
    assert len(writes(calls)) == 2


def test_the_info_module_shows_the_same_connections(sim, capsys):
    _service_id, ids = service_with(sim, a=(CONSUMER, 'pendingAcceptance'), b=(OTHER, 'pendingAcceptance'))
    result, _calls = run(sim, capsys, service_name='web', endpoints=[ids['a']], state='accepted', description='ok')
    info, _calls = run_module(vpcep_service_info, sim, capsys, name='web', include_connections=True)
    assert info['services'][0]['connections'] == result['connections']


def test_action_group_lists_the_module():
    runtime = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'meta', 'runtime.yml')
    with open(runtime) as handle:
        group = yaml.safe_load(handle)['action_groups']['vpcep']
    assert 'vpcep_connection' in group
    assert group == sorted(group)
