# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 23: the fleet engine (kit/fleet.py) through vpcep_services' fleet (fleets.ServiceFleet), on the fake VPCEP.

The list is checked whole before any request; one listing serves every lookup; the quota is read once before
the first write; the pool is bounded by `concurrency`; one entry's failure (an API error, a bug) does not stop
the others; `changed` is honest per entry and for the task; check mode writes nothing; an entry waiting between
its polls holds no request slot.
"""

import copy
import json
import threading

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    ResourceError,
    ValidationError,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.fleets import ServiceFleet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_services import argument_spec
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import (
    PORT,
    QUOTAS,
    SERVICES,
    SUBNET,
    VPC,
    FakeClock,
    FakeVpcep,
    api_error,
    module_params,
)
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.test_client import make_client

ENTRY_SPEC = argument_spec()['services']['options']
PORTS = [{'client_port': 80, 'server_port': 8080, 'protocol': 'TCP'}]


def entry(**values):
    return module_params(ENTRY_SPEC, **values)


def new(name, **values):
    return entry(name=name, vpc_id=VPC, port_id=PORT, server_type='VM', ports=copy.deepcopy(PORTS), **values)


def run(client, entries, check_mode=False, diff=False, **options):
    """Run the fleet; return (outcome or the error raised, the context)."""
    clock = client.clock
    params = module_params(argument_spec(), services=entries, **options)
    context = Context(params, client=client, check_mode=check_mode, sleep=clock.sleep, clock=clock, diff=diff)
    try:
        return ServiceFleet(context).run(), context
    except (ApiError, ResourceError, ValidationError) as error:
        return error, context


@pytest.fixture
def api():
    return FakeVpcep(FakeClock())


def test_a_list_that_breaks_a_rule_sends_nothing_and_names_each_entry(api):
    api.add_service('web')
    error, _context = run(api, [entry(name='web'), entry(name='web', description='<b>'), entry(name='x' * 20)])
    assert isinstance(error, ValidationError)
    assert 'services[0] and services[1] both name the service' in error.msg
    assert 'services[1].description' in error.msg and 'services[2].name: must be at most 16' in error.msg
    assert api.calls == []


def test_two_entries_for_one_listed_service_by_name_and_by_id_are_refused_before_any_write(api):
    # One by name and one by its id (or a rename of it) mean one service: converged in two threads at once, they
    # would race, and every run would write it twice. The listing tells, so the list fails before any write.
    sid = api.add_service('web')
    api.add_service('calm')
    error, context = run(api, [entry(name='calm'), entry(name='web', description='one'),
                               entry(id=sid, name='web2', description='two')])
    assert isinstance(error, ValidationError)
    assert ("services[1] (endpoint service 'web') and services[2] (endpoint service %s) both mean endpoint service %s"
            % (sid, sid)) in error.msg
    assert 'give each resource one entry' in error.msg
    assert [c[:2] for c in api.calls] == [('GET', SERVICES)]
    assert not context.changed


def test_entries_for_other_services_and_for_services_to_create_are_no_clash(api):
    sid = api.add_service('web')
    outcome, _context = run(api, [entry(id=sid, description='one'), new('fresh'), entry(name='gone', state='absent')])
    assert [r['changed'] for r in outcome.values['services']] == [True, True, False]


def test_concurrency_out_of_range_is_refused_before_any_request(api):
    error, _context = run(api, [entry(name='web')], concurrency=0)
    assert isinstance(error, ValidationError) and 'concurrency: must be 1 to 32' in error.msg
    assert api.calls == []


def test_no_op_entries_share_one_listing(api):
    for index in range(5):
        api.add_service('svc-%d' % index)
    outcome, context = run(api, [entry(name='svc-%d' % index) for index in range(5)])
    assert [c[:2] for c in api.calls] == [('GET', SERVICES)]
    assert not outcome.changed and not context.changed
    assert [r['service']['name'] for r in outcome.values['services']] == ['svc-%d' % i for i in range(5)]
    assert [r['changed'] for r in outcome.values['services']] == [False] * 5


def test_an_entry_by_id_is_found_in_the_listing(api):
    sid = api.add_service('web')
    outcome, _context = run(api, [entry(id=sid)])
    assert [c[:2] for c in api.calls] == [('GET', SERVICES)]
    assert outcome.values['services'][0]['service']['id'] == sid


def test_the_pool_is_bounded_by_concurrency(api):
    # Each entry reads its permissions (a GET that takes a moment): at most `concurrency` are in flight at once.
    api.read_delay = 0.05
    for index in range(9):
        api.add_service('svc-%d' % index)
    outcome, _context = run(api, [entry(name='svc-%d' % index, permissions=[]) for index in range(9)], concurrency=3)
    assert len(outcome.values['services']) == 9
    assert api.max_in_flight == 3


def test_one_failure_does_not_stop_the_others_and_the_task_names_it(api, monkeypatch):
    api.add_service('old')
    api.add_service('gone')
    entries = [new('fresh'), entry(name='old', description='now'), entry(name='ghost', id='svc-9999'),
               entry(name='gone', state='absent'), entry(name='boom')]
    real_ensure = endpoint_service.EndpointService.ensure

    def ensure(self):
        if self.params.get('name') == 'boom':
            raise KeyError('a bug')
        return real_ensure(self)

    monkeypatch.setattr(endpoint_service.EndpointService, 'ensure', ensure)
    error, context = run(api, entries)
    assert isinstance(error, ResourceError)
    results = error.details['services']
    assert [r['failed'] for r in results] == [False, False, True, False, True]
    assert [r['changed'] for r in results] == [True, True, False, True, False]
    assert error.msg.startswith('2 of 5 entries failed (the other 3 converged): services[2] (')
    assert 'No endpoint service with id svc-9999' in error.msg
    assert "services[4] (endpoint service 'boom'): Unexpected error in hwcloud.vpcep" in error.msg
    assert 'exception' not in results[4] or 'Traceback' in results[4]['exception']
    # The others converged: created, modified, deleted.
    assert sorted(s['service_name'].split('.')[1] for s in api.services.values()) == ['fresh', 'old']
    assert context.changed


def test_a_write_that_may_have_applied_makes_the_entry_and_the_task_changed(api):
    sid = api.add_service('web')
    api.add_service('calm')
    api.fail('PUT', SERVICES.replace('{project_id}', '{project_id}') + '/' + sid,
             api_error(500, method='PUT', cls=AmbiguousRequestError), times=1, commit=True)
    error, context = run(api, [entry(name='web', description='new'), entry(name='calm')])
    results = error.details['services']
    assert [r['failed'] for r in results] == [True, False]
    assert [r['changed'] for r in results] == [True, False]
    assert context.changed


def test_nothing_changed_and_one_failure_leaves_the_task_unchanged(api):
    api.add_service('calm')
    error, context = run(api, [entry(name='calm'), entry(name='ghost', id='svc-9999')])
    assert isinstance(error, ResourceError) and not context.changed


def test_check_mode_writes_nothing_and_diffs_each_changing_entry(api):
    api.add_service('old')
    api.add_service('calm')
    outcome, _context = run(api, [new('fresh'), entry(name='old', description='now'), entry(name='calm')],
                            check_mode=True, diff=True)
    assert api.writes == []
    assert outcome.changed
    assert [r['changed'] for r in outcome.values['services']] == [True, True, False]
    assert [d['before_header'] for d in outcome.diff] == ["services[0] (endpoint service 'fresh')",
                                                          "services[1] (endpoint service 'old')"]
    assert outcome.diff[1]['after']['description'] == 'now'
    assert outcome.values['services'][1]['diff']['before']['description'] == ''


def test_the_quota_is_read_once_and_refuses_a_list_that_does_not_fit(api):
    api.add_service('old')
    api.quotas['endpoint_service'] = [19, 20]
    error, context = run(api, [new('a'), entry(name='old', description='x'), new('b')])
    assert isinstance(error, ResourceError)
    assert 'leaves room for 1 more (19 of 20 in use), but this task would create 2' in error.msg
    assert "services[0] (endpoint service 'a'), services[2] (endpoint service 'b')" in error.msg
    assert error.details['quota'] == {'type': 'endpoint_service', 'used': 19, 'quota': 20, 'to_create': 2}
    assert api.writes == [] and not context.changed
    assert len(api.calls_to('/quotas')) == 1


def test_an_entry_that_cannot_create_does_not_count_against_the_quota(api):
    # Without the options a create needs, the entry fails on its own (as vpcep_service does) and creates nothing:
    # counting it would refuse a list that fits, for the wrong reason.
    api.quotas['endpoint_service'] = [19, 20]
    error, _context = run(api, [new('a'), entry(name='unborn', description='x')])
    assert isinstance(error, ResourceError) and 'quota' not in error.msg
    assert "services[1] (endpoint service 'unborn'): The endpoint service 'unborn' does not exist" in error.msg
    assert [r['changed'] for r in error.details['services']] == [True, False]


@pytest.mark.parametrize('status', [403, 404])
def test_a_quota_this_account_may_not_read_warns_and_the_creates_go_on(api, status):
    # vpcep_service creates without reading the quota; an account whose policy leaves out the quota call (or an API
    # without it) must not be unable to create with the fleet. Its creates are still explained by the quota if refused.
    api.fail('GET', QUOTAS, api_error(status, path=QUOTAS))
    outcome, context = run(api, [new('a'), new('b')])
    assert [r['changed'] for r in outcome.values['services']] == [True, True]
    assert any('could not be read' in w and 'HTTP %d' % status in w for w in context.warnings), context.warnings


def test_a_quota_read_that_fails_otherwise_stops_the_list_before_any_write(api):
    api.fail('GET', QUOTAS, api_error(500, path=QUOTAS), times=10)
    error, context = run(api, [new('a')], max_retries=0)
    assert isinstance(error, ApiError) and api.writes == [] and not context.changed


def test_the_quota_is_not_read_without_creates(api):
    api.add_service('old')
    run(api, [entry(name='old', description='x')])
    assert api.calls_to('/quotas') == []


def test_entries_share_the_fleet_client(api):
    # One client for the whole fleet: its 429 hold (client/retry.py) pauses every entry's thread.
    fleet = ServiceFleet(Context(module_params(argument_spec(), services=[]), client=api))
    from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fleet import Entry
    entries = [Entry(fleet, index, entry(name='n%d' % index)) for index in range(3)]
    assert all(e.context.client is api for e in entries)


def test_entries_inherit_the_task_wait_options(api):
    api.add_service('calm')
    fleet = ServiceFleet(Context(module_params(argument_spec(), services=[], wait=False, wait_timeout=33), client=api))
    params = fleet.entry_params(entry(name='calm', wait_timeout=5))
    assert params['wait'] is False and params['wait_timeout'] == 5


def test_accept_steps_run_after_the_converge_and_require_a_match(api):
    sid = api.add_service('web')
    api.add_connection(sid, 'ep-1', '1564ec50ef2a47c791ea5536353ed4b9')
    error, _context = run(api, [entry(name='web', accept_connections=['ep-1'], accept_domains=['2a47c791ea5536'])])
    result = error.details['services'][0]
    assert result['failed'] is False
    assert result['accepted_endpoints']['changed'] is True and result['accepted_endpoints']['failed'] is False
    assert result['accepted_domains']['failed'] is True
    assert 'No VPC endpoint of domain 2a47c791ea5536 is connected' in result['accepted_domains']['msg']
    assert error.msg.startswith("The only entry failed: services[0] (endpoint service 'web'): No VPC endpoint")


@pytest.mark.parametrize('check_mode', [True, False])
def test_diff_shows_what_an_accept_step_changes(api, check_mode):
    # vpcep_connection shows the connection's status before and after with --diff; an entry that accepts one shows
    # it too, under the entry and its step, also when the service itself does not change.
    sid = api.add_service('web')
    api.add_connection(sid, 'ep-1', '1564ec50ef2a47c791ea5536353ed4b9')
    outcome, _context = run(api, [entry(name='web', accept_connections=['ep-1'])], check_mode=check_mode, diff=True)
    assert outcome.changed
    assert outcome.diff == [{'before_header': "services[0] (endpoint service 'web') accepted_endpoints",
                             'after_header': "services[0] (endpoint service 'web') accepted_endpoints",
                             'before': {'ep-1': {'status': 'pendingAcceptance'}},
                             'after': {'ep-1': {'status': 'accepted'}}}]
    if check_mode:
        assert api.writes == []


# ---- the endpoints' fleet ---------------------------------------------------------------------------------------

def endpoint_entry(**values):
    from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_endpoints import argument_spec as endpoints_spec
    return module_params(endpoints_spec()['endpoints']['options'], **values)


def run_endpoints(client, entries, check_mode=False, **options):
    from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_endpoints import argument_spec as endpoints_spec
    from ansible_collections.hwcloud.vpcep.plugins.module_utils.fleets import EndpointFleet
    clock = client.clock
    params = module_params(endpoints_spec(), endpoints=entries, **options)
    context = Context(params, client=client, check_mode=check_mode, sleep=clock.sleep, clock=clock)
    try:
        return EndpointFleet(context).run(), context
    except (ResourceError, ValidationError) as error:
        return error, context


def test_listed_endpoints_need_no_describe_and_no_read_by_id(api):
    subnets = ['5189d3c2-8882-4871-a3c2-d380272eed8%d' % index for index in range(4)]
    name = api.add_describable('svc-0001', 'orders')
    for subnet in subnets:
        api.add_endpoint('svc-0001', subnet_id=subnet)
    outcome, _context = run_endpoints(api, [endpoint_entry(endpoint_service_name=name, vpc_id=VPC, subnet_id=subnet)
                                            for subnet in subnets])
    assert [c[:2] for c in api.calls] == [('GET', '/v1/{project_id}/vpc-endpoints')]
    assert not outcome.changed
    assert [r['endpoint']['subnet_id'] for r in outcome.values['endpoints']] == subnets


def test_two_entries_for_one_listed_endpoint_by_identity_and_by_id_are_refused_before_any_write(api):
    name = api.add_describable('svc-0001', 'orders')
    eid = api.add_endpoint('svc-0001', subnet_id=SUBNET)
    error, context = run_endpoints(api, [endpoint_entry(endpoint_service_name=name, vpc_id=VPC, subnet_id=SUBNET),
                                         endpoint_entry(id=eid, description='by id')])
    assert isinstance(error, ValidationError)
    assert 'endpoints[0] (' in error.msg and ') and endpoints[1] (' in error.msg
    assert ('both mean VPC endpoint %s: give each resource one entry' % eid) in error.msg
    assert api.writes == [] and not context.changed


def test_an_endpoint_to_create_describes_its_service_and_counts_against_the_quota(api):
    name = api.add_describable('svc-0001', 'orders')
    api.quotas['endpoint'] = [50, 50]
    error, context = run_endpoints(api, [endpoint_entry(endpoint_service_name=name, vpc_id=VPC, subnet_id=SUBNET_NEW)])
    assert 'The endpoint quota of this project leaves room for 0 more (50 of 50 in use)' in error.msg
    assert api.writes == [] and not context.changed
    api.quotas['endpoint'] = [0, 50]
    outcome, _context = run_endpoints(api, [endpoint_entry(endpoint_service_name=name, vpc_id=VPC, subnet_id=SUBNET_NEW)])
    assert outcome.changed and len(api.calls_to('/describe')) == 1


def test_two_entries_for_one_endpoint_are_refused_before_any_request(api):
    entries = [endpoint_entry(endpoint_service_id='svc-0001', vpc_id=VPC), endpoint_entry(endpoint_service_id='svc-0001',
                                                                                          vpc_id=VPC, subnet_id=SUBNET_NEW)]
    error, _context = run_endpoints(api, entries)
    assert isinstance(error, ValidationError) and 'endpoints[0] and endpoints[1] both mean' in error.msg
    assert api.calls == []


SUBNET_NEW = '6189d3c2-8882-4871-a3c2-d380272eed81'


@pytest.mark.parametrize('wait_timeout', [0, 86401, 10 ** 12])
def test_the_task_wait_timeout_is_checked_before_any_request(api, wait_timeout):
    # The entries that leave it unset take it, and their own rules never saw it.
    error, _context = run(api, [entry(name='web')], wait_timeout=wait_timeout)
    assert isinstance(error, ValidationError) and 'wait_timeout: must be 1 to 86400 seconds' in error.msg
    error, _context = run_endpoints(api, [endpoint_entry(endpoint_service_id='svc-0001', vpc_id=VPC)],
                                    wait_timeout=wait_timeout)
    assert isinstance(error, ValidationError) and 'wait_timeout: must be 1 to 86400 seconds' in error.msg
    assert api.calls == []


def test_a_429_on_one_entry_holds_the_requests_of_the_others():
    # The fleet's one client (client/retry.py): after a 429 with Retry-After, every later request of any entry waits
    # out the same pause before it is sent.
    services = [{'id': 'svc-%d' % index, 'service_name': 'cn-north-4.s%d.svc-%d' % (index, index), 'status': 'available',
                 'domain_id': 'd0'} for index in range(3)]
    throttled = []

    def answer(request):
        if request.url.split('?')[0].endswith('/vpc-endpoint-services'):
            return (200, {'endpoint_services': services, 'total_count': 3})
        if not throttled:
            throttled.append(request.url)
            return (429, {}, {'Retry-After': '4'})
        return (200, {'permissions': [], 'total_count': 0})

    client, adapter, sleeps = make_client(default=answer)
    params = module_params(argument_spec(), concurrency=1,
                           services=[entry(name='s%d' % index, permissions=[]) for index in range(3)])
    outcome = ServiceFleet(Context(params, client=client)).run()
    assert [r['failed'] for r in outcome.values['services']] == [False] * 3
    assert len(adapter.sent) == 5
    # The throttled request slept 4 s; each request after it waited for the same hold (about 4 s: the test's sleeps do
    # not move the clock).
    assert sleeps[0] == 4.0 and len(sleeps) == 3 and all(3.5 < s <= 4.0 for s in sleeps[1:])


def test_a_listed_endpoint_is_read_by_id_when_the_entry_gives_ipv6_address(api):
    # The list call's model lacks ipv6_address: compared on the listed answer, a dual-stack endpoint would look changed.
    name = api.add_describable('svc-0001', 'orders')
    eid = api.add_endpoint('svc-0001', ip_version='dualstack', ipv6_address='2001:db8::9')
    for given in (dict(id=eid), dict(endpoint_service_name=name, vpc_id=VPC, subnet_id=SUBNET)):
        api.reset_calls()
        outcome, _context = run_endpoints(api, [endpoint_entry(ip_version='dualstack', ipv6_address='2001:db8::9', **given)])
        assert not outcome.changed, given
        assert ('GET', '/v1/{project_id}/vpc-endpoints/' + eid) in [c[:2] for c in api.calls]


class ProvisioningApi:
    """Answers of a fake HTTP session (test_client.make_client): the listing holds 'kept', 'made' is created, then
    'creating' at its first poll and 'available' after; `events` logs each request as (method, path in the project)."""

    def __init__(self):
        self.events = []
        self.made = {'id': 'svc-made', 'service_name': 'cn-north-4.made.svc-made', 'status': 'creating',
                     'domain_id': 'd0', 'vpc_id': VPC, 'port_id': PORT, 'server_type': 'VM', 'ports': PORTS, 'tags': []}
        self.kept = {'id': 'svc-kept', 'service_name': 'cn-north-4.kept.svc-kept', 'status': 'available',
                     'domain_id': 'd0'}

    def __call__(self, request):
        path = request.url.split('?')[0].split('/v1/')[1].split('/', 1)[1]
        self.events.append((request.method, path))
        if path == 'vpc-endpoint-services' and request.method == 'POST':
            self.made['tags'] = json.loads(request.body)['tags']
            return (200, self.made)
        if path == 'vpc-endpoint-services':
            return (200, {'endpoint_services': [self.kept], 'total_count': 1})
        if path == 'vpc-endpoint-services/svc-made':
            polls = self.events.count(('GET', path))
            return (200, dict(self.made, status='creating' if polls == 1 else 'available'))
        return (200, {'permissions': [], 'total_count': 0})

    def requests_of(self, service_id, events=None):
        return [e for e in (self.events if events is None else events) if service_id in e[1]]


def test_an_entry_waiting_between_polls_holds_no_request_slot():
    # concurrency bounds requests in flight, not entries (kit/fleet.py): with one slot, while the entry that creates
    # 'made' sleeps between its provisioning polls, the other entry's requests go through the same client (the real
    # Client, its transport's gate and its request path, over a fake HTTP session). The pause waits (up to 10 s) for
    # the other entry to finish; were the slot held across the pause, that entry could send nothing until it ended.
    api, clock = ProvisioningApi(), FakeClock()
    made_pausing, kept_done = threading.Event(), threading.Event()

    def pause(seconds):
        clock.sleep(seconds)
        if api.events[-1] == ('GET', 'vpc-endpoint-services/svc-made'):
            api.events.append(('poll pause', ''))
            made_pausing.set()
            kept_done.wait(10)
            api.events.append(('poll resume', ''))

    class Fleet(ServiceFleet):
        def prepare(self, entries):
            super().prepare(entries)
            kept = entries[1].declaration
            converge = kept.ensure

            def after_the_pause():
                # 'kept' starts once 'made' is pausing between its polls (waiting here, it holds no slot either).
                assert made_pausing.wait(10)
                try:
                    return converge()
                finally:
                    kept_done.set()
            kept.ensure = after_the_pause

    client, _adapter, _sleeps = make_client(default=api)
    params = module_params(argument_spec(), concurrency=1, wait=True,
                           services=[new('made', permissions=[]), entry(name='kept', permissions=[])])
    outcome = Fleet(Context(params, client=client, sleep=pause, clock=clock)).run()
    assert [(r['failed'], r['changed']) for r in outcome.values['services']] == [(False, True), (False, False)]
    start, end = api.events.index(('poll pause', '')), api.events.index(('poll resume', ''))
    # Every request of 'kept' went while 'made' was pausing between two polls.
    assert api.requests_of('svc-kept') == api.requests_of('svc-kept', api.events[start:end])
    assert ('GET', 'vpc-endpoint-services/svc-kept/permissions') in api.events[start:end]
    assert api.events[start - 1] == api.events[end + 1] == ('GET', 'vpc-endpoint-services/svc-made')
