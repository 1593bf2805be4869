# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils import endpoint_connection as ec
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import AmbiguousRequestError, ApiError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.endpoint_service import ServiceError, error_context
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock

SERVICES = '/v1/{project_id}/vpc-endpoint-services'
SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
D1 = '1564ec50ef2a47c791ea5536353ed4b9'
D2 = '2a47c791ea5536353ed4b91564ec50ef'
D3 = '3b58d802fb6647e2a0fb5647464fd60a'


# ---------------------------------------------------------------------------
# A small in-memory VPCEP for connections: one service, its connections, and a
# record of every call so tests can assert what was (not) sent.
# ---------------------------------------------------------------------------

class FakeClient(object):

    def __init__(self):
        self.service = {'id': SID, 'service_name': 'cn-north-4.web.%s' % SID, 'status': 'available'}
        self.connections = []
        self.calls = []
        # Statuses a received connection reports on the list reads after the accept; the last one sticks.
        self.accepting = ['accepted']
        # Per endpoint id: the error its action answers with, and whether the action still took effect.
        self.action_errors = {}
        self.put_errors = []
        self.list_errors = []

    def add(self, endpoint_id, domain_id, status='pendingAcceptance', description=''):
        self.connections.append({'id': endpoint_id, 'marker_id': 100 + len(self.connections), 'domain_id': domain_id,
                                 'status': status, 'description': description, 'created_at': 'x', 'updated_at': 'x',
                                 '_next': []})
        return endpoint_id

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != 'GET']

    @property
    def lists(self):
        return [c for c in self.calls if c[0] == 'GET' and c[1].endswith('/connections')]

    def _public(self, connection):
        return dict((k, v) for k, v in connection.items() if not k.startswith('_'))

    def get(self, path, params=None):
        self.calls.append(('GET', path, params))
        if path == '%s/%s' % (SERVICES, SID):
            return copy.deepcopy(self.service)
        raise ApiError('GET %s failed: HTTP 404' % path, status=404, error_code='EndPoint.0005', method='GET', path=path)

    def paginate(self, path, key, params=None, page_size=1000):
        self.calls.append(('GET', path, dict(params or {}, limit=page_size)))
        if path == SERVICES:
            wanted = (params or {}).get('endpoint_service_name', '')
            return [copy.deepcopy(self.service)] if wanted.lower() in self.service['service_name'].lower() else []
        assert path == '%s/%s/connections' % (SERVICES, SID), path
        assert key == 'connections' and page_size == 1000
        if self.list_errors:
            raise self.list_errors.pop(0)
        for connection in self.connections:
            if connection['_next']:
                connection['status'] = connection['_next'].pop(0)
        return [self._public(c) for c in self.connections]

    def post(self, path, body=None, idempotent=False):
        self.calls.append(('POST', path, copy.deepcopy(body), idempotent))
        assert path == '%s/%s/connections/action' % (SERVICES, SID), path
        assert len(body['endpoints']) == 1, 'the API takes one endpoint per action'
        endpoint_id = body['endpoints'][0]
        error, commits = self.action_errors.pop(endpoint_id, (None, False))
        if error is not None and not commits:
            raise error
        connection = [c for c in self.connections if c['id'] == endpoint_id][0]
        if body['action'] == 'receive':
            statuses = list(self.accepting)
            connection['status'] = statuses.pop(0)
            connection['_next'] = statuses
        else:
            connection['status'] = 'rejected'
        if error is not None:
            raise error
        return {'connections': [self._public(connection)]}

    def put(self, path, body=None):
        self.calls.append(('PUT', path, copy.deepcopy(body)))
        assert path == '%s/%s/connections/description' % (SERVICES, SID), path
        if self.put_errors:
            raise self.put_errors.pop(0)
        answered = []
        for item in body['connections']:
            connection = [c for c in self.connections if c['id'] == item['id']][0]
            connection['description'] = item['description']
            answered.append(self._public(connection))
        return {'connections': answered}


@pytest.fixture
def client():
    return FakeClient()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def manager(client, clock):
    return ec.ConnectionManager(client, sleep=clock.sleep, clock=clock)


