# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils import endpoint_service as es
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import AmbiguousRequestError, ApiError
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock

REGION = 'cn-north-4'
VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
SERVICES = '/v1/{project_id}/vpc-endpoint-services'
DOMAIN = 'iam:domain::1564ec50ef2a47c791ea5536353ed4b9'
OTHER_DOMAIN = 'iam:domain::2a47c791ea5536353ed4b91564ec50ef'
ORG = 'organizations:orgPath::o-abc/r-def/ou-ghi'


# ---------------------------------------------------------------------------
# A small in-memory VPCEP: enough API behaviour to drive the resource layer,
# and a record of every call so tests can assert what was (not) sent.
# ---------------------------------------------------------------------------

class FakeClient(object):

    def __init__(self, name_form='full'):
        self.services = {}
        self.permissions = {}
        self.connections = {}
        self.calls = []
        self.name_form = name_form
        self.counter = 0
        # Statuses a new service reports on the GETs after its create, the last one sticks.
        self.provision = ['creating', 'available']
        # An error the create answers with (after storing the service unless create_commits is False).
        self.create_errors = []
        self.create_commits = True
        self.delete_polls = 1
        self.errors = {}
        self.page_sizes = []

    # -- test set-up ---------------------------------------------------------

    def _service_name(self, name, sid):
        if self.name_form == 'short':
            return name
        if not name:
            return '%s.%s' % (REGION, sid)
        return '%s.%s.%s' % (REGION, name, sid)

    def add(self, name, **fields):
        self.counter += 1
        sid = fields.pop('id', 'svc-%04d' % self.counter)
        service = {
            'id': sid, 'service_name': self._service_name(name, sid), 'vpc_id': VPC, 'port_id': PORT,
            'server_type': 'VM', 'service_type': 'interface', 'approval_enabled': True, 'status': 'available',
            'tcp_proxy': 'close', 'description': '', 'project_id': 'p1', 'pool_id': 'pool-1',
            'created_at': '2026-01-01T00:00:00Z', 'updated_at': '2026-01-01T00:00:00Z',
            'ports': [{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}], 'tags': [],
        }
        tags = fields.pop('tags', None)
        if tags:
            service['tags'] = [{'key': k, 'value': v} for k, v in tags.items()]
        service.update(fields)
        service['_statuses'] = []
        self.services[sid] = service
        self.permissions[sid] = list(fields.get('_permissions', []))
        return sid

    # -- inspection ------------------------------------------------------------

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != 'GET']

    @property
    def reads(self):
        return [c for c in self.calls if c[0] == 'GET']

    def tag_calls(self):
        return [c[2] for c in self.calls if c[0] == 'POST' and c[1].endswith('/tags/action')]

    def permission_calls(self):
        return [c[2] for c in self.calls if c[0] == 'POST' and c[1].endswith('/permissions/action')]

    @staticmethod
    def _public(service):
        return dict((k, copy.deepcopy(v)) for k, v in service.items() if not k.startswith('_'))

    @staticmethod
    def _not_found(method, path):
        return ApiError('%s %s failed: HTTP 404' % (method, path), status=404, error_code='EndPoint.0005',
                        error_msg='Resource not found', method=method, path=path)

    # -- the client interface --------------------------------------------------

    def _raise_injected(self, method, path):
        if (method, path) in self.errors:
            raise self.errors.pop((method, path))

    def _fail_create(self):
        if self.create_errors:
            raise self.create_errors[0]

    def get(self, path, params=None):
        self.calls.append(('GET', path, params))
        self._raise_injected('GET', path)
        match = re.match(r'^%s/([^/]+)$' % re.escape(SERVICES), path)
        if not match:
            raise AssertionError('unexpected GET %s' % path)
        service = self.services.get(match.group(1))
        if service is None:
            raise self._not_found('GET', path)
        if service['_statuses']:
            status = service['_statuses'].pop(0)
            if status == 'gone':
                del self.services[service['id']]
                raise self._not_found('GET', path)
            service['status'] = status
        return self._public(service)

    def paginate(self, path, key, params=None, page_size=1000):
        self.calls.append(('GET', path, dict(params or {}, limit=page_size)))
        self.page_sizes.append((key, page_size))
        if path == SERVICES:
            params = params or {}
            items = list(self.services.values())
            wanted = params.get('endpoint_service_name')
            if wanted:
                # The real filter is a case-insensitive substring match on the name.
                items = [s for s in items if wanted.lower() in s['service_name'].lower()]
            if params.get('status'):
                items = [s for s in items if s['status'] == params['status']]
            if params.get('id'):
                items = [s for s in items if s['id'] == params['id']]
            return [self._public(s) for s in items]
        match = re.match(r'^%s/([^/]+)/permissions$' % re.escape(SERVICES), path)
        if match:
            return [{'id': 'p%d' % i, 'permission': p, 'permission_type': es.permission_type(p)}
                    for i, p in enumerate(self.permissions[match.group(1)])]
        match = re.match(r'^%s/([^/]+)/connections$' % re.escape(SERVICES), path)
        if match:
            return copy.deepcopy(self.connections.get(match.group(1), []))
        raise AssertionError('unexpected paginate %s' % path)

    def post(self, path, body=None, idempotent=False):
        self.calls.append(('POST', path, copy.deepcopy(body), idempotent))
        self._raise_injected('POST', path)
        if path == SERVICES:
            assert idempotent is False
            if not self.create_commits:
                self._fail_create()
            self.counter += 1
            sid = 'new-%04d' % self.counter
            service = dict(copy.deepcopy(body), id=sid, status='creating', project_id='p1', pool_id='pool-1',
                           created_at='2026-01-02T00:00:00Z', updated_at='2026-01-02T00:00:00Z')
            service['service_name'] = self._service_name(body.get('service_name', ''), sid)
            service.setdefault('approval_enabled', True)
            service.setdefault('service_type', 'interface')
            service.setdefault('tcp_proxy', 'close')
            service.setdefault('tags', [])
            service['_statuses'] = list(self.provision)
            self.services[sid] = service
            self.permissions[sid] = []
            self._fail_create()
            return self._public(service)
        assert idempotent is True, 'tag and permission actions are idempotent'
        match = re.match(r'^/v1/\{project_id\}/endpoint_service/([^/]+)/tags/action$', path)
        if match:
            service = self.services[match.group(1)]
            tags = dict((t['key'], t['value']) for t in service['tags'])
            for tag in body['tags']:
                if body['action'] == 'create':
                    tags[tag['key']] = tag['value']
                else:
                    tags.pop(tag['key'], None)
            service['tags'] = [{'key': k, 'value': v} for k, v in sorted(tags.items())]
            return None
        match = re.match(r'^%s/([^/]+)/permissions/action$' % re.escape(SERVICES), path)
        if match:
            current = self.permissions[match.group(1)]
            for permission in body['permissions']:
                assert es.permission_type(permission) == body['permission_type']
                if body['action'] == 'add' and permission not in current:
                    current.append(permission)
                elif body['action'] == 'remove' and permission in current:
                    current.remove(permission)
            return {'permissions': []}
        raise AssertionError('unexpected POST %s' % path)

    def put(self, path, body=None):
        self.calls.append(('PUT', path, copy.deepcopy(body)))
        self._raise_injected('PUT', path)
        sid = path.rsplit('/', 1)[1]
        service = self.services[sid]
        for key, value in body.items():
            if key == 'service_name':
                service['service_name'] = self._service_name(value, sid)
            else:
                service[key] = copy.deepcopy(value)
        service['updated_at'] = '2026-01-03T00:00:00Z'
        return self._public(service)

    def delete(self, path):
        self.calls.append(('DELETE', path, None))
        self._raise_injected('DELETE', path)
        sid = path.rsplit('/', 1)[1]
        if sid not in self.services:
            raise self._not_found('DELETE', path)
        self.services[sid]['status'] = 'deleting'
        self.services[sid]['_statuses'] = ['deleting'] * (self.delete_polls - 1) + ['gone']
        return None


