# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPC endpoint declaration (the consumer's side), driven as vpcep_endpoint and vpcep_endpoint_info drive it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import vpc_endpoint as ve
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    ResourceError,
    ValidationError,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_endpoint import argument_spec
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_endpoint_info import argument_spec as info_argument_spec
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import (
    ENDPOINTS,
    QUOTAS,
    REGION,
    SERVICES,
    SUBNET,
    VPC,
    FakeClock,
    FakeVpcep,
    MARKER,
    api_error,
    module_params,
)

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
GATEWAY = '5289d3c2-8882-4871-a3c2-d380272eed84'
POLICED = '6389d3c2-8882-4871-a3c2-d380272eed87'   # an interface service with enable_policy
STATEMENT = {'Effect': 'Allow', 'Action': ['obs:*'], 'Resource': ['*']}
FULL = '%s.orders.%s' % (REGION, SID)
OTHER_VPC = '6389d3c2-8882-4871-a3c2-d380272eed85'
OTHER_SUBNET = '7489d3c2-8882-4871-a3c2-d380272eed86'
LIST_VPC = ('GET', ENDPOINTS, {'vpc_id': VPC, 'limit': 1000})
UNMARK = ('POST', '/v1/{project_id}/endpoint/ep-0001/tags/action', {'action': 'delete', 'tags': [MARKER]})
DESCRIBE = SERVICES + '/describe'


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(clock):
    fake = FakeVpcep(clock)
    fake.add_describable(SID, 'orders')
    fake.add_describable(GATEWAY, 'obs', service_type='gateway', enable_policy=True)
    fake.add_describable(POLICED, 'apig', enable_policy=True)
    return fake


def params(**overrides):
    """vpcep_endpoint's params as its argument spec leaves them, then the overrides."""
    return module_params(argument_spec(), **overrides)


def create_params(**overrides):
    values = dict(endpoint_service_id=SID, vpc_id=VPC, subnet_id=SUBNET)
    values.update(overrides)
    return params(**values)


def context_for(client, clock, values, check_mode=False):
    return Context(values, client=client, check_mode=check_mode, sleep=clock.sleep, clock=clock)


def ensure(client, clock, values, check_mode=False):
    context = context_for(client, clock, values, check_mode)
    return ve.VpcEndpoint(context).ensure(), context


def ensure_fails(client, clock, values, error=ResourceError, check_mode=False):
    context = context_for(client, clock, values, check_mode)
    with pytest.raises(error) as info:
        ve.VpcEndpoint(context).ensure()
    return info.value, context


def path(eid, *suffix):
    return '/'.join((ENDPOINTS, eid) + suffix)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('overrides, expected', [
    (dict(id='a/b'), 'id: must be 1 to 64 letters, digits and "-" (got \'a/b\')'),
    (dict(endpoint_service_id='../x'), 'endpoint_service_id: must be 1 to 64'),
    (dict(subnet_id='s?x=1'), 'subnet_id: must be 1 to 64'),
    (dict(vpc_id='v\u00e9'), 'vpc_id: must be 1 to 64'),
    (dict(routetables=['rt-1', 'rt/2']), 'routetables[1]: must be 1 to 64'),
    (dict(endpoint_service_id=None, endpoint_service_name='orders'), 'endpoint_service_name: the full name region.name.id'),
    (dict(endpoint_service_id=None, endpoint_service_name='a.b c.d'), 'endpoint_service_name: the full name'),
    (dict(endpoint_service_id=None, endpoint_service_name='a.b.' + 'c' * 130), 'endpoint_service_name: the full name'),
    (dict(description='<b>'), 'description: must not contain "<" or ">"'),
    (dict(port_ip='fe80::1'), 'port_ip: must be an IPv4 address'),
    (dict(port_ip='10.0.0.300'), 'port_ip: must be an IPv4 address'),
    (dict(ipv6_address='10.0.0.1', ip_version='dualstack'), 'ipv6_address: must be an IPv6 address'),
    (dict(ipv6_address='fd00::1'), 'ipv6_address: only for a dual-stack endpoint, give ip_version: dualstack with it'),
    (dict(ipv6_address='fd00::1', ip_version='ipv4'), 'ipv6_address: only for a dual-stack endpoint'),
    (dict(whitelist=['10.0.0.0/24', 'fe80::/64']), 'whitelist[1]: must be an IPv4 address or CIDR block'),
    (dict(whitelist=['nonsense']), 'whitelist[0]: must be an IPv4 address or CIDR block'),
    (dict(whitelist=['10.0.0.%d' % i for i in range(21)]), 'whitelist: at most 20 entries (got 21)'),
    # Issue 19 point 11: a repeated entry is refused, naming it, instead of being sent twice.
    (dict(whitelist=['1.1.1.1', '1.1.1.1']),
     "whitelist: lists the same address or block '1.1.1.1' 2 times (whitelist[0], whitelist[1]); give each once"),
    (dict(whitelist=['10.0.0.0/24', '1.1.1.1', '1.1.1.1/32']),
     "whitelist: lists the same address or block '1.1.1.1' 2 times (whitelist[1], whitelist[2])"),
    (dict(routetables=['rt1', 'rt2', 'rt1', 'rt1']),
     "routetables: lists the same route table 'rt1' 3 times (routetables[0], routetables[2], routetables[3]); give each once"),
    (dict(tags={'k': ['v']}), "tags: the value of 'k' must be a string, number or boolean, got a list"),
    (dict(wait_timeout=0), 'wait_timeout: must be 1 to 86400 seconds (got 0)'),
    (dict(wait_timeout=86401), 'wait_timeout: must be 1 to 86400 seconds (got 86401)'),
])
def test_validate_params_names_option_and_rule(overrides, expected):
    errors = ve.validate_params(create_params(**overrides))
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected) or expected in errors[0], errors


