# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Connections of VPC endpoints to an endpoint service, as Ansible sees them (layer 3).

Selecting connections by endpoint id or account, deciding which need an accept or a reject,
sending one action per endpoint, setting descriptions, waiting, and reporting partial
failures happen here. No Ansible imports: everything is testable with a fake client.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import (
    AmbiguousRequestError,
    ApiError,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.endpoint_service import (
    SERVICES_PATH,
    ServiceError,
    ServiceManager,
    Step,
    connection_view,
    validate_description,
    validate_wait_timeout,
)


CONNECTIONS_PATH = SERVICES_PATH + '/%s/connections'
ACTION_PATH = CONNECTIONS_PATH + '/action'
DESCRIPTION_PATH = CONNECTIONS_PATH + '/description'

STATES = ('accepted', 'rejected')
# Requested status -> the API's action, and the verb the messages use.
ACTIONS = {'accepted': 'receive', 'rejected': 'reject'}
VERBS = {'accepted': 'accept', 'rejected': 'reject'}
DOING = {'accepted': 'accepting', 'rejected': 'rejecting'}
# The statuses the API accepts or rejects from.
ACTIONABLE = ('pendingAcceptance', 'accepted', 'rejected')
# Statuses the cloud is moving a connection through, and where they end: an accept passes through creating.
SETTLING = {'creating': 'accepted'}

ID_MAX = 64
# Unknown-id errors list at most this many existing connections; the failure result carries them all.
LISTED_MAX = 20

DEFAULT_WAIT_TIMEOUT = 600


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------

def unique(items):
    """Return the items without repeats, in their first order."""
    seen = set()
    result = []
    for item in items or []:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def _validate_ids(option, values):
    if not isinstance(values, list):
        return ['%s: must be a list of strings' % option]
    errors = []
    for index, value in enumerate(values):
        where = '%s[%d]' % (option, index)
        if not isinstance(value, str) or not value.strip():
            errors.append('%s: must be a non-empty string (got %r)' % (where, value))
        elif len(value.split()) != 1 or value != value.strip():
            errors.append('%s: must not contain spaces (got %r)' % (where, value))
        elif len(value) > ID_MAX:
            errors.append('%s: must be at most %d characters long (got %d)' % (where, ID_MAX, len(value)))
    return errors


def validate_params(params):
    """Return a list of messages, one per rule the parameters break, each naming the option; [] when valid."""
    errors = []
    if not params.get('service_id') and not params.get('service_name'):
        errors.append('service_id, service_name: one of them is required to identify the endpoint service')
    elif params.get('service_id') and params.get('service_name'):
        errors.append('service_id, service_name: give only one of them, they are mutually exclusive')
    if params.get('service_name') is not None and '.' in params['service_name']:
        errors.append('service_name: the short name of the service, without region or id (got %r)' % params['service_name'])
    endpoints = params.get('endpoints')
    domain_ids = params.get('domain_ids')
    if endpoints is None and domain_ids is None:
        errors.append('endpoints, domain_ids: one of them is required to select the connections')
    elif endpoints is not None and domain_ids is not None:
        errors.append('endpoints, domain_ids: give only one of them, they are mutually exclusive')
    if endpoints is not None:
        errors.extend(_validate_ids('endpoints', endpoints))
    if domain_ids is not None:
        errors.extend(_validate_ids('domain_ids', domain_ids))
    if params.get('state') not in STATES:
        errors.append('state: is required and must be one of %s (got %r)' % (', '.join(STATES), params.get('state')))
    errors.extend(validate_description(params.get('description')))
    errors.extend(validate_wait_timeout(params.get('wait_timeout')))
    return errors


def select(connections, endpoints=None, domain_ids=None):
    """Return `(selected, unknown_ids, unmatched_domain_ids)`: the connections chosen by endpoint id or by domain id."""
    if endpoints is not None:
        by_id = dict((c.get('id'), c) for c in connections)
        wanted = unique(endpoints)
        return [by_id[e] for e in wanted if e in by_id], [e for e in wanted if e not in by_id], []
    domains = unique(domain_ids)
    selected = [c for c in connections if c.get('domain_id') in domains]
    seen = set(c.get('domain_id') for c in selected)
    return selected, [], [d for d in domains if d not in seen]


def plan(selected, state, description=None):
    """Decide, per selected connection, what reaching `state` (and `description`) takes.

    Returns a dict of endpoint id lists: `act` (one accept or reject each), `settle` (being moved
    elsewhere by the cloud; the action must wait until that ends), `await` (already on the way to
    `state`), `unchanged`, `describe` (description differs) and `blocked` (`(id, status)` pairs
    that cannot be accepted or rejected).
    """
    decided = {'act': [], 'settle': [], 'await': [], 'unchanged': [], 'describe': [], 'blocked': []}
    for connection in selected:
        endpoint_id = connection.get('id')
        status = connection.get('status')
        if status == state:
            decided['unchanged'].append(endpoint_id)
        elif status in ACTIONABLE:
            decided['act'].append(endpoint_id)
        elif SETTLING.get(status) == state:
            decided['await'].append(endpoint_id)
        elif status in SETTLING:
            decided['settle'].append(endpoint_id)
        else:
            decided['blocked'].append((endpoint_id, status))
            continue
        if description is not None and (connection.get('description') or '') != description:
            decided['describe'].append(endpoint_id)
    return decided


def plan_changes(decided):
    """Tell whether a plan changes anything (an action or a description)."""
    return bool(decided['act'] or decided['settle'] or decided['describe'])


def predict(connections, decided, state, description=None):
    """Return the connections as the plan would leave them (check mode): acted ones in `state`, new descriptions."""
    moving = set(decided['act']) | set(decided['settle'])
    describing = set(decided['describe'])
    result = []
    for connection in connections:
        connection = dict(connection)
        if connection.get('id') in moving:
            connection['status'] = state
        if connection.get('id') in describing:
            connection['description'] = description
        result.append(connection)
    return result


def diff_view(connections, endpoint_ids, with_description=False):
    """Return `{endpoint id: {status[, description]}}` for these endpoints, as diff mode shows them."""
    by_id = dict((c.get('id'), c) for c in connections)
    view = {}
    for endpoint_id in endpoint_ids:
        connection = by_id.get(endpoint_id)
        if connection is None:
            continue
        entry = {'status': connection.get('status')}
        if with_description:
            entry['description'] = connection.get('description') or ''
        view[endpoint_id] = entry
    return view


def describe_connections(connections, limit=LISTED_MAX):
    """Return `id (domain d, status s), ...` for messages, at most `limit` of them."""
    if not connections:
        return 'none'
    shown = ['%s (domain %s, %s)' % (c.get('id'), c.get('domain_id'), c.get('status')) for c in connections[:limit]]
    if len(connections) > limit:
        shown.append('and %d more (see connections)' % (len(connections) - limit))
    return ', '.join(shown)


def unknown_message(service_id, unknown, connections):
    """Return the error for endpoint ids that are not connected to the service."""
    return ('%s not connected to endpoint service %s; nothing was changed. The connections that exist: %s.'
            % (_endpoints_phrase(unknown), service_id, describe_connections(connections)))


def blocked_message(service_id, blocked, state):
    """Return the error for selected connections whose status allows no accept or reject."""
    return ('Cannot %s %s of endpoint service %s: %s; only pendingAcceptance, accepted and rejected connections can be '
            'accepted or rejected. Nothing was changed.'
            % (VERBS[state], _endpoints_noun([b[0] for b in blocked]), service_id,
               ', '.join('%s is %s' % b for b in blocked)))


def partial_message(service_id, state, done, failed_id, not_done, error_text, described=None):
    """Return the error for an action that failed after others may have gone through, naming what was and was not done."""
    text = ('Failed to %s VPC endpoint %s of endpoint service %s: %s. %s by this task: %s. Not %s: %s.'
            % (VERBS[state], failed_id, service_id, error_text, state.capitalize(), ', '.join(done) or 'none', state,
               ', '.join(not_done)))
    if described:
        text += ' The description was set on: %s.' % ', '.join(described)
    return text + ' Re-running the task is safe: connections already %s are left alone.' % state


def _endpoints_noun(ids):
    return 'VPC endpoint%s %s' % ('' if len(ids) == 1 else 's', ', '.join(ids))


def _endpoints_phrase(ids):
    return '%s %s' % (_endpoints_noun(ids), 'is' if len(ids) == 1 else 'are')


def _error_text(err):
    status = getattr(err, 'status', None)
    details = getattr(err, 'error_msg', None) or str(err)
    code = getattr(err, 'error_code', None)
    text = ' '.join(str(x) for x in (code, details) if x)
    return ('HTTP %s %s' % (status, text)) if status else text


def _error_details(err):
    if isinstance(err, ApiError):
        return err.to_dict()
    return None


def _result(changed, connections, before, after, warnings):
    return {'changed': changed, 'connections': connections, 'diff': {'before': before, 'after': after}, 'warnings': warnings}


# ---------------------------------------------------------------------------
# I/O
# ---------------------------------------------------------------------------

class ConnectionManager(object):
    """Connection calls over a layer-2 Client, and the engine that accepts or rejects connections."""

    def __init__(self, client, sleep=time.sleep, clock=time.monotonic):
        self.client = client
        self.services = ServiceManager(client, sleep=sleep, clock=clock)
        # True once any write went through, so a failure after it still reports changed.
        self.changed = False
        # The service's connections as last seen (listed, then updated from each answer); None until read.
        self.connections = None
        # Endpoints whose description this run has set, for a failure message.
        self.described = []

    # -- reads -------------------------------------------------------------

    def find_service(self, service_id=None, service_name=None):
        """Return the API service with this id, or with exactly this short name; none → ServiceError."""
        service = self.services.find(id=service_id, name=service_name)
        if service is None:
            if service_id:
                raise ServiceError('No endpoint service with id %s.' % service_id)
            raise ServiceError('No endpoint service named %r (exact, case-sensitive match on the short name).' % service_name)
        return service

    def list(self, service_id):
        """Return the service's connections (all pages), as modules show them."""
        return self.services.list_connections(service_id)

    # -- writes ------------------------------------------------------------

    def act(self, service_id, state, endpoint_id):
        """Accept or reject one endpoint (the API takes one per request); return its connection from the answer, or None."""
        with Step('%s VPC endpoint %s of endpoint service %s' % (DOING[state], endpoint_id, service_id)):
            # Not idempotent: repeating a receive while the accept is under way is refused by the API.
            answer = self.client.post(ACTION_PATH % service_id, body={'action': ACTIONS[state], 'endpoints': [endpoint_id]})
            self.changed = True
        return _answered(answer, endpoint_id)

    def set_descriptions(self, service_id, endpoint_ids, description):
        """Set one description on these endpoints' connections in one request; return the answered connections."""
        with Step('setting the description of %s of endpoint service %s' % (_endpoints_noun(endpoint_ids), service_id)):
            body = {'connections': [{'id': endpoint_id, 'description': description} for endpoint_id in endpoint_ids]}
            answer = self.client.put(DESCRIPTION_PATH % service_id, body=body)
            self.changed = True
            self.described = list(endpoint_ids)
        return [connection_view(c) for c in (answer or {}).get('connections') or []]

    # -- waits -------------------------------------------------------------

    def wait_for(self, service_id, endpoint_ids, state, timeout=DEFAULT_WAIT_TIMEOUT):
        """Poll the connections until these endpoints are all in `state`; return them all. Failed, gone or timeout → ServiceError."""
        return self._wait(service_id, endpoint_ids, lambda status: status == state, 'to become %s' % state, timeout)

    def wait_settled(self, service_id, endpoint_ids, timeout=DEFAULT_WAIT_TIMEOUT):
        """Poll until none of these endpoints is in a status the cloud is still moving it through; return the connections."""
        return self._wait(service_id, endpoint_ids, lambda status: status not in SETTLING,
                          'to finish their ongoing change', timeout)

    def _wait(self, service_id, endpoint_ids, reached, goal, timeout):
        def check():
            connections = self.list(service_id)
            self.connections = connections
            by_id = dict((c.get('id'), c) for c in connections)
            gone = [e for e in endpoint_ids if e not in by_id]
            if gone:
                raise ServiceError('%s no longer connected to endpoint service %s while waiting for them %s.'
                                   % (_endpoints_phrase(gone), service_id, goal), connections=connections)
            failed = [e for e in endpoint_ids if by_id[e].get('status') == 'failed' and not reached('failed')]
            if failed:
                raise ServiceError('The connection of %s to endpoint service %s ended in status failed.'
                                   % (_endpoints_noun(failed), service_id), connections=connections)
            return all(reached(by_id[e].get('status')) for e in endpoint_ids), connections

        with Step('waiting for the connections of endpoint service %s' % service_id):
            connections, done = self.services.poll(check, timeout)
        if not done:
            by_id = dict((c.get('id'), c) for c in connections)
            late = [e for e in endpoint_ids if not reached(by_id[e].get('status'))]
            raise ServiceError('Timed out after %s seconds (wait_timeout) waiting for the connections of endpoint service %s %s; '
                               'still not there: %s. The cloud keeps working on them: raise wait_timeout, or re-run later.'
                               % (timeout, service_id, goal, ', '.join('%s (%s)' % (e, by_id[e].get('status')) for e in late)),
                               connections=connections)
        return connections

    # -- engine ------------------------------------------------------------

    def ensure(self, params, check_mode=False):
        """Bring the selected connections to `params['state']`; return dict(changed, connections, diff, warnings)."""
        state = params['state']
        description = params.get('description')
        with_description = description is not None
        timeout = params.get('wait_timeout') or DEFAULT_WAIT_TIMEOUT
        by_domain = params.get('endpoints') is None

        service_id = self.find_service(params.get('service_id'), params.get('service_name'))['id']
        self.connections = self.list(service_id)
        selected, unknown, unmatched = select(self.connections, params.get('endpoints'), params.get('domain_ids'))
        if unknown:
            raise ServiceError(unknown_message(service_id, unknown, self.connections), connections=self.connections)
        warnings = ['No connection to endpoint service %s comes from domain %s.' % (service_id, d) for d in unmatched]
        decided = plan(selected, state, description)
        if decided['blocked']:
            if not by_domain:
                raise ServiceError(blocked_message(service_id, decided['blocked'], state), connections=self.connections)
            # A selection by account takes what can be acted on and says what it left alone.
            warnings.append('Left alone: %s (only pendingAcceptance, accepted and rejected connections can be %s).'
                            % (', '.join('VPC endpoint %s is %s' % b for b in decided['blocked']), state))
        blocked = set(b[0] for b in decided['blocked'])
        selected_ids = [c.get('id') for c in selected if c.get('id') not in blocked]
        before = diff_view(self.connections, selected_ids, with_description)

        if check_mode:
            predicted = predict(self.connections, decided, state, description)
            return _result(plan_changes(decided), predicted, before, diff_view(predicted, selected_ids, with_description),
                           warnings)

        if decided['settle']:
            # The API refuses to act while the cloud moves a connection (a reject during an accept): let it finish first.
            self.connections = self.wait_settled(service_id, decided['settle'], timeout)
            selected, _unknown, _unmatched = select(self.connections, selected_ids)
            decided = plan(selected, state, description)
            if decided['blocked']:
                raise ServiceError(blocked_message(service_id, decided['blocked'], state), connections=self.connections)
        changed = plan_changes(decided)

        if decided['describe']:
            # Before the actions, so that a refused description leaves nothing half-done.
            self._merge(self.set_descriptions(service_id, decided['describe'], description))
        self._act_all(service_id, state, decided['act'])

        if params.get('wait', True):
            by_id = dict((c.get('id'), c) for c in self.connections)
            if any(by_id[e].get('status') != state for e in selected_ids):
                self.connections = self.wait_for(service_id, selected_ids, state, timeout)
        return _result(changed, self.connections, before, diff_view(self.connections, selected_ids, with_description),
                       warnings)

    def _act_all(self, service_id, state, endpoint_ids):
        done = []
        for index, endpoint_id in enumerate(endpoint_ids):
            try:
                self._merge([self.act(service_id, state, endpoint_id)])
            except AmbiguousRequestError as err:
                if not self._took_effect(service_id, endpoint_id, state):
                    self._fail_partway(service_id, state, done, endpoint_ids[index:], err,
                                       note='the request got no clear answer and a fresh read shows no change')
            except ApiError as err:
                self._fail_partway(service_id, state, done, endpoint_ids[index:], err)
            done.append(endpoint_id)
        return done

    def _took_effect(self, service_id, endpoint_id, state):
        """After an unanswered action, tell from a fresh read whether it went through."""
        try:
            connections = self.list(service_id)
        except ApiError:
            return False
        self.connections = connections
        for connection in connections:
            if connection.get('id') == endpoint_id:
                status = connection.get('status')
                if status == state or SETTLING.get(status) == state:
                    self.changed = True
                    return True
        return False

    def _fail_partway(self, service_id, state, done, not_done, err, note=None):
        text = _error_text(err) + (' (%s)' % note if note else '')
        raise ServiceError(partial_message(service_id, state, done, not_done[0], not_done, text, self.described),
                           connections=self.connections, endpoints_done=list(done), endpoints_not_done=list(not_done),
                           error=_error_details(err))

    def _merge(self, answered):
        """Update the last-known connections from connections an answer returned."""
        by_id = dict((c.get('id'), c) for c in answered if c)
        self.connections = [dict(c, **by_id[c.get('id')]) if c.get('id') in by_id else c for c in self.connections]


def _answered(answer, endpoint_id):
    for connection in (answer or {}).get('connections') or []:
        if connection.get('id') == endpoint_id:
            return connection_view(connection)
    return None
