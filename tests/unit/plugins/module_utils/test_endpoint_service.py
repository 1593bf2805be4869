# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The endpoint service declaration, driven as vpcep_service and vpcep_service_info drive it, on an in-memory VPCEP.

Ported from the tests of the old ServiceManager. Behaviour that changed on purpose, and how these
tests check it now:
- permissions are returned as records (dicts with id, permission, permission_type, description,
  created_at), not strings; diff mode shows them as {permission: description};
- results drop pool_id and ip_version (no read returns them) and None values;
- a create waits lookup.SETTLE after its answer, then lists the name to settle duplicates;
- an unclear create is looked up for a grace period (lookup.GRACE, bounded by wait_timeout), and
  its failure no longer says "safe to re-run";
- tags: up to 20; permissions are added only once a new service is available, also with wait=false;
- rules the argument spec states (choices, required suboptions, required_one_of) are no longer
  checked in Python: the cases of the old validation table that tested them are gone.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import query as kit_query
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_connection as ec
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service as es
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    ResourceError,
    ValidationError,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_service import argument_spec
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_service_info
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_service_info import argument_spec as info_argument_spec
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import (
    poll_sleeps,
    CREATED,
    MARKER,
    DOMAIN,
    ORG,
    OTHER_DOMAIN,
    OWNER,
    OWNER_DOMAIN_ID,
    PORT,
    REGION,
    SERVICES,
    VPC,
    FakeClock,
    FakeVpcep,
    api_error,
    module_params,
)

PORTS = [{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}]
LIST_WEB = ('GET', SERVICES, {'endpoint_service_name': 'web', 'limit': 1000})
TAGS = '/v1/{project_id}/endpoint_service/%s/tags/action'
LOST = AmbiguousRequestError('POST %s failed: HTTP 503' % SERVICES, status=503, error_msg='Service Unavailable',
                             method='POST', path=SERVICES)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(clock):
    return FakeVpcep(clock)


def params(**overrides):
    """vpcep_service's params as its argument spec leaves them, then the overrides."""
    return module_params(argument_spec(), **overrides)


def create_params(**overrides):
    values = dict(name='web', vpc_id=VPC, port_id=PORT, server_type='VM', ports=copy.deepcopy(PORTS))
    values.update(overrides)
    return params(**values)


def context_for(client, clock, values, check_mode=False):
    return Context(values, client=client, check_mode=check_mode, sleep=clock.sleep, clock=clock)


def ensure(client, clock, values, check_mode=False):
    """Run vpcep_service's engine; return (outcome, context)."""
    context = context_for(client, clock, values, check_mode)
    return es.EndpointService(context).ensure(), context


def ensure_fails(client, clock, values, error=ResourceError, check_mode=False):
    """Run vpcep_service's engine expecting `error`; return (exception, context)."""
    context = context_for(client, clock, values, check_mode)
    with pytest.raises(error) as info:
        es.EndpointService(context).ensure()
    return info.value, context


def path(sid, *suffix):
    return '/'.join((SERVICES, sid) + suffix)


def views(records):
    return dict((r['permission'], r.get('description', '')) for r in records)


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('service_name, service_id, expected', [
    ('cn-north-4.test123.4189d3c2-8882-4871-a3c2-d380272eed83', '4189d3c2-8882-4871-a3c2-d380272eed83', 'test123'),
    ('cn-north-4.test123.4189d3c2-8882-4871-a3c2-d380272eed83', None, 'test123'),
    ('cn-north-4.4189d3c2-8882-4871-a3c2-d380272eed83', '4189d3c2-8882-4871-a3c2-d380272eed83', ''),
    ('cn-north-4.4189d3c2-8882-4871-a3c2-d380272eed83', None, ''),
    ('eu-west-101.my_svc-1.abc', 'abc', 'my_svc-1'),
    ('cn-north-4.web.other-id', 'abc', 'web.other-id'),
    ('test123', '4189d3c2', 'test123'),
    ('test123', None, 'test123'),
    ('', 'abc', ''),
    (None, 'abc', ''),
])
def test_short_name(service_name, service_id, expected):
    assert es.short_name(service_name, service_id) == expected


def test_ports_key_ignores_order_and_defaults_protocol():
    a = [{'client_port': 1, 'server_port': 2}, {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}]
    b = [{'client_port': 3, 'server_port': 4, 'protocol': 'udp'}, {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}]
    assert es.ports_key(a) == es.ports_key(b)
    assert es.ports_key(a) != es.ports_key(a[:1])
    assert es.ports_key(None) == frozenset()
    assert es.normalize_ports(b + b) == [{'client_port': 1, 'server_port': 2, 'protocol': 'TCP'},
                                         {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}]


def test_permission_type():
    assert es.permission_type('*') == 'domainId'
    assert es.permission_type(DOMAIN) == 'domainId'
    assert es.permission_type(ORG) == 'orgPath'


def test_connection_view_keeps_the_list_fields():
    connection = {'id': 'e1', 'marker_id': 1, 'domain_id': 'd', 'status': 'accepted', 'description': 'x',
                  'created_at': 'c', 'updated_at': 'u', 'error': [{'error_code': 'E'}], 'extra': 1}
    assert ec.connection_view(connection) == dict((k, v) for k, v in connection.items() if k != 'extra')
    assert ec.connection_view({'id': 'e1'})['error'] is None


def test_to_ansible_adds_name_drops_write_only_and_none_and_never_touches_the_input(client, clock):
    api = {'id': 'abc', 'service_name': 'cn-north-4.web.abc', 'tags': [{'key': 'env', 'value': 'prod'}],
           'status': 'available', 'pool_id': 'pool-1', 'ip_version': 'ipv4', 'ip': None, 'domain_id': 'd1',
           'unknown_field': 1}
    original = copy.deepcopy(api)
    result = es.EndpointService(context_for(client, clock, params())).to_ansible(api)
    assert result == {'id': 'abc', 'service_name': 'cn-north-4.web.abc', 'name': 'web', 'tags': {'env': 'prod'},
                      'status': 'available', 'domain_id': 'd1'}
    assert api == original
    assert es.EndpointService(context_for(client, clock, params())).to_ansible(None) == {}


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('overrides, expected', [
    (dict(name='a-name-longer-17x'), 'name: must be at most 16 characters long (got 17)'),
    (dict(name='bad name!'), "name: may only contain letters, digits, \"_\" and \"-\" (got 'bad name!')"),
    (dict(name='dots.not.ok'), 'name: may only contain letters'),
    (dict(name=''), 'name: required when id is not given'),
    (dict(ports=[]), 'ports: must hold 1 to 200 port mappings (got 0)'),
    (dict(ports=[{'client_port': i, 'server_port': i, 'protocol': 'TCP'} for i in range(1, 202)]),
     'ports: must hold 1 to 200 port mappings (got 201)'),
    (dict(ports=[{'client_port': 0, 'server_port': 80, 'protocol': 'TCP'}]),
     'ports[0].client_port: must be between 1 and 65535 (got 0)'),
    (dict(ports=[{'client_port': 80, 'server_port': 70000, 'protocol': 'TCP'}]),
     'ports[0].server_port: must be between 1 and 65535 (got 70000)'),
    (dict(ports=[{'client_port': 80, 'server_port': 80, 'protocol': 'TCP'}, {'client_port': 80, 'server_port': 80}]),
     'ports: duplicate mapping client_port=80 server_port=80 protocol=TCP'),
    # Issue 11 point 6: one client port and protocol mapped twice is caught before sending.
    (dict(ports=[{'client_port': 80, 'server_port': 80, 'protocol': 'TCP'}, {'client_port': 80, 'server_port': 81,
                                                                             'protocol': 'TCP'}]),
     'ports[1]: client_port 80/TCP is mapped twice; a client port and protocol may appear once per service'),
    (dict(description='x' * 513), 'description: must be at most 512 characters long (got 513)'),
    (dict(description='<script>'), 'description: must not contain "<" or ">"'),
    (dict(tags=dict(('k%d' % i, 'v') for i in range(21))), 'tags: at most 20 tags per resource (got 21)'),
    (dict(tags={'': 'v'}), "tags: key '' must be 1 to 128 characters long"),
    (dict(tags={'a=b': 'v'}), "tags: key 'a=b' must not contain any of"),
    (dict(tags={'k': {'a': 1}}), "tags: the value of 'k' must be a string, number or boolean, got a dictionary"),
    (dict(permissions=['domain:abc']), "permissions[0]: 'domain:abc' must be \"*\", \"iam:domain::<domain id>\""),
    (dict(permissions=['iam:domain::not_alnum!']), 'permissions[0]: '),
    (dict(permissions=['iam:domain::' + 'a' * 65]), '(1 to 64 letters, digits or "*")'),
    (dict(permissions=['organizations:orgPath::' + 'a' * 1025]), '"organizations:orgPath::<path>" (1 to 1024 characters)'),
    (dict(permissions=['organizations:orgPath::']), 'permissions[0]: '),
    (dict(permissions=[DOMAIN, DOMAIN]),
     "permissions: lists the same permission '%s' 2 times (permissions[0], permissions[1]); give each once" % DOMAIN),
    (dict(permissions=['*', DOMAIN, {'permission': DOMAIN, 'description': 'x'}]),
     "permissions: lists the same permission '%s' 2 times (permissions[1], permissions[2])" % DOMAIN),
    (dict(permissions=[{'permission': DOMAIN, 'note': 'x'}]),
     'permissions[0]: must be a string or a dictionary with permission (a string) and description (got keys note, '
     'permission)'),
    (dict(permissions=[{'description': 'x'}]), 'permissions[0]: must be a string or a dictionary with permission'),
    (dict(permissions=[{'permission': 5}]), 'permissions[0]: must be a string or a dictionary with permission'),
    (dict(permissions=[{}]), '(got keys none)'),
    (dict(permissions=[{'permission': DOMAIN, 'description': ['x']}]), 'permissions[0].description: must be a string'),
    (dict(permissions=[{'permission': DOMAIN, 'description': 'a<b'}]),
     'permissions[0].description: must not contain "<" or ">"'),
    (dict(permissions=[{'permission': DOMAIN, 'description': 'd' * 513}]),
     'permissions[0].description: must be at most 512 characters long (got 513)'),
    (dict(permissions=[7]), 'permissions[0]: must be a string or a dictionary with permission and description'),
    (dict(permissions=[['iam:domain::a']]), 'permissions[0]: must be a string or a dictionary'),
    (dict(wait_timeout=0), 'wait_timeout: must be 1 to 86400 seconds (got 0)'),
    (dict(wait_timeout=-5), 'wait_timeout: must be 1 to 86400 seconds (got -5)'),
    (dict(wait_timeout=10 ** 12), 'wait_timeout: must be 1 to 86400 seconds (got 1000000000000)'),
    (dict(ip='fe80::1'), 'ip: must be an IPv4 address or a domain name, not an IPv6 address'),
    (dict(ip='not a host!'), 'ip: must be an IPv4 address or a domain name'),
])
def test_validate_params_names_option_and_rule(overrides, expected):
    errors = es.validate_params(create_params(**overrides))
    assert len(errors) == 1, errors
    assert expected in errors[0], errors