@pytest.mark.parametrize('overrides', [
    dict(),
    dict(id='ep-1', vpc_id=None, endpoint_service_id=None, subnet_id=None),
    dict(endpoint_service_id=None, endpoint_service_name=FULL),
    dict(port_ip='10.0.0.5', whitelist=['10.0.0.0/24', '192.168.1.1'], ipv6_address='fe80::5', ip_version='dualstack',
         routetables=['rt-1']),
    dict(whitelist=['10.0.0.%d' % i for i in range(20)]),
    dict(tags=dict(('k%d' % i, i) for i in range(20)), description='x' * 512),
])
def test_validate_params_accepts_valid_input(overrides):
    assert ve.validate_params(create_params(**overrides)) == []


@pytest.mark.parametrize('option, value', [
    ('id', '../../quotas'),
    ('id', 'x' * 10240),
    ('endpoint_service_id', 'svc/connections'),
    ('endpoint_service_name', 'x' * 10240),
    ('vpc_id', '\u2603'),
    ('subnet_id', '..'),
    ('port_ip', 'x' * 10240),
    ('whitelist', ['x' * 10240]),
    ('routetables', ['rt?a=b']),
    ('description', '>' * 10240),
])
def test_hostile_values_fail_naming_the_option_with_zero_requests(client, clock, option, value):
    error, context = ensure_fails(client, clock, create_params(**{option: value}), error=ValidationError)
    assert any(e.startswith(option) for e in error.details['errors']), error.details['errors']
    assert len(error.msg) < 700
    assert client.calls == []
    assert context.changed is False


# ---------------------------------------------------------------------------
# The service it connects to
# ---------------------------------------------------------------------------

def test_the_full_service_name_is_resolved_once_with_the_describe_call(client, clock):
    outcome, _context = ensure(client, clock, create_params(endpoint_service_id=None, endpoint_service_name=FULL))
    assert client.calls[0] == ('GET', DESCRIBE, {'endpoint_service_name': FULL})
    assert len(client.calls_to('/describe')) == 1
    assert client.bodies(ENDPOINTS)[0]['endpoint_service_id'] == SID
    endpoint = outcome.values['endpoint']
    assert endpoint['endpoint_service_id'] == SID
    assert endpoint['endpoint_service_name'] == FULL


def test_an_unknown_full_name_fails_with_what_to_check(client, clock):
    name = '%s.nope.%s' % (REGION, SID)
    error, context = ensure_fails(client, clock, create_params(endpoint_service_id=None, endpoint_service_name=name))
    assert error.msg == (
        "No endpoint service %s that this account may connect to: the describe call found none. Check the full name "
        "region.name.id (or id) the owner gave you, and ask the owner to allow your account (iam:domain::<your domain "
        "id>) in the service's permissions." % name)
    assert client.calls == [('GET', DESCRIBE, {'endpoint_service_name': name})]
    assert context.changed is False


def test_a_describe_answer_without_id_counts_as_none(client, clock):
    original = client.get

    def get(path_, params=None):
        answer = original(path_, params)
        return {} if path_ == DESCRIBE else answer

    client.get = get
    ensure_fails(client, clock, create_params(endpoint_service_id=None, endpoint_service_name=FULL))
    assert client.writes == []


def test_other_describe_errors_propagate(client, clock):
    client.fail('GET', DESCRIBE, api_error(403, 'GET', DESCRIBE))
    error, _context = ensure_fails(client, clock, create_params(endpoint_service_id=None, endpoint_service_name=FULL),
                                   error=ApiError)
    assert error.doing == 'describing endpoint service %s' % FULL


def test_subnet_id_is_required_for_an_interface_service_given_by_id(client, clock):
    for check_mode in (False, True):
        error, context = ensure_fails(client, clock, create_params(subnet_id=None), check_mode=check_mode)
        assert error.msg == ('The VPC endpoint does not exist; to create it for interface endpoint service %s, subnet_id '
                             'is required.' % SID)
        assert error.details == {'missing': ['subnet_id']}
        assert context.changed is False
    # Described by id, only because the type was needed.
    assert ('GET', DESCRIBE, {'id': SID}) in client.calls
    assert client.writes == []


def test_a_gateway_service_needs_no_subnet(client, clock):
    outcome, _context = ensure(client, clock, create_params(endpoint_service_id=GATEWAY, subnet_id=None,
                                                            routetables=['rt-1', 'rt-2']))
    assert client.bodies(ENDPOINTS) == [{'endpoint_service_id': GATEWAY, 'vpc_id': VPC, 'routetables': ['rt-1', 'rt-2'],
                                         'tags': [MARKER]}]
    assert outcome.values['endpoint']['service_type'] == 'gateway'


# ---------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------

def find(client, clock, **values):
    return ve.VpcEndpoint(context_for(client, clock, params(**values))).find()


def test_identity_is_the_service_and_the_vpc_and_the_subnet_when_given(client, clock):
    mine = client.add_endpoint(SID, VPC, SUBNET)
    other_subnet = client.add_endpoint(SID, VPC, OTHER_SUBNET, created_at='2026-01-01T00:00:01Z')
    client.add_endpoint(GATEWAY, VPC, None)
    client.add_endpoint(SID, OTHER_VPC, SUBNET)
    assert find(client, clock, endpoint_service_id=SID, vpc_id=VPC, subnet_id=SUBNET)['id'] == mine
    assert find(client, clock, endpoint_service_id=SID, vpc_id=VPC, subnet_id=OTHER_SUBNET)['id'] == other_subnet
    assert find(client, clock, endpoint_service_id=GATEWAY, vpc_id=VPC)['subnet_id'] is None
    assert find(client, clock, endpoint_service_id=SID, vpc_id=VPC, subnet_id='nope') is None
    assert client.calls[0] == LIST_VPC