def params(**overrides):
    """Module-style params: every option present, defaults as the module's argument spec sets them."""
    base = dict(description=None, domain_ids=None, endpoints=None, service_id=None, service_name='web', state='accepted',
                wait=True, wait_timeout=600)
    base.update(overrides)
    return base


def server_error():
    return ApiError('POST .../connections/action failed: HTTP 500', status=500, error_code='EndPoint.0001',
                    error_msg='System error.', request_id='req-1', method='POST', path='/x')


def by_id(connections):
    return dict((c['id'], c) for c in connections)


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
    (dict(service_name=None, endpoints=['e1']), 'service_id, service_name: one of them is required'),
    (dict(service_name='', endpoints=['e1']), 'service_id, service_name: one of them is required'),
    (dict(service_id=SID, endpoints=['e1']), 'service_id, service_name: give only one of them, they are mutually exclusive'),
    (dict(service_name='cn-north-4.web.%s' % SID, endpoints=['e1']), 'service_name: the short name of the service'),
    (dict(), 'endpoints, domain_ids: one of them is required to select the connections'),
    (dict(endpoints=['e1'], domain_ids=[D1]), 'endpoints, domain_ids: give only one of them, they are mutually exclusive'),
    (dict(endpoints=['e1', '']), "endpoints[1]: must be a non-empty string (got '')"),
    (dict(endpoints=[None]), 'endpoints[0]: must be a non-empty string (got None)'),
    (dict(endpoints=['a b']), "endpoints[0]: must not contain spaces (got 'a b')"),
    (dict(endpoints=[' a']), "endpoints[0]: must not contain spaces"),
    (dict(endpoints=['e' * 65]), 'endpoints[0]: must be at most 64 characters long (got 65)'),
    (dict(endpoints='e1'), 'endpoints: must be a list of strings'),
    (dict(domain_ids=['']), 'domain_ids[0]: must be a non-empty string'),
    (dict(endpoints=['e1'], state=None), "state: is required and must be one of accepted, rejected (got None)"),
    (dict(endpoints=['e1'], state='pendingAcceptance'), 'state: is required and must be one of accepted, rejected'),
    (dict(endpoints=['e1'], description='x' * 513), 'description: must be at most 512 characters long (got 513)'),
    (dict(endpoints=['e1'], description='a>b'), 'description: must not contain "<" or ">"'),
    (dict(endpoints=['e1'], wait_timeout=0), 'wait_timeout: must be greater than 0 (got 0)'),
    (dict(endpoints=['e1'], wait_timeout=-5), 'wait_timeout: must be greater than 0 (got -5)'),
])
def test_each_rule_has_a_message_naming_the_option(overrides, expected):
    errors = ec.validate_params(params(**overrides))
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors


def test_every_broken_rule_is_reported_at_once():
    errors = ec.validate_params(params(service_name=None, endpoints=['', 'x y'], state='no', wait_timeout=0))
    assert [e.split(':')[0] for e in errors] == ['service_id, service_name', 'endpoints[0]', 'endpoints[1]', 'state', 'wait_timeout']


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
    assert decided['settle'] == []
    assert decided['blocked'] == [('e5', 'failed'), ('e6', 'deleting')]
    assert decided['describe'] == []
    assert ec.plan_changes(decided) is True


def test_plan_to_reject():
    decided = ec.plan(CONNECTIONS, 'rejected')
    assert decided['act'] == ['e1', 'e2']
    assert decided['unchanged'] == ['e3']
    # A reject must wait for the accept under way to finish.
    assert decided['settle'] == ['e4']
    assert decided['await'] == []


def test_plan_with_a_description_compares_it_none_as_empty():
    decided = ec.plan(CONNECTIONS[:4], 'accepted', description='')
    assert decided['describe'] == ['e2']
    decided = ec.plan(CONNECTIONS, 'accepted', description='kept')
    # Blocked connections get no description either.
    assert decided['describe'] == ['e1', 'e3', 'e4']