@pytest.mark.parametrize('overrides', [
    dict(),
    dict(name='a' * 16),
    dict(name='Web_1-x'),
    dict(name='', id='abc'),
    dict(name=None, id='abc'),
    dict(ports=[{'client_port': i, 'server_port': i, 'protocol': 'TCP'} for i in range(1, 201)]),
    dict(ports=[{'client_port': 65535, 'server_port': 1, 'protocol': 'UDP'}, {'client_port': 65535, 'server_port': 1}]),
    dict(description=''),
    dict(description='x' * 512),
    dict(tags={}),
    dict(tags=dict(('k%d' % i, '') for i in range(20))),
    dict(tags={'k' * 128: 'v' * 255, 'inner space': 'a b', 'n': 5, 'on': True}),
    dict(permissions=[]),
    dict(permissions=['*', DOMAIN, 'iam:domain::' + 'A1' * 32, ORG, 'organizations:orgPath::' + 'p' * 1024]),
    dict(permissions=[{'permission': DOMAIN, 'description': 'team a, ticket 42'}, {'permission': ORG}, '*']),
    dict(ip='10.0.0.1'),
    dict(ip='backend.example.com'),
])
def test_validate_params_accepts_valid_input(overrides):
    assert es.validate_params(create_params(**overrides)) == []


def test_validate_params_reports_every_violation_at_once():
    errors = es.validate_params(create_params(name='bad name', description='<', wait_timeout=0, tags={'a=b': 'v'},
                                              id='a/b'))
    assert [e.split(':')[0] for e in errors] == ['name', 'id', 'description', 'tags', 'wait_timeout']


HOSTILE = [
    # Issue 11 point 2: ids become path segments; they are refused before any request.
    ('id', 'abc/connections'),
    ('id', '../../quotas'),
    ('id', '..'),
    ('id', 'abc?x=1'),
    ('id', 'abc#frag'),
    ('id', 'caf\u00e9'),
    ('id', '\u2603'),
    ('id', 'x' * 10240),
    ('id', 'a' * 65),
    ('id', ' abc'),
    ('port_id', '../ports'),
    ('vpc_id', 'vpc id'),
    ('snat_network_id', '%2e%2e'),
    ('name', 'n' * 17),
    ('name', 'caf\u00e9'),
    ('name', 'x' * 10240),
    ('name', 'a/b'),
    ('description', 'd' * 10240),
    ('ip', 'x' * 10240),
    ('ip', '10.0.0.1/24'),
    ('ports', [{'client_port': 80, 'server_port': 80, 'protocol': 'TCP'},
               {'client_port': 80, 'server_port': 443, 'protocol': 'TCP'}]),
    ('permissions', ['iam:domain::a/b']),
    ('permissions', ['iam:domain::caf\u00e9']),
    ('permissions', [{'permission': 'x' * 10240}]),
    ('permissions', [{'permission': DOMAIN, 'description': {'a': 1}}]),
    ('tags', {'k': ['a', 'b']}),
    pytest.param('tags', {'k' * 10240: 'v'}),
    ('tags', {'k': 'v' * 10240}),
    ('wait_timeout', 0),
]


@pytest.mark.parametrize('option, value', HOSTILE)
@pytest.mark.parametrize('state', ['present', 'absent'])
def test_hostile_values_fail_naming_the_option_with_zero_requests(client, clock, option, value, state):
    values = create_params(state=state, **{option: value})
    error, context = ensure_fails(client, clock, values, error=ValidationError)
    assert error.msg.startswith('Invalid parameters: ')
    assert any(e.startswith(option) for e in error.details['errors']), error.details['errors']
    # A huge value stays a short message.
    assert len(error.msg) < 700
    assert error.failure()['errors'] == error.details['errors']
    assert client.calls == []
    assert context.changed is False


# ---------------------------------------------------------------------------
# Identity: by id and by exact name
# ---------------------------------------------------------------------------

def find(client, clock, **values):
    return es.EndpointService(context_for(client, clock, params(**values))).find()


def test_find_by_name_is_exact_among_fuzzy_results(client, clock):
    ids = dict((name, client.add_service(name)) for name in ('web', 'web2', 'myweb', 'WEB', 'web-'))
    client.add_service('', id='web')  # a nameless service whose id contains the name
    assert find(client, clock, name='web')['id'] == ids['web']
    assert find(client, clock, name='WEB')['id'] == ids['WEB']
    assert find(client, clock, name='we') is None
    assert client.calls[0] == LIST_WEB
    assert client.writes == []


def test_find_by_name_with_short_form_names(clock):
    client = FakeVpcep(clock, name_form='short')
    sid = client.add_service('test123')
    client.add_service('test1234')
    assert find(client, clock, name='test123')['id'] == sid


def test_find_by_id_reads_only_that_service(client, clock):
    sid = client.add_service('web')
    assert find(client, clock, id=sid)['id'] == sid
    assert client.calls == [('GET', path(sid), None)]
    assert find(client, clock, id='missing') is None


@pytest.mark.parametrize('answer', [
    [{'id': 'x'}],
    {'endpoint_services': [], 'total_count': 0},
    {'id': 'another-service', 'service_name': 'cn-north-4.web.another-service'},
    'text',
])
def test_a_read_by_id_that_answers_another_object_fails_instead_of_inventing_one(client, clock, answer):
    # Issue 19 point 10: never a made-up {"name": "", "tags": {}} service, never a KeyError.
    sid = client.add_service('web')
    client.get = lambda p, params=None: copy.deepcopy(answer)
    for run in (lambda: find(client, clock, id=sid), lambda: query(client, clock, id=sid),
                lambda: es.EndpointService(context_for(client, clock, params(id=sid, state='absent'))).ensure()):
        with pytest.raises(ResourceError) as info:
            run()
        assert info.value.msg.startswith('Reading endpoint service %s answered ' % sid)
        assert 'not that endpoint service' in info.value.msg
    assert client.writes == []


@pytest.mark.parametrize('word', ['public', 'describe', 'Describe', 'tags', 'action', 'batch-create', 'batch-delete'])
def test_the_api_s_path_words_are_refused_as_ids_before_any_request(client, clock, word):
    for values in (params(id=word), params(name='web', vpc_id=word), params(name='web', port_id=word)):
        error, _context = ensure_fails(client, clock, values, error=ValidationError)
        assert "not one of the words of the API's paths" in error.msg and repr(word) in error.msg
    with pytest.raises(ValidationError):
        query(client, clock, id=word)
    assert client.calls == []


def test_id_with_a_different_name_and_state_absent_fails_and_deletes_nothing(client, clock):
    # Issue 11 point 1: a stale id next to the right name must not delete another service.
    sid = client.add_service('payments')
    error, context = ensure_fails(client, clock, params(id=sid, name='web', state='absent'))
    assert error.msg == ("Endpoint service %s is named 'payments', not 'web' as the task says: nothing was deleted. The "
                         "id may be stale; give the right id, or leave name out to delete whatever service has this "
                         "id." % sid)
    assert error.details['service']['id'] == sid
    assert error.details['service']['name'] == 'payments'
    assert client.writes == []
    assert sid in client.services
    assert context.changed is False


def test_id_with_a_different_name_and_state_absent_fails_in_check_mode_too(client, clock):
    sid = client.add_service('payments')
    ensure_fails(client, clock, params(id=sid, name='web', state='absent'), check_mode=True)
    assert client.writes == []


def test_id_with_its_own_name_or_without_a_name_deletes(client, clock):
    first = client.add_service('web')
    second = client.add_service('other')
    outcome, _context = ensure(client, clock, params(id=first, name='web', state='absent'))
    assert outcome.changed is True
    outcome, _context = ensure(client, clock, params(id=second, state='absent'))
    assert outcome.changed is True
    assert [c[:2] for c in client.writes] == [('DELETE', path(first)), ('DELETE', path(second))]


def test_id_with_a_different_name_and_state_present_renames_and_warns(client, clock):
    sid = client.add_service('old')
    outcome, context = ensure(client, clock, params(id=sid, name='new'))
    assert client.writes == [('PUT', path(sid), {'service_name': 'new'})]
    assert context.warnings == ["Renaming endpoint service %s from 'old' to 'new', as the id and name options ask. If the "
                                "id is stale, this renames another service: check the id." % sid]
    assert outcome.changed is True
    assert outcome.values['service']['name'] == 'new'
    assert outcome.values['service']['service_name'] == '%s.new.%s' % (REGION, sid)
    assert (outcome.diff['before']['name'], outcome.diff['after']['name']) == ('old', 'new')
    # Same name again: nothing to do, no warning.
    client.reset_calls()
    outcome, context = ensure(client, clock, params(id=sid, name='new'))
    assert outcome.changed is False
    assert client.writes == []
    assert context.warnings == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_rename_onto_a_name_in_use_fails_before_any_write_naming_the_other_ids(client, clock, check_mode):
    # Issue 19 point 4: two services named 'taken' would make every later run by that name fail.
    sid = client.add_service('old')
    other = client.add_service('taken')
    client.add_service('taken-too')
    error, context = ensure_fails(client, clock, params(id=sid, name='taken', description='x'), check_mode=check_mode)
    assert error.msg == (
        "Cannot rename endpoint service %s from 'old' to 'taken': another endpoint service is named 'taken' already "
        "(id: %s). Names are not unique in the API, and two services of one name make every later run that finds "
        "'taken' by name fail. Nothing was changed: choose another name, or rename or delete the other service first."
        % (sid, other))
    assert error.details['ids'] == [other]
    assert error.details['service']['name'] == 'old'
    assert client.writes == []
    assert client.calls[-1] == ('GET', SERVICES, {'endpoint_service_name': 'taken', 'limit': 1000})
    assert context.changed is False and context.warnings == []


def test_a_rename_onto_a_name_that_only_a_service_being_deleted_carries_goes_ahead(client, clock):
    sid = client.add_service('old')
    client.add_service('free', status='deleting')
    client.add_service('free2')
    outcome, _context = ensure(client, clock, params(id=sid, name='free'))
    assert outcome.changed is True
    assert client.writes == [('PUT', path(sid), {'service_name': 'free'})]


def test_a_rename_onto_several_services_lists_them_all(client, clock):
    sid = client.add_service('old')
    ids = sorted([client.add_service('dup'), client.add_service('dup')])
    error, _context = ensure_fails(client, clock, params(id=sid, name='dup'))
    assert "2 other endpoint services are named 'dup' already (ids: %s)" % ', '.join(ids) in error.msg
    assert client.writes == []


def test_duplicate_names_fail_listing_the_ids_after_waiting_for_a_race_to_settle(client, clock):
    second = client.add_service('web', created_at='2026-01-01T00:00:09Z')
    first = client.add_service('web')
    client.add_service('web2')
    error, _context = ensure_fails(client, clock, create_params(description='x'))
    assert error.msg == ("Found 2 endpoint services named 'web' (ids: %s, %s); names are not unique, give the id option "
                         "to choose one." % (first, second))
    assert error.details['ids'] == [first, second]
    assert sum(clock.sleeps) == pytest.approx(lookup.DUPLICATES_SETTLE)
    assert client.writes == []


def test_other_api_errors_propagate_with_what_was_being_done(client, clock):
    sid = client.add_service('web')
    client.fail('GET', path(sid), api_error(403, 'GET', path(sid)))
    error, context = ensure_fails(client, clock, params(id=sid, description='x'), error=ApiError)
    assert error.doing == 'reading endpoint service %s' % sid
    assert error.failure()['msg'].startswith('Failed while reading endpoint service %s: GET ' % sid)
    assert error.failure()['error']['status'] == 403
    assert context.changed is False


# ---------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------