def test_several_endpoints_that_fit_fail_listing_their_ids(client, clock):
    first = client.add_endpoint(SID, VPC, SUBNET)
    second = client.add_endpoint(SID, VPC, OTHER_SUBNET, created_at='2026-01-01T00:00:01Z')
    error, _context = ensure_fails(client, clock, params(endpoint_service_id=SID, vpc_id=VPC, whitelist=['10.0.0.1']))
    assert error.msg == ('Found 2 VPC endpoints of this project connected to endpoint service %s in VPC %s (ids: %s, %s); '
                         'give the id option (or subnet_id) to choose one.' % (SID, VPC, first, second))
    assert error.details['ids'] == [first, second]
    assert client.writes == []


def test_by_id_reads_only_that_endpoint(client, clock):
    eid = client.add_endpoint(SID)
    outcome, _context = ensure(client, clock, params(id=eid))
    assert outcome.changed is False
    assert client.calls == [('GET', path(eid), None)]


def test_an_unknown_id_is_not_created(client, clock):
    error, _context = ensure_fails(client, clock, create_params(id='ep-nope'))
    assert error.msg == 'No VPC endpoint with id ep-nope. To create one, leave id out.'
    assert client.writes == []


# ---------------------------------------------------------------------------
# Create and wait
# ---------------------------------------------------------------------------

def test_create_sends_the_given_fields_and_waits_until_connected(client, clock):
    outcome, context = ensure(client, clock, create_params(port_ip='10.0.0.5', enable_dns=True, whitelist=['10.0.0.0/24'],
                                                           enable_whitelist=True, description='orders', tags={'app': 'x'}))
    eid = 'ep-0001'
    assert client.calls == [
        LIST_VPC,
        ('POST', ENDPOINTS, {'endpoint_service_id': SID, 'vpc_id': VPC, 'subnet_id': SUBNET, 'port_ip': '10.0.0.5',
                             'enable_dns': True, 'whitelist': ['10.0.0.0/24'], 'enable_whitelist': True,
                             'description': 'orders', 'tags': [{'key': 'app', 'value': 'x'}, MARKER]}),
        LIST_VPC,
        UNMARK,
        ('GET', path(eid), None),
        ('GET', path(eid), None),
    ]
    assert client.opts[1] == {'idempotent': False, 'expect_body': True, 'via': 'request'}
    assert clock.sleeps == [lookup.SETTLE, 0.5]
    assert outcome.changed is True and context.changed is True
    endpoint = outcome.values['endpoint']
    assert endpoint['status'] == 'pendingAcceptance'
    assert endpoint['ip'] == '10.0.0.5'
    assert endpoint['tags'] == {'app': 'x'}
    assert None not in endpoint.values()
    assert outcome.diff['before'] == {}
    assert outcome.diff['after']['port_ip'] == '10.0.0.5'


def test_wait_for_accepted_waits_for_the_owner(client, clock):
    client.endpoint_provision = ['creating', 'pendingAcceptance', 'pendingAcceptance', 'accepted']
    outcome, _context = ensure(client, clock, create_params(wait_for='accepted'))
    assert outcome.values['endpoint']['status'] == 'accepted'
    assert clock.sleeps == [lookup.SETTLE, 0.5, 0.5, 0.5]


def test_a_pending_endpoint_rerun_with_wait_for_accepted_waits_without_a_change(client, clock):
    eid = client.add_endpoint(SID, status='pendingAcceptance', _statuses=['pendingAcceptance', 'accepted'])
    outcome, _context = ensure(client, clock, create_params(wait_for='accepted'))
    assert outcome.changed is False
    assert outcome.values['endpoint']['status'] == 'accepted'
    assert client.calls == [LIST_VPC, ('GET', path(eid), None), ('GET', path(eid), None)]


@pytest.mark.parametrize('wait_for', ['connected', 'accepted'])
def test_a_rejected_endpoint_fails_saying_so_and_that_it_still_exists(client, clock, wait_for):
    client.endpoint_provision = ['creating', 'rejected']
    error, context = ensure_fails(client, clock, create_params(wait_for=wait_for))
    assert error.msg == ('VPC endpoint ep-0001 was rejected by the owner of endpoint service %s. The endpoint still '
                         'exists: ask the owner to accept it (vpcep_connection), or delete it with state=absent.' % FULL)
    assert error.details['endpoint']['status'] == 'rejected'
    assert context.changed is True
    assert 'ep-0001' in client.endpoints


def test_a_failed_endpoint_reports_the_api_error_details(client, clock):
    client.endpoint_provision = ['creating', 'failed']
    client.on_create = lambda eid: client.endpoints[eid].update(error=[{'error_code': 'EndPoint.0150',
                                                                        'error_message': 'no IP left in the subnet'}])
    error, _context = ensure_fails(client, clock, create_params())
    assert error.msg == 'VPC endpoint ep-0001 ended in status failed: EndPoint.0150: no IP left in the subnet'
    assert error.details['endpoint']['status'] == 'failed'


def test_a_wait_timeout_names_the_last_status(client, clock):
    client.endpoint_provision = ['creating']
    error, _context = ensure_fails(client, clock, create_params(wait_timeout=20))
    assert error.msg.startswith('Timed out after 20 seconds (wait_timeout) waiting for VPC endpoint ep-0001 to become '
                                'pendingAcceptance or accepted; last status seen: creating.')


