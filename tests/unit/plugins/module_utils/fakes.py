# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test doubles shared by the layer-3 tests: a clock that only moves when slept on, and an in-memory VPCEP.

`FakeVpcep` speaks the client interface layer 3 uses (`get`, `post`, `put`, `delete`, `request`,
`paginate`) with enough API behaviour to drive the resource declarations, and records every call
so that tests can assert what was (and was not) sent: `calls` holds `(method, path, data)` with
`data` the query params of a read (None values dropped, `limit` for a listing) or the body of a
write; `opts` holds, at the same index, the keyword options of the call (`idempotent`,
`expect_body`, `workers`).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import copy
import re
import threading
import time
import types

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError

REGION = 'cn-north-4'
PROJECT = 'p1'
SERVICES = '/v1/{project_id}/vpc-endpoint-services'
ENDPOINTS = '/v1/{project_id}/vpc-endpoints'
QUOTAS = '/v1/{project_id}/quotas'
VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
SUBNET = '5189d3c2-8882-4871-a3c2-d380272eed81'
# The domain (account) that owns the services of this fake project.
OWNER_DOMAIN_ID = '0aa1bb2cc3dd4ee5ff6a7b8c9d0e1f20'
OWNER = 'iam:domain::' + OWNER_DOMAIN_ID
DOMAIN = 'iam:domain::1564ec50ef2a47c791ea5536353ed4b9'
OTHER_DOMAIN = 'iam:domain::2a47c791ea5536353ed4b91564ec50ef'
ORG = 'organizations:orgPath::o-abc/r-def/ou-ghi'
CREATED = '2026-01-01T00:00:00Z'
# The creation token every create carries in these tests (conftest.py fixes lookup.new_token to it).
TOKEN = '0123456789abcdef0123456789abcdef'
MARKER = {'key': 'hwcloud-vpcep-create-token', 'value': TOKEN}

# Fields of the create and modify answers that no read returns (the SDK's show and list models).
WRITE_ONLY = ('pool_id', 'ip_version', 'snat_network_id')
# Fields only the list call returns, and fields only the show call returns (both return supported_editions).
LIST_ONLY = ('domain_id', 'connection_count', 'public_border_group')
SHOW_ONLY = ('cidr_type',)
V2_SERVICES = '/v2/{project_id}/vpc-endpoint-services'


# The fields of the show call's endpoint model that the list call's lacks (the SDK's models).
LIST_LACKS = ('enable_status', 'ipv6_address', 'specification_name')
FULL_ACCESS = {'Version': '5.0', 'Statement': [{'Effect': 'Allow', 'Action': ['*'], 'Resource': ['*']}]}


class FakeClock(object):
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds > 0
        self.sleeps.append(seconds)
        self.now += seconds


def module_params(argument_spec, **overrides):
    """Module-style params: every option of a module's own argument spec at its default, then the overrides."""
    params = dict((name, option.get('default')) for name, option in argument_spec.items())
    params.update(overrides)
    return params


def api_error(status, method='GET', path='/x', code=None, msg=None, cls=ApiError, request_id=None):
    """Return an ApiError shaped as the client raises it."""
    code = code or {400: 'EndPoint.0002', 403: 'EndPoint.0004', 404: 'EndPoint.0005', 409: 'EndPoint.0002',
                    500: 'EndPoint.0001', 503: 'APIGW.0301'}.get(status)
    msg = msg or {400: 'Invalid parameter', 403: 'Forbidden', 404: 'Resource not found', 409: 'Conflict',
                  500: 'System error.', 503: 'Service Unavailable'}.get(status)
    text = '%s %s failed: HTTP %s %s: %s' % (method, path, status, code, msg) if status else '%s %s failed: %s' % (method, path, msg)
    return cls(text, status=status, error_code=code, error_msg=msg, request_id=request_id, method=method, path=path)


def _drop_none(params):
    if params is None:
        return None
    items = params.items() if hasattr(params, 'items') else params
    return dict((k, v) for k, v in items if v is not None)


def _raise(error):
    raise error


def _public(record):
    return dict((k, copy.deepcopy(v)) for k, v in record.items() if not k.startswith('_'))