def test_create_sends_only_given_fields_with_tags_then_waits_then_adds_permissions(client, clock):
    outcome, context = ensure(client, clock, create_params(
        approval_enabled=False, tags={'env': 'prod', 'team': 'a'}, permissions=[DOMAIN, ORG, '*'],
        ports=[{'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'},
               {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}]))
    sid = 'new-0001'
    assert client.calls == [
        LIST_WEB,
        ('POST', SERVICES, {
            'service_name': 'web', 'vpc_id': VPC, 'port_id': PORT, 'server_type': 'VM', 'approval_enabled': False,
            'ports': [{'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'},
                      {'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'}],
            'tags': [{'key': 'env', 'value': 'prod'}, {'key': 'team', 'value': 'a'}, MARKER]}),
        LIST_WEB,
        # The creation token goes once the name is settled.
        ('POST', TAGS % sid, {'action': 'delete', 'tags': [MARKER]}),
        ('GET', path(sid), None),
        ('GET', path(sid), None),
        # The owner's domain (to leave its own record alone) came with the list answer: no extra read.
        # One batch-create per permission type, once the service is available.
        ('POST', path(sid, 'permissions', 'batch-create'), {
            'permissions': [{'permission': '*'}, {'permission': DOMAIN}], 'permission_type': 'domainId'}),
        ('POST', path(sid, 'permissions', 'batch-create'), {
            'permissions': [{'permission': ORG}], 'permission_type': 'orgPath'}),
    ]
    # The create is not idempotent and needs an answer; permission adds are idempotent.
    assert client.opts[1] == {'idempotent': False, 'expect_body': True, 'via': 'request'}
    assert [o['idempotent'] for o in client.opts[-2:]] == [True, True]
    assert clock.sleeps == [lookup.SETTLE, 0.5]
    assert outcome.changed is True and context.changed is True
    service = outcome.values['service']
    assert service['status'] == 'available'
    assert service['name'] == 'web'
    assert service['service_name'] == '%s.web.%s' % (REGION, sid)
    assert service['tags'] == {'env': 'prod', 'team': 'a'}
    assert [p['permission'] for p in service['permissions']] == sorted(['*', DOMAIN, ORG])
    assert service['permissions'][0] == {'id': 'perm-0002', 'permission': '*', 'permission_type': 'domainId',
                                         'description': '', 'created_at': '2026-01-04T00:00:00Z'}
    # No read returns these: results never carry them, whichever call answered.
    assert 'pool_id' not in service and 'ip_version' not in service
    assert None not in service.values()
    assert outcome.diff['before'] == {}
    assert outcome.diff['after']['name'] == 'web'
    assert outcome.diff['after']['permissions'] == {'*': '', DOMAIN: '', ORG: ''}


def test_create_without_wait_returns_the_create_answer(client, clock):
    outcome, _context = ensure(client, clock, create_params(wait=False))
    service = outcome.values['service']
    assert service['status'] == 'creating'
    assert client.calls == [LIST_WEB, ('POST', SERVICES, client.calls[1][2]), LIST_WEB,
                            ('POST', TAGS % 'new-0001', {'action': 'delete', 'tags': [MARKER]})]
    assert 'permissions' not in service
    assert 'pool_id' not in service and 'ip_version' not in service


def test_without_wait_a_new_service_is_still_waited_for_before_its_permissions(client, clock):
    # Issue 12 point 2: the fake, like the reference implementation, adds permissions to available services only.
    outcome, _context = ensure(client, clock, create_params(wait=False, permissions=[{'permission': DOMAIN,
                                                                                      'description': 'team a'}]))
    methods = [(c[0], c[1].rsplit('/', 1)[-1]) for c in client.calls]
    assert methods.index(('POST', 'batch-create')) > methods.index(('GET', 'new-0001'))
    assert client.bodies('batch-create') == [{'permissions': [{'permission': DOMAIN, 'description': 'team a'}],
                                              'permission_type': 'domainId'}]
    assert outcome.values['service']['status'] == 'available'
    assert views(outcome.values['service']['permissions']) == {DOMAIN: 'team a'}


def test_a_rerun_after_create_is_unchanged_and_reads_only(client, clock):
    full = create_params(approval_enabled=False, tcp_proxy='proxy_open', description='d', ip='10.0.0.1',
                         service_type='interface', tags={'env': 'prod', 'n': 5},
                         permissions=[DOMAIN, {'permission': ORG, 'description': 'o'}],
                         ip_version='ipv4', ports=[{'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'},
                                                   {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}])
    first, _context = ensure(client, clock, full)
    client.reset_calls()
    second, context = ensure(client, clock, full)
    sid = first.values['service']['id']
    assert second.changed is False and context.changed is False
    assert client.calls == [LIST_WEB, ('GET', path(sid, 'permissions'), {'limit': 500})]
    assert second.values['service']['id'] == sid
    assert second.diff['before'] == second.diff['after']
    assert second.diff['after']['permissions'] == {DOMAIN: '', ORG: 'o'}


def test_a_create_that_ends_failed_reports_the_api_error(client, clock):
    client.provision = ['creating', 'failed']

    def broken(sid):
        client.services[sid]['error'] = [{'error_code': 'EndPoint.0125', 'error_message': 'port in use'}]

    client.on_create = broken
    error, context = ensure_fails(client, clock, create_params())
    assert error.msg == 'Endpoint service new-0001 ended in status failed: EndPoint.0125: port in use'
    assert error.details['service']['status'] == 'failed'
    assert error.details['service']['error'] == [{'error_code': 'EndPoint.0125', 'error_message': 'port in use'}]
    assert context.changed is True


def test_wait_timeout_reports_the_last_status_and_never_sleeps_past_the_deadline(client, clock):
    client.provision = ['creating']
    error, context = ensure_fails(client, clock, create_params(wait_timeout=30))
    assert error.msg.startswith('Timed out after 30 seconds (wait_timeout) waiting for endpoint service new-0001 to '
                                'become available; last status seen: creating.')
    assert clock.sleeps == pytest.approx([lookup.SETTLE] + poll_sleeps(timeout=30))
    assert error.details['service']['status'] == 'creating'
    assert context.changed is True


def test_poll_schedule_caps_at_ten_seconds(client, clock):
    client.provision = ['creating'] * 62 + ['available']
    outcome, _context = ensure(client, clock, create_params())
    assert outcome.values['service']['status'] == 'available'
    assert clock.sleeps[0] == lookup.SETTLE
    assert clock.sleeps[1:] == pytest.approx(poll_sleeps(len(clock.sleeps) - 1))
    assert max(clock.sleeps) == 10


def test_a_service_that_disappears_while_waited_for(client, clock):
    client.provision = ['creating', 'gone']
    error, _context = ensure_fails(client, clock, create_params())
    assert error.msg == 'Endpoint service new-0001 disappeared while waiting for it to become available.'


def test_an_unknown_id_is_not_created(client, clock):
    error, _context = ensure_fails(client, clock, create_params(id='nope'))
    assert error.msg == 'No endpoint service with id nope. To create one, leave id out.'
    assert client.writes == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_missing_create_options_are_reported_together_and_nothing_is_written(client, clock, check_mode):
    error, context = ensure_fails(client, clock, params(name='Needs-More', port_id=PORT), check_mode=check_mode)
    assert error.msg == ("The endpoint service 'Needs-More' does not exist; to create it these options are required: "
                         "vpc_id, port_id, server_type, ports (missing: vpc_id, server_type, ports).")
    assert error.details == {'missing': ['vpc_id', 'server_type', 'ports']}
    assert client.writes == []
    assert context.changed is False


def test_a_quota_refusal_names_the_quota(client, clock):
    client.quotas['endpoint_service'] = [20, 20]
    client.fail('POST', SERVICES, api_error(400, 'POST', SERVICES, msg='Quota exceeded'))
    error, context = ensure_fails(client, clock, create_params())
    assert error.msg == (
        'The endpoint_service quota of this project is used up (20 of 20 in use), so the API refused the create '
        '(HTTP 400 EndPoint.0002 Quota exceeded). Delete endpoint services you no longer need, or ask Huawei Cloud '
        'support for a higher quota; hwcloud.vpcep.vpcep_quota_info shows the quotas.')
    assert error.details['quota'] == {'type': 'endpoint_service', 'used': 20, 'quota': 20}
    assert error.details['error']['status'] == 400
    assert client.calls[-1] == ('GET', '/v1/{project_id}/quotas', {'type': 'endpoint_service'})
    assert context.changed is False
    assert len(client.services) == 0


def test_a_refusal_with_quota_left_keeps_the_api_error(client, clock):
    client.quotas['endpoint_service'] = [3, 20]
    client.fail('POST', SERVICES, api_error(400, 'POST', SERVICES))
    error, context = ensure_fails(client, clock, create_params(), error=ApiError)
    assert error.doing == "creating endpoint service 'web'"
    assert context.changed is False
    # The name was looked up once (the create may have committed: a service carrying this run's token), then the
    # quota was read to explain the refusal.
    assert [c[1] for c in client.calls[-2:]] == [SERVICES, '/v1/{project_id}/quotas']


# ---------------------------------------------------------------------------
# Creates with an unclear outcome and concurrent runs (issue 11 points 8 to 12, issue 19 points 1, 2 and 7)
# ---------------------------------------------------------------------------

UNMARK = ('POST', TAGS % 'new-0001', {'action': 'delete', 'tags': [MARKER]})


def other_party(client, name='web', **fields):
    """Another party's service of the same name (its own port, description and tags); return its id."""
    values = dict(id='svc-theirs', created_at='2026-01-02T00:00:03Z', description='theirs', port_id='p-theirs',
                  ports=[{'client_port': 9999, 'server_port': 99, 'protocol': 'TCP'}], tags={'owner': 'them'})
    values.update(fields)
    return client.add_service(name, **values)


def untouched(client, sid, before):
    """The service is as it was, and no write went to it."""
    assert client.services[sid] == before
    assert [c for c in client.writes if '/%s' % sid in c[1]] == []


def test_an_unclear_create_is_looked_up_found_by_its_token_and_never_repeated(client, clock):
    client.create_error = LOST
    outcome, context = ensure(client, clock, create_params(tags={'env': 'prod'}))
    assert [c[:2] for c in client.writes] == [('POST', SERVICES), UNMARK[:2]]
    assert len(client.services) == 1
    assert outcome.changed is True and context.changed is True
    service = outcome.values['service']
    assert (service['name'], service['status'], service['tags']) == ('web', 'available', {'env': 'prod'})
    assert client.services['new-0001']['tags'] == [{'key': 'env', 'value': 'prod'}]
    assert outcome.diff['before'] == {}
    # The lookup right after the unanswered create, then the settle lookup.
    assert client.calls[2:4] == [LIST_WEB, LIST_WEB]


def test_an_unclear_create_of_ours_gets_its_permissions_once_available(client, clock):
    client.create_error = LOST
    outcome, _context = ensure(client, clock, create_params(permissions=[DOMAIN]))
    assert views(outcome.values['service']['permissions']) == {DOMAIN: ''}
    methods = [(c[0], c[1].rsplit('/', 1)[-1]) for c in client.calls]
    assert methods.index(('POST', 'batch-create')) > methods.index(('GET', 'new-0001'))


def test_an_unclear_create_that_never_appears_fails_changed_and_says_how_to_check(client, clock):
    client.create_error = LOST
    client.create_commits = False
    error, context = ensure_fails(client, clock, create_params(permissions=[DOMAIN]))
    assert error.msg == (
        "The create request for endpoint service 'web' got no clear answer (HTTP 503: Service Unavailable), and it did "
        "not appear within 60 seconds. It may still be created later: before re-running this task, check whether it "
        "exists (hwcloud.vpcep.vpcep_service_info with name: web), or a duplicate may be made.")
    assert 'safe to re-run' not in error.msg
    assert context.changed is True
    assert [c[0] for c in client.writes] == ['POST']
    assert sum(clock.sleeps) == pytest.approx(lookup.GRACE)