def test_without_wait_the_create_answer_is_the_result(client, clock):
    outcome, _context = ensure(client, clock, create_params(wait=False))
    assert outcome.values['endpoint']['status'] == 'creating'
    assert [c[0] for c in client.calls] == ['GET', 'POST', 'GET', 'POST']
    assert client.calls[-1] == UNMARK


def test_a_403_on_create_says_the_owner_must_allow_this_account(client, clock):
    client.fail('POST', ENDPOINTS, api_error(403, 'POST', ENDPOINTS))
    error, context = ensure_fails(client, clock, create_params())
    assert error.msg == (
        "The API refused to connect to endpoint service %s (HTTP 403 EndPoint.0004 Forbidden). Its owner has to allow "
        "this account: ask them to add iam:domain::<your domain id> to the service's permissions (vpcep_service "
        "permissions)." % SID)
    assert error.details['error']['status'] == 403
    assert client.calls[-1] == ('GET', QUOTAS, {'type': 'endpoint'})
    assert context.changed is False
    assert client.endpoints == {}


def test_a_quota_refusal_names_the_quota(client, clock):
    client.quotas['endpoint'] = [50, 50]
    client.fail('POST', ENDPOINTS, api_error(403, 'POST', ENDPOINTS, msg='Quota exceeded'))
    error, _context = ensure_fails(client, clock, create_params())
    assert error.msg.startswith('The endpoint quota of this project is used up (50 of 50 in use), so the API refused '
                                'the create (HTTP 403 EndPoint.0004 Quota exceeded). Delete VPC endpoints you no longer '
                                'need')
    assert error.details['quota'] == {'type': 'endpoint', 'used': 50, 'quota': 50}


def test_an_unclear_create_is_found_by_its_token_never_repeated(client, clock):
    client.create_error = AmbiguousRequestError('POST failed: read timeout', method='POST', path=ENDPOINTS)
    outcome, _context = ensure(client, clock, create_params())
    assert outcome.values['endpoint']['id'] == 'ep-0001'
    assert outcome.changed is True
    assert [c[0] for c in client.writes] == ['POST', 'POST']
    assert client.writes[-1] == UNMARK


def test_a_run_that_lost_a_race_deletes_its_own_and_reports_the_older_identical_one(client, clock):
    client.on_create = lambda eid: client.add_endpoint(SID, VPC, SUBNET, id='ep-older')
    outcome, context = ensure(client, clock, create_params())
    assert outcome.values['endpoint']['id'] == 'ep-older'
    assert outcome.changed is True
    assert [c[:2] for c in client.writes] == [('POST', ENDPOINTS), ('DELETE', path('ep-0001'))]
    assert 'removed its own duplicate ep-0001 and changed nothing of ep-older' in context.warnings[0]


# ---------------------------------------------------------------------------
# Another party's endpoint of the same service, VPC and subnet (issue 19 point 3)
# ---------------------------------------------------------------------------

def their_endpoint(client, eid='ep-theirs', created_at='2026-01-02T00:00:03Z'):
    """Another party's endpoint to the same service, VPC and subnet, with its own description and tags."""
    return client.add_endpoint(SID, VPC, SUBNET, id=eid, created_at=created_at, description='theirs',
                               whitelist=['10.9.9.9'], enable_whitelist=True, tags={'owner': 'them'})


def snapshot(client, eid):
    return copy.deepcopy(client.endpoints[eid])


def test_after_an_unclear_create_another_partys_endpoint_is_never_deleted_nor_changed(client, clock):
    client.create_error = AmbiguousRequestError('POST failed: read timeout', method='POST', path=ENDPOINTS)
    before = {}

    def on_create(_eid):
        their_endpoint(client)
        before.update(snapshot(client, 'ep-theirs'))

    client.on_create = on_create
    outcome, context = ensure(client, clock, create_params(description='ours', whitelist=['10.0.0.1']))
    assert outcome.values['endpoint']['id'] == 'ep-0001'
    assert outcome.changed is True
    assert client.endpoints['ep-theirs'] == before
    assert [c for c in client.writes if 'ep-theirs' in c[1]] == []
    assert 'ep-theirs (created_at 2026-01-02T00:00:03Z)' in context.warnings[0]


def test_an_unclear_endpoint_create_that_never_committed_while_another_appears_fails_touching_nothing(client, clock):
    client.create_error = AmbiguousRequestError('POST failed: connection reset', method='POST', path=ENDPOINTS)
    client.create_commits = False
    original = client._list_endpoints

    def list_endpoints(params):
        if len(client.reads) == 3:
            their_endpoint(client)
        return original(params)

    client._list_endpoints = list_endpoints
    error, context = ensure_fails(client, clock, create_params(wait_timeout=10))
    assert error.msg.startswith(
        'The create request for the VPC endpoint to endpoint service %s in VPC %s (subnet %s) got no clear answer '
        '(POST failed: connection reset). Within 10 seconds 1 VPC endpoint matching it appeared, but none carries this '
        'run\'s creation token, so none is proven to be this run\'s: ep-theirs (created_at 2026-01-02T00:00:03Z). '
        'Nothing of them was touched.' % (SID, VPC, SUBNET))
    assert context.changed is True
    assert [c[0] for c in client.writes] == ['POST']
    assert client.endpoints['ep-theirs']['description'] == 'theirs'