def test_plan_with_nothing_to_do():
    decided = ec.plan([CONNECTIONS[1]], 'accepted', description='kept')
    assert ec.plan_changes(decided) is False
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
    assert ec.diff_view(CONNECTIONS, ['e3', 'e1', 'missing']) == {'e3': {'status': 'rejected'}, 'e1': {'status': 'pendingAcceptance'}}
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
    text = ec.describe_connections(many)
    assert text.count('(domain') == ec.LISTED_MAX
    assert text.endswith('and 5 more (see connections)')


def test_blocked_message():
    text = ec.blocked_message(SID, [('e5', 'failed'), ('e6', 'deleting')], 'accepted')
    assert text == ('Cannot accept VPC endpoints e5, e6 of endpoint service %s: e5 is failed, e6 is deleting; only '
                    'pendingAcceptance, accepted and rejected connections can be accepted or rejected. Nothing was changed.' % SID)
    assert ec.blocked_message(SID, [('e5', 'failed')], 'rejected').startswith('Cannot reject VPC endpoint e5 of endpoint service')


def test_partial_message_names_done_failed_and_not_done():
    text = ec.partial_message(SID, 'accepted', ['e1', 'e2'], 'e3', ['e3', 'e4', 'e5'], 'HTTP 500 EndPoint.0001 System error.')
    assert text == ('Failed to accept VPC endpoint e3 of endpoint service %s: HTTP 500 EndPoint.0001 System error.. '
                    'Accepted by this task: e1, e2. Not accepted: e3, e4, e5. Re-running the task is safe: connections '
                    'already accepted are left alone.' % SID)
    text = ec.partial_message(SID, 'rejected', [], 'e1', ['e1'], 'boom', described=['e1', 'e2'])
    assert 'Rejected by this task: none. Not rejected: e1. The description was set on: e1, e2.' in text


# ---------------------------------------------------------------------------
# The engine with a fake client
# ---------------------------------------------------------------------------

def test_accept_pending_one_request_each_in_the_given_order(manager, client):
    for name, status in (('e1', 'pendingAcceptance'), ('e2', 'pendingAcceptance'), ('e3', 'accepted')):
        client.add(name, D1, status)
    result = manager.ensure(params(endpoints=['e2', 'e3', 'e1']))
    assert result['changed'] is True
    assert [(c[2], c[3]) for c in client.writes] == [({'action': 'receive', 'endpoints': ['e2']}, False),
                                                     ({'action': 'receive', 'endpoints': ['e1']}, False)]
    assert set(c['status'] for c in result['connections']) == {'accepted'}
    assert sorted(result['connections'][0]) == ['description', 'domain_id', 'id', 'marker_id', 'status']
    assert result['diff']['before'] == {'e2': {'status': 'pendingAcceptance'}, 'e3': {'status': 'accepted'},
                                        'e1': {'status': 'pendingAcceptance'}}
    assert result['warnings'] == []
    # Answers already say accepted: no extra read to wait.
    assert len(client.lists) == 1
    assert manager.changed is True


def test_rerun_is_unchanged_and_sends_nothing(manager, client):
    client.add('e1', D1, 'accepted')
    result = manager.ensure(params(endpoints=['e1']))
    assert result['changed'] is False
    assert client.writes == []
    assert result['diff']['before'] == result['diff']['after']


def test_service_by_id_and_by_exact_name(manager, client):
    client.add('e1', D1, 'accepted')
    manager.ensure(params(service_name=None, service_id=SID, endpoints=['e1']))
    assert client.calls[0][1] == '%s/%s' % (SERVICES, SID)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(service_name='we', endpoints=['e1']))
    assert info.value.msg == "No endpoint service named 'we' (exact, case-sensitive match on the short name)."
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(service_name=None, service_id='other', endpoints=['e1']))
    assert info.value.msg == 'No endpoint service with id other.'
    assert client.writes == []


def test_reject_by_domain(manager, client):
    client.add('e1', D1, 'accepted')
    client.add('e2', D2, 'accepted')
    client.add('e3', D1, 'pendingAcceptance')
    result = manager.ensure(params(domain_ids=[D1], state='rejected'))
    assert [c[2] for c in client.writes] == [{'action': 'reject', 'endpoints': ['e1']}, {'action': 'reject', 'endpoints': ['e3']}]
    assert [c['status'] for c in result['connections']] == ['rejected', 'accepted', 'rejected']