def test_an_unclear_create_that_lands_late_is_found_by_its_token(client, clock):
    # The slow create of issue 11 point 8: committed 20 s after the client gave up.
    client.create_error = LOST
    client.commit_delay = 20
    outcome, _context = ensure(client, clock, create_params())
    assert outcome.values['service']['id'] == 'new-0001'
    assert [c[0] for c in client.writes] == ['POST', 'POST']
    assert len(client.services) == 1


def test_a_failing_lookup_after_an_unclear_create_still_reports_changed(client, clock):
    # Issue 11 point 9: the task must not end changed=false while the service may exist.
    client.create_error = LOST
    client.on_create = lambda _sid: client.fail('GET', SERVICES, api_error(503, 'GET', SERVICES), times=100)
    error, context = ensure_fails(client, clock, create_params())
    assert context.changed is True
    # The API error that ended it is kept, with what was being done.
    assert error.details['error']['status'] == 503
    assert 'then this task failed: Failed while listing endpoint services' in error.msg


def test_a_failing_lookup_after_an_unclear_create_says_the_service_may_exist(client, clock):
    client.create_error = LOST
    client.on_create = lambda _sid: client.fail('GET', SERVICES, api_error(503, 'GET', SERVICES), times=100)
    error, _context = ensure_fails(client, clock, create_params())
    msg = error.failure()['msg']
    assert msg.startswith("The create request for endpoint service 'web' got no clear answer (HTTP 503")
    assert 'It may exist now: check it (hwcloud.vpcep.vpcep_service_info with name: web)' in msg
    assert 'AmbiguousRequestError' not in msg


@pytest.mark.parametrize('answer', [None, {}, {'status': 'creating'}, 'not json'])
def test_a_create_answered_without_an_id_is_found_by_its_token_not_a_traceback(client, clock, answer):
    # Issue 11 point 10, at layer 3: the client asks for a body (expect_body=True); an answer without id is unclear.
    client.create_answer = lambda _answer: answer
    outcome, context = ensure(client, clock, create_params())
    assert outcome.values['service']['id'] == 'new-0001'
    assert outcome.changed is True and context.changed is True
    assert [c[0] for c in client.writes] == ['POST', 'POST']


def test_after_an_unclear_create_another_partys_service_is_never_deleted_nor_changed(client, clock):
    # Issue 19 point 1: our create commits and its answer is lost; another party makes the same name a moment later.
    client.create_error = LOST
    before = {}

    def on_create(_sid):
        other_party(client)
        before.update(copy.deepcopy(client.services['svc-theirs']))

    client.on_create = on_create
    outcome, context = ensure(client, clock, create_params(description='ours', permissions=[DOMAIN]))
    assert outcome.values['service']['id'] == 'new-0001'
    assert outcome.values['service']['description'] == 'ours'
    assert outcome.changed is True
    untouched(client, 'svc-theirs', before)
    assert client.services['svc-theirs']['description'] == 'theirs'
    assert client.permissions['svc-theirs'] == []
    assert 'svc-theirs (created_at 2026-01-02T00:00:03Z)' in context.warnings[0]


def test_an_unclear_create_that_never_committed_while_two_others_appear_fails_touching_neither(client, clock):
    # Issue 19 point 2: the POST was reset before the server got it; two same-name services appear in the grace period.
    client.create_error = LOST
    client.create_commits = False
    original = client._list_services

    def list_services(params):
        if len(client.reads) == 3:
            other_party(client, id='svc-first', created_at='2026-01-02T00:00:01Z')
            other_party(client, id='svc-second', created_at='2026-01-02T00:00:02Z')
        return original(params)

    client._list_services = list_services
    error, context = ensure_fails(client, clock, create_params(wait_timeout=30))
    assert error.msg == (
        "The create request for endpoint service 'web' got no clear answer (HTTP 503: Service Unavailable). Within 30 "
        "seconds 2 endpoint services matching it appeared, but none carries this run's creation token, so none is "
        "proven to be this run's: svc-first (created_at 2026-01-02T00:00:01Z), svc-second (created_at "
        "2026-01-02T00:00:02Z). Nothing of them was touched. Check them (hwcloud.vpcep.vpcep_service_info with name: "
        "web); re-run this task later (this run's create may still land), or give the id option to manage one of them.")
    assert context.changed is True
    assert [c[0] for c in client.writes] == ['POST']
    assert sorted(client.services) == ['svc-first', 'svc-second']


@pytest.mark.parametrize('status', [400, 409])
def test_a_create_that_committed_and_was_answered_with_a_refusal_is_ours_and_changed(client, clock, status):
    # Issue 19 point 7: the token proves it is this run's own; no more "someone else's, changed=false".
    client.create_error = api_error(status, 'POST', SERVICES)
    outcome, context = ensure(client, clock, create_params(permissions=[DOMAIN]))
    assert outcome.changed is True and context.changed is True
    assert outcome.values['service']['id'] == 'new-0001'
    assert views(outcome.values['service']['permissions']) == {DOMAIN: ''}
    assert client.services['new-0001']['tags'] == []
    assert context.warnings == []


def test_a_refused_create_while_another_partys_service_appeared_names_it_and_changes_nothing(client, clock):
    client.fail('POST', SERVICES, api_error(409, 'POST', SERVICES, msg='port in use'))
    client.on_create = None
    original = client._list_services

    def list_services(params):
        if len(client.reads) == 2:
            other_party(client)
        return original(params)

    client._list_services = list_services
    error, context = ensure_fails(client, clock, create_params(permissions=[DOMAIN]))
    assert error.msg == (
        "The API refused this run's create of endpoint service 'web' (HTTP 409 EndPoint.0002 port in use); endpoint "
        "service svc-theirs (created_at 2026-01-02T00:00:03Z), which matches it, appeared during this run, and this run "
        "did not make it. It changed nothing of svc-theirs, which differs from this task in: permissions, port_id, "
        "ports. To manage it, re-run this task (a new run finds it and brings it to the task), or give its id.")
    assert context.changed is False
    assert [c[0] for c in client.writes] == ['POST']
    assert client.services['svc-theirs']['description'] == 'theirs'


def test_a_run_that_lost_a_race_removes_its_own_and_reports_the_older_once_its_permissions_are_added(client, clock):
    # Issue 11 point 11: an identical run's create committed first; that run adds the permissions once its service is
    # available. This run withdraws its own (proven its own), sends nothing to the other, and waits (reads only) until
    # the other matches its task.
    client.on_create = lambda _sid: client.add_service('web', id='svc-older', created_at=CREATED)
    original = client._list_permissions
    reads = []

    def list_permissions(params, sid):
        reads.append(sid)
        if len(reads) == 3:
            client.permissions['svc-older'].append(client.permission_record(DOMAIN))
        return original(params, sid)

    client._list_permissions = list_permissions
    outcome, context = ensure(client, clock, create_params(permissions=[DOMAIN]))
    assert outcome.values['service']['id'] == 'svc-older'
    assert views(outcome.values['service']['permissions']) == {DOMAIN: ''}
    assert outcome.changed is True and context.changed is True
    assert outcome.diff['before'] == {}
    assert [c[:2] for c in client.writes] == [('POST', SERVICES), ('DELETE', path('new-0001'))]
    assert reads == ['svc-older'] * 3
    assert context.warnings == [
        "Endpoint service svc-older, which matches endpoint service 'web', appeared during this run and is older than "
        "the one this run created: it already matches this task, so this run removed its own duplicate new-0001 and "
        "changed nothing of svc-older."]


def test_a_run_that_lost_a_race_to_a_differing_service_fails_and_changes_nothing_of_it(client, clock):
    client.on_create = lambda _sid: other_party(client, id='svc-older', created_at=CREATED)
    error, context = ensure_fails(client, clock, create_params(permissions=[DOMAIN]))
    assert error.msg == (
        "Endpoint service svc-older (created_at 2026-01-01T00:00:00Z), which matches endpoint service 'web', appeared "
        "during this run and is older than the one this run created. This run removed its own duplicate new-0001 (created_at "
        "2026-01-02T00:00:00Z). It changed nothing of svc-older, which differs from this task in: permissions, port_id, ports. "
        "To manage it, re-run this task (a new run finds it and brings it to the task), or give its id.")
    assert context.changed is True
    assert [c[:2] for c in client.writes] == [('POST', SERVICES), ('DELETE', path('new-0001'))]


def test_an_older_service_whose_permissions_never_come_fails_after_a_bounded_wait(client, clock):
    client.on_create = lambda _sid: client.add_service('web', id='svc-older', created_at=CREATED)
    error, _context = ensure_fails(client, clock, create_params(permissions=[DOMAIN]))
    assert 'which differs from this task in: permissions.' in error.msg
    assert [c[:2] for c in client.writes] == [('POST', SERVICES), ('DELETE', path('new-0001'))]
    waited = sum(clock.sleeps) - lookup.SETTLE
    assert waited == pytest.approx(lookup.MATCH_SETTLE)


def test_a_run_that_won_the_race_keeps_its_own_and_leaves_the_younger_alone(client, clock):
    client.on_create = lambda _sid: other_party(client, id='svc-newer', created_at='2026-01-02T00:00:01Z',
                                                status='creating')
    outcome, context = ensure(client, clock, create_params())
    assert outcome.values['service']['id'] == 'new-0001'
    assert [c[:2] for c in client.writes] == [('POST', SERVICES), UNMARK[:2]]
    assert 'svc-newer' in context.warnings[0]


def test_a_run_with_an_unclear_create_that_lost_a_race_leaves_one_service(client, clock):
    client.create_error = LOST
    client.on_create = lambda _sid: client.add_service('web', id='svc-older', created_at=CREATED)
    outcome, _context = ensure(client, clock, create_params())
    assert outcome.values['service']['id'] == 'svc-older'
    live = [s['id'] for s in client.services.values() if s['status'] != 'deleting']
    assert live == ['svc-older']


def test_withdrawing_an_own_duplicate_still_creating_waits_then_deletes(client, clock):
    client.refuse_delete_while_creating = True
    client.on_create = lambda _sid: client.add_service('web', id='svc-older', created_at=CREATED)
    outcome, _context = ensure(client, clock, create_params())
    assert outcome.values['service']['id'] == 'svc-older'
    own = path('new-0001')
    assert [c[:2] for c in client.calls[3:]] == [('DELETE', own), ('GET', own), ('GET', own), ('DELETE', own)]
    assert client.services['new-0001']['status'] == 'deleting'


def test_the_token_is_removed_once_the_service_leaves_creating_when_the_api_refuses_it_before(client, clock):
    client.refuse_tags_while_creating = True
    outcome, _context = ensure(client, clock, create_params(wait=False))
    own = path('new-0001')
    assert [c[:2] for c in client.calls[3:]] == [UNMARK[:2], ('GET', own), ('GET', own), UNMARK[:2]]
    assert client.services['new-0001']['tags'] == []
    assert outcome.values['service']['tags'] == {}