def test_an_older_endpoint_that_differs_is_left_alone_and_the_run_fails(client, clock):
    client.on_create = lambda _eid: their_endpoint(client, 'ep-older', '2026-01-01T00:00:00Z')
    error, context = ensure_fails(client, clock, create_params(description='ours'))
    assert error.msg == (
        'VPC endpoint ep-older (created_at 2026-01-01T00:00:00Z), which matches the VPC endpoint to endpoint service %s '
        'in VPC %s (subnet %s), appeared during this run and is older than the one this run created. This run removed '
        'its own duplicate ep-0001 (created_at 2026-01-02T00:00:00Z). It changed nothing of ep-older, which differs from this task in: description. '
        'To manage it, re-run this task (a new run finds it and brings it to the task), or give its id.' % (SID, VPC, SUBNET))
    assert context.changed is True
    assert [c[:2] for c in client.writes] == [('POST', ENDPOINTS), ('DELETE', path('ep-0001'))]
    assert client.endpoints['ep-older']['description'] == 'theirs'


def test_check_mode_create_predicts_what_a_real_run_reports(client, clock):
    values = create_params(endpoint_service_id=None, endpoint_service_name=FULL, port_ip='10.0.0.5',
                           whitelist=['10.0.0.0/24'], tags={'a': '1'})
    checked, context = ensure(client, clock, values, check_mode=True)
    assert client.writes == []
    assert checked.changed is True and context.changed is False
    endpoint = checked.values['endpoint']
    assert (endpoint['status'], endpoint['endpoint_service_name'], endpoint['service_type']) == (
        'creating', FULL, 'interface')
    assert endpoint['ip'] == '10.0.0.5'
    real, _context = ensure(client, clock, values)
    expected = dict(real.diff['after'])
    del expected['id']
    assert checked.diff == {'before': {}, 'after': expected}


# ---------------------------------------------------------------------------
# Update: immutable fields, and the call that owns each field
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('option, requested, current', [
    ('endpoint_service_id', GATEWAY, SID),
    ('vpc_id', OTHER_VPC, VPC),
    ('subnet_id', OTHER_SUBNET, SUBNET),
    ('port_ip', '10.0.0.8', '10.0.0.9'),
    ('enable_dns', True, False),
    ('description', 'new', ''),
])
def test_an_immutable_field_fails_with_current_and_requested_and_sends_nothing(client, clock, option, requested, current):
    eid = client.add_endpoint(SID, VPC, SUBNET, ip='10.0.0.9')
    values = params(id=eid, whitelist=['10.0.0.1'], **{option: requested})
    # The plan: a replacement, with every change (the whitelist too), sorted by option.
    changes = sorted([{'field': option, 'before': current, 'after': requested},
                      {'field': 'whitelist', 'before': [], 'after': ['10.0.0.1']}], key=lambda c: c['field'])
    error, context = ensure_fails(client, clock, values)
    assert error.msg == ('Cannot change %s of VPC endpoint %s: the API fixes them at creation (%s: current %r, '
                         'requested %r). Delete and re-create it to change them.'
                         % (option, eid, option, current, requested))
    assert error.details == {'fields': [option], 'action': 'replace', 'changes': changes}
    assert context.changed is False
    # Check mode reports the same plan instead of failing, with a warning that the real run refuses it.
    outcome, context = ensure(client, clock, values, check_mode=True)
    assert (outcome.changed, outcome.values['action'], outcome.values['changes']) == (True, 'replace', changes)
    assert 'would have to be replaced' in context.warnings[0] and context.changed is False
    assert client.writes == []


def test_immutable_fields_that_match_are_no_change(client, clock):
    eid = client.add_endpoint(SID, VPC, SUBNET, ip='10.0.0.9', enable_dns=True, description='d')
    outcome, _context = ensure(client, clock, params(id=eid, endpoint_service_id=SID, vpc_id=VPC, subnet_id=SUBNET,
                                                     port_ip='10.0.0.9', enable_dns=True, description='d',
                                                     ip_version='ipv4'))
    assert outcome.changed is False
    assert client.writes == []


def test_the_whitelist_put_carries_the_list_and_its_switch(client, clock):
    eid = client.add_endpoint(SID, whitelist=['10.0.0.0/24'], enable_whitelist=True)
    outcome, _context = ensure(client, clock, create_params(whitelist=['10.1.0.0/24', '10.0.0.0/24']))
    assert client.writes == [('PUT', path(eid), {'whitelist': ['10.1.0.0/24', '10.0.0.0/24'], 'enable_whitelist': True})]
    assert outcome.values['endpoint']['whitelist'] == ['10.1.0.0/24', '10.0.0.0/24']
    client.reset_calls()
    outcome, _context = ensure(client, clock, create_params(enable_whitelist=False))
    assert client.writes == [('PUT', path(eid), {'whitelist': ['10.1.0.0/24', '10.0.0.0/24'], 'enable_whitelist': False})]
    assert outcome.diff['before']['enable_whitelist'] is True and outcome.diff['after']['enable_whitelist'] is False


def test_a_reordered_whitelist_is_no_change(client, clock):
    client.add_endpoint(SID, whitelist=['10.0.0.0/24', '10.1.0.0/24'])
    outcome, _context = ensure(client, clock, create_params(whitelist=['10.1.0.0/24', '10.0.0.0/24'], enable_whitelist=False))
    assert outcome.changed is False
    assert client.writes == []


def test_route_tables_and_policy_use_their_own_calls(client, clock):
    eid = client.add_endpoint(GATEWAY, VPC, None, routetables=['rt-1'], service_type='gateway')
    statement = [{'Effect': 'Allow', 'Action': ['obs:*'], 'Resource': ['*']}]
    outcome, _context = ensure(client, clock, params(endpoint_service_id=GATEWAY, vpc_id=VPC, routetables=['rt-2', 'rt-1'],
                                                     policy_statement=statement, whitelist=['10.0.0.1']))
    assert client.writes == [
        ('PUT', path(eid, 'policy'), {'policy_statement': statement}),
        ('PUT', path(eid, 'routetables'), {'routetables': ['rt-2', 'rt-1']}),
        ('PUT', path(eid), {'whitelist': ['10.0.0.1'], 'enable_whitelist': False}),
    ]
    endpoint = outcome.values['endpoint']
    assert endpoint['routetables'] == ['rt-2', 'rt-1']
    assert endpoint['policy_statement'] == statement
    client.reset_calls()
    # The same policy with its keys in another order, and the same route tables in another order.
    again, _context = ensure(client, clock, params(endpoint_service_id=GATEWAY, vpc_id=VPC, routetables=['rt-1', 'rt-2'],
                                                   policy_statement=[{'Resource': ['*'], 'Action': ['obs:*'],
                                                                      'Effect': 'Allow'}]))
    assert again.changed is False
    assert client.writes == []