def test_domain_without_connections_warns(manager, client):
    client.add('e1', D1)
    result = manager.ensure(params(domain_ids=[D2]))
    assert result['changed'] is False
    assert result['warnings'] == ['No connection to endpoint service %s comes from domain %s.' % (SID, D2)]
    assert client.writes == []


def test_domain_selection_skips_blocked_connections_with_a_warning(manager, client):
    client.add('e1', D1)
    client.add('e2', D1, 'failed')
    result = manager.ensure(params(domain_ids=[D1]))
    assert [c[2]['endpoints'] for c in client.writes] == [['e1']]
    assert result['warnings'] == ['Left alone: VPC endpoint e2 is failed (only pendingAcceptance, accepted and rejected '
                                  'connections can be accepted).']
    assert 'e2' not in result['diff']['before']


def test_explicitly_selected_blocked_connection_fails_before_any_write(manager, client):
    client.add('e1', D1)
    client.add('e2', D1, 'deleting')
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1', 'e2']))
    assert info.value.msg.startswith('Cannot accept VPC endpoint e2 of endpoint service %s: e2 is deleting;' % SID)
    assert info.value.details['connections'][1]['id'] == 'e2'
    assert client.writes == []


def test_unknown_endpoint_fails_before_any_write(manager, client):
    client.add('e1', D1)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1', 'x9']))
    assert info.value.msg.startswith('VPC endpoint x9 is not connected to endpoint service %s; nothing was changed.' % SID)
    assert 'e1 (domain %s, pendingAcceptance)' % D1 in info.value.msg
    assert [c['id'] for c in info.value.details['connections']] == ['e1']
    assert client.writes == []
    assert manager.changed is False


def test_check_mode_predicts_and_sends_only_reads(manager, client):
    client.add('e1', D1)
    client.add('e2', D1, 'accepted', description='x')
    client.add('e3', D2, 'creating')
    result = manager.ensure(params(domain_ids=[D1, D2], state='rejected', description='x'), check_mode=True)
    assert result['changed'] is True
    assert client.writes == []
    assert [(c['status'], c['description']) for c in result['connections']] == [('rejected', 'x')] * 3
    assert result['diff'] == {
        'before': {'e1': {'status': 'pendingAcceptance', 'description': ''}, 'e2': {'status': 'accepted', 'description': 'x'},
                   'e3': {'status': 'creating', 'description': ''}},
        'after': {'e1': {'status': 'rejected', 'description': 'x'}, 'e2': {'status': 'rejected', 'description': 'x'},
                  'e3': {'status': 'rejected', 'description': 'x'}},
    }
    # The fake's connections are untouched.
    assert [c['status'] for c in client.connections] == ['pendingAcceptance', 'accepted', 'creating']


def test_check_mode_with_nothing_to_do(manager, client):
    client.add('e1', D1, 'accepted')
    client.add('e2', D1, 'creating')
    result = manager.ensure(params(domain_ids=[D1]), check_mode=True)
    assert result['changed'] is False
    assert client.writes == []


def test_description_is_one_put_before_the_actions(manager, client):
    client.add('e1', D1)
    client.add('e2', D1, 'accepted', description='same')
    client.add('e3', D1, 'accepted')
    result = manager.ensure(params(domain_ids=[D1], description='same'))
    assert [c[0] for c in client.writes] == ['PUT', 'POST']
    assert client.writes[0][2] == {'connections': [{'id': 'e1', 'description': 'same'}, {'id': 'e3', 'description': 'same'}]}
    assert [c['description'] for c in result['connections']] == ['same'] * 3


def test_a_refused_description_changes_nothing_else(manager, client):
    client.add('e1', D1)
    client.put_errors = [ApiError('PUT failed: HTTP 400', status=400, error_code='EndPoint.0002', error_msg='bad')]
    with pytest.raises(ApiError) as info:
        manager.ensure(params(endpoints=['e1'], description='x'))
    assert error_context(info.value) == 'setting the description of VPC endpoint e1 of endpoint service %s' % SID
    assert [c[0] for c in client.writes] == ['PUT']
    assert manager.changed is False
    assert manager.connections[0]['status'] == 'pendingAcceptance'