def test_twenty_tags_of_the_task_leave_no_room_for_the_token_and_an_unclear_create_is_not_guessed(client, clock):
    tags = dict(('k%02d' % i, 'v') for i in range(20))
    outcome, _context = ensure(client, clock, create_params(tags=tags))
    assert len(client.calls[1][2]['tags']) == 20 and MARKER not in client.calls[1][2]['tags']
    assert outcome.values['service']['tags'] == tags
    assert [c[0] for c in client.writes] == ['POST']
    client.reset_calls()
    client.create_error = LOST
    error, context = ensure_fails(client, clock, create_params(name='web2', tags=tags))
    assert 'this run could not mark its create' in error.msg and context.changed is True
    assert [c[0] for c in client.writes] == ['POST']


def test_an_absent_run_during_a_create_never_leaves_more_than_one_service(client, clock):
    # Issue 12 point 12 (mixed present/absent): an absent run deletes the new service during the create's settle pause.
    raw_sleep = clock.sleep
    done = []

    def sleep(seconds):
        raw_sleep(seconds)
        if not done:
            done.append(ensure(client, FakeClock(), params(name='web', state='absent')))

    context = Context(create_params(), client=client, sleep=sleep, clock=clock)
    with pytest.raises(ResourceError) as info:
        es.EndpointService(context).ensure()
    assert done[0][0].changed is True
    assert info.value.msg == 'Endpoint service new-0001 disappeared while waiting for it to become available.'
    assert context.changed is True
    assert len(client.services) == 0


# ---------------------------------------------------------------------------
# Update
# ---------------------------------------------------------------------------

def test_update_puts_only_the_fields_that_differ(client, clock):
    sid = client.add_service('web', approval_enabled=True, tcp_proxy='close', description='old', ip='10.0.0.1')
    outcome, _context = ensure(client, clock, params(
        name='web', approval_enabled=False, tcp_proxy='close', description='new', ip='10.0.0.1', port_id=PORT,
        vpc_id=VPC, server_type='VM', service_type='interface', ports=copy.deepcopy(PORTS)))
    assert client.writes == [('PUT', path(sid), {'approval_enabled': False, 'description': 'new'})]
    assert client.opts[-1]['via'] == 'request' and client.opts[-1]['expect_body'] is False
    assert outcome.changed is True
    service = outcome.values['service']
    assert (service['approval_enabled'], service['description']) == (False, 'new')
    assert 'pool_id' not in service and 'ip_version' not in service
    assert outcome.diff['before']['description'] == 'old'
    assert outcome.diff['after']['description'] == 'new'


def test_reordered_ports_are_no_change_and_different_ports_replace_the_list(client, clock):
    sid = client.add_service('web', ports=[{'client_port': 1, 'server_port': 2, 'protocol': 'TCP'},
                                           {'client_port': 3, 'server_port': 4, 'protocol': 'TCP'}])
    same, _context = ensure(client, clock, params(name='web', ports=[
        {'client_port': 3, 'server_port': 4, 'protocol': 'TCP'}, {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}]))
    assert same.changed is False
    assert client.writes == []
    changed, _context = ensure(client, clock, params(name='web', ports=[
        {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}, {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}]))
    assert changed.changed is True
    assert client.writes == [('PUT', path(sid), {'ports': [
        {'client_port': 1, 'server_port': 2, 'protocol': 'TCP'}, {'client_port': 3, 'server_port': 4, 'protocol': 'UDP'}]})]
    assert changed.diff['after']['ports'][1]['protocol'] == 'UDP'


def test_empty_description_clears_it_and_a_missing_description_counts_as_empty(client, clock):
    sid = client.add_service('web', description='something')
    ensure(client, clock, params(name='web', description=''))
    assert client.writes == [('PUT', path(sid), {'description': ''})]
    client.reset_calls()
    del client.services[sid]['description']
    assert ensure(client, clock, params(name='web', description=''))[0].changed is False
    assert client.writes == []


def test_server_added_and_unrequested_fields_never_cause_a_change(client, clock):
    client.add_service('web', enable_policy=False, connection_count=3, public_border_group='center',
                       tcp_proxy='proxy_open', approval_enabled=False, updated_at='2026-05-05T00:00:00Z')
    outcome, _context = ensure(client, clock, params(name='web'))
    assert outcome.changed is False
    assert client.writes == []
    assert outcome.values['service']['enable_policy'] is False
    assert outcome.values['service']['connection_count'] == 3


def test_update_without_wait_returns_the_put_answer_with_tag_changes(client, clock):
    sid = client.add_service('web', tags={'a': '1'})
    outcome, _context = ensure(client, clock, params(name='web', description='new', tags={'b': '2'}, wait=False))
    assert outcome.values['service']['description'] == 'new'
    assert outcome.values['service']['tags'] == {'b': '2'}
    assert [c[0] for c in client.calls] == ['GET', 'PUT', 'POST', 'POST']
    assert client.services[sid]['tags'] == [{'key': 'b', 'value': '2'}]


def test_nothing_differs_but_the_service_is_still_creating_waits_without_changed(client, clock):
    client.add_service('web', status='creating', _statuses=['creating', 'available'])
    outcome, _context = ensure(client, clock, params(name='web'))
    assert outcome.changed is False
    assert outcome.values['service']['status'] == 'available'
    assert client.writes == []


def test_a_change_to_an_available_service_is_not_re_read(client, clock):
    sid = client.add_service('web', tags={'a': '1'})
    outcome, _context = ensure(client, clock, params(name='web', description='new', tags={'b': '2'}))
    assert [c[0] for c in client.calls] == ['GET', 'PUT', 'POST', 'POST']
    assert clock.sleeps == []
    service = outcome.values['service']
    assert (service['description'], service['tags'], service['status']) == ('new', {'b': '2'}, 'available')
    assert client.services[sid]['tags'] == [{'key': 'b', 'value': '2'}]


def test_a_tag_only_change_to_an_available_service_is_not_re_read(client, clock):
    client.add_service('web', tags={'a': '1'})
    outcome, _context = ensure(client, clock, params(name='web', tags={'a': '2'}))
    assert [c[0] for c in client.calls] == ['GET', 'POST']
    assert outcome.values['service']['tags'] == {'a': '2'}
    assert clock.sleeps == []


def test_a_put_answer_that_is_not_available_is_waited_for(client, clock):
    sid = client.add_service('web')

    def modify(answer):
        client.services[sid]['_statuses'] = ['creating', 'available']
        return dict(answer, status='creating')

    client.modify_answer = modify
    outcome, _context = ensure(client, clock, params(name='web', description='new'))
    assert [c[0] for c in client.calls] == ['GET', 'PUT', 'GET', 'GET']
    assert clock.sleeps == [0.5]
    assert outcome.values['service']['status'] == 'available'
    assert outcome.values['service']['description'] == 'new'


def test_a_put_answer_without_status_keeps_the_status_read_before(client, clock):
    # Changed on purpose: the PUT answer is merged into the service read before it, so an answer without a
    # status leaves the status that read saw (the old code then polled once more).
    client.add_service('web')
    client.modify_answer = lambda answer: dict((k, v) for k, v in answer.items() if k != 'status')
    outcome, _context = ensure(client, clock, params(name='web', description='new'))
    assert [c[0] for c in client.calls] == ['GET', 'PUT']
    assert outcome.values['service']['status'] == 'available'


@pytest.mark.parametrize('field, current, requested', [
    ('vpc_id', VPC, 'other-vpc'),
    ('server_type', 'VM', 'LB'),
    ('service_type', 'gateway', 'interface'),
])
def test_an_immutable_field_fails_naming_field_and_values_and_sends_nothing(client, clock, field, current, requested):
    sid = client.add_service('web', **{field: current})
    error, context = ensure_fails(client, clock, params(name='web', description='would change too', **{field: requested}))
    assert error.msg == ('Cannot change %s of endpoint service %s: the API fixes them at creation (%s: current %r, '
                         'requested %r). Delete and re-create it to change them.' % (field, sid, field, current, requested))
    assert error.details['fields'] == [field]
    assert client.writes == []
    assert context.changed is False


def test_several_immutable_fields_are_all_named(client, clock):
    client.add_service('web')
    error, _context = ensure_fails(client, clock, params(name='web', vpc_id='v2', server_type='LB',
                                                         service_type='interface'))
    assert 'vpc_id, server_type' in error.msg
    assert "vpc_id: current %r, requested 'v2'" % VPC in error.msg
    assert "server_type: current 'VM', requested 'LB'" in error.msg
    assert client.writes == []


def test_fields_no_read_returns_are_never_compared(client, clock):
    # Issue 12 point 5: ip_version and snat_network_id are in no read's answer (the old code failed on them).
    client.add_service('web')
    outcome, _context = ensure(client, clock, params(name='web', ip_version='ipv6', snat_network_id='net-2'))
    assert outcome.changed is False
    assert client.writes == []


# ---------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------

def tag_bodies(client):
    return [c[2] for c in client.calls if c[1].endswith('/tags/action')]


def test_tags_omitted_are_left_alone(client, clock):
    client.add_service('web', tags={'a': '1'})
    assert ensure(client, clock, params(name='web', purge_tags=True))[0].changed is False
    assert client.writes == []


def test_tags_with_purge_create_new_and_changed_and_delete_only_removed(client, clock):
    sid = client.add_service('web', tags={'keep': '1', 'change': 'old', 'drop': 'x'})
    outcome, _context = ensure(client, clock, params(name='web', tags={'keep': '1', 'change': 'new', 'add': 'y'}))
    assert tag_bodies(client) == [
        {'action': 'delete', 'tags': [{'key': 'drop', 'value': 'x'}]},
        {'action': 'create', 'tags': [{'key': 'add', 'value': 'y'}, {'key': 'change', 'value': 'new'}]},
    ]
    assert all(o['idempotent'] is True for o in client.opts_of('/tags/action'))
    assert [c[1] for c in client.writes] == ['/v1/{project_id}/endpoint_service/%s/tags/action' % sid] * 2
    assert outcome.values['service']['tags'] == {'keep': '1', 'change': 'new', 'add': 'y'}
    assert outcome.diff['before']['tags'] == {'keep': '1', 'change': 'old', 'drop': 'x'}
    assert outcome.diff['after']['tags'] == {'keep': '1', 'change': 'new', 'add': 'y'}
    assert client.services[sid]['tags'] == [{'key': 'add', 'value': 'y'}, {'key': 'change', 'value': 'new'},
                                            {'key': 'keep', 'value': '1'}]


def test_tags_without_purge_never_delete(client, clock):
    client.add_service('web', tags={'keep': '1', 'other': 'x'})
    outcome, _context = ensure(client, clock, params(name='web', tags={'keep': '2'}, purge_tags=False))
    assert tag_bodies(client) == [{'action': 'create', 'tags': [{'key': 'keep', 'value': '2'}]}]
    assert outcome.values['service']['tags'] == {'keep': '2', 'other': 'x'}


def test_empty_tags_with_purge_remove_all(client, clock):
    client.add_service('web', tags={'a': '1', 'b': '2'})
    ensure(client, clock, params(name='web', tags={}))
    assert tag_bodies(client) == [{'action': 'delete', 'tags': [{'key': 'a', 'value': '1'}, {'key': 'b', 'value': '2'}]}]


def test_equal_tags_send_nothing_numbers_and_booleans_as_their_strings(client, clock):
    client.add_service('web', tags={'a': '1', 'n': '5', 'on': 'true'})
    assert ensure(client, clock, params(name='web', tags={'a': '1', 'n': 5, 'on': True}))[0].changed is False
    assert client.writes == []