def test_a_policy_document_goes_to_the_policy_call(client, clock):
    eid = client.add_endpoint(POLICED)
    document = {'Version': '5.0', 'Statement': [{'Effect': 'Allow', 'Action': ['apig:*:get'], 'Resource': ['*']}]}
    ensure(client, clock, create_params(endpoint_service_id=POLICED, policy_document=document))
    assert client.writes == [('PUT', path(eid, 'policy'), {'policy_document': document})]


def test_endpoint_tags_use_the_endpoint_tag_calls(client, clock):
    eid = client.add_endpoint(SID, tags={'old': '1'})
    outcome, _context = ensure(client, clock, create_params(tags={'new': '2'}))
    assert [c[:2] for c in client.writes] == [('POST', '/v1/{project_id}/endpoint/%s/tags/action' % eid)] * 2
    assert outcome.values['endpoint']['tags'] == {'new': '2'}


@pytest.mark.parametrize('overrides', [
    dict(whitelist=['10.9.0.0/16']),
    dict(enable_whitelist=True),
    dict(tags={'a': '2'}),
    dict(routetables=['rt-9']),
    dict(),
])
def test_check_mode_update_reports_what_a_real_run_does(clock, overrides):
    def setup():
        fake = FakeVpcep(clock)
        fake.add_describable(SID, 'orders')
        fake.add_endpoint(SID, id='ep-fixed', whitelist=['10.0.0.0/24'], tags={'a': '1'}, routetables=['rt-1'])
        return fake

    wanted = create_params(**overrides)
    checked_client, real_client = setup(), setup()
    checked, _context = ensure(checked_client, clock, wanted, check_mode=True)
    real, _context = ensure(real_client, clock, wanted)
    assert checked_client.writes == []
    assert checked.changed == real.changed == bool(real_client.writes)
    assert checked.diff == real.diff
    assert checked.values == real.values


# ---------------------------------------------------------------------------
# Absent
# ---------------------------------------------------------------------------

def test_absent_by_service_and_vpc_deletes_and_waits(client, clock):
    eid = client.add_endpoint(SID)
    outcome, _context = ensure(client, clock, create_params(state='absent'))
    assert outcome.changed is True
    assert client.writes == [('DELETE', path(eid), None)]
    assert eid not in client.endpoints
    assert outcome.values['endpoint'] == {} and outcome.values['action'] == 'delete'
    assert {'field': 'id', 'before': eid, 'after': None} in outcome.values['changes']


def test_absent_by_service_id_after_the_service_is_gone(client, clock):
    eid = client.add_endpoint(SID)
    del client.describable[SID]
    outcome, _context = ensure(client, clock, create_params(state='absent'))
    assert outcome.changed is True
    assert eid not in client.endpoints
    assert client.calls_to('/describe') == []


def test_absent_by_full_name_after_the_service_is_gone_is_not_a_failure(client, clock):
    del client.describable[SID]
    outcome, _context = ensure(client, clock, params(endpoint_service_name=FULL, vpc_id=VPC, state='absent'))
    assert outcome.changed is False


def test_absent_of_nothing_and_check_mode(client, clock):
    outcome, _context = ensure(client, clock, create_params(state='absent'))
    assert outcome.changed is False
    eid = client.add_endpoint(SID)
    outcome, _context = ensure(client, clock, params(id=eid, state='absent'), check_mode=True)
    assert outcome.changed is True
    assert client.writes == []


# ---------------------------------------------------------------------------
# Query (vpcep_endpoint_info)
# ---------------------------------------------------------------------------

def info_params(**overrides):
    return module_params(info_argument_spec(), **overrides)


def query(client, clock, **overrides):
    return ve.query(Context(info_params(**overrides), client=client, sleep=clock.sleep, clock=clock))


@pytest.fixture
def three(client):
    client.add_describable(GATEWAY + 'x', 'orders2')
    a = client.add_endpoint(SID, VPC, SUBNET, status='accepted', tags={'env': 'prod'})
    b = client.add_endpoint(SID, OTHER_VPC, SUBNET, status='pendingAcceptance', tags={'env': 'dev'})
    c = client.add_endpoint(GATEWAY + 'x', VPC, SUBNET, status='accepted')
    return a, b, c


def test_query_everything(client, clock, three):
    assert [e['id'] for e in query(client, clock)] == list(three)
    assert client.calls == [('GET', ENDPOINTS, {'limit': 1000})]
    assert client.opts[0]['workers'] == 8


@pytest.mark.parametrize('filters, expected', [
    (dict(endpoint_service_name=FULL), [0, 1]),
    (dict(endpoint_service_name='orders'), [0, 1]),
    (dict(endpoint_service_name='orders2'), [2]),
    (dict(endpoint_service_name='%s.orders.other' % REGION), []),
    (dict(status='accepted'), [0, 2]),
    (dict(vpc_id=VPC), [0, 2]),
    (dict(vpc_id=VPC, status='pendingAcceptance'), []),
    (dict(tags={'env': 'prod'}), [0]),
    (dict(not_tags={'env': ''}), [2]),
])
def test_query_filters(client, clock, three, filters, expected):
    assert [e['id'] for e in query(client, clock, **filters)] == [three[i] for i in expected]