class FakeVpcep(object):
    """An in-memory VPCEP: services, permissions, connections, tags, tag filters, quotas and VPC endpoints."""

    def __init__(self, clock=None, name_form='full'):
        self.clock = clock or FakeClock()
        self.name_form = name_form
        self.lock = threading.RLock()
        self.calls = []
        self.opts = []
        self.counter = 0
        # [method, path (exact) or compiled regex, exception, times left, commit]: see fail().
        self.failures = []
        # Concurrency seen by the reads (for the info module's concurrent reads).
        self.in_flight = 0
        self.max_in_flight = 0
        self.read_delay = 0.0
        # As the real client's transport: a fleet sets its gate, the semaphore bounding the requests in flight.
        self.transport = types.SimpleNamespace(gate=None)

        # -- services
        self.services = {}
        self.permissions = {}
        self.connections = {}
        # Statuses a new service reports on the show calls after its create; the last one sticks.
        self.provision = ['creating', 'available']
        self.created_at = '2026-01-02T00:00:00Z'
        # The create: raise create_error after committing (unless create_commits is False); the service
        # becomes visible commit_delay seconds (of the fake clock) after the create; create_answer
        # turns the answer into what the client returns (None, {} ...); on_create runs after a commit.
        self.create_error = None
        self.create_commits = True
        self.commit_delay = 0
        self.create_answer = None
        self.on_create = None
        self.modify_answer = None
        self.delete_polls = 1
        # A delete of a service or endpoint that is still creating is refused (HTTP 409); so is a tag action.
        self.refuse_delete_while_creating = False
        self.refuse_tags_while_creating = False
        # Whether the permissions list returns descriptions, and whether a new service lists its owner.
        self.list_descriptions = True
        self.owner_listed = False
        # Statuses a received connection reports on the list reads after the accept; the last one sticks.
        self.accepting = ['accepted']
        # Per endpoint id: (error its action answers with, whether the action still took effect).
        self.action_errors = {}

        # -- quotas: type -> [used, quota]
        self.quotas = {'endpoint_service': [0, 20], 'endpoint': [0, 50]}

        # -- VPC endpoints and the services a consumer may describe (other accounts' too)
        self.endpoints = {}
        self.describable = {}
        # The cloud's own public services (OBS, DNS, ...).
        self.public_services = []
        self.endpoint_provision = ['creating', 'pendingAcceptance']
        # Route table ids the route tables call fails to bind (when added) or unbind (when removed), with its message.
        self.routetable_failures = {}

    # ==================================================================== inspection

    @property
    def writes(self):
        """The calls that are not reads."""
        return [c for c in self.calls if c[0] != 'GET']

    @property
    def reads(self):
        """The reads."""
        return [c for c in self.calls if c[0] == 'GET']

    def calls_to(self, suffix, method=None):
        """The calls whose path ends with `suffix` (and of `method`, when given)."""
        return [c for c in self.calls if c[1].endswith(suffix) and (method is None or c[0] == method)]

    def bodies(self, suffix, method='POST'):
        """The bodies sent to paths ending with `suffix`."""
        return [c[2] for c in self.calls_to(suffix, method)]

    def opts_of(self, suffix, method=None):
        """The keyword options of the calls whose path ends with `suffix`."""
        return [o for c, o in zip(self.calls, self.opts) if c[1].endswith(suffix) and (method is None or c[0] == method)]

    def reset_calls(self):
        """Forget the calls recorded so far."""
        del self.calls[:]
        del self.opts[:]

    # ==================================================================== set-up

    def fail(self, method, path, error, times=1, commit=False):
        """Make the next `times` calls of `method` to `path` (a string, or a compiled regex) raise `error`.

        With commit=True the call takes effect first (a lost answer)."""
        self.failures.append([method, path, error, times, commit])

    def full_name(self, name, sid):
        """The service_name the API answers with for a short name."""
        if self.name_form == 'short':
            return name
        return '%s.%s.%s' % (REGION, name, sid) if name else '%s.%s' % (REGION, sid)

    def next_id(self, prefix):
        """A new id."""
        self.counter += 1
        return '%s-%04d' % (prefix, self.counter)

    def add_service(self, name, permissions=None, connections=None, **fields):
        """Store a service as if it existed; return its id. `permissions`: strings or records."""
        sid = fields.pop('id', None) or self.next_id('svc')
        service = {
            'id': sid, 'service_name': self.full_name(name, sid), 'vpc_id': VPC, 'port_id': PORT,
            'server_type': 'VM', 'service_type': 'interface', 'approval_enabled': True, 'status': 'available',
            'tcp_proxy': 'close', 'description': '', 'project_id': PROJECT, 'pool_id': 'pool-1', 'ip_version': 'ipv4',
            'created_at': CREATED, 'updated_at': CREATED, 'enable_policy': False, 'cidr_type': 'internal',
            'supported_editions': ['basic'], 'domain_id': OWNER_DOMAIN_ID, 'connection_count': 0,
            'public_border_group': 'center', 'ports': [{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}],
            'tags': [], 'server_resources': [],
        }
        tags = fields.pop('tags', None)
        if tags:
            service['tags'] = [{'key': k, 'value': v} for k, v in sorted(tags.items())]
        service.update(fields)
        service.setdefault('_statuses', [])
        service.setdefault('_visible_at', 0)
        self.services[sid] = service
        self.permissions[sid] = [self.permission_record(p) for p in permissions or []]
        self.connections[sid] = []
        for connection in connections or []:
            self.add_connection(sid, **connection)
        return sid

    def permission_record(self, entry, created_at=CREATED):
        """A stored permission record from a string or a {permission, description} dict."""
        if isinstance(entry, dict) and 'id' in entry:
            return dict(entry)
        if isinstance(entry, dict):
            permission, description = entry['permission'], entry.get('description') or ''
        else:
            permission, description = entry, ''
        return {'id': self.next_id('perm'), 'permission': permission, 'created_at': created_at,
                'permission_type': 'orgPath' if permission.startswith('organizations:') else 'domainId',
                'description': description}

    def add_connection(self, sid, endpoint_id, domain_id, status='pendingAcceptance', description='', **fields):
        """Connect a consumer's VPC endpoint to a service."""
        connection = {'id': endpoint_id, 'marker_id': 100 + len(self.connections[sid]), 'domain_id': domain_id,
                      'status': status, 'description': description, 'created_at': CREATED, 'updated_at': CREATED,
                      '_next': []}
        connection.update(fields)
        self.connections[sid].append(connection)
        return endpoint_id

    def add_endpoint(self, service_id, vpc_id=VPC, subnet_id=SUBNET, **fields):
        """Store a VPC endpoint of this project; return its id."""
        eid = fields.pop('id', None) or self.next_id('ep')
        service = self.describable.get(service_id) or self.services.get(service_id) or {}
        endpoint = {
            'id': eid, 'endpoint_service_id': service_id, 'vpc_id': vpc_id, 'subnet_id': subnet_id,
            'endpoint_service_name': service.get('service_name', '%s.svc.%s' % (REGION, service_id)),
            'service_type': service.get('service_type', 'interface'), 'status': 'accepted', 'ip': '10.0.0.9',
            'marker_id': 16777337, 'enable_dns': False, 'dns_names': [], 'whitelist': [], 'enable_whitelist': False,
            'description': '', 'project_id': PROJECT, 'created_at': CREATED, 'updated_at': CREATED, 'tags': [],
        }
        tags = fields.pop('tags', None)
        if tags:
            endpoint['tags'] = [{'key': k, 'value': v} for k, v in sorted(tags.items())]
        endpoint.update(fields)
        endpoint.setdefault('_statuses', [])
        endpoint.setdefault('_visible_at', 0)
        self.endpoints[eid] = endpoint
        return eid

    def add_describable(self, sid, name, service_type='interface', **fields):
        """A service (of any account) that the describe call answers for; return its full name."""
        record = {'id': sid, 'service_name': self.full_name(name, sid), 'service_type': service_type,
                  'created_at': CREATED, 'is_charge': False, 'enable_policy': False}
        record.update(fields)
        self.describable[sid] = record
        return record['service_name']

    # ==================================================================== the client interface

    def get(self, path, params=None):
        return self._call('GET', path, _drop_none(params), {})

    def post(self, path, body=None, idempotent=False, expect_body=False):
        return self._call('POST', path, copy.deepcopy(body), {'idempotent': idempotent, 'expect_body': expect_body})

    def put(self, path, body=None):
        return self._call('PUT', path, copy.deepcopy(body), {})

    def delete(self, path):
        return self._call('DELETE', path, None, {})

    def request(self, method, path, params=None, body=None, idempotent=None, expect_body=None):
        data = _drop_none(params) if method.upper() == 'GET' else copy.deepcopy(body)
        return self._call(method.upper(), path, data, {'idempotent': idempotent, 'expect_body': expect_body, 'via': 'request'})

    def paginate(self, path, key, params=None, page_size=1000, workers=1):
        data = dict(_drop_none(params) or {}, limit=page_size)
        return self._call('GET', path, data, {'workers': workers, 'key': key, 'paginate': True})

    # ==================================================================== dispatch

    def _call(self, method, path, data, opts):
        with self.transport.gate or contextlib.nullcontext():
            return self._attempt(method, path, data, opts)

    def _attempt(self, method, path, data, opts):
        with self.lock:
            self.calls.append((method, path, data))
            self.opts.append(opts)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.read_delay and method == 'GET':
                time.sleep(self.read_delay)
            with self.lock:
                injected = self._injected(method, path)
                if injected is not None and not injected[1]:
                    raise injected[0]
                answer = self._route(method, path, data, opts)
                if injected is not None:
                    raise injected[0]
                return answer
        finally:
            with self.lock:
                self.in_flight -= 1

    def _injected(self, method, path):
        for failure in self.failures:
            wanted_method, wanted_path, error, times, commit = failure
            hit = wanted_path.search(path) if hasattr(wanted_path, 'search') else wanted_path == path
            if wanted_method == method and hit and times > 0:
                failure[3] -= 1
                return error, commit
        return None

    def _route(self, method, path, data, opts):
        for route_method, pattern, handler in self._routes():
            match = re.match('^' + pattern + r'\Z', path)
            if match and route_method == method:
                return handler(data, *match.groups())
        raise AssertionError('unexpected %s %s' % (method, path))

    def _routes(self):
        svc = re.escape(SERVICES)
        ep = re.escape(ENDPOINTS)
        seg = r'([^/]+)'
        return [
            ('GET', svc, self._list_services),
            ('POST', svc, self._create_service),
            ('GET', svc + '/describe', self._describe),
            ('GET', svc + '/public', self._public_services),
            ('GET', svc + '/' + seg, self._show_service),
            ('PUT', svc + '/' + seg, self._modify_service),
            ('DELETE', svc + '/' + seg, self._delete_service),
            ('GET', svc + '/' + seg + '/permissions', self._list_permissions),
            ('POST', svc + '/' + seg + '/permissions/batch-create', self._add_permissions),
            ('POST', svc + '/' + seg + '/permissions/batch-delete', self._remove_permissions),
            ('PUT', svc + '/' + seg + '/permissions/' + seg, self._describe_permission),
            ('GET', svc + '/' + seg + '/connections', self._list_connections),
            ('POST', svc + '/' + seg + '/connections/action', self._connection_action),
            ('PUT', svc + '/' + seg + '/connections/description', self._connection_descriptions),
            ('POST', re.escape('/v1/{project_id}/') + r'(endpoint_service|endpoint)/resource_instances/action', self._filter),
            ('POST', re.escape('/v1/{project_id}/') + r'(endpoint_service|endpoint)/' + seg + '/tags/action', self._tag_action),
            ('GET', re.escape(QUOTAS), self._quotas),
            ('GET', re.escape('/v1/{project_id}/') + r'(endpoint_service|endpoint)/tags', self._project_tags),
            ('POST', re.escape(V2_SERVICES) + '/' + seg + '/upgrade', self._upgrade_service),
            ('POST', re.escape(V2_SERVICES) + '/' + seg + '/add-server-resources', self._add_server_resources),
            ('GET', ep, self._list_endpoints),
            ('POST', ep, self._create_endpoint),
            ('GET', ep + '/' + seg, self._show_endpoint),
            ('PUT', ep + '/' + seg, self._modify_endpoint),
            ('PUT', ep + '/' + seg + '/routetables', self._endpoint_routetables),
            ('PUT', ep + '/' + seg + '/policy', self._endpoint_policy),
            ('DELETE', ep + '/' + seg + '/policy', self._delete_endpoint_policy),
            ('DELETE', ep + '/' + seg, self._delete_endpoint),
        ]

    # ==================================================================== services

    def _visible(self, record):
        return record.get('_visible_at', 0) <= self.clock()

    def _service_answer(self, service, call):
        answer = _public(service)
        drop = WRITE_ONLY + (SHOW_ONLY if call == 'list' else LIST_ONLY if call == 'show' else
                             LIST_ONLY + SHOW_ONLY + ('supported_editions',)) + ('server_resources',)
        for key in drop:
            if call == 'write' and key in WRITE_ONLY:
                continue
            answer.pop(key, None)
        return answer

    def _list_services(self, params):
        items = [s for s in self.services.values() if self._visible(s)]
        wanted = params.get('endpoint_service_name')
        if wanted:
            # The real filter is a case-insensitive substring match on the name.
            items = [s for s in items if wanted.lower() in s['service_name'].lower()]
        for key in ('id', 'status'):
            if params.get(key):
                items = [s for s in items if s[key] == params[key]]
        return [self._service_answer(s, 'list') for s in items]

    def _live_service(self, sid, method, path=None):
        service = self.services.get(sid)
        if service is None or not self._visible(service):
            raise api_error(404, method, path or '%s/%s' % (SERVICES, sid))
        return service

    def _show_service(self, _params, sid):
        service = self._live_service(sid, 'GET')
        if service['_statuses']:
            status = service['_statuses'].pop(0) if len(service['_statuses']) > 1 else service['_statuses'][0]
            if status == 'gone':
                del self.services[sid]
                raise api_error(404, 'GET', '%s/%s' % (SERVICES, sid))
            service['status'] = status
        return self._service_answer(service, 'show')

    def _create_service(self, body):
        if not self.create_commits and self.create_error is not None:
            _raise(self.create_error)
        sid = self.next_id('new')
        service = dict(copy.deepcopy(body), id=sid, status='creating', project_id=PROJECT, pool_id='pool-1',
                       created_at=self.created_at, updated_at=self.created_at, domain_id=OWNER_DOMAIN_ID,
                       connection_count=0, public_border_group='center', cidr_type='internal', supported_editions=['basic'],
                       server_resources=[])
        service['service_name'] = self.full_name(body.get('service_name', ''), sid)
        service.setdefault('approval_enabled', True)
        service.setdefault('service_type', 'interface')
        service.setdefault('tcp_proxy', 'close')
        service.setdefault('ip_version', 'ipv4')
        service.setdefault('description', '')
        service.setdefault('tags', [])
        service['_statuses'] = list(self.provision)
        service['_visible_at'] = self.clock() + self.commit_delay
        self.services[sid] = service
        self.permissions[sid] = [self.permission_record(OWNER, self.created_at)] if self.owner_listed else []
        self.connections[sid] = []
        if self.on_create is not None:
            self.on_create(sid)
        if self.create_error is not None:
            _raise(self.create_error)
        answer = self._service_answer(service, 'write')
        return self.create_answer(answer) if self.create_answer else answer

    def _modify_service(self, body, sid):
        service = self._live_service(sid, 'PUT')
        for key, value in body.items():
            if key == 'service_name':
                service['service_name'] = self.full_name(value, sid)
            else:
                service[key] = copy.deepcopy(value)
        service['updated_at'] = '2026-01-03T00:00:00Z'
        answer = self._service_answer(service, 'write')
        return self.modify_answer(answer) if self.modify_answer else answer

    def _upgrade_service(self, _body, sid):
        service = self._live_service(sid, 'POST', '%s/%s/upgrade' % (V2_SERVICES, sid))
        if 'profession' not in service['supported_editions']:
            service['supported_editions'] = service['supported_editions'] + ['profession']
        return None

    def _add_server_resources(self, body, sid):
        service = self._live_service(sid, 'POST', '%s/%s/add-server-resources' % (V2_SERVICES, sid))
        service['server_resources'].extend(copy.deepcopy(body['server_resources']))
        return None

    def _project_tags(self, _params, kind):
        values = {}
        for record in self._tagged(kind).values():
            for tag in record.get('tags') or []:
                values.setdefault(tag['key'], set()).add(tag.get('value', ''))
        return {'tags': [{'key': key, 'values': sorted(values[key])} for key in sorted(values)]}

    def _delete_service(self, _body, sid):
        service = self._live_service(sid, 'DELETE')
        if self.refuse_delete_while_creating and service['status'] == 'creating':
            raise api_error(409, 'DELETE', '%s/%s' % (SERVICES, sid), msg='The service is being created')
        service['status'] = 'deleting'
        service['_statuses'] = ['deleting'] * (self.delete_polls - 1) + ['gone']
        return None

    def _describe(self, params):
        wanted_name, wanted_id = params.get('endpoint_service_name'), params.get('id')
        for record in list(self.describable.values()) + list(self.services.values()):
            if (wanted_name and record['service_name'] == wanted_name) or (wanted_id and record['id'] == wanted_id):
                keys = ('id', 'service_name', 'service_type', 'created_at', 'is_charge', 'enable_policy')
                answer = dict((k, record.get(k)) for k in keys)
                return dict((k, v) for k, v in answer.items() if v is not None)
        raise api_error(404, 'GET', SERVICES + '/describe')

    def _public_services(self, params):
        items = [dict(s) for s in self.public_services]
        if params.get('endpoint_service_name'):
            items = [s for s in items if params['endpoint_service_name'].lower() in s['service_name'].lower()]
        if params.get('id'):
            items = [s for s in items if s['id'] == params['id']]
        return items

    # -- permissions

    def _list_permissions(self, _params, sid):
        self._live_service(sid, 'GET')
        records = [dict(r) for r in self.permissions[sid]]
        if not self.list_descriptions:
            for record in records:
                record.pop('description', None)
        return records

    def _add_permissions(self, body, sid):
        service = self._live_service(sid, 'POST')
        if service['status'] != 'available':
            # As the reference implementation knows it: permissions go to an available service only.
            raise api_error(400, 'POST', '%s/%s/permissions/batch-create' % (SERVICES, sid),
                            msg='The endpoint service is %s' % service['status'])
        created = []
        present = set(r['permission'] for r in self.permissions[sid])
        for entry in body['permissions']:
            assert set(entry) <= set(['permission', 'description']), entry
            kind = 'orgPath' if entry['permission'].startswith('organizations:') else 'domainId'
            assert kind == body['permission_type'], body
            if entry['permission'] in present:
                continue
            record = self.permission_record(entry, '2026-01-04T00:00:00Z')
            self.permissions[sid].append(record)
            created.append(dict(record))
        return {'permissions': created}

    def _remove_permissions(self, body, sid):
        self._live_service(sid, 'POST')
        gone = set(item['id'] for item in body['permissions'])
        assert all(set(item) == set(['id']) for item in body['permissions']), body
        self.permissions[sid] = [r for r in self.permissions[sid] if r['id'] not in gone]
        return None

    def _describe_permission(self, body, sid, pid):
        self._live_service(sid, 'PUT')
        for record in self.permissions[sid]:
            if record['id'] == pid:
                record['description'] = body['permission']['description']
                return {'permission': dict(record)}
        raise api_error(404, 'PUT', '%s/%s/permissions/%s' % (SERVICES, sid, pid))

    # -- connections

    def _list_connections(self, params, sid):
        self._live_service(sid, 'GET')
        for connection in self.connections[sid]:
            if connection['_next']:
                connection['status'] = connection['_next'].pop(0)
        items = [_public(c) for c in self.connections[sid]]
        if params.get('status'):
            items = [c for c in items if c['status'] == params['status']]
        return items

    def _connection_action(self, body, sid):
        assert len(body['endpoints']) == 1, 'the API takes one endpoint per action'
        assert body['action'] in ('receive', 'reject'), body
        endpoint_id = body['endpoints'][0]
        error, commits = self.action_errors.pop(endpoint_id, (None, False))
        if error is not None and not commits:
            raise error
        connection = [c for c in self.connections[sid] if c['id'] == endpoint_id][0]
        if body['action'] == 'receive':
            statuses = list(self.accepting)
            connection['status'] = statuses.pop(0)
            connection['_next'] = statuses
        else:
            connection['status'] = 'rejected'
        if error is not None:
            raise error
        return {'connections': [_public(connection)]}

    def _connection_descriptions(self, body, sid):
        answered = []
        for item in body['connections']:
            connection = [c for c in self.connections[sid] if c['id'] == item['id']][0]
            connection['description'] = item['description']
            answered.append(_public(connection))
        return {'connections': answered}

    # -- tags

    def _tagged(self, kind):
        return self.services if kind == 'endpoint_service' else self.endpoints

    def _tag_action(self, body, kind, rid):
        path = '/v1/{project_id}/%s/%s/tags/action' % (kind, rid)
        record = self._tagged(kind).get(rid)
        if record is None or not self._visible(record):
            raise api_error(404, 'POST', path)
        if self.refuse_tags_while_creating and record['status'] == 'creating':
            raise api_error(409, 'POST', path, msg='The resource is being created')
        tags = dict((t['key'], t['value']) for t in record['tags'])
        for tag in body['tags']:
            if body['action'] == 'create':
                tags[tag['key']] = tag['value']
            elif tags.get(tag['key']) == tag.get('value'):
                # A delete with a value removes the tag only when the value matches.
                del tags[tag['key']]
        record['tags'] = [{'key': k, 'value': v} for k, v in sorted(tags.items())]
        return None

    def _filter(self, body, kind):
        assert body['action'] == 'filter', body

        def values_match(tags, item):
            return item['key'] in tags and (not item['values'] or tags[item['key']] in item['values'])

        def keep(record):
            tags = dict((t['key'], t['value']) for t in record['tags'])
            if body.get('tags') and not all(values_match(tags, i) for i in body['tags']):
                return False
            if body.get('tags_any') and not any(values_match(tags, i) for i in body['tags_any']):
                return False
            if body.get('not_tags') and all(values_match(tags, i) for i in body['not_tags']):
                return False
            if body.get('not_tags_any') and any(values_match(tags, i) for i in body['not_tags_any']):
                return False
            return True

        found = [r for r in self._tagged(kind).values() if keep(r)]
        page = found[body.get('offset', 0):body.get('offset', 0) + body.get('limit', 1000)]
        return {'resources': [{'resource_id': r['id'], 'resource_name': r.get('service_name', ''),
                               'tags': copy.deepcopy(r['tags'])} for r in page], 'total_count': len(found)}

    # -- quotas

    def _quotas(self, params):
        kinds = [params['type']] if params.get('type') else sorted(self.quotas)
        return {'quotas': {'resources': [{'type': k, 'used': self.quotas[k][0], 'quota': self.quotas[k][1]}
                                         for k in kinds]}}

    # ==================================================================== VPC endpoints

    def _list_endpoints(self, params):
        items = [e for e in self.endpoints.values() if self._visible(e)]
        if params.get('endpoint_service_name'):
            items = [e for e in items if params['endpoint_service_name'].lower() in e['endpoint_service_name'].lower()]
        for key in ('vpc_id', 'id'):
            if params.get(key):
                items = [e for e in items if e[key] == params[key]]
        # The list call's model (EndpointResponseBody) lacks three fields of the show call's.
        return [dict((k, v) for k, v in _public(e).items() if k not in LIST_LACKS) for e in items]

    def _live_endpoint(self, eid, method):
        endpoint = self.endpoints.get(eid)
        if endpoint is None or not self._visible(endpoint):
            raise api_error(404, method, '%s/%s' % (ENDPOINTS, eid))
        return endpoint

    def _show_endpoint(self, _params, eid):
        endpoint = self._live_endpoint(eid, 'GET')
        if endpoint['_statuses']:
            status = endpoint['_statuses'].pop(0) if len(endpoint['_statuses']) > 1 else endpoint['_statuses'][0]
            if status == 'gone':
                del self.endpoints[eid]
                raise api_error(404, 'GET', '%s/%s' % (ENDPOINTS, eid))
            endpoint['status'] = status
        return _public(endpoint)

    def _create_endpoint(self, body):
        if not self.create_commits and self.create_error is not None:
            _raise(self.create_error)
        service = self.describable.get(body['endpoint_service_id']) or self.services.get(body['endpoint_service_id'])
        fields = dict((k, v) for k, v in body.items()
                      if k not in ('port_ip', 'tags', 'endpoint_service_id', 'vpc_id', 'subnet_id'))
        eid = self.add_endpoint(body['endpoint_service_id'], body['vpc_id'], body.get('subnet_id'), status='creating',
                                ip=body.get('port_ip') or '10.0.0.7', created_at=self.created_at,
                                updated_at=self.created_at, **fields)
        endpoint = self.endpoints[eid]
        endpoint['tags'] = copy.deepcopy(body.get('tags') or [])
        endpoint['service_type'] = (service or {}).get('service_type', 'interface')
        endpoint['_statuses'] = list(self.endpoint_provision)
        endpoint['_visible_at'] = self.clock() + self.commit_delay
        if self.on_create is not None:
            self.on_create(eid)
        if self.create_error is not None:
            _raise(self.create_error)
        answer = _public(endpoint)
        return self.create_answer(answer) if self.create_answer else answer

    def _modify_endpoint(self, body, eid):
        endpoint = self._live_endpoint(eid, 'PUT')
        assert set(body) <= set(['whitelist', 'enable_whitelist']), body
        endpoint.update(copy.deepcopy(body))
        return _public(endpoint)

    def _endpoint_routetables(self, body, eid):
        endpoint = self._live_endpoint(eid, 'PUT')
        current = list(endpoint.get('routetables') or [])
        failed = {'bind_failed': [t for t in body['routetables'] if t not in current and t in self.routetable_failures],
                  'unbind_failed': [t for t in current if t not in body['routetables'] and t in self.routetable_failures]}
        kept = [t for t in body['routetables'] if t not in failed['bind_failed']] + failed['unbind_failed']
        endpoint['routetables'] = kept
        error = None
        if failed['bind_failed'] or failed['unbind_failed']:
            error = [dict((key, [{'id': t, 'error_message': self.routetable_failures[t]} for t in tables])
                          for key, tables in failed.items())]
        return {'routetables': list(kept), 'error': error}

    def _delete_endpoint_policy(self, _body, eid):
        endpoint = self._live_endpoint(eid, 'DELETE')
        endpoint.update(policy_statement=[], policy_document=copy.deepcopy(FULL_ACCESS) if endpoint.get('policy_document')
                        else None)
        return _public(endpoint)

    def _endpoint_policy(self, body, eid):
        endpoint = self._live_endpoint(eid, 'PUT')
        endpoint.update(copy.deepcopy(body))
        return None

    def _delete_endpoint(self, _body, eid):
        endpoint = self._live_endpoint(eid, 'DELETE')
        if self.refuse_delete_while_creating and endpoint['status'] == 'creating':
            raise api_error(409, 'DELETE', '%s/%s' % (ENDPOINTS, eid), msg='The endpoint is being created')
        endpoint['status'] = 'deleting'
        endpoint['_statuses'] = ['deleting'] * (self.delete_polls - 1) + ['gone']
        return None


def poll_sleeps(count=None, timeout=None, first=0.5, most=10.0):
    """The sleeps kit.waiter.poll makes: a tenth of the time waited so far, at least `first`, at most `most`, never
    past the deadline; `count` sleeps, or all of them until `timeout`."""
    sleeps, waited = [], 0.0
    while (count is None or len(sleeps) < count) and (timeout is None or waited < timeout):
        delay = min(max(first, waited * 0.1), most)
        if timeout is not None:
            delay = min(delay, timeout - waited)
        sleeps.append(delay)
        waited += delay
    return sleeps