def test_a_service_with_twenty_tags_is_managed(client, clock):
    # Issue 12 point 3: up to 20 tags (the old code refused more than 10).
    twenty = dict(('k%02d' % i, 'v') for i in range(20))
    sid = client.add_service('web', tags=dict(('k%02d' % i, 'v') for i in range(15)))
    outcome, _context = ensure(client, clock, params(name='web', tags=twenty))
    assert outcome.values['service']['tags'] == twenty
    assert len(client.services[sid]['tags']) == 20


# ---------------------------------------------------------------------------
# Permissions: records, descriptions, the owner's own account
# ---------------------------------------------------------------------------

def permission_writes(client):
    return [(c[0], c[1].split('/permissions')[1], c[2]) for c in client.writes if '/permissions' in c[1]]


def test_permissions_are_not_read_when_not_managed(client, clock):
    client.add_service('web', permissions=[DOMAIN])
    outcome, _context = ensure(client, clock, params(name='web'))
    assert not any('/permissions' in c[1] for c in client.calls)
    assert 'permissions' not in outcome.values['service']
    assert 'permissions' not in outcome.diff['after']


def test_permissions_with_purge_remove_by_record_id_and_add_by_type(client, clock):
    sid = client.add_service('web', permissions=[DOMAIN, ORG])
    ids = dict((r['permission'], r['id']) for r in client.permissions[sid])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[OTHER_DOMAIN, '*']))
    assert permission_writes(client) == [
        ('POST', '/batch-delete', {'permissions': [{'id': ids[DOMAIN]}, {'id': ids[ORG]}]}),
        ('POST', '/batch-create', {'permissions': [{'permission': '*'}, {'permission': OTHER_DOMAIN}],
                                   'permission_type': 'domainId'}),
    ]
    service = outcome.values['service']
    assert [p['permission'] for p in service['permissions']] == ['*', OTHER_DOMAIN]
    assert all(p['id'].startswith('perm-') for p in service['permissions'])
    assert outcome.diff['before']['permissions'] == {DOMAIN: '', ORG: ''}
    assert outcome.diff['after']['permissions'] == {'*': '', OTHER_DOMAIN: ''}
    assert ('GET', path(sid, 'permissions'), {'limit': 500}) in client.calls
    assert sorted(r['permission'] for r in client.permissions[sid]) == ['*', OTHER_DOMAIN]


def test_permissions_without_purge_only_add(client, clock):
    sid = client.add_service('web', permissions=[DOMAIN])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[OTHER_DOMAIN], purge_permissions=False))
    assert permission_writes(client) == [('POST', '/batch-create', {'permissions': [{'permission': OTHER_DOMAIN}],
                                                                    'permission_type': 'domainId'})]
    assert [p['permission'] for p in outcome.values['service']['permissions']] == sorted([DOMAIN, OTHER_DOMAIN])
    client.reset_calls()
    again, _context = ensure(client, clock, params(name='web', permissions=[OTHER_DOMAIN], purge_permissions=False))
    assert again.changed is False
    assert client.writes == []
    assert len(client.permissions[sid]) == 2


def test_empty_permissions_with_purge_remove_all(client, clock):
    sid = client.add_service('web', permissions=[DOMAIN, ORG])
    ensure(client, clock, params(name='web', permissions=[]))
    assert [w[1] for w in permission_writes(client)] == ['/batch-delete']
    assert client.permissions[sid] == []


def test_new_permissions_are_added_with_their_descriptions(client, clock):
    client.add_service('web')
    outcome, _context = ensure(client, clock, params(name='web', permissions=[
        {'permission': DOMAIN, 'description': 'team a'}, ORG, {'permission': OTHER_DOMAIN}]))
    assert permission_writes(client) == [
        ('POST', '/batch-create', {'permissions': [{'permission': DOMAIN, 'description': 'team a'},
                                                   {'permission': OTHER_DOMAIN}], 'permission_type': 'domainId'}),
        ('POST', '/batch-create', {'permissions': [{'permission': ORG}], 'permission_type': 'orgPath'}),
    ]
    assert views(outcome.values['service']['permissions']) == {DOMAIN: 'team a', OTHER_DOMAIN: '', ORG: ''}


def test_a_changed_description_is_one_put_per_permission_when_the_list_returns_descriptions(client, clock):
    sid = client.add_service('web', permissions=[{'permission': DOMAIN, 'description': 'old'},
                                                 {'permission': ORG, 'description': 'same'}])
    record = client.permissions[sid][0]
    outcome, _context = ensure(client, clock, params(name='web', permissions=[
        {'permission': DOMAIN, 'description': 'new'}, {'permission': ORG, 'description': 'same'}]))
    assert permission_writes(client) == [('PUT', '/' + record['id'], {'permission': {'description': 'new'}})]
    assert outcome.changed is True
    assert outcome.diff['before']['permissions'] == {DOMAIN: 'old', ORG: 'same'}
    assert outcome.diff['after']['permissions'] == {DOMAIN: 'new', ORG: 'same'}
    assert client.permissions[sid][0]['description'] == 'new'


def test_descriptions_are_not_compared_when_the_list_does_not_return_them(client, clock):
    client.list_descriptions = False
    client.add_service('web', permissions=[{'permission': DOMAIN, 'description': 'old'}])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[{'permission': DOMAIN, 'description': 'new'}]))
    assert outcome.changed is False
    assert client.writes == []


def test_a_description_left_out_is_not_managed(client, clock):
    client.add_service('web', permissions=[{'permission': DOMAIN, 'description': 'old'}])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[DOMAIN, {'permission': DOMAIN + 'x'}][:1]))
    assert outcome.changed is False
    assert client.writes == []
    assert views(outcome.values['service']['permissions']) == {DOMAIN: 'old'}


def test_the_owner_record_listed_by_the_api_is_never_purged_nor_a_change(client, clock):
    # Issue 12 point 1: found by name, the list answer's domain_id says who the owner is (no extra call).
    sid = client.add_service('web', permissions=[OWNER, DOMAIN])
    outcome, context = ensure(client, clock, params(name='web', permissions=[DOMAIN]))
    assert outcome.changed is False and context.changed is False
    assert client.writes == []
    assert client.calls == [LIST_WEB, ('GET', path(sid, 'permissions'), {'limit': 500})]
    assert [p['permission'] for p in outcome.values['service']['permissions']] == sorted([DOMAIN, OWNER])


def test_the_owner_record_found_by_id_costs_one_list_call(client, clock):
    sid = client.add_service('web', permissions=[OWNER])
    outcome, _context = ensure(client, clock, params(id=sid, permissions=[DOMAIN]))
    assert client.reads == [('GET', path(sid), None), ('GET', path(sid, 'permissions'), {'limit': 500}),
                            ('GET', SERVICES, {'id': sid, 'limit': 1000})]
    assert permission_writes(client) == [('POST', '/batch-create', {'permissions': [{'permission': DOMAIN}],
                                                                    'permission_type': 'domainId'})]
    assert [p['permission'] for p in outcome.values['service']['permissions']] == sorted([DOMAIN, OWNER])


def test_the_owner_record_not_listed_is_never_added(client, clock):
    client.add_service('web', permissions=[DOMAIN])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[DOMAIN, OWNER]))
    assert outcome.changed is False
    assert client.writes == []


def test_a_new_service_never_gets_the_owner_record_added(client, clock):
    for listed in (False, True):
        client = FakeVpcep(clock)
        client.owner_listed = listed
        outcome, _context = ensure(client, clock, create_params(permissions=[OWNER, DOMAIN]))
        assert client.bodies('batch-create') == [{'permissions': [{'permission': DOMAIN}], 'permission_type': 'domainId'}]
        # The new service's result holds the records this run created; an owner record the API keeps by itself
        # shows only from the next read on.
        assert [p['permission'] for p in outcome.values['service']['permissions']] == [DOMAIN]
        client.reset_calls()
        again, _context = ensure(client, clock, create_params(permissions=[OWNER, DOMAIN]))
        assert again.changed is False
        assert client.writes == []
        assert [p['permission'] for p in again.values['service']['permissions']] == sorted([DOMAIN, OWNER] if listed else [DOMAIN])


def test_purge_owner_permission_removes_the_listed_owner_record(client, clock):
    sid = client.add_service('web', permissions=[OWNER, DOMAIN])
    own = client.permissions[sid][0]['id']
    outcome, _context = ensure(client, clock, params(name='web', permissions=[DOMAIN], purge_owner_permission=True))
    assert permission_writes(client) == [('POST', '/batch-delete', {'permissions': [{'id': own}]})]
    assert outcome.changed is True
    assert [p['permission'] for p in outcome.values['service']['permissions']] == [DOMAIN]


def test_purge_owner_permission_keeps_the_owner_record_when_it_is_asked_for(client, clock):
    client.add_service('web', permissions=[OWNER, DOMAIN])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[DOMAIN, OWNER], purge_owner_permission=True))
    assert outcome.changed is False
    assert client.writes == []


def test_purge_owner_permission_without_purge_permissions_removes_nothing(client, clock):
    client.add_service('web', permissions=[OWNER, DOMAIN])
    outcome, _context = ensure(client, clock, params(name='web', permissions=[OTHER_DOMAIN], purge_permissions=False,
                                                     purge_owner_permission=True))
    assert [w[1] for w in permission_writes(client)] == ['/batch-create']
    assert [p['permission'] for p in outcome.values['service']['permissions']] == sorted([DOMAIN, OTHER_DOMAIN, OWNER])


def test_an_unanswered_removal_that_went_through_is_checked_by_a_fresh_read(client, clock):
    sid = client.add_service('web', permissions=[DOMAIN])
    client.fail('POST', path(sid, 'permissions', 'batch-delete'), AmbiguousRequestError('POST timed out'), commit=True)
    outcome, context = ensure(client, clock, params(name='web', permissions=[]))
    assert outcome.changed is True and context.changed is True
    assert [c[1].rsplit('/', 1)[-1] for c in client.calls] == ['vpc-endpoint-services', 'permissions', 'batch-delete',
                                                               'permissions']
    assert outcome.values['service']['permissions'] == []


def test_an_unanswered_removal_that_did_not_go_through_fails(client, clock):
    sid = client.add_service('web', permissions=[DOMAIN])
    client.fail('POST', path(sid, 'permissions', 'batch-delete'), AmbiguousRequestError('POST timed out'))
    error, _context = ensure_fails(client, clock, params(name='web', permissions=[]), error=AmbiguousRequestError)
    assert error.doing == 'removing permissions from endpoint service %s' % sid
    assert len(client.permissions[sid]) == 1


def test_a_refused_add_says_what_was_being_done(client, clock):
    sid = client.add_service('web')
    client.fail('POST', path(sid, 'permissions', 'batch-create'), api_error(400, 'POST'))
    error, context = ensure_fails(client, clock, params(name='web', permissions=[DOMAIN], description='d'), error=ApiError)
    assert error.doing == 'adding permissions to endpoint service %s' % sid
    # The description PUT went through first.
    assert context.changed is True


# ---------------------------------------------------------------------------
# Check mode
# ---------------------------------------------------------------------------