def test_query_passes_the_api_filters_and_sorting(client, clock, three):
    query(client, clock, endpoint_service_name='orders', vpc_id=VPC, sort_key='update_at', sort_dir='asc', concurrency=2)
    assert client.calls[0] == ('GET', ENDPOINTS, {'endpoint_service_name': 'orders', 'vpc_id': VPC, 'sort_key': 'update_at',
                                                  'sort_dir': 'asc', 'limit': 1000})
    assert client.opts[0]['workers'] == 2


def test_query_tag_filters_use_the_endpoint_resource_type(client, clock, three):
    query(client, clock, tags_any={'env': ['prod', 'dev']})
    assert client.bodies('/v1/{project_id}/endpoint/resource_instances/action') == [
        {'action': 'filter', 'limit': 1000, 'offset': 0, 'tags_any': [{'key': 'env', 'values': ['prod', 'dev']}]}]


def test_query_by_id(client, clock, three):
    assert [e['id'] for e in query(client, clock, id=three[1])] == [three[1]]
    assert client.calls == [('GET', path(three[1]), None)]
    assert query(client, clock, id='ep-nope') == []
    assert query(client, clock, id=three[1], status='accepted') == []


def test_query_returns_what_the_resource_module_returns(client, clock, three):
    listed = query(client, clock, id=three[0])[0]
    present = ensure(client, clock, params(id=three[0]))[0].values['endpoint']
    assert listed == present
    assert listed['tags'] == {'env': 'prod'}


@pytest.mark.parametrize('overrides, expected', [
    (dict(vpc_id='a/b'), 'vpc_id: must be 1 to 64'),
    (dict(id='..'), 'id: must be 1 to 64'),
    (dict(tags={'k': {'a': 1}}), "tags: the value of 'k' must be a string or a list of strings"),
])
def test_query_validation(client, clock, overrides, expected):
    with pytest.raises(ValidationError) as info:
        query(client, clock, **overrides)
    assert info.value.details['errors'][0].startswith(expected)
    assert client.calls == []


# ---------------------------------------------------------------------------
# Creates with an unclear outcome and races, as the consumer meets them
# ---------------------------------------------------------------------------

def test_an_unclear_create_that_never_appears_says_how_to_check(client, clock):
    client.create_error = AmbiguousRequestError('POST failed: read timeout', method='POST', path=ENDPOINTS)
    client.commit_delay = 10000
    error, context = ensure_fails(client, clock, create_params(wait_timeout=30))
    assert error.msg == (
        'The create request for the VPC endpoint to endpoint service %s in VPC %s (subnet %s) got no clear answer '
        '(POST failed: read timeout), and it did not appear within 30 seconds. It may still be created later: before '
        're-running this task, check whether it exists (hwcloud.vpcep.vpcep_endpoint_info with vpc_id: %s), or a '
        'duplicate may be made.' % (SID, VPC, SUBNET, VPC))
    assert context.changed is True


def test_withdrawing_a_duplicate_still_creating_waits_then_deletes(client, clock):
    client.refuse_delete_while_creating = True
    client.on_create = lambda eid: client.add_endpoint(SID, VPC, SUBNET, id='ep-older')
    outcome, _context = ensure(client, clock, create_params())
    assert outcome.values['endpoint']['id'] == 'ep-older'
    own = path('ep-0001')
    assert [c[:2] for c in client.calls if c[1] == own] == [('DELETE', own), ('GET', own), ('GET', own), ('DELETE', own)]


def test_withdrawing_a_duplicate_with_wait_for_accepted(client, clock):
    client.refuse_delete_while_creating = True
    client.on_create = lambda eid: client.add_endpoint(SID, VPC, SUBNET, id='ep-older')
    outcome, _context = ensure(client, clock, create_params(wait_for='accepted', wait_timeout=60))
    assert outcome.values['endpoint']['id'] == 'ep-older'
    assert client.endpoints['ep-0001']['status'] == 'deleting'


# ---------------------------------------------------------------------------
# Issue 20: the API's models for ip_version, route tables, policies, enable_dns and the result's shape
# ---------------------------------------------------------------------------

def test_ip_version_takes_ipv4_and_dualstack():
    assert argument_spec()['ip_version']['choices'] == ['ipv4', 'dualstack']


def test_found_by_service_and_vpc_the_result_is_the_one_by_id(client, clock):
    eid = client.add_endpoint(SID, ipv6_address='fd00::9', enable_status='enable', specification_name='default')
    by_identity, _context = ensure(client, clock, create_params())
    assert client.calls == [LIST_VPC, ('GET', path(eid), None)]
    by_id, _context = ensure(client, clock, params(id=eid))
    assert by_identity.values['endpoint'] == by_id.values['endpoint']
    assert by_id.values['endpoint']['ipv6_address'] == 'fd00::9'
    assert by_id.values['endpoint']['enable_status'] == 'enable'