def test_wait_polls_until_accepted(manager, client, clock):
    client.accepting = ['creating', 'creating', 'creating', 'accepted']
    client.add('e1', D1)
    result = manager.ensure(params(endpoints=['e1']))
    assert result['changed'] is True
    assert result['connections'][0]['status'] == 'accepted'
    assert result['diff']['after'] == {'e1': {'status': 'accepted'}}
    # The answer and two polls say creating, the third poll accepted.
    assert len(client.lists) == 1 + 3
    assert clock.sleeps == [0.5, 1]


def test_without_wait_the_answer_is_the_result(manager, client):
    client.accepting = ['creating', 'accepted']
    client.add('e1', D1)
    result = manager.ensure(params(endpoints=['e1'], wait=False))
    assert result['connections'][0]['status'] == 'creating'
    assert len(client.lists) == 1


def test_an_accept_under_way_is_awaited_not_repeated(manager, client):
    client.add('e1', D1, 'creating')
    client.connections[0]['_next'] = ['creating', 'accepted']
    result = manager.ensure(params(endpoints=['e1']))
    assert result['changed'] is False
    assert client.writes == []
    assert result['connections'][0]['status'] == 'accepted'


def test_wait_timeout_names_the_option_and_what_is_late(manager, client, clock):
    client.accepting = ['creating']
    client.add('e1', D1)
    client.add('e2', D1, 'accepted')
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(domain_ids=[D1], wait_timeout=5))
    assert info.value.msg.startswith('Timed out after 5 seconds (wait_timeout) waiting for the connections of endpoint '
                                     'service %s to become accepted; still not there: e1 (creating).' % SID)
    assert info.value.details['connections'][0]['status'] == 'creating'
    assert sum(clock.sleeps) == 5
    assert manager.changed is True


def test_a_connection_that_fails_while_waited_for(manager, client):
    client.accepting = ['creating', 'failed']
    client.add('e1', D1)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1']))
    assert info.value.msg == 'The connection of VPC endpoint e1 to endpoint service %s ended in status failed.' % SID


def test_a_connection_that_disappears_while_waited_for(manager, client):
    client.accepting = ['creating']
    client.add('e1', D1)
    original = client.paginate

    def vanish(path, key, params=None, page_size=1000):
        answer = original(path, key, params, page_size)
        if len(client.lists) > 1:
            return []
        return answer

    client.paginate = vanish
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1']))
    assert info.value.msg.startswith('VPC endpoint e1 is no longer connected to endpoint service %s' % SID)


def test_reject_during_an_accept_waits_for_it_then_rejects(manager, client, clock):
    client.add('e1', D1, 'creating')
    # The first read and one poll say creating, the next accepted.
    client.connections[0]['_next'] = ['creating', 'creating', 'accepted']
    result = manager.ensure(params(endpoints=['e1'], state='rejected', wait=False))
    assert result['changed'] is True
    assert [c[2] for c in client.writes] == [{'action': 'reject', 'endpoints': ['e1']}]
    assert result['connections'][0]['status'] == 'rejected'
    assert result['diff']['before'] == {'e1': {'status': 'creating'}}
    assert clock.sleeps == [0.5]
    assert len(client.lists) == 3


def test_reject_during_an_accept_that_ends_failed(manager, client):
    client.add('e1', D1, 'creating')
    client.connections[0]['_next'] = ['failed']
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1'], state='rejected'))
    assert 'e1 is failed' in info.value.msg
    assert client.writes == []


