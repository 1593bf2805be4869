# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Accepting and rejecting endpoint connections (the Approvals engine), driven as vpcep_connection drives it.

Ported from the tests of the old ConnectionManager. Behaviour that changed on purpose:
- the connections a failure reports are the context's `known` values (HwcloudModule.run returns
  them), not the error's details;
- connections carry created_at, updated_at and error as the connections list returns them;
- rules the argument spec states (one of service_id/service_name and of endpoints/domain_ids, the
  state's choices, list types) are no longer checked in Python;
- an endpoint id listed twice is acted on once (de-duplicated), as before.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_connection as ec
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    ResourceError,
    ValidationError,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_connection import argument_spec
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import (
    CREATED,
    SERVICES,
    FakeClock,
    FakeVpcep,
    api_error,
    module_params,
)

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
D1 = '1564ec50ef2a47c791ea5536353ed4b9'
D2 = '2a47c791ea5536353ed4b91564ec50ef'
D3 = '3b58d802fb6647e2a0fb5647464fd60a'
CONNECTIONS_PATH = '%s/%s/connections' % (SERVICES, SID)
ACTION_PATH = CONNECTIONS_PATH + '/action'
DESCRIPTION_PATH = CONNECTIONS_PATH + '/description'
LIST = ('GET', CONNECTIONS_PATH, {'limit': 1000})


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(clock):
    fake = FakeVpcep(clock)
    fake.add_service('web', id=SID)
    return fake


def params(**overrides):
    """vpcep_connection's params as its argument spec leaves them (service by name, accept), then the overrides."""
    values = dict(service_name='web', state='accepted')
    values.update(overrides)
    return module_params(argument_spec(), **values)


def ensure(client, clock, values, check_mode=False):
    context = Context(values, client=client, check_mode=check_mode, sleep=clock.sleep, clock=clock)
    return ec.ensure(context), context


def ensure_fails(client, clock, values, error=ResourceError, check_mode=False):
    context = Context(values, client=client, check_mode=check_mode, sleep=clock.sleep, clock=clock)
    with pytest.raises(error) as info:
        ec.ensure(context)
    return info.value, context


def add(client, endpoint_id, domain_id, status='pendingAcceptance', description=''):
    return client.add_connection(SID, endpoint_id, domain_id, status, description)


def lists(client):
    return client.calls_to('/connections', 'GET')


def actions(client):
    return [c[2] for c in client.calls_to('/connections/action')]


def server_error():
    return ApiError('POST .../connections/action failed: HTTP 500', status=500, error_code='EndPoint.0001',
                    error_msg='System error.', request_id='req-1', method='POST', path='/x')


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def test_valid_params_give_no_errors():
    assert ec.validate_params(params(endpoints=['e1', 'e2'])) == []
    assert ec.validate_params(params(service_name=None, service_id=SID, domain_ids=[D1], state='rejected',
                                     description='', wait_timeout=1)) == []
    # An empty list selects nothing; it is not an error.
    assert ec.validate_params(params(endpoints=[])) == []


@pytest.mark.parametrize('overrides, expected', [
    (dict(service_name='cn-north-4.web.%s' % SID, endpoints=['e1']), 'service_name: the short name of the service'),
    (dict(service_name=None, service_id='a/b', endpoints=['e1']), 'service_id: must be 1 to 64 letters, digits and "-"'),
    (dict(endpoints=['e1', '']), "endpoints[1]: must be 1 to 64 letters, digits and \"-\" (got '')"),
    (dict(endpoints=['a b']), "endpoints[0]: must be 1 to 64 letters, digits and \"-\" (got 'a b')"),
    (dict(endpoints=[' a']), 'endpoints[0]: must be 1 to 64'),
    (dict(endpoints=['e' * 65]), 'endpoints[0]: must be 1 to 64'),
    (dict(domain_ids=['']), "domain_ids[0]: must be 1 to 64 letters and digits (got '')"),
    (dict(domain_ids=['d-1']), 'domain_ids[0]: must be 1 to 64 letters and digits'),
    (dict(endpoints=['e1'], description='x' * 513), 'description: must be at most 512 characters long (got 513)'),
    (dict(endpoints=['e1'], description='a>b'), 'description: must not contain "<" or ">"'),
    (dict(endpoints=['e1'], wait_timeout=0), 'wait_timeout: must be 1 to 86400 seconds (got 0)'),
    (dict(endpoints=['e1'], wait_timeout=-5), 'wait_timeout: must be 1 to 86400 seconds (got -5)'),
])
def test_each_rule_has_a_message_naming_the_option(overrides, expected):
    errors = ec.validate_params(params(**overrides))
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors


def test_every_broken_rule_is_reported_at_once():
    errors = ec.validate_params(params(service_name='a.b', endpoints=['', 'x y'], wait_timeout=0, description='<'))
    assert [e.split(':')[0] for e in errors] == ['service_name', 'endpoints[0]', 'endpoints[1]', 'description',
                                                 'wait_timeout']


@pytest.mark.parametrize('overrides', [
    # Issue 11 point 2: endpoint and service ids become path segments or body ids.
    dict(endpoints=['e1/../../x']),
    dict(endpoints=['e1?x=1']),
    dict(endpoints=['\u00e9']),
    dict(endpoints=['e' * 10240]),
    dict(service_name=None, service_id='../quotas', endpoints=['e1']),
    dict(service_name='x' * 10240 + '.y', endpoints=['e1']),
    dict(domain_ids=['d' * 10240]),
])
def test_hostile_values_fail_with_zero_requests(client, clock, overrides):
    error, context = ensure_fails(client, clock, params(**overrides), error=ValidationError)
    assert len(error.msg) < 700
    assert client.calls == []
    assert context.changed is False


# ---------------------------------------------------------------------------
# Pure decisions
# ---------------------------------------------------------------------------

CONNECTIONS = [
    {'id': 'e1', 'marker_id': 1, 'domain_id': D1, 'status': 'pendingAcceptance', 'description': ''},
    {'id': 'e2', 'marker_id': 2, 'domain_id': D1, 'status': 'accepted', 'description': 'kept'},
    {'id': 'e3', 'marker_id': 3, 'domain_id': D2, 'status': 'rejected', 'description': None},
    {'id': 'e4', 'marker_id': 4, 'domain_id': D2, 'status': 'creating', 'description': ''},
    {'id': 'e5', 'marker_id': 5, 'domain_id': D3, 'status': 'failed', 'description': ''},
    {'id': 'e6', 'marker_id': 6, 'domain_id': D3, 'status': 'deleting', 'description': ''},
]


def test_unique_keeps_the_first_order():
    assert ec.unique(['b', 'a', 'b', 'c', 'a']) == ['b', 'a', 'c']
    assert ec.unique(None) == []


def test_select_by_endpoint_ids_in_the_given_order_without_repeats():
    selected, unknown, unmatched = ec.select(CONNECTIONS, endpoints=['e3', 'e1', 'e3', 'nope', 'gone', 'nope'])
    assert [c['id'] for c in selected] == ['e3', 'e1']
    assert unknown == ['nope', 'gone']
    assert unmatched == []


def test_select_by_domain_in_the_api_order():
    selected, unknown, unmatched = ec.select(CONNECTIONS, domain_ids=[D2, 'f' * 32, D1])
    assert [c['id'] for c in selected] == ['e1', 'e2', 'e3', 'e4']
    assert unknown == []
    assert unmatched == ['f' * 32]


def test_select_nothing():
    assert ec.select(CONNECTIONS, endpoints=[]) == ([], [], [])
    assert ec.select(CONNECTIONS, domain_ids=[]) == ([], [], [])
    assert ec.select([], endpoints=['e1']) == ([], ['e1'], [])


def test_plan_to_accept():
    decided = ec.plan(CONNECTIONS, 'accepted')
    assert decided['act'] == ['e1', 'e3']
    assert decided['unchanged'] == ['e2']
    # An accept under way is neither acted on again nor a change.
    assert decided['await'] == ['e4']
    assert decided['in_transit'] == []
    assert decided['blocked'] == [('e5', 'failed'), ('e6', 'deleting')]
    assert decided['set_description'] == []
    assert ec.plan_changes(decided) is True


def test_plan_to_reject():
    decided = ec.plan(CONNECTIONS, 'rejected')
    assert decided['act'] == ['e1', 'e2']
    assert decided['unchanged'] == ['e3']
    # A reject must wait for the accept under way to finish.
    assert decided['in_transit'] == ['e4']
    assert decided['await'] == []


def test_plan_with_a_description_compares_it_none_as_empty():
    decided = ec.plan(CONNECTIONS[:4], 'accepted', description='')
    assert decided['set_description'] == ['e2']
    decided = ec.plan(CONNECTIONS, 'accepted', description='kept')
    # Blocked connections get no description either.
    assert decided['set_description'] == ['e1', 'e3', 'e4']


def test_plan_with_nothing_to_do():
    assert ec.plan_changes(ec.plan([CONNECTIONS[1]], 'accepted', description='kept')) is False
    assert ec.plan_changes(ec.plan([CONNECTIONS[3]], 'accepted')) is False
    assert ec.plan_changes(ec.plan([CONNECTIONS[3]], 'rejected')) is True
    assert ec.plan_changes(ec.plan([CONNECTIONS[1]], 'accepted', description='new')) is True


def test_predict_applies_the_plan_to_a_copy():
    original = copy.deepcopy(CONNECTIONS)
    decided = ec.plan(CONNECTIONS[:4], 'rejected', description='bye')
    predicted = ec.predict(CONNECTIONS, decided, 'rejected', 'bye')
    assert [c['status'] for c in predicted] == ['rejected', 'rejected', 'rejected', 'rejected', 'failed', 'deleting']
    assert [c['description'] for c in predicted[:4]] == ['bye'] * 4
    assert predicted[4]['description'] == ''
    assert CONNECTIONS == original


def test_diff_view_keyed_by_endpoint():
    assert ec.diff_view(CONNECTIONS, ['e3', 'e1', 'missing']) == {
        'e3': {'status': 'rejected'}, 'e1': {'status': 'pendingAcceptance'}}
    assert ec.diff_view(CONNECTIONS, ['e2', 'e3'], with_description=True) == {
        'e2': {'status': 'accepted', 'description': 'kept'}, 'e3': {'status': 'rejected', 'description': ''}}
    assert ec.diff_view(CONNECTIONS, []) == {}


def test_unknown_message_lists_the_connections_that_exist():
    text = ec.unknown_message(SID, ['nope'], CONNECTIONS[:2])
    assert text == ('VPC endpoint nope is not connected to endpoint service %s; nothing was changed. The connections that '
                    'exist: e1 (domain %s, pendingAcceptance), e2 (domain %s, accepted).' % (SID, D1, D1))
    assert ec.unknown_message(SID, ['a', 'b'], []).startswith('VPC endpoints a, b are not connected')
    assert ec.unknown_message(SID, ['a'], []).endswith('The connections that exist: none.')


def test_long_connection_lists_are_cut_in_messages():
    many = [dict(CONNECTIONS[0], id='e%03d' % i) for i in range(25)]
    text = ec.connections_text(many)
    assert text.count('(domain') == ec.LISTED_MAX
    assert text.endswith('and 5 more (see connections)')


def test_blocked_message():
    text = ec.blocked_message(SID, [('e5', 'failed'), ('e6', 'deleting')], 'accepted')
    assert text == ('Cannot accept VPC endpoints e5, e6 of endpoint service %s: e5 is failed, e6 is deleting; only '
                    'pendingAcceptance, accepted and rejected connections can be accepted or rejected. Nothing was '
                    'changed.' % SID)
    assert ec.blocked_message(SID, [('e5', 'failed')], 'rejected').startswith('Cannot reject VPC endpoint e5 of endpoint')


def test_partial_message_names_done_failed_and_not_done():
    text = ec.partial_message(SID, 'accepted', ['e1', 'e2'], 'e3', ['e3', 'e4', 'e5'], 'HTTP 500 EndPoint.0001 System error.')
    assert text == ('Failed to accept VPC endpoint e3 of endpoint service %s: HTTP 500 EndPoint.0001 System error.. '
                    'Accepted by this task: e1, e2. Not accepted: e3, e4, e5. Re-running the task is safe: connections '
                    'already accepted are left alone.' % SID)
    text = ec.partial_message(SID, 'rejected', [], 'e1', ['e1'], 'boom', descriptions_set=['e1', 'e2'])
    assert 'Rejected by this task: none. Not rejected: e1. The description was set on: e1, e2.' in text


# ---------------------------------------------------------------------------
# The engine with a fake client
# ---------------------------------------------------------------------------

def test_accept_pending_one_request_each_in_the_given_order(client, clock):
    for name, status in (('e1', 'pendingAcceptance'), ('e2', 'pendingAcceptance'), ('e3', 'accepted')):
        add(client, name, D1, status)
    outcome, context = ensure(client, clock, params(endpoints=['e2', 'e3', 'e1']))
    assert outcome.changed is True and context.changed is True
    assert actions(client) == [{'action': 'receive', 'endpoints': ['e2']}, {'action': 'receive', 'endpoints': ['e1']}]
    # Not idempotent: a repeated receive while the accept is under way is refused by the API.
    assert [o['idempotent'] for o in client.opts_of('/connections/action')] == [False, False]
    connections = outcome.values['connections']
    assert set(c['status'] for c in connections) == {'accepted'}
    # As the connections list returns them, created_at, updated_at and error included.
    assert sorted(connections[0]) == ['created_at', 'description', 'domain_id', 'error', 'id', 'marker_id', 'status',
                                      'updated_at']
    assert outcome.diff['before'] == {'e2': {'status': 'pendingAcceptance'}, 'e3': {'status': 'accepted'},
                                      'e1': {'status': 'pendingAcceptance'}}
    assert context.warnings == []
    # Answers already say accepted: no extra read to wait.
    assert len(lists(client)) == 1


def test_rerun_is_unchanged_and_sends_nothing(client, clock):
    add(client, 'e1', D1, 'accepted')
    outcome, context = ensure(client, clock, params(endpoints=['e1']))
    assert outcome.changed is False and context.changed is False
    assert client.writes == []
    assert outcome.diff['before'] == outcome.diff['after']


def test_service_by_id_and_by_exact_name(client, clock):
    add(client, 'e1', D1, 'accepted')
    client.add_service('web2')
    ensure(client, clock, params(service_name=None, service_id=SID, endpoints=['e1']))
    assert client.calls[0] == ('GET', '%s/%s' % (SERVICES, SID), None)
    client.reset_calls()
    ensure(client, clock, params(endpoints=['e1']))
    assert client.calls[:2] == [('GET', SERVICES, {'endpoint_service_name': 'web', 'limit': 1000}), LIST]
    error, _context = ensure_fails(client, clock, params(service_name='we', endpoints=['e1']))
    assert error.msg == "No endpoint service named 'we' (exact, case-sensitive match on the short name)."
    error, _context = ensure_fails(client, clock, params(service_name=None, service_id='other', endpoints=['e1']))
    assert error.msg == 'No endpoint service with id other.'
    assert client.writes == []


def test_a_service_name_that_several_services_carry_fails_listing_them(client, clock):
    client.add_service('web', id='svc-second', created_at='2026-01-01T00:00:01Z')
    error, _context = ensure_fails(client, clock, params(endpoints=['e1']))
    assert error.details['ids'] == [SID, 'svc-second']
    assert client.writes == []


def test_reject_by_domain(client, clock):
    add(client, 'e1', D1, 'accepted')
    add(client, 'e2', D2, 'accepted')
    add(client, 'e3', D1, 'pendingAcceptance')
    outcome, _context = ensure(client, clock, params(domain_ids=[D1], state='rejected'))
    assert actions(client) == [{'action': 'reject', 'endpoints': ['e1']}, {'action': 'reject', 'endpoints': ['e3']}]
    assert [c['status'] for c in outcome.values['connections']] == ['rejected', 'accepted', 'rejected']


def test_a_domain_without_connections_warns_without_require_match(client, clock):
    add(client, 'e1', D1)
    outcome, context = ensure(client, clock, params(domain_ids=[D2], require_match=False))
    assert outcome.changed is False
    assert context.warnings == ['No connection to endpoint service %s comes from domain %s.' % (SID, D2)]
    assert client.writes == []


def test_a_domain_without_connections_fails_before_any_action(client, clock):
    # Issue 19 point 8: require_match (the default) fails instead of reporting ok for an account that has no connection,
    # even when another account of the list has one: nothing is accepted.
    add(client, 'e1', D1)
    add(client, 'e2', D3, 'accepted')
    error, context = ensure_fails(client, clock, params(domain_ids=[D1, D2]))
    assert error.msg.startswith('No VPC endpoint of domain %s is connected to endpoint service %s; nothing was changed.'
                                % (D2, SID))
    assert 'e1 (domain %s, pendingAcceptance), e2 (domain %s, accepted)' % (D1, D3) in error.msg
    assert 'require_match=false' in error.msg
    assert client.writes == [] and context.changed is False
    error, _context = ensure_fails(client, clock, params(domain_ids=[D2, 'f' * 32]))
    assert error.msg.startswith('No VPC endpoint of domains %s, %s is connected' % (D2, 'f' * 32))


def test_a_domain_selection_skips_blocked_connections_with_a_warning(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1, 'failed')
    outcome, context = ensure(client, clock, params(domain_ids=[D1]))
    assert [a['endpoints'] for a in actions(client)] == [['e1']]
    assert context.warnings == ['Left alone: VPC endpoint e2 is failed (only pendingAcceptance, accepted and rejected '
                                'connections can be accepted).']
    assert 'e2' not in outcome.diff['before']


def test_current_status_selects_only_connections_in_that_status(client, clock):
    add(client, 'e1', D1, 'pendingAcceptance')
    add(client, 'e2', D1, 'rejected')
    add(client, 'e3', D2, 'pendingAcceptance')
    outcome, context = ensure(client, clock, params(domain_ids=[D1, D2], current_status='pendingAcceptance'))
    assert [a['endpoints'] for a in actions(client)] == [['e1'], ['e3']]
    assert context.warnings == ['Left alone (current_status is pendingAcceptance): VPC endpoint e2 is rejected.']
    assert sorted(outcome.diff['before']) == ['e1', 'e3']
    assert [c['status'] for c in outcome.values['connections']] == ['accepted', 'rejected', 'accepted']


def test_current_status_with_explicit_endpoints(client, clock):
    add(client, 'e1', D1, 'accepted')
    add(client, 'e2', D1, 'pendingAcceptance')
    outcome, context = ensure(client, clock, params(endpoints=['e1', 'e2'], state='rejected', current_status='accepted'))
    assert actions(client) == [{'action': 'reject', 'endpoints': ['e1']}]
    assert context.warnings == ['Left alone (current_status is accepted): VPC endpoint e2 is pendingAcceptance.']
    assert outcome.changed is True


def test_sort_key_and_sort_dir_go_to_every_list_call(client, clock):
    client.accepting = ['creating', 'accepted']
    add(client, 'e1', D1)
    ensure(client, clock, params(endpoints=['e1'], sort_key='update_at', sort_dir='desc'))
    assert lists(client) == [('GET', CONNECTIONS_PATH, {'sort_key': 'update_at', 'sort_dir': 'desc', 'limit': 1000})] * 2


def test_an_explicitly_selected_blocked_connection_fails_before_any_write(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1, 'deleting')
    error, context = ensure_fails(client, clock, params(endpoints=['e1', 'e2']))
    assert error.msg.startswith('Cannot accept VPC endpoint e2 of endpoint service %s: e2 is deleting;' % SID)
    # The module returns the connections last seen with the failure.
    assert context.known['connections'][1]['id'] == 'e2'
    assert client.writes == []
    assert context.changed is False


def test_an_unknown_endpoint_fails_before_any_write(client, clock):
    add(client, 'e1', D1)
    error, context = ensure_fails(client, clock, params(endpoints=['e1', 'x9']))
    assert error.msg.startswith('VPC endpoint x9 is not connected to endpoint service %s; nothing was changed.' % SID)
    assert 'e1 (domain %s, pendingAcceptance)' % D1 in error.msg
    assert [c['id'] for c in context.known['connections']] == ['e1']
    assert client.writes == []
    assert context.changed is False


def test_check_mode_predicts_and_sends_only_reads(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1, 'accepted', description='x')
    add(client, 'e3', D2, 'creating')
    outcome, context = ensure(client, clock, params(domain_ids=[D1, D2], state='rejected', description='x'),
                              check_mode=True)
    assert outcome.changed is True and context.changed is False
    assert client.writes == []
    assert [(c['status'], c['description']) for c in outcome.values['connections']] == [('rejected', 'x')] * 3
    assert outcome.diff == {
        'before': {'e1': {'status': 'pendingAcceptance', 'description': ''}, 'e2': {'status': 'accepted', 'description': 'x'},
                   'e3': {'status': 'creating', 'description': ''}},
        'after': {'e1': {'status': 'rejected', 'description': 'x'}, 'e2': {'status': 'rejected', 'description': 'x'},
                  'e3': {'status': 'rejected', 'description': 'x'}},
    }
    assert [c['status'] for c in client.connections[SID]] == ['pendingAcceptance', 'accepted', 'creating']


def test_check_mode_with_nothing_to_do(client, clock):
    add(client, 'e1', D1, 'accepted')
    add(client, 'e2', D1, 'creating')
    outcome, _context = ensure(client, clock, params(domain_ids=[D1]), check_mode=True)
    assert outcome.changed is False
    assert client.writes == []


def test_the_description_is_one_put_before_the_actions(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1, 'accepted', description='same')
    add(client, 'e3', D1, 'accepted')
    outcome, _context = ensure(client, clock, params(domain_ids=[D1], description='same'))
    assert [c[:2] for c in client.writes] == [('PUT', DESCRIPTION_PATH), ('POST', ACTION_PATH)]
    assert client.writes[0][2] == {'connections': [{'id': 'e1', 'description': 'same'}, {'id': 'e3', 'description': 'same'}]}
    assert [c['description'] for c in outcome.values['connections']] == ['same'] * 3


def test_a_refused_description_changes_nothing_else(client, clock):
    add(client, 'e1', D1)
    client.fail('PUT', DESCRIPTION_PATH, api_error(400, 'PUT', DESCRIPTION_PATH, msg='bad'))
    error, context = ensure_fails(client, clock, params(endpoints=['e1'], description='x'), error=ApiError)
    assert error.doing == 'setting the description of VPC endpoint e1 of endpoint service %s' % SID
    assert [c[0] for c in client.writes] == ['PUT']
    assert context.changed is False
    assert context.known['connections'][0]['status'] == 'pendingAcceptance'


def test_wait_polls_until_accepted(client, clock):
    client.accepting = ['creating', 'creating', 'creating', 'accepted']
    add(client, 'e1', D1)
    outcome, _context = ensure(client, clock, params(endpoints=['e1']))
    assert outcome.changed is True
    assert outcome.values['connections'][0]['status'] == 'accepted'
    assert outcome.diff['after'] == {'e1': {'status': 'accepted'}}
    # The answer and two polls say creating, the third poll accepted.
    assert len(lists(client)) == 1 + 3
    assert clock.sleeps == [0.5, 0.5]


def test_without_wait_the_answer_is_the_result(client, clock):
    client.accepting = ['creating', 'accepted']
    add(client, 'e1', D1)
    outcome, _context = ensure(client, clock, params(endpoints=['e1'], wait=False))
    assert outcome.values['connections'][0]['status'] == 'creating'
    assert len(lists(client)) == 1


def test_an_accept_under_way_is_awaited_not_repeated(client, clock):
    add(client, 'e1', D1, 'creating')
    client.connections[SID][0]['_next'] = ['creating', 'accepted']
    outcome, _context = ensure(client, clock, params(endpoints=['e1']))
    assert outcome.changed is False
    assert client.writes == []
    assert outcome.values['connections'][0]['status'] == 'accepted'


def test_wait_timeout_names_the_option_and_what_is_late(client, clock):
    client.accepting = ['creating']
    add(client, 'e1', D1)
    add(client, 'e2', D1, 'accepted')
    error, context = ensure_fails(client, clock, params(domain_ids=[D1], wait_timeout=5))
    assert error.msg.startswith('Timed out after 5 seconds (wait_timeout) waiting for the connections of endpoint '
                                'service %s to become accepted; still not there: e1 (creating).' % SID)
    assert context.known['connections'][0]['status'] == 'creating'
    assert sum(clock.sleeps) == pytest.approx(5)
    assert context.changed is True


def test_a_connection_that_fails_while_waited_for(client, clock):
    client.accepting = ['creating', 'failed']
    add(client, 'e1', D1)
    error, context = ensure_fails(client, clock, params(endpoints=['e1']))
    assert error.msg == 'The connection of VPC endpoint e1 to endpoint service %s ended in status failed.' % SID
    assert context.changed is True


def test_a_connection_that_disappears_while_waited_for(client, clock):
    client.accepting = ['creating']
    add(client, 'e1', D1)
    original = client.paginate

    def vanish(path, key, params=None, page_size=1000, workers=1):
        if path == CONNECTIONS_PATH and lists(client):
            client.connections[SID] = []
        return original(path, key, params, page_size, workers)

    client.paginate = vanish
    error, _context = ensure_fails(client, clock, params(endpoints=['e1']))
    assert error.msg.startswith('VPC endpoint e1 is no longer connected to endpoint service %s' % SID)


def test_reject_during_an_accept_waits_for_it_then_rejects(client, clock):
    add(client, 'e1', D1, 'creating')
    # The first read and one poll say creating, the next accepted.
    client.connections[SID][0]['_next'] = ['creating', 'creating', 'accepted']
    outcome, _context = ensure(client, clock, params(endpoints=['e1'], state='rejected', wait=False))
    assert outcome.changed is True
    assert actions(client) == [{'action': 'reject', 'endpoints': ['e1']}]
    assert outcome.values['connections'][0]['status'] == 'rejected'
    assert outcome.diff['before'] == {'e1': {'status': 'creating'}}
    assert clock.sleeps == [0.5]
    assert len(lists(client)) == 3


def test_reject_during_an_accept_that_ends_failed(client, clock):
    add(client, 'e1', D1, 'creating')
    client.connections[SID][0]['_next'] = ['failed']
    error, context = ensure_fails(client, clock, params(endpoints=['e1'], state='rejected'))
    assert 'e1 is failed' in error.msg
    assert client.writes == []
    assert context.changed is False


def test_the_third_of_five_fails(client, clock):
    for index in range(1, 6):
        add(client, 'e%d' % index, D1)
    client.action_errors['e3'] = (server_error(), False)
    error, context = ensure_fails(client, clock, params(endpoints=['e1', 'e2', 'e3', 'e4', 'e5']))
    details = error.details
    assert details['endpoints_done'] == ['e1', 'e2']
    assert details['endpoints_not_done'] == ['e3', 'e4', 'e5']
    assert details['error']['status'] == 500 and details['error']['request_id'] == 'req-1'
    assert [c['status'] for c in context.known['connections']] == ['accepted', 'accepted'] + ['pendingAcceptance'] * 3
    assert error.msg == (
        'Failed to accept VPC endpoint e3 of endpoint service %s: HTTP 500 EndPoint.0001 System error.. Accepted by this '
        'task: e1, e2. Not accepted: e3, e4, e5. Re-running the task is safe: connections already accepted are left alone.'
        % SID)
    assert len(client.writes) == 3
    assert context.changed is True


def test_the_first_action_fails(client, clock):
    add(client, 'e1', D1, 'accepted')
    add(client, 'e2', D1, 'accepted')
    client.action_errors['e1'] = (server_error(), False)
    error, context = ensure_fails(client, clock, params(endpoints=['e1', 'e2'], state='rejected'))
    assert 'Rejected by this task: none. Not rejected: e1, e2.' in error.msg
    assert context.changed is False


def test_an_unanswered_action_that_went_through_is_counted_and_the_rest_go_on(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1)
    client.accepting = ['creating', 'accepted']
    client.action_errors['e1'] = (AmbiguousRequestError('POST timed out after sending'), True)
    outcome, context = ensure(client, clock, params(endpoints=['e1', 'e2']))
    assert outcome.changed is True and context.changed is True
    assert [a['endpoints'] for a in actions(client)] == [['e1'], ['e2']]
    assert [c['status'] for c in outcome.values['connections']] == ['accepted', 'accepted']


def test_an_unanswered_action_that_did_not_go_through_fails_and_is_not_repeated(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1)
    client.action_errors['e2'] = (AmbiguousRequestError('POST e2 failed: connection lost', status=None), False)
    error, _context = ensure_fails(client, clock, params(endpoints=['e1', 'e2']))
    assert 'Failed to accept VPC endpoint e2' in error.msg
    assert 'a fresh read shows no change' in error.msg
    assert error.details['endpoints_done'] == ['e1']
    assert len(client.writes) == 2


def fail_reads_after_the_first(client):
    original = client.paginate

    def paginate(path, key, params=None, page_size=1000, workers=1):
        if path == CONNECTIONS_PATH and lists(client):
            client.calls.append(('GET', path, params))
            client.opts.append({})
            raise api_error(503, 'GET', path)
        return original(path, key, params, page_size, workers)

    client.paginate = paginate


def test_an_unanswered_action_whose_check_read_fails_counts_as_not_done(client, clock):
    add(client, 'e1', D1)
    client.action_errors['e1'] = (AmbiguousRequestError('POST e1 failed: timeout'), True)
    fail_reads_after_the_first(client)
    error, _context = ensure_fails(client, clock, params(endpoints=['e1']))
    assert error.details['endpoints_not_done'] == ['e1']
    assert 'it could not be checked whether it went through' in error.msg


def test_an_accept_answered_500_that_did_not_commit_reports_unchanged(client, clock):
    # Issue 19 point 8: `changed` follows what a fresh read shows, not the mere attempt.
    add(client, 'e1', D1)
    client.action_errors['e1'] = (api_error(500, 'POST', ACTION_PATH, cls=AmbiguousRequestError), False)
    error, context = ensure_fails(client, clock, params(endpoints=['e1']))
    assert context.changed is False
    assert 'a fresh read shows no change' in error.msg
    assert error.details['error']['status'] == 500
    assert len(actions(client)) == 1
    assert len(lists(client)) == 2


def test_an_accept_answered_500_that_committed_reports_changed_and_succeeds(client, clock):
    add(client, 'e1', D1)
    client.action_errors['e1'] = (api_error(500, 'POST', ACTION_PATH, cls=AmbiguousRequestError), True)
    outcome, context = ensure(client, clock, params(endpoints=['e1']))
    assert outcome.changed is True and context.changed is True
    assert [c['status'] for c in outcome.values['connections']] == ['accepted']
    assert len(actions(client)) == 1


def test_a_description_put_that_may_have_applied_reports_changed(client, clock):
    # Issue 19 point 5: the description PUT was retried until the retries ran out after an attempt that may have committed.
    add(client, 'e1', D1, 'accepted')
    error = api_error(503, 'PUT', DESCRIPTION_PATH)
    error.may_have_applied = True
    client.fail('PUT', DESCRIPTION_PATH, error, commit=True)
    _error, context = ensure_fails(client, clock, params(endpoints=['e1'], description='ticket 1'), error=ApiError)
    assert context.changed is True


def test_a_description_put_refused_reports_unchanged(client, clock):
    add(client, 'e1', D1, 'accepted')
    client.fail('PUT', DESCRIPTION_PATH, api_error(400, 'PUT', DESCRIPTION_PATH))
    _error, context = ensure_fails(client, clock, params(endpoints=['e1'], description='ticket 1'), error=ApiError)
    assert context.changed is False


def test_an_unanswered_action_whose_check_read_fails_reports_changed(client, clock):
    add(client, 'e1', D1)
    client.action_errors['e1'] = (AmbiguousRequestError('POST e1 failed: timeout'), True)
    fail_reads_after_the_first(client)
    _error, context = ensure_fails(client, clock, params(endpoints=['e1']))
    assert context.changed is True


def test_an_unanswered_action_that_went_through_then_a_failure_reports_changed(client, clock):
    add(client, 'e1', D1)
    add(client, 'e2', D1)
    client.action_errors['e1'] = (AmbiguousRequestError('POST timed out after sending'), True)
    client.action_errors['e2'] = (server_error(), False)
    error, context = ensure_fails(client, clock, params(endpoints=['e1', 'e2']))
    assert 'Accepted by this task: e1.' in error.msg
    assert context.changed is True


def test_description_then_a_failed_action_says_the_description_was_set(client, clock):
    add(client, 'e1', D1)
    client.action_errors['e1'] = (server_error(), False)
    error, context = ensure_fails(client, clock, params(endpoints=['e1'], description='d'))
    assert 'The description was set on: e1.' in error.msg
    assert context.changed is True


def test_api_errors_say_what_was_being_done(client, clock):
    add(client, 'e1', D1)
    client.fail('GET', CONNECTIONS_PATH, api_error(403, 'GET', CONNECTIONS_PATH))
    error, context = ensure_fails(client, clock, params(endpoints=['e1']), error=ApiError)
    assert error.doing == 'reading the connections of endpoint service %s' % SID
    assert context.known.get('connections') is None


def test_act_labels_its_errors_and_sends_one_endpoint(client, clock):
    add(client, 'e1', D1)
    client.action_errors['e1'] = (server_error(), False)
    approvals = ec.Approvals(Context(params(endpoints=['e1']), client=client, sleep=clock.sleep, clock=clock))
    approvals.service_id = SID
    with pytest.raises(ApiError) as info:
        approvals.act('rejected', 'e1')
    assert info.value.doing == 'rejecting VPC endpoint e1 of endpoint service %s' % SID
    assert client.calls == [('POST', ACTION_PATH, {'action': 'reject', 'endpoints': ['e1']})]


def test_act_returns_the_answered_connection_or_none(client, clock):
    add(client, 'e1', D1)
    approvals = ec.Approvals(Context(params(endpoints=['e1']), client=client, sleep=clock.sleep, clock=clock))
    approvals.service_id = SID
    answered = approvals.act('accepted', 'e1')
    assert answered == {'id': 'e1', 'marker_id': 100, 'domain_id': D1, 'status': 'accepted', 'description': '',
                        'created_at': CREATED, 'updated_at': CREATED, 'error': None}
    assert ec._answered({'connections': [{'id': 'other'}]}, 'e1') is None
    assert ec._answered(None, 'e1') is None