@pytest.fixture
def client():
    return FakeClient()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def manager(client, clock):
    return es.ServiceManager(client, sleep=clock.sleep, clock=clock)


def params(**overrides):
    """Module-style params: every option present, defaults as the module's argument spec sets them."""
    base = dict(
        approval_enabled=None, description=None, id=None, ip=None, ip_version=None, name=None, permissions=None,
        port_id=None, ports=None, purge_permissions=True, purge_tags=True, server_type=None, service_type=None,
        snat_network_id=None, state='present', tags=None, tcp_proxy=None, vpc_id=None, wait=True, wait_timeout=600,
    )
    base.update(overrides)
    return base


def create_params(**overrides):
    values = dict(name='web', vpc_id=VPC, port_id=PORT, server_type='VM',
                  ports=[{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}])
    values.update(overrides)
    return params(**values)


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('service_name, service_id, expected', [
    ('cn-north-4.test123.4189d3c2-8882-4871-a3c2-d380272eed83', '4189d3c2-8882-4871-a3c2-d380272eed83', 'test123'),
    ('cn-north-4.test123.4189d3c2-8882-4871-a3c2-d380272eed83', None, 'test123'),
    ('cn-north-4.4189d3c2-8882-4871-a3c2-d380272eed83', '4189d3c2-8882-4871-a3c2-d380272eed83', ''),
    ('cn-north-4.4189d3c2-8882-4871-a3c2-d380272eed83', None, ''),
    ('eu-west-101.my_svc-1.abc', 'abc', 'my_svc-1'),
    ('test123', '4189d3c2', 'test123'),
    ('test123', None, 'test123'),
    ('', 'abc', ''),
    (None, 'abc', ''),
])
def test_short_name(service_name, service_id, expected):
    assert es.short_name(service_name, service_id) == expected


def test_to_ansible_adds_name_and_tag_dict_without_touching_the_input():
    api = {'id': 'abc', 'service_name': 'cn-north-4.web.abc', 'tags': [{'key': 'env', 'value': 'prod'}], 'status': 'available'}
    original = copy.deepcopy(api)
    result = es.to_ansible(api)
    assert result['name'] == 'web'
    assert result['tags'] == {'env': 'prod'}
    assert result['service_name'] == 'cn-north-4.web.abc'
    assert result['status'] == 'available'
    assert api == original
    assert es.to_ansible(None) == {}
    assert es.to_ansible({'id': 'x', 'service_name': 'r.x'})['tags'] == {}


def test_tags_round_trip_and_value_coercion():
    assert es.dict_to_tags({'b': '2', 'a': 1, 'c': None, 'd': True}) == [
        {'key': 'a', 'value': '1'}, {'key': 'b', 'value': '2'}, {'key': 'c', 'value': ''}, {'key': 'd', 'value': 'true'}]
    assert es.tags_to_dict([{'key': 'a', 'value': '1'}]) == {'a': '1'}
    assert es.tags_to_dict(None) == {}


@pytest.mark.parametrize('current, desired, purge, to_set, to_unset', [
    ({'a': '1', 'b': '2'}, None, True, {}, []),
    ({'a': '1', 'b': '2'}, {'a': '1', 'b': '2'}, True, {}, []),
    ({'a': '1', 'b': '2'}, {'a': '1'}, True, {}, ['b']),
    ({'a': '1', 'b': '2'}, {'a': '1'}, False, {}, []),
    ({'a': '1', 'b': '2'}, {'a': 'x', 'c': '3'}, True, {'a': 'x', 'c': '3'}, ['b']),
    ({'a': '1', 'b': '2'}, {'a': 'x', 'c': '3'}, False, {'a': 'x', 'c': '3'}, []),
    ({'a': '1'}, {}, True, {}, ['a']),
    ({'a': '1'}, {}, False, {}, []),
    ({}, {'a': ''}, True, {'a': ''}, []),
    ({'a': ''}, {'a': None}, True, {}, []),
])
def test_compare_tags(current, desired, purge, to_set, to_unset):
    assert es.compare_tags(current, desired, purge) == (to_set, to_unset)