def test_a_route_table_that_fails_to_bind_or_unbind_fails_the_task_as_changed(client, clock):
    eid = client.add_endpoint(GATEWAY, VPC, None, routetables=['rt-keep', 'rt-stuck'], service_type='gateway')
    client.routetable_failures = {'rt-broken': 'route table rt-broken is in another VPC',
                                  'rt-stuck': 'route table rt-stuck is busy'}
    wanted = params(endpoint_service_id=GATEWAY, vpc_id=VPC, routetables=['rt-keep', 'rt-broken'])
    error, context = ensure_fails(client, clock, wanted)
    assert context.changed is True
    assert client.writes == [('PUT', path(eid, 'routetables'), {'routetables': ['rt-keep', 'rt-broken']})]
    assert error.msg == (
        'The route tables of VPC endpoint %s were changed only in part: route table rt-broken failed to bind: route table '
        'rt-broken is in another VPC; route table rt-stuck failed to unbind: route table rt-stuck is busy. The endpoint now '
        'has route tables rt-keep, rt-stuck. Check that each table is in VPC %s and free to use, then run the task '
        'again.' % (eid, VPC))
    assert error.details['routetable_errors'] == [
        {'id': 'rt-broken', 'action': 'bind', 'error_message': 'route table rt-broken is in another VPC'},
        {'id': 'rt-stuck', 'action': 'unbind', 'error_message': 'route table rt-stuck is busy'}]
    assert error.details['endpoint']['routetables'] == ['rt-keep', 'rt-stuck']


def test_route_tables_that_all_bind_are_taken_from_the_answer(client, clock):
    eid = client.add_endpoint(GATEWAY, VPC, None, routetables=['rt-1'], service_type='gateway')
    outcome, _context = ensure(client, clock, params(endpoint_service_id=GATEWAY, vpc_id=VPC, routetables=['rt-2']))
    assert outcome.changed is True and outcome.values['endpoint']['routetables'] == ['rt-2']
    assert client.endpoints[eid]['routetables'] == ['rt-2']


@pytest.mark.parametrize('service, option, value, expected', [
    (SID, 'policy_document', {'Version': '5.0'}, 'takes no endpoint policy (its enable_policy is false)'),
    (SID, 'policy_statement', [STATEMENT], 'takes no endpoint policy (its enable_policy is false)'),
    (GATEWAY, 'policy_document', {'Version': '5.0'}, 'takes policy_statement (its endpoints are gateway endpoints)'),
    (POLICED, 'policy_statement', [STATEMENT], 'takes policy_document (its endpoints are interface endpoints)'),
])
def test_a_policy_the_service_does_not_take_fails_before_any_write(client, clock, service, option, value, expected):
    subnet = None if service == GATEWAY else SUBNET
    for existing in (False, True):
        if existing:
            client.add_endpoint(service, VPC, subnet, service_type='gateway' if service == GATEWAY else 'interface')
        wanted = params(endpoint_service_id=service, vpc_id=VPC, subnet_id=subnet, **{option: value})
        error, _context = ensure_fails(client, clock, wanted, error=ValidationError)
        assert error.msg == 'Invalid parameters: %s: endpoint service %s %s' % (option, service, expected)
        assert client.writes == []


def test_an_update_by_id_checks_the_policy_against_the_endpoints_service(client, clock):
    eid = client.add_endpoint(SID)
    error, _context = ensure_fails(client, clock, params(id=eid, policy_document={'Version': '5.0'}), error=ValidationError)
    assert 'takes no endpoint policy' in error.msg
    assert ('GET', DESCRIBE, {'id': SID}) in client.calls and client.writes == []


@pytest.mark.parametrize('service, option, empty, current', [
    (GATEWAY, 'policy_statement', [], {'policy_statement': [STATEMENT]}),
    (POLICED, 'policy_document', {}, {'policy_document': {'Version': '5.0', 'Statement': [
        {'Effect': 'Deny', 'Action': ['apig:*'], 'Resource': ['*']}]}}),
])
def test_removing_a_policy_uses_the_delete_call_and_a_rerun_changes_nothing(client, clock, service, option, empty, current):
    gateway = service == GATEWAY
    eid = client.add_endpoint(service, VPC, None if gateway else SUBNET, service_type='gateway' if gateway else 'interface',
                              **current)
    wanted = params(endpoint_service_id=service, vpc_id=VPC, subnet_id=None if gateway else SUBNET, **{option: empty})
    outcome, _context = ensure(client, clock, wanted)
    assert outcome.changed is True
    assert client.writes == [('DELETE', path(eid, 'policy'), None)]
    assert outcome.diff['before'][option] == current[option]
    client.reset_calls()
    again, _context = ensure(client, clock, wanted)
    # The API's default document (full access) after the delete counts as no policy of the endpoint's own.
    assert again.changed is False and client.writes == []


def test_a_full_access_document_and_no_policy_are_the_same_policy(client, clock):
    full = {'Version': '5.0', 'Statement': [{'Effect': 'Allow', 'Action': ['*'], 'Resource': ['*']}]}
    client.add_endpoint(POLICED, policy_document=full)
    outcome, _context = ensure(client, clock, create_params(endpoint_service_id=POLICED, policy_document={}))
    assert outcome.changed is False and client.writes == []
    narrowed = dict(full, Statement=[dict(full['Statement'][0], Condition={'StringEquals': {'a': 'b'}})])
    outcome, _context = ensure(client, clock, create_params(endpoint_service_id=POLICED, policy_document=narrowed))
    assert outcome.changed is True


def test_enable_dns_is_not_compared_on_a_gateway_endpoint(client, clock):
    # A gateway endpoint never gets a domain name: the API reads enable_dns false whatever the create said.
    client.add_endpoint(GATEWAY, VPC, None, service_type='gateway', enable_dns=False, routetables=['rt-1'])
    outcome, _context = ensure(client, clock, params(endpoint_service_id=GATEWAY, vpc_id=VPC, enable_dns=True,
                                                     routetables=['rt-1']))
    assert outcome.changed is False and client.writes == []
    client.add_endpoint(SID, OTHER_VPC, SUBNET, enable_dns=False)
    error, _context = ensure_fails(client, clock, create_params(vpc_id=OTHER_VPC, enable_dns=True))
    assert error.details['fields'] == ['enable_dns']