def test_the_third_of_five_fails(manager, client):
    for index in range(1, 6):
        client.add('e%d' % index, D1)
    client.action_errors['e3'] = (server_error(), False)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1', 'e2', 'e3', 'e4', 'e5']))
    details = info.value.details
    assert details['endpoints_done'] == ['e1', 'e2']
    assert details['endpoints_not_done'] == ['e3', 'e4', 'e5']
    assert details['error']['status'] == 500 and details['error']['request_id'] == 'req-1'
    assert [c['status'] for c in details['connections']] == ['accepted', 'accepted'] + ['pendingAcceptance'] * 3
    assert info.value.msg == (
        'Failed to accept VPC endpoint e3 of endpoint service %s: HTTP 500 EndPoint.0001 System error.. Accepted by this '
        'task: e1, e2. Not accepted: e3, e4, e5. Re-running the task is safe: connections already accepted are left alone.' % SID)
    assert len(client.writes) == 3
    assert manager.changed is True


def test_the_first_action_fails(manager, client):
    client.add('e1', D1, 'accepted')
    client.add('e2', D1, 'accepted')
    client.action_errors['e1'] = (server_error(), False)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1', 'e2'], state='rejected'))
    assert 'Rejected by this task: none. Not rejected: e1, e2.' in info.value.msg
    assert manager.changed is False


def test_an_unanswered_action_that_went_through_is_counted_and_the_rest_go_on(manager, client):
    client.add('e1', D1)
    client.add('e2', D1)
    client.accepting = ['creating', 'accepted']
    client.action_errors['e1'] = (AmbiguousRequestError('POST timed out after sending'), True)
    result = manager.ensure(params(endpoints=['e1', 'e2']))
    assert result['changed'] is True
    assert [c[2]['endpoints'] for c in client.writes] == [['e1'], ['e2']]
    assert [c['status'] for c in result['connections']] == ['accepted', 'accepted']


def test_an_unanswered_action_that_did_not_go_through_fails_and_is_not_repeated(manager, client):
    client.add('e1', D1)
    client.add('e2', D1)
    client.action_errors['e2'] = (AmbiguousRequestError('POST e2 failed: connection lost', status=None), False)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1', 'e2']))
    assert 'Failed to accept VPC endpoint e2' in info.value.msg
    assert 'a fresh read shows no change' in info.value.msg
    assert info.value.details['endpoints_done'] == ['e1']
    assert len(client.writes) == 2


def test_an_unanswered_action_whose_check_read_fails_counts_as_not_done(manager, client):
    client.add('e1', D1)
    client.action_errors['e1'] = (AmbiguousRequestError('POST e1 failed: timeout'), True)
    original = client.paginate

    def fail_after_the_first_list(path, key, params=None, page_size=1000):
        if path.endswith('/connections') and client.lists:
            client.calls.append(('GET', path, params))
            raise ApiError('GET failed: HTTP 503', status=503)
        return original(path, key, params, page_size)

    client.paginate = fail_after_the_first_list
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1']))
    assert info.value.details['endpoints_not_done'] == ['e1']


def test_description_then_a_failed_action_says_the_description_was_set(manager, client):
    client.add('e1', D1)
    client.action_errors['e1'] = (server_error(), False)
    with pytest.raises(ServiceError) as info:
        manager.ensure(params(endpoints=['e1'], description='d'))
    assert 'The description was set on: e1.' in info.value.msg
    assert manager.changed is True


def test_api_errors_say_what_was_being_done(manager, client):
    client.add('e1', D1)
    client.list_errors = [ApiError('GET failed: HTTP 403', status=403)]
    with pytest.raises(ApiError) as info:
        manager.ensure(params(endpoints=['e1']))
    assert error_context(info.value) == 'reading the connections of endpoint service %s' % SID
    assert manager.connections is None


def test_act_labels_its_errors(manager, client):
    client.add('e1', D1)
    client.action_errors['e1'] = (server_error(), False)
    with pytest.raises(ApiError) as info:
        manager.act(SID, 'rejected', 'e1')
    assert error_context(info.value) == 'rejecting VPC endpoint e1 of endpoint service %s' % SID


def test_paths_follow_the_api():
    assert ec.ACTION_PATH % SID == '/v1/{project_id}/vpc-endpoint-services/%s/connections/action' % SID
    assert ec.DESCRIPTION_PATH % SID == '/v1/{project_id}/vpc-endpoint-services/%s/connections/description' % SID
    assert re.match(r'^/v1/\{project_id\}/vpc-endpoint-services/[^/]+/connections$', ec.CONNECTIONS_PATH % SID)