@pytest.mark.parametrize('current, desired, purge, to_add, to_remove', [
    ([DOMAIN], None, True, [], []),
    ([DOMAIN], [DOMAIN], True, [], []),
    ([DOMAIN], [OTHER_DOMAIN, '*'], True, ['*', OTHER_DOMAIN], [DOMAIN]),
    ([DOMAIN], [OTHER_DOMAIN], False, [OTHER_DOMAIN], []),
    ([DOMAIN, ORG], [], True, [], [DOMAIN, ORG]),
    ([DOMAIN, ORG], [], False, [], []),
])
def test_compare_permissions(current, desired, purge, to_add, to_remove):
    assert es.compare_permissions(current, desired, purge) == (to_add, to_remove)


def test_permission_type():
    assert es.permission_type('*') == 'domainId'
    assert es.permission_type(DOMAIN) == 'domainId'
    assert es.permission_type(ORG) == 'orgPath'


def test_ports_key_ignores_order_and_defaults_protocol():
    a = [{'client_port': 1, 'server_port': 2}, {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}]
    b = [{'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}, {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}]
    assert es.ports_key(a) == es.ports_key(b)
    assert es.ports_key(a) != es.ports_key(a[:1])
    assert es.normalize_ports(b) == [{'client_port': 1, 'server_port': 2, 'protocol': 'TCP'},
                                     {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}]


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('overrides, words', [
    (dict(name='a-name-longer-than-16'), ['name', '16']),
    (dict(name='bad name!'), ['name', 'letters']),
    (dict(name='dots.not.ok'), ['name', 'letters']),
    (dict(name=None), ['name', 'required']),
    (dict(name=''), ['name', 'required']),
    (dict(ports=[]), ['ports', '1 to 200']),
    (dict(ports=[{'client_port': i, 'server_port': i} for i in range(1, 202)]), ['ports', '200', '201']),
    (dict(ports=[{'client_port': 0, 'server_port': 80}]), ['ports[0].client_port', '65535']),
    (dict(ports=[{'client_port': 80, 'server_port': 70000}]), ['ports[0].server_port', '65535']),
    (dict(ports=[{'client_port': 80, 'server_port': None}]), ['ports[0].server_port', 'required']),
    (dict(ports=[{'client_port': 80, 'server_port': 80, 'protocol': 'SCTP'}]), ['ports[0].protocol', 'TCP']),
    (dict(ports=[{'client_port': 80, 'server_port': 80}, {'client_port': 80, 'server_port': 80, 'protocol': 'TCP'}]),
     ['ports', 'duplicate', '80']),
    (dict(description='x' * 513), ['description', '512']),
    (dict(description='<script>'), ['description', '<']),
    (dict(tags=dict(('k%d' % i, 'v') for i in range(11))), ['tags', '10']),
    (dict(tags={'': 'v'}), ['tags', 'key', '1 to 128']),
    (dict(tags={'k' * 129: 'v'}), ['tags', '1 to 128']),
    (dict(tags={'k': 'v' * 256}), ['tags', '255']),
    (dict(tags={'a=b': 'v'}), ['tags', 'key', '=']),
    (dict(tags={'k': 'a/b'}), ['tags', 'value', '/']),
    (dict(tags={'k': 'a\\b'}), ['tags', 'value', '\\']),
    (dict(tags={' lead': 'v'}), ['tags', 'key', 'space']),
    (dict(tags={'k': 'trail '}), ['tags', 'value', 'space']),
    (dict(permissions=['domain:abc']), ['permissions', 'iam:domain::']),
    (dict(permissions=['iam:domain::not_alnum!']), ['permissions', 'iam:domain::']),
    (dict(permissions=['iam:domain::' + 'a' * 65]), ['permissions', '64']),
    (dict(permissions=['organizations:orgPath::' + 'a' * 1025]), ['permissions', '1024']),
    (dict(permissions=['organizations:orgPath::']), ['permissions', '1024']),
    (dict(permissions=[DOMAIN, DOMAIN]), ['permissions', 'twice']),
    (dict(wait_timeout=0), ['wait_timeout', 'greater than 0']),
    (dict(wait_timeout=-5), ['wait_timeout', 'greater than 0']),
])
def test_validate_params_names_option_and_rule(overrides, words):
    errors = es.validate_params(create_params(**overrides))
    assert len(errors) >= 1
    text = ' '.join(errors)
    for word in words:
        assert word in text, (word, errors)


@pytest.mark.parametrize('overrides', [
    dict(),
    dict(name='a' * 16),
    dict(name='Web_1-x'),
    dict(name='', id='abc'),
    dict(name=None, id='abc'),
    dict(ports=[{'client_port': i, 'server_port': i} for i in range(1, 201)]),
    dict(ports=[{'client_port': 65535, 'server_port': 1, 'protocol': 'UDP'}, {'client_port': 65535, 'server_port': 1}]),
    dict(description=''),
    dict(description='x' * 512),
    dict(tags={}),
    dict(tags=dict(('k%d' % i, '') for i in range(10))),
    dict(tags={'k' * 128: 'v' * 255, 'inner space': 'a b', 'n': 5}),
    dict(permissions=[]),
    dict(permissions=['*', DOMAIN, 'iam:domain::' + 'A1' * 32, ORG, 'organizations:orgPath::' + 'p' * 1024]),
])
def test_validate_params_accepts_valid_input(overrides):
    assert es.validate_params(create_params(**overrides)) == []


def test_validate_params_reports_every_violation_at_once():
    errors = es.validate_params(create_params(name='bad name', description='<', wait_timeout=0, tags={'a=b': 'v'}))
    assert len(errors) == 4
    assert set(e.split(':')[0] for e in errors) == {'name', 'description', 'tags', 'wait_timeout'}


def test_missing_create_options_are_reported_together_and_nothing_is_written(manager, client):
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(params(name='Needs-More', port_id=PORT))
    msg = info.value.msg
    assert msg.startswith("The endpoint service 'Needs-More' does not exist")
    for option in ('vpc_id', 'server_type', 'ports'):
        assert option in msg
    assert 'missing: vpc_id, server_type, ports' in msg
    assert info.value.details['missing'] == ['vpc_id', 'server_type', 'ports']
    assert client.writes == []


def test_missing_create_options_fail_in_check_mode_too(manager, client):
    with pytest.raises(es.ServiceError):
        manager.ensure_present(params(name='needs-more'), check_mode=True)
    assert client.writes == []


# ---------------------------------------------------------------------------
# Finding by id and by exact name
# ---------------------------------------------------------------------------

def test_find_by_name_is_exact_among_fuzzy_results(manager, client):
    ids = dict((name, client.add(name)) for name in ('web', 'web2', 'myweb', 'WEB', 'web-'))
    client.add('', id='web')  # a nameless service whose id contains the name
    found = manager.find(name='web')
    assert found['id'] == ids['web']
    assert manager.find(name='WEB')['id'] == ids['WEB']
    assert manager.find(name='we') is None
    list_calls = [c for c in client.calls if c[1] == SERVICES]
    assert list_calls[0][2] == {'endpoint_service_name': 'web', 'limit': 1000}


def test_find_by_name_with_short_form_names(client, clock):
    client = FakeClient(name_form='short')
    manager = es.ServiceManager(client, sleep=clock.sleep, clock=clock)
    sid = client.add('test123')
    client.add('test1234')
    assert manager.find(name='test123')['id'] == sid


def test_find_by_id_reads_only_that_service(manager, client):
    sid = client.add('web')
    assert manager.find(id=sid, name='other')['id'] == sid
    assert client.calls == [('GET', SERVICES + '/' + sid, None)]
    assert manager.find(id='missing') is None


def test_duplicate_names_fail_listing_the_ids(manager, client):
    first = client.add('web')
    second = client.add('web')
    client.add('web2')
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(create_params(description='x'))
    assert first in info.value.msg and second in info.value.msg
    assert 'id' in info.value.msg
    assert info.value.details['ids'] == sorted([first, second])
    assert client.writes == []


def test_other_api_errors_propagate_with_what_was_being_done(manager, client):
    sid = client.add('web')
    client.errors[('GET', SERVICES + '/' + sid)] = ApiError('GET failed: HTTP 403', status=403)
    with pytest.raises(ApiError) as info:
        manager.get(sid)
    assert es.error_context(info.value) == 'reading endpoint service %s' % sid
    assert es.error_context(ApiError('x')) == 'calling the VPCEP API'


# ---------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------

def test_create_sends_only_given_fields_with_tags_in_the_body(manager, client, clock):
    result = manager.ensure_present(create_params(
        approval_enabled=False, tags={'env': 'prod', 'team': 'a'}, permissions=[DOMAIN, ORG, '*'],
        ports=[{'client_port': 8081, 'server_port': 80}, {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}]))
    post = [c for c in client.writes if c[1] == SERVICES]
    assert len(post) == 1
    assert post[0][2] == {
        'service_name': 'web', 'vpc_id': VPC, 'port_id': PORT, 'server_type': 'VM', 'approval_enabled': False,
        'ports': [{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'},
                  {'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'}],
        'tags': [{'key': 'env', 'value': 'prod'}, {'key': 'team', 'value': 'a'}],
    }
    assert client.tag_calls() == []
    # One add per permission type.
    assert client.permission_calls() == [
        {'permissions': ['*', DOMAIN], 'permission_type': 'domainId', 'action': 'add'},
        {'permissions': [ORG], 'permission_type': 'orgPath', 'action': 'add'},
    ]
    assert result['changed'] is True
    service = result['service']
    assert service['status'] == 'available'
    assert service['name'] == 'web'
    assert service['service_name'] == '%s.web.%s' % (REGION, service['id'])
    assert service['tags'] == {'env': 'prod', 'team': 'a'}
    assert service['permissions'] == sorted(['*', DOMAIN, ORG])
    assert result['diff']['before'] == {}
    assert result['diff']['after']['name'] == 'web'
    assert result['diff']['after']['permissions'] == sorted(['*', DOMAIN, ORG])
    assert clock.sleeps == [0.5]


def test_create_without_wait_returns_the_create_answer(manager, client):
    result = manager.ensure_present(create_params(wait=False))
    assert result['service']['status'] == 'creating'
    assert client.reads == [('GET', SERVICES, {'endpoint_service_name': 'web', 'limit': 1000})]
    assert 'permissions' not in result['service']


def test_rerun_after_create_is_unchanged_and_writes_nothing(manager, client):
    full = create_params(approval_enabled=False, tcp_proxy='proxy_open', description='d', ip='10.0.0.1',
                         service_type='interface', tags={'env': 'prod'}, permissions=[DOMAIN],
                         ports=[{'client_port': 8081, 'server_port': 80}, {'client_port': 8080, 'server_port': 90}])
    first = manager.ensure_present(full)
    calls = len(client.calls)
    second = manager.ensure_present(full)
    assert second['changed'] is False
    assert client.calls[calls:] == [
        ('GET', SERVICES, {'endpoint_service_name': 'web', 'limit': 1000}),
        ('GET', SERVICES + '/' + first['service']['id'] + '/permissions', {'limit': 500}),
    ]
    assert second['service']['id'] == first['service']['id']
    assert second['diff']['before'] == second['diff']['after']


def test_create_that_ends_failed_reports_the_error(manager, client):
    client.provision = ['creating', 'failed']
    original_post = client.post

    def post(path, body=None, idempotent=False):
        answer = original_post(path, body, idempotent)
        if path == SERVICES:
            client.services[answer['id']]['error'] = [{'error_code': 'EndPoint.0125', 'error_message': 'port in use'}]
        return answer
    client.post = post
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(create_params())
    assert 'failed' in info.value.msg
    assert 'EndPoint.0125: port in use' in info.value.msg
    assert info.value.details['service']['status'] == 'failed'


def test_wait_timeout_reports_the_last_status_and_never_sleeps_past_the_deadline(manager, client, clock):
    client.provision = ['creating']
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(create_params(wait_timeout=30))
    assert 'Timed out after 30 seconds' in info.value.msg
    assert 'last status seen: creating' in info.value.msg
    assert clock.sleeps == [0.5, 1, 2, 4, 8, 10, 4.5]
    assert sum(clock.sleeps) == 30


def test_poll_schedule_caps_at_ten_seconds(manager, client, clock):
    sid = client.add('web', status='creating')
    client.services[sid]['_statuses'] = ['creating'] * 9 + ['available']
    service = manager.wait_for(sid, ('available',), timeout=600)
    assert service['status'] == 'available'
    assert clock.sleeps == [0.5, 1, 2, 4, 8, 10, 10, 10, 10]


def test_wait_for_a_service_that_disappears(manager, client):
    sid = client.add('web', status='creating')
    client.services[sid]['_statuses'] = ['gone']
    with pytest.raises(es.ServiceError) as info:
        manager.wait_for(sid, timeout=10)
    assert 'disappeared' in info.value.msg


def test_ambiguous_create_adopts_the_service_it_made(manager, client):
    client.create_errors[:] = [AmbiguousRequestError('POST timed out after sending', status=None)]
    result = manager.ensure_present(create_params(tags={'env': 'prod'}, permissions=[DOMAIN]))
    posts = [c for c in client.writes if c[1] == SERVICES]
    assert len(posts) == 1, 'the create is never repeated'
    assert len(client.services) == 1
    assert result['changed'] is True
    assert result['service']['name'] == 'web'
    assert result['service']['status'] == 'available'
    assert result['service']['permissions'] == [DOMAIN]
    assert result['diff']['before'] == {}
    # The adopted service is looked up by name right after the failed create.
    assert client.calls[2] == ('GET', SERVICES, {'endpoint_service_name': 'web', 'limit': 1000})
    assert client.tag_calls() == []


def test_ambiguous_create_that_did_not_happen_says_it_is_safe_to_rerun(manager, client):
    client.create_errors[:] = [AmbiguousRequestError('POST answered HTTP 503', status=503, error_msg='Service Unavailable')]
    client.create_commits = False
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(create_params(permissions=[DOMAIN]))
    assert 'may not have happened' in info.value.msg
    assert 'safe to re-run' in info.value.msg
    assert 'HTTP 503' in info.value.msg
    assert [c[0] for c in client.writes] == ['POST']


def test_ambiguous_nameless_create_cannot_be_looked_up(manager, client):
    client.create_errors[:] = [AmbiguousRequestError('connection reset after sending')]
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(create_params(name=None))
    assert 'nameless' in info.value.msg
    assert 'cannot be looked up' in info.value.msg
    assert len(client.writes) == 1


def test_unknown_id_is_not_created(manager, client):
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(create_params(id='nope'))
    assert 'No endpoint service with id nope' in info.value.msg
    assert client.writes == []


# ---------------------------------------------------------------------------
# Update
# ---------------------------------------------------------------------------

def test_update_puts_only_the_fields_that_differ(manager, client):
    sid = client.add('web', approval_enabled=True, tcp_proxy='close', description='old', ip='10.0.0.1')
    result = manager.ensure_present(params(
        name='web', approval_enabled=False, tcp_proxy='close', description='new', ip='10.0.0.1', port_id=PORT,
        vpc_id=VPC, server_type='VM', service_type='interface',
        ports=[{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}]))
    assert client.writes == [('PUT', SERVICES + '/' + sid, {'approval_enabled': False, 'description': 'new'})]
    assert result['changed'] is True
    assert result['service']['approval_enabled'] is False
    assert result['service']['description'] == 'new'
    assert result['diff']['before']['description'] == 'old'
    assert result['diff']['after']['description'] == 'new'


def test_reordered_ports_are_no_change_and_different_ports_replace_the_list(manager, client):
    sid = client.add('web', ports=[{'client_port': 1, 'server_port': 2, 'protocol': 'TCP'},
                                   {'client_port': 3, 'server_port': 4, 'protocol': 'TCP'}])
    same = manager.ensure_present(params(name='web', ports=[{'client_port': 3, 'server_port': 4, 'protocol': 'TCP'},
                                                            {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}]))
    assert same['changed'] is False
    assert client.writes == []
    changed = manager.ensure_present(params(name='web', ports=[{'client_port': 3, 'server_port': 4, 'protocol': 'UDP'},
                                                               {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}]))
    assert changed['changed'] is True
    assert client.writes == [('PUT', SERVICES + '/' + sid, {'ports': [
        {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}, {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}]})]
    assert changed['diff']['after']['ports'][1]['protocol'] == 'UDP'


def test_empty_description_clears_it_and_missing_description_counts_as_empty(manager, client):
    sid = client.add('web', description='something')
    manager.ensure_present(params(name='web', description=''))
    assert client.writes == [('PUT', SERVICES + '/' + sid, {'description': ''})]
    client.calls[:] = []
    del client.services[sid]['description']
    assert manager.ensure_present(params(name='web', description=''))['changed'] is False
    assert client.writes == []


def test_rename_by_id(manager, client):
    sid = client.add('old')
    result = manager.ensure_present(params(id=sid, name='new'))
    assert client.writes == [('PUT', SERVICES + '/' + sid, {'service_name': 'new'})]
    assert result['service']['name'] == 'new'
    assert result['service']['service_name'] == '%s.new.%s' % (REGION, sid)
    assert result['diff']['before']['name'] == 'old'
    assert result['diff']['after']['name'] == 'new'
    # Same name again: nothing to do.
    client.calls[:] = []
    assert manager.ensure_present(params(id=sid, name='new'))['changed'] is False
    assert client.writes == []


def test_server_added_and_unrequested_fields_never_cause_a_change(manager, client):
    client.add('web', enable_policy=False, connection_count=3, public_border_group='center', ip_version='ipv4',
               tcp_proxy='proxy_open', approval_enabled=False, updated_at='2026-05-05T00:00:00Z')
    result = manager.ensure_present(params(name='web'))
    assert result['changed'] is False
    assert client.writes == []
    assert result['service']['enable_policy'] is False


def test_update_without_wait_returns_the_put_answer_with_tag_changes(manager, client):
    sid = client.add('web', tags={'a': '1'})
    result = manager.ensure_present(params(name='web', description='new', tags={'b': '2'}, wait=False))
    assert result['service']['description'] == 'new'
    assert result['service']['tags'] == {'b': '2'}
    assert [c[0] for c in client.calls] == ['GET', 'PUT', 'POST', 'POST']
    assert client.services[sid]['tags'] == [{'key': 'b', 'value': '2'}]


def test_nothing_differs_but_service_still_creating_waits_without_changed(manager, client, clock):
    sid = client.add('web', status='creating')
    client.services[sid]['_statuses'] = ['creating', 'available']
    result = manager.ensure_present(params(name='web'))
    assert result['changed'] is False
    assert result['service']['status'] == 'available'
    assert client.writes == []


def test_a_change_to_an_available_service_is_not_re_read(manager, client, clock):
    sid = client.add('web', tags={'a': '1'})
    result = manager.ensure_present(params(name='web', description='new', tags={'b': '2'}))
    # The list call, then the writes: the PUT answer says available, so there is nothing to wait for.
    assert [c[0] for c in client.calls] == ['GET', 'PUT', 'POST', 'POST']
    assert clock.sleeps == []
    assert result['service']['description'] == 'new'
    assert result['service']['tags'] == {'b': '2'}
    assert result['service']['status'] == 'available'
    assert client.services[sid]['tags'] == [{'key': 'b', 'value': '2'}]


def test_tag_only_change_to_an_available_service_is_not_re_read(manager, client, clock):
    client.add('web', tags={'a': '1'})
    result = manager.ensure_present(params(name='web', tags={'a': '2'}))
    assert [c[0] for c in client.calls] == ['GET', 'POST']
    assert result['service']['tags'] == {'a': '2'}
    assert clock.sleeps == []


@pytest.mark.parametrize('answered', ['creating', None])
def test_a_put_answer_that_is_not_available_is_waited_for(manager, client, clock, answered):
    sid = client.add('web')
    original_put = client.put

    def put(path, body=None):
        answer = original_put(path, body)
        if answered is None:
            del answer['status']
        else:
            answer['status'] = answered
        client.services[sid]['_statuses'] = ['creating', 'available']
        return answer
    client.put = put
    result = manager.ensure_present(params(name='web', description='new'))
    assert [c[0] for c in client.calls] == ['GET', 'PUT', 'GET', 'GET']
    assert clock.sleeps == [0.5]
    assert result['service']['status'] == 'available'
    assert result['service']['description'] == 'new'


@pytest.mark.parametrize('field, current, requested', [
    ('vpc_id', VPC, 'other-vpc'),
    ('server_type', 'VM', 'LB'),
    ('ip_version', 'ipv4', 'ipv6'),
    ('snat_network_id', 'net-1', 'net-2'),
])
def test_immutable_field_fails_naming_field_and_values_and_sends_nothing(manager, client, field, current, requested):
    sid = client.add('web', **{field: current})
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(params(name='web', description='would change too', **{field: requested}))
    msg = info.value.msg
    assert field in msg
    assert repr(current) in msg
    assert repr(requested) in msg
    assert sid in msg
    assert info.value.details['fields'] == [field]
    assert client.writes == []


def test_several_immutable_fields_are_all_named(manager, client):
    client.add('web')
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_present(params(name='web', vpc_id='v2', server_type='LB', service_type='interface'), check_mode=True)
    assert 'vpc_id, server_type' in info.value.msg
    assert "vpc_id: current %r, requested 'v2'" % VPC in info.value.msg
    assert "server_type: current 'VM', requested 'LB'" in info.value.msg
    assert client.writes == []


def test_immutable_fields_the_api_does_not_report_are_not_compared(manager, client):
    client.add('web')
    assert manager.ensure_present(params(name='web', ip_version='ipv4', snat_network_id='n1'))['changed'] is False


# ---------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------

def test_tags_omitted_are_left_alone(manager, client):
    client.add('web', tags={'a': '1'})
    assert manager.ensure_present(params(name='web', purge_tags=True))['changed'] is False
    assert client.writes == []


def test_tags_diff_with_purge_creates_new_and_changed_and_deletes_only_removed(manager, client):
    sid = client.add('web', tags={'keep': '1', 'change': 'old', 'drop': 'x'})
    result = manager.ensure_present(params(name='web', tags={'keep': '1', 'change': 'new', 'add': 'y'}))
    assert client.tag_calls() == [
        {'action': 'delete', 'tags': [{'key': 'drop', 'value': 'x'}]},
        {'action': 'create', 'tags': [{'key': 'add', 'value': 'y'}, {'key': 'change', 'value': 'new'}]},
    ]
    assert all(c[3] is True for c in client.writes)
    assert result['service']['tags'] == {'keep': '1', 'change': 'new', 'add': 'y'}
    assert result['diff']['before']['tags'] == {'keep': '1', 'change': 'old', 'drop': 'x'}
    assert result['diff']['after']['tags'] == {'keep': '1', 'change': 'new', 'add': 'y'}
    assert [c[1] for c in client.writes] == ['/v1/{project_id}/endpoint_service/%s/tags/action' % sid] * 2


def test_tags_diff_without_purge_never_deletes(manager, client):
    client.add('web', tags={'keep': '1', 'other': 'x'})
    result = manager.ensure_present(params(name='web', tags={'keep': '2'}, purge_tags=False))
    assert client.tag_calls() == [{'action': 'create', 'tags': [{'key': 'keep', 'value': '2'}]}]
    assert result['service']['tags'] == {'keep': '2', 'other': 'x'}


def test_empty_tags_with_purge_remove_all(manager, client):
    client.add('web', tags={'a': '1', 'b': '2'})
    manager.ensure_present(params(name='web', tags={}))
    assert client.tag_calls() == [{'action': 'delete', 'tags': [{'key': 'a', 'value': '1'}, {'key': 'b', 'value': '2'}]}]


def test_equal_tags_send_nothing(manager, client):
    client.add('web', tags={'a': '1', 'n': '5'})
    assert manager.ensure_present(params(name='web', tags={'a': '1', 'n': 5}))['changed'] is False
    assert client.writes == []


# ---------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------

def test_permissions_are_not_read_when_not_managed(manager, client):
    client.add('web')
    result = manager.ensure_present(params(name='web'))
    assert not any('/permissions' in c[1] for c in client.calls)
    assert 'permissions' not in result['service']
    assert 'permissions' not in result['diff']['after']


def test_permissions_diff_with_purge_adds_and_removes_by_type(manager, client):
    sid = client.add('web')
    client.permissions[sid] = [DOMAIN, ORG]
    result = manager.ensure_present(params(name='web', permissions=[OTHER_DOMAIN, '*']))
    assert client.permission_calls() == [
        {'permissions': [DOMAIN], 'permission_type': 'domainId', 'action': 'remove'},
        {'permissions': [ORG], 'permission_type': 'orgPath', 'action': 'remove'},
        {'permissions': ['*', OTHER_DOMAIN], 'permission_type': 'domainId', 'action': 'add'},
    ]
    assert result['service']['permissions'] == ['*', OTHER_DOMAIN]
    assert result['diff']['before']['permissions'] == sorted([DOMAIN, ORG])
    assert result['diff']['after']['permissions'] == ['*', OTHER_DOMAIN]
    assert ('GET', SERVICES + '/' + sid + '/permissions', {'limit': 500}) in client.calls


def test_permissions_without_purge_only_add(manager, client):
    sid = client.add('web')
    client.permissions[sid] = [DOMAIN]
    result = manager.ensure_present(params(name='web', permissions=[OTHER_DOMAIN], purge_permissions=False))
    assert client.permission_calls() == [{'permissions': [OTHER_DOMAIN], 'permission_type': 'domainId', 'action': 'add'}]
    assert result['service']['permissions'] == sorted([DOMAIN, OTHER_DOMAIN])
    client.calls[:] = []
    again = manager.ensure_present(params(name='web', permissions=[OTHER_DOMAIN], purge_permissions=False))
    assert again['changed'] is False
    assert client.writes == []


def test_empty_permissions_with_purge_remove_all(manager, client):
    sid = client.add('web')
    client.permissions[sid] = [DOMAIN]
    manager.ensure_present(params(name='web', permissions=[]))
    assert client.permission_calls() == [{'permissions': [DOMAIN], 'permission_type': 'domainId', 'action': 'remove'}]
    assert client.permissions[sid] == []


# ---------------------------------------------------------------------------
# Check mode
# ---------------------------------------------------------------------------

def test_check_mode_create_predicts_without_writing(manager, client):
    p = create_params(tags={'env': 'prod'}, permissions=[DOMAIN], approval_enabled=False,
                      ports=[{'client_port': 8081, 'server_port': 80}, {'client_port': 8080, 'server_port': 90}])
    result = manager.ensure_present(p, check_mode=True)
    assert client.writes == []
    assert result['changed'] is True
    service = result['service']
    assert 'id' not in service
    assert service['status'] == 'creating'
    assert service['name'] == 'web'
    assert service['tags'] == {'env': 'prod'}
    assert service['permissions'] == [DOMAIN]
    assert service['approval_enabled'] is False
    assert service['service_type'] == 'interface'
    assert service['ports'][0] == {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}
    assert result['diff']['before'] == {}
    # The prediction agrees with what a real run reports for the managed fields.
    real = manager.ensure_present(p)
    expected = dict(real['diff']['after'])
    expected.pop('id')
    assert result['diff']['after'] == expected


@pytest.mark.parametrize('overrides', [
    dict(description='new'),
    dict(tags={'a': '2'}),
    dict(tags={'a': '1'}),
    dict(permissions=[OTHER_DOMAIN]),
    dict(permissions=[DOMAIN]),
    dict(id='FIXED', name='renamed', ports=[{'client_port': 1, 'server_port': 1}]),
    dict(),
])
def test_check_mode_update_reports_what_a_real_run_does(overrides, client, clock):
    def setup():
        fake = FakeClient()
        sid = fake.add('web', id='FIXED', tags={'a': '1'})
        fake.permissions[sid] = [DOMAIN]
        return fake

    wanted = params(**dict(dict(name='web'), **overrides))
    checked_client = setup()
    checked = es.ServiceManager(checked_client, sleep=clock.sleep, clock=clock).ensure_present(wanted, check_mode=True)
    assert checked_client.writes == []
    real_client = setup()
    real = es.ServiceManager(real_client, sleep=clock.sleep, clock=clock).ensure_present(wanted)
    assert checked['changed'] == real['changed'] == bool(real_client.writes)
    assert checked['diff'] == real['diff']
    for key in ('name', 'service_name', 'tags', 'description', 'ports'):
        assert checked['service'][key] == real['service'][key], key
    if 'permissions' in overrides:
        assert checked['service']['permissions'] == real['service']['permissions']


# ---------------------------------------------------------------------------
# Absent
# ---------------------------------------------------------------------------

def test_absent_deletes_and_waits_until_gone(manager, client, clock):
    sid = client.add('web')
    client.delete_polls = 3
    result = manager.ensure_absent(params(name='web', state='absent'))
    assert result['changed'] is True
    assert result['service'] == {}
    assert result['diff']['after'] == {}
    assert result['diff']['before']['name'] == 'web'
    assert client.writes == [('DELETE', SERVICES + '/' + sid, None)]
    assert sid not in client.services
    # deleting, deleting, then 404.
    assert clock.sleeps == [0.5, 1]


def test_absent_without_wait_does_not_poll(manager, client):
    client.add('web')
    manager.ensure_absent(params(name='web', state='absent', wait=False))
    assert [c[0] for c in client.calls] == ['GET', 'DELETE']


def test_absent_when_already_gone_is_unchanged(manager, client):
    client.add('web2')
    result = manager.ensure_absent(params(name='web', state='absent'))
    assert result == {'changed': False, 'service': {}, 'diff': {'before': {}, 'after': {}}}
    assert client.writes == []
    assert manager.ensure_absent(params(id='nope', state='absent'))['changed'] is False


def test_absent_check_mode_predicts_the_delete(manager, client):
    sid = client.add('web')
    result = manager.ensure_absent(params(name='web', state='absent'), check_mode=True)
    assert result['changed'] is True
    assert result['service'] == {}
    assert client.writes == []
    assert sid in client.services


def test_absent_delete_timeout_reports_last_status(manager, client, clock):
    client.add('web')
    client.delete_polls = 1000
    with pytest.raises(es.ServiceError) as info:
        manager.ensure_absent(params(name='web', state='absent', wait_timeout=5))
    assert 'to be deleted' in info.value.msg
    assert 'last status seen: deleting' in info.value.msg
    assert sum(clock.sleeps) == 5


def test_absent_for_a_service_already_deleting_sends_no_delete(manager, client):
    sid = client.add('web', status='deleting')
    client.services[sid]['_statuses'] = ['gone']
    result = manager.ensure_absent(params(name='web', state='absent'))
    assert result['changed'] is False
    assert client.writes == []


def test_absent_with_duplicate_names_fails(manager, client):
    client.add('web')
    client.add('web')
    with pytest.raises(es.ServiceError):
        manager.ensure_absent(params(name='web', state='absent'))
    assert client.writes == []


# ---------------------------------------------------------------------------
# Query (info module)
# ---------------------------------------------------------------------------

def info_params(**overrides):
    base = dict(id=None, name=None, status=None, tags=None, sort_key=None, sort_dir=None,
                include_permissions=False, include_connections=False)
    base.update(overrides)
    return base


def test_query_exact_name_and_api_filters(manager, client):
    web = client.add('web')
    client.add('web2')
    client.add('myweb')
    result = manager.query(info_params(name='web', status='available', sort_key='create_at', sort_dir='desc'))
    assert [s['id'] for s in result] == [web]
    assert client.calls == [('GET', SERVICES, {'endpoint_service_name': 'web', 'status': 'available',
                                               'sort_key': 'create_at', 'sort_dir': 'desc', 'limit': 1000})]


def test_query_everything_and_nothing(manager, client):
    assert manager.query(info_params()) == []
    client.add('a')
    client.add('')
    result = manager.query(info_params())
    assert [s['name'] for s in result] == ['a', '']
    assert client.calls[-1] == ('GET', SERVICES, {'limit': 1000})


def test_query_by_id(manager, client):
    sid = client.add('web', status='failed')
    assert [s['id'] for s in manager.query(info_params(id=sid))] == [sid]
    assert client.calls == [('GET', SERVICES + '/' + sid, None)]
    assert manager.query(info_params(id='nope')) == []
    assert manager.query(info_params(id=sid, status='available')) == []
    assert manager.query(info_params(id=sid, name='other')) == []


def test_query_tags_all_must_match_and_empty_value_matches_any(manager, client):
    both = client.add('a', tags={'env': 'prod', 'team': 'x'})
    client.add('b', tags={'env': 'prod'})
    client.add('c', tags={'env': 'dev', 'team': 'y'})
    assert [s['id'] for s in manager.query(info_params(tags={'env': 'prod', 'team': ''}))] == [both]
    assert len(manager.query(info_params(tags={'team': ''}))) == 2
    assert len(manager.query(info_params(tags={'env': 'prod'}))) == 2


def test_query_includes_permissions_and_connections(manager, client):
    sid = client.add('web')
    client.permissions[sid] = [ORG, DOMAIN]
    client.connections[sid] = [{'id': 'ep1', 'marker_id': 7, 'domain_id': 'd1', 'status': 'accepted',
                                'description': '', 'created_at': 'x', 'updated_at': 'y'}]
    result = manager.query(info_params(include_permissions=True, include_connections=True))
    assert result[0]['permissions'] == sorted([ORG, DOMAIN])
    assert result[0]['connections'] == [{'id': 'ep1', 'marker_id': 7, 'domain_id': 'd1', 'status': 'accepted', 'description': ''}]
    assert ('permissions', 500) in client.page_sizes
    assert ('connections', 1000) in client.page_sizes
    assert ('endpoint_services', 1000) in client.page_sizes


def test_query_returns_the_same_shape_as_the_resource_module(manager, client):
    client.add('web', tags={'env': 'prod'})
    listed = manager.query(info_params(name='web'))[0]
    present = manager.ensure_present(params(name='web'))['service']
    assert listed == present
