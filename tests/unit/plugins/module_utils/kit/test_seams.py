# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 22: the seams a caller that converges many resources in one run builds on (issue 23).

- a declaration can be given the answers of a listing shared by many declarations: its find() searches them
  instead of listing for itself, and everything after a create still lists afresh;
- the waiter waits until any predicate holds (the connection approvals wait with it);
- the connection approvals can be given the service they work on, instead of finding it themselves.
"""
import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import waiter
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_connection as ec
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_connection import argument_spec as connection_spec
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock, FakeVpcep, module_params
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.kit.toy import (
    WIDGETS,
    ToyApi,
    Widget,
    widget_params,
)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def api(clock):
    return ToyApi(clock)


def widget(api, clock, listing=None, **overrides):
    return Widget(Context(widget_params(**overrides), client=api, sleep=clock.sleep, clock=clock), listing=listing)


def list_calls(api):
    return [c for c in api.calls if c[0] == 'GET' and c[1] == WIDGETS]


def test_a_shared_listing_is_searched_instead_of_a_list_call(api, clock):
    api.add('w', id='w-1', size=2)
    api.add('other', id='w-2')
    listing = api.paginate(WIDGETS, 'widgets')
    api.calls[:] = []
    outcome = widget(api, clock, listing=listing, size=2).ensure()
    assert outcome.changed is False and outcome.values['widget']['id'] == 'w-1'
    assert api.calls == []


def test_a_shared_listing_without_the_resource_creates_it_and_lists_afresh_after_the_create(api, clock):
    listing = [{'id': 'w-9', 'name': 'other', 'status': 'ready', 'tags': []}]
    outcome = widget(api, clock, listing=listing, color='red').ensure()
    assert outcome.changed is True
    # No list before the create; the create's own lookup (its token, races) lists the identity afresh.
    assert api.calls[0][0] == 'POST' and api.calls[0][1] == WIDGETS
    assert len(list_calls(api)) == 1


def test_several_matches_in_a_shared_listing_still_wait_for_a_race_to_settle(api, clock):
    api.add('w', id='w-1')
    api.add('w', id='w-2')
    listing = api.paginate(WIDGETS, 'widgets')
    with pytest.raises(ResourceError) as info:
        widget(api, clock, listing=listing, wait_timeout=3).ensure()
    assert 'w-1, w-2' in info.value.msg
    assert list_calls(api)[1:], 'the settling wait lists afresh'


def test_wait_until_returns_the_answer_for_which_the_predicate_holds(clock):
    answers = iter([1, 2, 3, 4])
    context = Context({}, sleep=clock.sleep, clock=clock)
    assert waiter.wait_until(context, lambda: next(answers), lambda n: n >= 3, 60, ValueError) == 3
    assert clock.sleeps == [0.5, 0.5]


def test_wait_until_raises_the_late_error_with_the_last_answer_at_the_deadline(clock):
    context = Context({}, sleep=clock.sleep, clock=clock)
    with pytest.raises(ResourceError) as info:
        waiter.wait_until(context, lambda: 'busy', lambda answer: False, 5,
                          lambda answer: ResourceError('still %s' % answer))
    assert info.value.msg == 'still busy'
    assert sum(clock.sleeps) == pytest.approx(5)


def test_wait_until_ends_at_once_when_the_predicate_raises(clock):
    context = Context({}, sleep=clock.sleep, clock=clock)

    def holds(answer):
        raise ResourceError('failed')

    with pytest.raises(ResourceError):
        waiter.wait_until(context, lambda: 'x', holds, 60, ValueError)
    assert clock.sleeps == []


def test_approvals_given_their_service_do_not_look_it_up(clock):
    client = FakeVpcep(clock)
    sid = client.add_service('web')
    client.add_connection(sid, 'e1', 'd1')
    params = module_params(connection_spec(), service_name='web', state='accepted', endpoints=['e1'], wait=False)
    context = Context(params, client=client, sleep=clock.sleep, clock=clock)
    outcome = ec.Approvals(context, service_id=sid).ensure()
    assert outcome.changed is True
    assert [c[1].rsplit('/', 1)[-1] for c in client.calls] == ['connections', 'action']
