# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Connections of VPC endpoints to an endpoint service (layer 3), beside the service declaration.

Selecting connections by endpoint id or account, deciding which need an accept or a reject
(plan), predicting the result (check mode), then acting: one accept or reject per endpoint as
the API requires, descriptions in one request, waiting, and naming what was and was not done
when a request fails. The service is found with the service declaration's lookup; polling is
the kit's. No Ansible imports.
"""

import re

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    ResourceError,
    ValidationError,
    doing,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate, waiter
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.converge import Convergence
from ansible_collections.hwcloud.vpcep.plugins.module_utils.names import SERVICES_PATH, NamedService


STATES = ('accepted', 'rejected')
# Requested status -> the API's action, and the verb the messages use.
ACTIONS = {'accepted': 'receive', 'rejected': 'reject'}
VERBS = {'accepted': 'accept', 'rejected': 'reject'}
DOING = {'accepted': 'accepting', 'rejected': 'rejecting'}
# The statuses the API accepts or rejects from.
ACTIONABLE = ('pendingAcceptance', 'accepted', 'rejected')
# Statuses the cloud is moving a connection through, and where they end: an accept passes through creating.
IN_TRANSIT = {'creating': 'accepted'}
_DOMAIN_RE = re.compile(r'^[a-zA-Z0-9]{1,64}\Z')

# Unknown-id errors list at most this many existing connections; the failure result carries them all.
LISTED_MAX = 20
# What modules return of a connection (the connections list's model).
CONNECTION_FIELDS = ('created_at', 'description', 'domain_id', 'error', 'id', 'marker_id', 'status', 'updated_at')


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------

def connection_view(connection):
    """Return an API connection as modules show it (the connections list's fields)."""
    return dict((k, connection.get(k)) for k in CONNECTION_FIELDS)


def unique(items):
    """Return the items without repeats, in their first order."""
    seen = set()
    result = []
    for item in items or []:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


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

    Returns a dict of endpoint id lists: `act` (one accept or reject each), `in_transit` (being moved
    elsewhere by the cloud; the action must wait until that ends), `await` (already on the way to
    `state`), `unchanged`, `set_description` (description differs) and `blocked` (`(id, status)` pairs
    that cannot be accepted or rejected).
    """
    decided = {'act': [], 'in_transit': [], 'await': [], 'unchanged': [], 'set_description': [], 'blocked': []}
    for connection in selected:
        endpoint_id = connection.get('id')
        status = connection.get('status')
        if status == state:
            decided['unchanged'].append(endpoint_id)
        elif status in ACTIONABLE:
            decided['act'].append(endpoint_id)
        elif IN_TRANSIT.get(status) == state:
            decided['await'].append(endpoint_id)
        elif status in IN_TRANSIT:
            decided['in_transit'].append(endpoint_id)
        else:
            decided['blocked'].append((endpoint_id, status))
            continue
        if description is not None and (connection.get('description') or '') != description:
            decided['set_description'].append(endpoint_id)
    return decided


def plan_changes(decided):
    """Tell whether a plan changes anything (an action or a description)."""
    return bool(decided['act'] or decided['in_transit'] or decided['set_description'])


def predict(connections, decided, state, description=None):
    """Return the connections as the plan would leave them (check mode): acted ones in `state`, new descriptions."""
    moving = set(decided['act']) | set(decided['in_transit'])
    new_description = set(decided['set_description'])
    result = []
    for connection in connections:
        connection = dict(connection)
        if connection.get('id') in moving:
            connection['status'] = state
        if connection.get('id') in new_description:
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


def connections_text(connections, limit=LISTED_MAX):
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
            % (_endpoints_phrase(unknown), service_id, connections_text(connections)))


def unmatched_message(service_id, domains, connections):
    """Return the error for domain ids (require_match) from which no VPC endpoint is connected to the service."""
    return ('No VPC endpoint of domain%s %s is connected to endpoint service %s; nothing was changed. The connections '
            'that exist: %s. Set require_match=false to act on the domains that have connections and only warn about '
            'the others.' % ('' if len(domains) == 1 else 's', ', '.join(domains), service_id, connections_text(connections)))


def blocked_message(service_id, blocked, state):
    """Return the error for selected connections whose status allows no accept or reject."""
    return ('Cannot %s %s of endpoint service %s: %s; only pendingAcceptance, accepted and rejected connections can be '
            'accepted or rejected. Nothing was changed.'
            % (VERBS[state], _endpoints_noun([b[0] for b in blocked]), service_id,
               ', '.join('%s is %s' % b for b in blocked)))


def partial_message(service_id, state, done, failed_id, not_done, error_text, descriptions_set=None):
    """Return the error for an action that failed after others may have gone through, naming what was and was not done."""
    text = ('Failed to %s VPC endpoint %s of endpoint service %s: %s. %s by this task: %s. Not %s: %s.'
            % (VERBS[state], failed_id, service_id, error_text, state.capitalize(), ', '.join(done) or 'none', state,
               ', '.join(not_done)))
    if descriptions_set:
        text += ' The description was set on: %s.' % ', '.join(descriptions_set)
    return text + ' Re-running the task is safe: connections already %s are left alone.' % state


def _endpoints_noun(ids):
    return 'VPC endpoint%s %s' % ('' if len(ids) == 1 else 's', ', '.join(ids))


def _endpoints_phrase(ids):
    return '%s %s' % (_endpoints_noun(ids), 'is' if len(ids) == 1 else 'are')


def validate_params(params):
    """Return the rules the params break that the argument spec cannot state: id and domain id patterns."""
    errors = validate.resource_id('service_id', params.get('service_id'))
    if params.get('service_name') is not None and '.' in params['service_name']:
        errors.append('service_name: the short name of the service, without region or id (got %s)'
                      % validate.shown(params['service_name']))
    errors.extend(validate.resource_ids('endpoints', params.get('endpoints')))
    errors.extend(domain_id_errors('domain_ids', params.get('domain_ids')))
    errors.extend(validate.description(params.get('description')))
    errors.extend(validate.bounded('wait_timeout', params.get('wait_timeout')))
    return errors


def domain_id_errors(option, values):
    """Check account (domain) ids: 1 to 64 letters and digits each."""
    return ['%s[%d]: must be 1 to 64 letters and digits (got %s)' % (option, index, validate.shown(domain))
            for index, domain in enumerate(values or []) if not _DOMAIN_RE.match(domain)]


# ---------------------------------------------------------------------------
# I/O
# ---------------------------------------------------------------------------

def connections_path(service_id, *suffix):
    """Return the path of a service's connections (or of one of their calls)."""
    return api_path(SERVICES_PATH, service_id, 'connections', *suffix)


def list_connections(context, service_id, status=None, sort_key=None, sort_dir=None):
    """Return the service's endpoint connections, as modules show them, all pages."""
    params = dict(status=status, sort_key=sort_key, sort_dir=sort_dir)
    with doing('reading the connections of endpoint service %s' % service_id):
        items = context.client.paginate(connections_path(service_id), 'connections', params=params,
                                        page_size=limits.PAGE_SIZE)
        return [connection_view(c) for c in items if isinstance(c, dict)]


def find_service(context, service_id=None, service_name=None):
    """Return the API service with this id, or with exactly this short name; none -> ResourceError."""
    service = NamedService(context.derive(id=service_id, name=service_name, state='present')).find()
    if service is None:
        if service_id:
            raise ResourceError('No endpoint service with id %s.' % service_id)
        raise ResourceError('No endpoint service named %r (exact, case-sensitive match on the short name).' % service_name)
    return service


class ApprovalPlan:
    """The connections selected (their endpoint ids, blocked ones left out) and what reaching the state takes."""

    def __init__(self, selected, decided):
        self.selected = selected        # endpoint ids, in the order they were selected
        self.decided = decided          # plan(): act, in_transit, await, unchanged, set_description, blocked

    @property
    def changed(self):
        """Whether the plan changes anything (an action or a description)."""
        return plan_changes(self.decided)


class Approvals(Convergence):
    """Brings the selected connections of one service to accepted or rejected, in the kit's sequence.

    A state is the service's list of connections. `service_id` may be given (a caller that has found the
    service already); else ensure() finds it by the params' service_id or service_name.
    """

    result_key = 'connections'
    argument_rules = dict(required_one_of=[('service_id', 'service_name'), ('endpoints', 'domain_ids')],
                          mutually_exclusive=[('service_id', 'service_name'), ('endpoints', 'domain_ids')])

    def __init__(self, context, service_id=None):
        super().__init__(context)
        self.service_id = service_id
        # Endpoints whose description this run has set, for a failure message.
        self.descriptions_set = []

    @property
    def connections(self):
        """The service's connections as last seen (listed, then updated from each answer); None until read."""
        return self.context.known.get('connections')

    @connections.setter
    def connections(self, value):
        self.context.known['connections'] = value

    def ensure(self):
        """Bring the selected connections to params['state']; return the Outcome."""
        errors = validate_params(self.params)
        if errors:
            raise ValidationError(errors)
        if self.service_id is None:
            self.service_id = find_service(self.context, self.params.get('service_id'), self.params.get('service_name'))['id']
        self.connections = self.read()
        return self.converge(self.connections)

    # -- I/O -------------------------------------------------------------------

    def read(self):
        """Read the service's connections, in the order the params ask for."""
        return list_connections(self.context, self.service_id, sort_key=self.params.get('sort_key'),
                                sort_dir=self.params.get('sort_dir'))

    def act(self, state, endpoint_id):
        """Accept or reject one endpoint (the API takes one per request); return its connection from the answer, or None.

        Not idempotent: repeating a receive while the accept is under way is refused by the API. After an answer
        that is lost or a 5xx, a fresh read of the connections decides whether it went through (and `changed`).
        """
        with doing('%s VPC endpoint %s of endpoint service %s' % (DOING[state], endpoint_id, self.service_id)):
            answer = self.context.write('POST', connections_path(self.service_id, 'action'),
                                        body={'action': ACTIONS[state], 'endpoints': [endpoint_id]}, idempotent=False,
                                        took_effect=lambda: self._took_effect(endpoint_id, state))
        return _answered(answer, endpoint_id)

    def set_descriptions(self, endpoint_ids, description):
        """Set one description on these endpoints' connections in one request; return the answered connections."""
        with doing('setting the description of %s of endpoint service %s' % (_endpoints_noun(endpoint_ids), self.service_id)):
            body = {'connections': [{'id': endpoint_id, 'description': description} for endpoint_id in endpoint_ids]}
            answer = self.context.write('PUT', connections_path(self.service_id, 'description'), body=body,
                                        expect_body=True)
            self.descriptions_set = list(endpoint_ids)
        return [connection_view(c) for c in (answer or {}).get('connections') or [] if isinstance(c, dict)]

    def wait_for(self, endpoint_ids, reached, goal):
        """Poll the connections until `reached(status)` holds for these endpoints (kit.waiter.wait_until); return them."""
        def read():
            self.connections = self.read()
            return self.connections

        def holds(connections):
            by_id = dict((c.get('id'), c) for c in connections)
            gone = [e for e in endpoint_ids if e not in by_id]
            if gone:
                raise ResourceError('%s no longer connected to endpoint service %s while waiting for them %s.'
                                    % (_endpoints_phrase(gone), self.service_id, goal))
            failed = [e for e in endpoint_ids if by_id[e].get('status') == 'failed' and not reached('failed')]
            if failed:
                raise ResourceError('The connection of %s to endpoint service %s ended in status failed.'
                                    % (_endpoints_noun(failed), self.service_id))
            return all(reached(by_id[e].get('status')) for e in endpoint_ids)

        timeout = self.context.option('wait_timeout', limits.WAIT_TIMEOUT.default)

        def late(connections):
            by_id = dict((c.get('id'), c) for c in connections)
            still = ', '.join('%s (%s)' % (e, by_id[e].get('status')) for e in endpoint_ids
                              if not reached(by_id[e].get('status')))
            return ResourceError('Timed out after %s seconds (wait_timeout) waiting for the connections of endpoint '
                                 'service %s %s; still not there: %s. %s' % (timeout, self.service_id, goal, still,
                                                                             waiter.LATER))

        with doing('waiting for the connections of endpoint service %s' % self.service_id):
            return waiter.wait_until(self.context, read, holds, timeout, late)

    # -- the steps of kit.converge ---------------------------------------------

    def decide(self, current):
        """Select the connections (`current`, the service's) and plan them: an ApprovalPlan (selected ids without the blocked ones)."""
        state, description = self.params['state'], self.params.get('description')
        by_domain = self.params.get('endpoints') is None
        selected, unknown, unmatched = select(current, self.params.get('endpoints'), self.params.get('domain_ids'))
        if unknown:
            raise ResourceError(unknown_message(self.service_id, unknown, current))
        if unmatched and self.context.option('require_match', True):
            raise ResourceError(unmatched_message(self.service_id, unmatched, current))
        for domain in unmatched:
            self.context.warn('No connection to endpoint service %s comes from domain %s.' % (self.service_id, domain))
        selected = self.only_current_status(selected)
        decided = plan(selected, state, description)
        if decided['blocked']:
            if not by_domain:
                raise ResourceError(blocked_message(self.service_id, decided['blocked'], state))
            # A selection by account takes what can be acted on and says what it left alone.
            self.context.warn('Left alone: %s (only pendingAcceptance, accepted and rejected connections can be %s).'
                              % (', '.join('VPC endpoint %s is %s' % b for b in decided['blocked']), state))
        blocked = set(b[0] for b in decided['blocked'])
        return ApprovalPlan([c.get('id') for c in selected if c.get('id') not in blocked], decided)

    def only_current_status(self, selected):
        """Keep the selected connections in the current_status asked for; say which were left alone."""
        wanted = self.params.get('current_status')
        if not wanted:
            return selected
        left = [c for c in selected if c.get('status') != wanted]
        if left:
            self.context.warn('Left alone (current_status is %s): %s.'
                              % (wanted, ', '.join('VPC endpoint %s is %s' % (c.get('id'), c.get('status')) for c in left)))
        return [c for c in selected if c.get('status') == wanted]

    def diff_side(self, state, plan):
        return diff_view(state, plan.selected, self.params.get('description') is not None)

    def predict(self, current, plan):
        return predict(current, plan.decided, self.params['state'], self.params.get('description'))

    def prepare(self, current, plan):
        """Let the cloud finish moving connections (a reject during an accept is refused), then plan again."""
        if not plan.decided['in_transit']:
            return current, plan
        self.connections = self.wait_for(plan.decided['in_transit'], lambda status: status not in IN_TRANSIT,
                                         'to finish their ongoing change')
        return self.connections, self._replanned(plan.selected)

    def _replanned(self, endpoint_ids):
        state = self.params['state']
        selected, _unknown, _unmatched = select(self.connections, endpoint_ids)
        decided = plan(selected, state, self.params.get('description'))
        if decided['blocked']:
            raise ResourceError(blocked_message(self.service_id, decided['blocked'], state))
        return ApprovalPlan(endpoint_ids, decided)

    def apply(self, current, plan):
        """Set the descriptions (first: a refused description leaves nothing half-done), then act on each endpoint."""
        if plan.decided['set_description']:
            self._merge(self.set_descriptions(plan.decided['set_description'], self.params.get('description')))
        self._act_all(self.params['state'], plan.decided['act'])
        return self.connections

    def wait(self, state, plan):
        wanted = self.params['state']
        by_id = dict((c.get('id'), c) for c in state)
        if any(by_id[e].get('status') != wanted for e in plan.selected):
            self.connections = self.wait_for(plan.selected, lambda status: status == wanted, 'to become %s' % wanted)
        return self.connections

    # -- failures part-way -----------------------------------------------------

    def _act_all(self, state, endpoint_ids):
        done = []
        for index, endpoint_id in enumerate(endpoint_ids):
            try:
                self._merge([self.act(state, endpoint_id)])
            except ApiError as error:
                note = None
                if isinstance(error, AmbiguousRequestError):
                    note = ('the request got no clear answer and it could not be checked whether it went through'
                            if error.may_have_applied else 'the request got no clear answer and a fresh read shows no change')
                self._fail_partway(state, done, endpoint_ids[index:], error, note=note)
            done.append(endpoint_id)
        return done

    def _took_effect(self, endpoint_id, state):
        """After an unclear answer to an action, tell from a fresh read whether it went through (None: not listed)."""
        self.connections = self.read()
        for connection in self.connections:
            if connection.get('id') == endpoint_id:
                status = connection.get('status')
                return status == state or IN_TRANSIT.get(status) == state
        return None

    def _fail_partway(self, state, done, not_done, error, note=None):
        text = error.summary() + (' (%s)' % note if note else '')
        details = dict(endpoints_done=list(done), endpoints_not_done=list(not_done))
        if isinstance(error, ApiError):
            details['error'] = error.to_dict()
        raise ResourceError(partial_message(self.service_id, state, done, not_done[0], not_done, text, self.descriptions_set),
                            **details)

    def _merge(self, answered):
        """Update the last-known connections from connections an answer returned."""
        by_id = dict((c.get('id'), c) for c in answered if c)
        self.connections = [dict(c, **by_id[c.get('id')]) if c.get('id') in by_id else c for c in self.connections]


def ensure(context):
    """Run the vpcep_connection module's engine."""
    return Approvals(context).ensure()


def _answered(answer, endpoint_id):
    for connection in (answer or {}).get('connections') or []:
        if isinstance(connection, dict) and connection.get('id') == endpoint_id:
            return connection_view(connection)
    return None