def test_check_mode_create_predicts_without_writing(client, clock):
    values = create_params(tags={'env': 'prod'}, permissions=[DOMAIN], approval_enabled=False,
                           ports=[{'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'},
                                  {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}])
    checked, context = ensure(client, clock, values, check_mode=True)
    assert client.writes == []
    assert checked.changed is True and context.changed is False
    service = checked.values['service']
    assert 'id' not in service
    assert service['status'] == 'creating'
    assert service['tags'] == {'env': 'prod'}
    assert views(service['permissions']) == {DOMAIN: ''}
    assert service['approval_enabled'] is False
    assert service['service_type'] == 'interface'
    assert service['ports'][0] == {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'}
    assert checked.diff['before'] == {}
    # The prediction agrees with what a real run reports for the managed fields.
    real, _context = ensure(client, clock, values)
    expected = dict(real.diff['after'])
    expected.pop('id')
    assert checked.diff['after'] == expected


def test_check_mode_create_result_has_the_name_like_a_real_run(client, clock):
    checked, _context = ensure(client, clock, create_params(), check_mode=True)
    assert checked.values['service']['name'] == 'web'


@pytest.mark.parametrize('overrides', [
    dict(description='new'),
    dict(tags={'a': '2'}),
    dict(tags={'a': '1'}),
    dict(permissions=[OTHER_DOMAIN]),
    dict(permissions=[DOMAIN]),
    dict(permissions=[{'permission': DOMAIN, 'description': 'new'}, ORG]),
    dict(permissions=[OWNER]),
    dict(permissions=[], purge_owner_permission=True),
    dict(id='FIXED', name='renamed', ports=[{'client_port': 1, 'server_port': 1, 'protocol': 'TCP'}]),
    dict(approval_enabled=False, tcp_proxy='toa_open', ip='backend.local'),
    dict(),
])
def test_check_mode_update_reports_what_a_real_run_does(clock, overrides):
    def setup():
        fake = FakeVpcep(clock)
        fake.add_service('web', id='FIXED', tags={'a': '1'}, permissions=[OWNER, {'permission': DOMAIN, 'description': 'd'}])
        return fake

    wanted = params(**dict(dict(name='web'), **overrides))
    checked_client, real_client = setup(), setup()
    checked, _context = ensure(checked_client, clock, wanted, check_mode=True)
    assert checked_client.writes == []
    real, _context = ensure(real_client, clock, wanted)
    assert checked.changed == real.changed == bool(real_client.writes)
    assert checked.diff == real.diff
    for key in ('name', 'service_name', 'tags', 'description', 'ports', 'approval_enabled', 'tcp_proxy', 'ip'):
        assert checked.values['service'].get(key) == real.values['service'].get(key), key
    if 'permissions' in overrides:
        # Predicted records have no id or created_at yet; what they say is the same.
        assert views(checked.values['service']['permissions']) == views(real.values['service']['permissions'])


# ---------------------------------------------------------------------------
# Absent
# ---------------------------------------------------------------------------

def test_absent_deletes_and_waits_until_gone(client, clock):
    sid = client.add_service('web')
    client.delete_polls = 3
    outcome, context = ensure(client, clock, params(name='web', state='absent'))
    assert outcome.changed is True and context.changed is True
    assert outcome.values['service'] == {} and outcome.values['action'] == 'delete'
    assert {'field': 'name', 'before': 'web', 'after': None} in outcome.values['changes']
    assert outcome.diff['after'] == {}
    assert outcome.diff['before']['name'] == 'web'
    assert client.writes == [('DELETE', path(sid), None)]
    assert sid not in client.services
    assert clock.sleeps == [0.5, 0.5]


def test_absent_without_wait_does_not_poll(client, clock):
    client.add_service('web')
    ensure(client, clock, params(name='web', state='absent', wait=False))
    assert [c[0] for c in client.calls] == ['GET', 'DELETE']


def test_absent_when_already_gone_is_unchanged(client, clock):
    client.add_service('web2')
    outcome, _context = ensure(client, clock, params(name='web', state='absent'))
    assert (outcome.changed, outcome.diff) == (False, {'before': {}, 'after': {}})
    assert outcome.values == {'service': {}, 'action': 'none', 'changes': []}
    assert client.writes == []
    assert ensure(client, clock, params(id='nope', state='absent'))[0].changed is False


def test_absent_check_mode_predicts_the_delete(client, clock):
    sid = client.add_service('web')
    outcome, _context = ensure(client, clock, params(name='web', state='absent'), check_mode=True)
    assert outcome.changed is True
    assert outcome.values['service'] == {}
    assert client.writes == []
    assert sid in client.services


def test_absent_delete_timeout_reports_last_status(client, clock):
    client.add_service('web')
    client.delete_polls = 1000
    error, context = ensure_fails(client, clock, params(name='web', state='absent', wait_timeout=5))
    assert 'to be deleted' in error.msg
    assert 'last status seen: deleting' in error.msg
    assert sum(clock.sleeps) == pytest.approx(5)
    assert context.changed is True


def test_absent_for_a_service_already_deleting_sends_no_delete(client, clock):
    client.add_service('web', status='deleting', _statuses=['gone'])
    outcome, _context = ensure(client, clock, params(name='web', state='absent'))
    assert outcome.changed is False
    assert client.writes == []


def test_absent_with_duplicate_names_fails(client, clock):
    client.add_service('web')
    client.add_service('web')
    ensure_fails(client, clock, params(name='web', state='absent'))
    assert client.writes == []


# ---------------------------------------------------------------------------
# Query (vpcep_service_info)
# ---------------------------------------------------------------------------

def info_params(**overrides):
    return module_params(info_argument_spec(), **overrides)


def query(client, clock, **overrides):
    return vpcep_service_info.query(context_for(client, clock, info_params(**overrides)))


def test_query_exact_name_and_api_filters(client, clock):
    web = client.add_service('web')
    client.add_service('web2')
    client.add_service('myweb')
    result = query(client, clock, name='web', status='available', sort_key='create_at', sort_dir='desc',
                   public_border_group='center', net_type='public')
    assert [s['id'] for s in result] == [web]
    assert client.calls == [('GET', SERVICES, {'endpoint_service_name': 'web', 'status': 'available',
                                               'sort_key': 'create_at', 'sort_dir': 'desc', 'public_border_group': 'center',
                                               'net_type': 'public', 'limit': 1000})]
    # Pages after the first are read concurrently.
    assert client.opts[0]['workers'] == 8


def test_query_everything_and_nothing(client, clock):
    assert query(client, clock) == []
    client.add_service('a')
    client.add_service('')
    result = query(client, clock)
    assert [s['name'] for s in result] == ['a', '']
    assert client.calls[-1] == ('GET', SERVICES, {'limit': 1000})


def test_query_by_id(client, clock):
    sid = client.add_service('web', status='failed')
    assert [s['id'] for s in query(client, clock, id=sid)] == [sid]
    assert client.calls == [('GET', path(sid), None)]
    assert query(client, clock, id='nope') == []
    assert query(client, clock, id=sid, status='available') == []
    assert query(client, clock, id=sid, name='other') == []


def test_query_returns_the_same_shape_as_the_resource_module(client, clock):
    client.add_service('web', tags={'env': 'prod'})
    listed = query(client, clock, name='web')[0]
    present = ensure(client, clock, params(name='web'))[0].values['service']
    assert listed == present
    assert 'pool_id' not in listed


def filter_bodies(client):
    return client.bodies('/endpoint_service/resource_instances/action')


def test_query_tags_all_must_match_server_side_and_an_empty_value_matches_any(client, clock):
    both = client.add_service('a', tags={'env': 'prod', 'team': 'x'})
    client.add_service('b', tags={'env': 'prod'})
    client.add_service('c', tags={'env': 'dev', 'team': 'y'})
    assert [s['id'] for s in query(client, clock, tags={'env': 'prod', 'team': ''})] == [both]
    assert filter_bodies(client) == [{'action': 'filter', 'limit': 1000, 'offset': 0,
                                      'tags': [{'key': 'env', 'values': ['prod']}, {'key': 'team', 'values': []}]}]
    assert client.opts_of('resource_instances/action') == [{'idempotent': True, 'expect_body': True}]
    assert len(query(client, clock, tags={'team': ''})) == 2
    assert len(query(client, clock, tags={'env': 'prod'})) == 2


@pytest.mark.parametrize('filters, expected', [
    (dict(tags_any={'team': ['x', 'y']}), ['a', 'c']),
    (dict(not_tags={'env': 'prod', 'team': ''}), ['b', 'c']),
    (dict(not_tags_any={'env': 'dev', 'team': 'x'}), ['b']),
    (dict(tags={'env': 'prod'}, not_tags_any={'team': []}), ['b']),
    (dict(tags_any={'env': 5}), []),
])
def test_query_tag_filters_go_to_the_resource_instances_call(client, clock, filters, expected):
    client.add_service('a', tags={'env': 'prod', 'team': 'x'})
    client.add_service('b', tags={'env': 'prod'})
    client.add_service('c', tags={'env': 'dev', 'team': 'y'})
    assert [s['name'] for s in query(client, clock, **filters)] == expected
    body = filter_bodies(client)[0]
    assert sorted(body) == sorted(['action', 'limit', 'offset'] + list(filters))
    assert body == dict(kit_query.tag_filter_body(filters), action='filter', limit=1000, offset=0)


def test_tag_filter_body():
    assert kit_query.tag_filter_body({}) is None
    assert kit_query.tag_filter_body({'tags': {}, 'tags_any': None}) is None
    assert kit_query.tag_filter_body({'tags': {'b': ['1', 2], 'a': None}, 'not_tags_any': {'c': ''}}) == {
        'tags': [{'key': 'a', 'values': []}, {'key': 'b', 'values': ['1', '2']}],
        'not_tags_any': [{'key': 'c', 'values': []}]}


def test_query_with_a_tag_filter_and_no_services_sends_no_filter(client, clock):
    assert query(client, clock, name='web', tags={'a': '1'}) == []
    assert filter_bodies(client) == []


def test_query_tag_filter_pages_through_every_tagged_id(client, clock):
    for index in range(1500):
        client.add_service('s%d' % index, id='s-%04d' % index, tags={'env': 'prod'} if index % 3 else {'env': 'dev'})
    result = query(client, clock, tags={'env': 'prod'})
    assert len(result) == 1000
    assert [(b['offset'], b['limit']) for b in filter_bodies(client)] == [(0, 1000)]
    client.reset_calls()
    result = query(client, clock, not_tags={'env': 'none'})
    assert len(result) == 1500
    assert [b['offset'] for b in filter_bodies(client)] == [0, 1000]


def test_a_tag_filter_whose_full_pages_repeat_themselves_stops(client, clock):
    # Issue 19 point 9: the same full page again and again, claiming 1000000 resources, costs one request more.
    client.add_service('web', id='s-web')
    page = {'resources': [{'resource_id': 'r-%d' % n, 'tags': []} for n in range(1000)], 'total_count': 1000000}
    original = client.post

    def post(path, body=None, idempotent=False, expect_body=False):
        if path.endswith('resource_instances/action'):
            client.calls.append(('POST', path, body))
            return page
        return original(path, body, idempotent, expect_body)

    client.post = post
    assert query(client, clock, tags={'env': 'prod'}) == []
    assert len(filter_bodies(client)) == 2


@pytest.mark.parametrize('overrides, expected', [
    (dict(id='../x'), 'id: must be 1 to 64 letters, digits and "-"'),
    (dict(tags={'k': {'a': 1}}), "tags: the value of 'k' must be a string or a list of strings"),
    (dict(not_tags_any={'k': ['a', ['b']]}), "not_tags_any: the value of 'k' must be a string or a list of strings"),
    (dict(concurrency=0), 'concurrency: must be 1 to 32 (got 0)'),
    (dict(concurrency=33), 'concurrency: must be 1 to 32 (got 33)'),
])
def test_query_validation_names_the_option_and_sends_nothing(client, clock, overrides, expected):
    with pytest.raises(ValidationError) as info:
        query(client, clock, **overrides)
    assert len(info.value.details['errors']) == 1
    assert info.value.details['errors'][0].startswith(expected)
    assert client.calls == []


def test_query_includes_permissions_and_connections(client, clock):
    sid = client.add_service('web', permissions=[ORG, {'permission': DOMAIN, 'description': 'd'}])
    client.add_connection(sid, 'ep1', 'd1', 'accepted', error=[{'error_code': 'E'}])
    client.add_connection(sid, 'ep2', 'd2', 'pendingAcceptance')
    result = query(client, clock, include_permissions=True, include_connections=True, connection_status='accepted',
                   connection_sort_key='update_at', connection_sort_dir='asc')
    assert views(result[0]['permissions']) == {DOMAIN: 'd', ORG: ''}
    assert result[0]['connections'] == [{'id': 'ep1', 'marker_id': 100, 'domain_id': 'd1', 'status': 'accepted',
                                         'description': '', 'created_at': CREATED, 'updated_at': CREATED,
                                         'error': [{'error_code': 'E'}]}]
    assert ('GET', path(sid, 'permissions'), {'limit': 500}) in client.calls
    assert ('GET', path(sid, 'connections'), {'status': 'accepted', 'sort_key': 'update_at', 'sort_dir': 'asc',
                                              'limit': 1000}) in client.calls


@pytest.mark.parametrize('concurrency', [1, 4])
def test_query_reads_the_services_details_concurrently_in_order(client, clock, concurrency):
    for index in range(8):
        client.add_service('s%d' % index, permissions=[DOMAIN])
    client.read_delay = 0.01
    result = query(client, clock, include_permissions=True, include_connections=True, concurrency=concurrency)
    assert [s['name'] for s in result] == ['s%d' % i for i in range(8)]
    assert all(len(s['permissions']) == 1 and s['connections'] == [] for s in result)
    if concurrency == 1:
        assert client.max_in_flight == 1
    else:
        assert 1 < client.max_in_flight <= concurrency


def test_query_stops_at_the_first_failing_read(client, clock):
    for index in range(3):
        client.add_service('s%d' % index)
    client.fail('GET', path('svc-0002', 'permissions'), api_error(403, 'GET'))
    with pytest.raises(ApiError) as info:
        query(client, clock, include_permissions=True)
    assert info.value.doing == 'reading the permissions of endpoint service svc-0002'


def test_the_owner_domain_comes_from_the_list_answer(client, clock):
    client.add_service('web')
    listed = query(client, clock, name='web')[0]
    assert listed['domain_id'] == OWNER_DOMAIN_ID


def test_a_number_in_a_tag_filter_matches_the_tag_vpcep_service_set(client, clock):
    ensure(client, clock, create_params(tags={'n': 5}))
    assert [s['name'] for s in query(client, clock, tags={'n': 5})] == ['web']


def test_a_boolean_in_a_tag_filter_matches_the_tag_vpcep_service_set(client, clock):
    ensure(client, clock, create_params(tags={'on': True}))
    assert client.services['new-0001']['tags'] == [{'key': 'on', 'value': 'true'}]
    assert [s['name'] for s in query(client, clock, tags={'on': True})] == ['web']


def test_the_result_is_the_same_found_by_id_or_by_name_but_for_the_fields_of_one_call(client, clock):
    # Issue 12 point 4: only the list answer has domain_id, connection_count, public_border_group; only show has
    # cidr_type (both have supported_editions: the SDK's ServiceList and ListServiceDetailsResponse).
    sid = client.add_service('web', tags={'a': '1'})
    by_name = ensure(client, clock, params(name='web'))[0].values['service']
    by_id = ensure(client, clock, params(id=sid))[0].values['service']
    differing = set(k for k in set(by_name) | set(by_id) if by_name.get(k) != by_id.get(k))
    assert differing == set(['domain_id', 'connection_count', 'public_border_group', 'cidr_type'])


# ---------------------------------------------------------------------------
# Issue 20: enable_policy, the edition upgrade, server resources, '*' domain ids, descriptions that cannot be
# compared, the tag filters' limits, and the project's tags
# ---------------------------------------------------------------------------

V2 = '/v2/{project_id}/vpc-endpoint-services'


def test_enable_policy_is_sent_at_creation_and_fixed_afterwards(client, clock):
    ensure(client, clock, create_params(enable_policy=True))
    assert client.bodies(SERVICES)[0]['enable_policy'] is True
    client.reset_calls()
    again, _context = ensure(client, clock, create_params(enable_policy=True))
    assert again.changed is False and client.writes == []
    error, _context = ensure_fails(client, clock, create_params(enable_policy=False))
    assert error.details['fields'] == ['enable_policy']
    assert 'enable_policy: current True, requested False' in error.msg and client.writes == []


def test_an_answer_without_enable_policy_means_false(client, clock):
    sid = client.add_service('web')
    del client.services[sid]['enable_policy']
    assert ensure_fails(client, clock, create_params(enable_policy=True))[0].details['fields'] == ['enable_policy']


def test_professional_upgrades_a_basic_service_once_with_the_v2_call(client, clock):
    sid = client.add_service('web')
    outcome, _context = ensure(client, clock, params(name='web', edition='professional'))
    assert client.writes == [('POST', '%s/%s/upgrade' % (V2, sid), None)]
    assert outcome.changed is True
    assert outcome.values['service']['supported_editions'] == ['basic', 'profession']
    assert (outcome.diff['before']['edition'], outcome.diff['after']['edition']) == ('basic', 'professional')
    client.reset_calls()
    again, _context = ensure(client, clock, params(name='web', edition='professional'))
    assert again.changed is False and client.writes == []


def test_check_mode_predicts_the_upgrade_without_writing(client, clock):
    client.add_service('web')
    checked, _context = ensure(client, clock, params(name='web', edition='professional'), check_mode=True)
    assert client.writes == [] and checked.changed is True
    assert checked.values['service']['supported_editions'] == ['basic', 'profession']


def test_an_upgrade_cannot_be_undone(client, clock):
    client.add_service('web', supported_editions=['basic', 'profession'])
    error, _context = ensure_fails(client, clock, params(name='web', edition='basic', description='x'))
    assert error.details['fields'] == ['edition']
    assert 'from professional to basic: an upgrade cannot be undone' in error.msg
    assert client.writes == []
    assert ensure(client, clock, params(name='web', edition='professional'))[0].changed is False


def test_a_new_professional_service_is_upgraded_once_available_and_gets_its_server_resources(client, clock):
    resources = [{'resource_id': 'elb-1', 'availability_zone_id': 'az-1'},
                 {'resource_id': 'elb-2', 'availability_zone_id': None}]
    outcome, _context = ensure(client, clock, create_params(edition='professional', server_resources=resources, wait=False))
    sid = outcome.values['service']['id']
    expected = [('POST', SERVICES), ('POST', TAGS % sid), ('POST', '%s/%s/upgrade' % (V2, sid)),
                ('POST', '%s/%s/add-server-resources' % (V2, sid))]
    assert [c[:2] for c in client.writes] == expected
    assert client.writes[3][2] == {'server_resources': [{'resource_id': 'elb-1', 'availability_zone_id': 'az-1'},
                                                        {'resource_id': 'elb-2'}]}
    # Both v2 calls came after the service was seen available, although wait is false.
    assert [c for c in client.calls if c[0] == 'GET'][-1] == ('GET', path(sid), None)
    assert client.services[sid]['status'] == 'available'
    assert outcome.values['service']['supported_editions'] == ['basic', 'profession']


def test_server_resources_of_an_existing_service_are_not_sent_and_a_warning_says_why(client, clock):
    sid = client.add_service('web')
    outcome, context = ensure(client, clock, params(name='web', server_resources=[{'resource_id': 'elb-1'}]))
    assert outcome.changed is False and client.writes == []
    assert context.warnings == ['server_resources were not sent to endpoint service %s: they are added only when the '
                                'module creates the service, because no read returns a service\'s server resources, so '
                                'the module cannot tell whether they are there already.' % sid]


@pytest.mark.parametrize('resources, expected', [
    ([{'resource_id': 'elb/1'}], 'server_resources[0].resource_id: must be 1 to 64'),
    ([{'resource_id': 'elb-1', 'availability_zone_id': 'a z'}], 'server_resources[0].availability_zone_id: must be 1 to 64'),
    ([{'resource_id': 'elb-1'}, {'resource_id': 'elb-1'}], 'server_resources[1]: the same resource_id and'),
])
def test_server_resources_are_validated_before_anything_is_sent(client, clock, resources, expected):
    error, _context = ensure_fails(client, clock, create_params(server_resources=[
        dict({'availability_zone_id': None}, **r) for r in resources]), error=ValidationError)
    assert expected in error.msg and client.calls == []


@pytest.mark.parametrize('permission', ['iam:domain::*', 'iam:domain::abc*'])
def test_a_domain_id_may_hold_an_asterisk(permission):
    assert es.validate_permissions([permission]) == []


def test_a_description_that_cannot_be_compared_gives_a_warning_naming_the_permissions(client, clock):
    client.list_descriptions = False
    client.add_service('web', permissions=[DOMAIN, OTHER_DOMAIN])
    wanted = params(name='web', permissions=[{'permission': DOMAIN, 'description': 'new words'},
                                             {'permission': OTHER_DOMAIN, 'description': 'more'}, ORG])
    outcome, context = ensure(client, clock, wanted)
    added = ('POST', path(outcome.values['service']['id'], 'permissions', 'batch-create'))
    assert [c[:2] for c in client.writes] == [added]
    assert context.warnings == ['The descriptions of permissions %s, %s could not be compared: the API\'s permission list '
                                'does not report descriptions, so they were not changed. A description is set when the module '
                                'adds a permission.' % (DOMAIN, OTHER_DOMAIN)]
    client.list_descriptions = True
    client.reset_calls()
    _outcome, context = ensure(client, clock, wanted)
    assert context.warnings == []
    assert [c[0] for c in client.writes] == ['PUT', 'PUT']


@pytest.mark.parametrize('option', ['tags', 'tags_any', 'not_tags', 'not_tags_any'])
def test_tag_filters_are_limited_to_10_keys_of_10_values(client, clock, option):
    keys = dict(('k%d' % i, 'v') for i in range(11))
    with pytest.raises(ValidationError) as info:
        query(client, clock, **{option: keys})
    assert info.value.msg == 'Invalid parameters: %s: at most 10 keys per tag filter (got 11)' % option
    with pytest.raises(ValidationError) as info:
        query(client, clock, **{option: {'k': ['v%d' % i for i in range(11)]}})
    assert info.value.msg == "Invalid parameters: %s: at most 10 values per key ('k' has 11)" % option
    assert client.calls == []
    client.add_service('web', tags={'k0': 'v'})
    assert query(client, clock, **{option: dict(('k%d' % i, ['v%d' % j for j in range(10)]) for i in range(10))}) is not None


def test_project_tags_are_read_with_one_call(client, clock):
    client.add_service('a', tags={'env': 'prod', 'team': 'x'})
    client.add_service('b', tags={'env': 'dev'})
    context = context_for(client, clock, {})
    assert kit_query.project_tags(context, 'endpoint_service') == {'env': ['dev', 'prod'], 'team': ['x']}
    assert client.calls == [('GET', '/v1/{project_id}/endpoint_service/tags', None)]
    assert kit_query.project_tags(context, 'endpoint') == {}
