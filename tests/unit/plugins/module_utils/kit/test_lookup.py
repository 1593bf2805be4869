# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Finding a resource again and creating it once, on the toy declaration (kit/toy.py): issue 11 points 8 to 12."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError, ApiError, ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock, poll_sleeps
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.kit.toy import WIDGETS, ToyApi, Widget, widget_params

LIST = ('GET', WIDGETS, {'name': 'w', 'limit': 1000})
BODY = {'name': 'w', 'color': 'red'}
LOST = AmbiguousRequestError('POST %s failed: HTTP 503' % WIDGETS, status=503, error_msg='Service Unavailable',
                             method='POST', path=WIDGETS)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def api(clock):
    return ToyApi(clock)


def widget(api, clock, **overrides):
    context = Context(widget_params(**dict(dict(color='red'), **overrides)), client=api, sleep=clock.sleep, clock=clock)
    return Widget(context)


def deletes(api):
    return [c[1] for c in api.calls if c[0] == 'DELETE']


# ---------------------------------------------------------------------------
# The oldest wins
# ---------------------------------------------------------------------------

def test_oldest_first_by_created_at_then_by_id():
    answers = [
        {'id': 'b', 'created_at': '2026-01-01T00:00:01Z'},
        {'id': 'c', 'created_at': '2026-01-01T00:00:00Z'},
        {'id': 'a', 'created_at': '2026-01-01T00:00:01Z'},
        {'id': 'z'},
    ]
    assert [a['id'] for a in lookup.oldest_first(answers)] == ['z', 'c', 'a', 'b']
    assert lookup.age_key({'id': 'x', 'created_at': 'T'}) == ('T', 'x')
    assert lookup.age_key({}) == ('', '')


def test_find_matches_are_exact_and_oldest_first(api, clock):
    api.add('w', id='w-b', created_at='2026-01-01T00:00:01Z')
    api.add('w', id='w-a', created_at='2026-01-01T00:00:01Z')
    api.add('w', id='w-0', created_at='2026-01-01T00:00:02Z')
    api.add('ww', id='w-x', created_at='2026-01-01T00:00:00Z')
    api.add('w', id='w-d', status='deleting')
    resource = widget(api, clock)
    assert [m['id'] for m in resource.find_matches()] == ['w-a', 'w-b', 'w-0']
    assert [m['id'] for m in resource.find_matches(include_deleting=True)] == ['w-d', 'w-a', 'w-b', 'w-0']


# ---------------------------------------------------------------------------
# single: one match, or duplicates that settle
# ---------------------------------------------------------------------------

def test_single_of_none_one_and_deleting(api, clock):
    resource = widget(api, clock)
    assert lookup.single(resource, []) is None
    assert lookup.single(resource, [{'id': 'a', 'status': 'ready'}]) == {'id': 'a', 'status': 'ready'}
    deleting = [{'id': 'a', 'status': 'deleting'}, {'id': 'b', 'status': 'deleting'}]
    assert lookup.single(resource, deleting) == deleting[0]
    mixed = [{'id': 'a', 'status': 'deleting'}, {'id': 'b', 'status': 'ready'}]
    assert lookup.single(resource, mixed) == mixed[1]
    assert api.calls == [] and clock.sleeps == []


def test_single_waits_for_a_racing_run_to_remove_its_duplicate(api, clock):
    api.add('w', id='w-1')
    api.add('w', id='w-2', created_at='2026-01-01T00:00:01Z')
    original = api.paginate
    lists = []

    def paginate(path, key, params=None, page_size=1000, workers=1):
        lists.append(1)
        answer = original(path, key, params, page_size, workers)
        if len(lists) == 2:
            # The other run withdraws its own (the newer) while we wait.
            del api.widgets['w-2']
        return answer

    api.paginate = paginate
    resource = widget(api, clock)
    found = lookup.single(resource, resource.find_matches())
    assert found['id'] == 'w-1'
    assert clock.sleeps == [1.0]
    assert len(lists) == 3


def test_single_fails_listing_the_ids_when_duplicates_do_not_settle(api, clock):
    api.add('w', id='w-2', created_at='2026-01-01T00:00:01Z')
    api.add('w', id='w-1')
    resource = widget(api, clock)
    with pytest.raises(ResourceError) as info:
        lookup.single(resource, resource.find_matches())
    assert info.value.msg == "Found 2 widgets named 'w' (ids: w-1, w-2)."
    assert info.value.details == {'ids': ['w-1', 'w-2']}
    assert sum(clock.sleeps) == pytest.approx(lookup.DUPLICATES_SETTLE)
    assert clock.sleeps == pytest.approx(poll_sleeps(timeout=lookup.DUPLICATES_SETTLE, first=1.0, most=2.0))


def test_the_duplicate_settling_wait_is_bounded_by_wait_timeout(api, clock):
    api.add('w')
    api.add('w')
    resource = widget(api, clock, wait_timeout=2)
    with pytest.raises(ResourceError):
        resource.ensure()
    assert sum(clock.sleeps) == pytest.approx(2)
    assert api.writes == []


# ---------------------------------------------------------------------------
# create_once: a clear answer
# ---------------------------------------------------------------------------

def test_a_clear_create_settles_then_lists_and_keeps_its_own(api, clock):
    resource = widget(api, clock)
    answer, adopted = lookup.create_once(resource, BODY)
    assert adopted is False
    assert answer['id'] == 'w-0001' and answer['status'] == 'building'
    assert api.calls == [('POST', WIDGETS, BODY), LIST]
    assert clock.sleeps == [lookup.SETTLE]
    assert resource.context.changed is True


def test_a_clear_create_not_listed_yet_is_kept(api, clock):
    api.commit_delay = 100
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (answer['id'], adopted) == ('w-0001', False)
    assert deletes(api) == []


def test_the_listed_fields_are_fresher_than_the_create_answer(api, clock):
    api.create_answer = lambda answer: dict(answer, extra='from the answer', status='queued')
    answer, _adopted = lookup.create_once(widget(api, clock), BODY)
    assert answer['extra'] == 'from the answer'
    assert answer['status'] == 'building'


def test_a_run_whose_resource_is_newer_deletes_only_its_own_and_adopts_the_oldest(api, clock):
    # Issue 11 point 11: another run's create committed in the same second, before ours.
    def competitor(_own):
        api.add('w', id='w-other', created_at='2026-01-01T00:00:04Z', size=7)
    api.on_create = competitor
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert adopted is True
    assert answer['id'] == 'w-other'
    assert deletes(api) == [WIDGETS + '/w-0001']
    assert 'w-other' in api.widgets


def test_equal_created_at_the_smaller_id_wins(api, clock):
    api.on_create = lambda _own: api.add('w', id='a-first', created_at=api.created_at)
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (answer['id'], adopted) == ('a-first', True)
    assert deletes(api) == [WIDGETS + '/w-0001']


def test_equal_created_at_and_a_larger_id_keeps_its_own_and_deletes_nothing(api, clock):
    api.on_create = lambda _own: api.add('w', id='z-last', created_at=api.created_at)
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (answer['id'], adopted) == ('w-0001', False)
    assert deletes(api) == []
    assert 'z-last' in api.widgets


def test_the_run_that_lost_reports_a_create_and_brings_the_winner_to_its_params(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at='2026-01-01T00:00:04Z', size=1)
    context = Context(widget_params(color='red', size=3), client=api, sleep=clock.sleep, clock=clock)
    outcome = Widget(context).ensure()
    assert outcome.changed is True and context.changed is True
    assert outcome.values['widget']['id'] == 'w-other'
    assert outcome.values['widget']['size'] == 3
    assert outcome.diff['before'] == {}
    assert [c[:2] for c in api.writes] == [('POST', WIDGETS), ('DELETE', WIDGETS + '/w-0001'),
                                           ('PUT', WIDGETS + '/w-other')]
    assert sorted(w['id'] for w in api.widgets.values() if w['status'] != 'deleting') == ['w-other']


@pytest.mark.parametrize('status', [400, 409])
def test_withdrawing_a_duplicate_still_creating_waits_then_deletes(api, clock, status):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at='2026-01-01T00:00:04Z')
    api.delete_refusals = 1
    original = api.request

    def request(method, path, params=None, body=None, idempotent=None, expect_body=None):
        if method == 'DELETE' and api.delete_refusals:
            api.delete_refusals = 0
            api.calls.append((method, path, None))
            raise ApiError('DELETE failed: HTTP %d' % status, status=status)
        return original(method, path, params, body, idempotent, expect_body)

    api.request = request
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (answer['id'], adopted) == ('w-other', True)
    own = WIDGETS + '/w-0001'
    assert [c[:2] for c in api.calls[2:]] == [('DELETE', own), ('GET', own), ('GET', own), ('DELETE', own)]
    assert api.widgets['w-0001']['status'] == 'deleting'
    assert clock.sleeps == [lookup.SETTLE, 0.5]


def test_withdrawing_a_duplicate_already_gone_is_fine(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at='2026-01-01T00:00:04Z')
    api.fail('DELETE', '/w-0001$', ApiError('DELETE failed: HTTP 404', status=404))
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (answer['id'], adopted) == ('w-other', True)
    assert len(deletes(api)) == 1


def test_a_failed_withdrawal_says_so_and_stays_changed(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at='2026-01-01T00:00:04Z')
    api.fail('DELETE', '/w-0001$', ApiError('DELETE failed: HTTP 500', status=500))
    resource = widget(api, clock)
    with pytest.raises(ResourceError) as info:
        lookup.create_once(resource, BODY)
    assert info.value.msg.startswith('Widget w-0001 was created, then this task failed: Failed while deleting the '
                                     'duplicate widget w-0001: DELETE failed: HTTP 500.')
    assert 'It may exist now: check it' in info.value.msg
    assert info.value.details['error']['status'] == 500
    assert resource.context.changed is True


# ---------------------------------------------------------------------------
# create_once: an unclear answer
# ---------------------------------------------------------------------------

def test_an_unclear_create_that_lands_within_the_grace_period_is_adopted(api, clock):
    # Issue 11 point 8: the create timed out and committed later; it is looked for, never repeated.
    api.create_error = LOST
    api.commit_delay = 30
    resource = widget(api, clock)
    answer, adopted = lookup.create_once(resource, BODY)
    assert (answer['id'], adopted) == ('w-0001', True)
    assert [c[0] for c in api.writes] == ['POST']
    # Looked up every second, then every tenth of the time waited, until it showed up.
    assert clock.sleeps[:4] == [1.0, 1.0, 1.0, 1.0] and max(clock.sleeps) <= 5.0
    assert 30 <= sum(clock.sleeps) <= 35
    assert resource.context.changed is True


def test_an_unclear_create_found_at_once_still_settles_before_the_oldest_is_chosen(api, clock):
    api.create_error = LOST
    answer, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (answer['id'], adopted) == ('w-0001', True)
    assert api.calls == [('POST', WIDGETS, BODY), LIST, LIST]
    assert clock.sleeps == [lookup.SETTLE]


def test_an_unclear_create_that_never_lands_fails_changed_and_says_it_may_still_appear(api, clock):
    # Issue 11 points 8 and 9: never "safe to re-run" while the create can still land; changed stays true.
    api.create_error = LOST
    api.create_commits = False
    resource = widget(api, clock)
    with pytest.raises(ResourceError) as info:
        lookup.create_once(resource, BODY)
    assert info.value.msg == (
        "The create request for widget 'w' got no clear answer (HTTP 503: Service Unavailable), and it did not appear "
        "within 60 seconds. It may still be created later: before re-running this task, check whether it exists "
        "(the widget list), or a duplicate may be made.")
    assert 'safe to re-run' not in info.value.msg
    assert resource.context.changed is True
    assert sum(clock.sleeps) == pytest.approx(lookup.GRACE)
    assert [c[0] for c in api.writes] == ['POST']


def test_the_grace_period_is_bounded_by_wait_timeout(api, clock):
    api.create_error = LOST
    api.create_commits = False
    with pytest.raises(ResourceError) as info:
        lookup.create_once(widget(api, clock, wait_timeout=10), BODY)
    assert 'did not appear within 10 seconds' in info.value.msg
    assert sum(clock.sleeps) == pytest.approx(10)


def test_the_unclear_reason_is_shown_for_errors_without_status(api, clock):
    api.create_error = AmbiguousRequestError('POST /widgets failed: connection reset after sending')
    api.create_commits = False
    with pytest.raises(ResourceError) as info:
        lookup.create_once(widget(api, clock, wait_timeout=1), BODY)
    assert '(POST /widgets failed: connection reset after sending)' in info.value.msg


@pytest.mark.parametrize('answer', [None, {}, {'id': 5}, 'not json', [], {'status': 'building'}])
def test_a_create_answer_without_an_id_is_unclear_not_a_crash(api, clock, answer):
    # Issue 11 point 10: a 200 with an empty or odd body is looked up like a lost answer.
    api.create_answer = lambda _answer: answer
    found, adopted = lookup.create_once(widget(api, clock), BODY)
    assert (found['id'], adopted) == ('w-0001', True)
    assert [c[0] for c in api.writes] == ['POST']


def test_a_create_answer_without_an_id_that_never_shows_up(api, clock):
    api.create_answer = lambda _answer: None
    api.commit_delay = 1000
    with pytest.raises(ResourceError) as info:
        lookup.create_once(widget(api, clock, wait_timeout=5), BODY)
    assert '(the create answer carries no id)' in info.value.msg


def test_an_unclear_create_that_appears_then_vanishes(api, clock):
    api.create_error = LOST
    original = api.paginate
    lists = []

    def paginate(path, key, params=None, page_size=1000, workers=1):
        lists.append(1)
        if len(lists) == 2:
            api.widgets.clear()
        return original(path, key, params, page_size, workers)

    api.paginate = paginate
    resource = widget(api, clock)
    with pytest.raises(ResourceError) as info:
        lookup.create_once(resource, BODY)
    assert info.value.msg == (
        "The create request for widget 'w' got no clear answer (HTTP 503: Service Unavailable); it appeared, then "
        "disappeared again before this task could adopt it (another run deleted it?). Check whether it exists (the "
        "widget list) before re-running this task.")
    assert resource.context.changed is True


def test_the_engine_brings_an_adopted_unclear_create_to_its_params(api, clock):
    api.create_error = LOST
    context = Context(widget_params(color='red', size=4), client=api, sleep=clock.sleep, clock=clock)
    outcome = Widget(context).ensure()
    assert outcome.changed is True
    assert outcome.diff['before'] == {}
    assert outcome.values['widget']['id'] == 'w-0001'
    assert outcome.values['widget']['status'] == 'ready'
    # The create body already had size 4: nothing else to send, and the create was not repeated.
    assert [c[0] for c in api.writes] == ['POST']


# ---------------------------------------------------------------------------
# A refused create
# ---------------------------------------------------------------------------

class Explaining(Widget):
    explained = []

    def explain_refusal(self, error):
        self.explained.append(error.status)
        if error.status == 403:
            raise ResourceError('Not allowed to make widgets.')


def test_a_refused_create_is_explained_by_the_declaration_and_is_no_change(api, clock):
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 403', status=403))
    context = Context(widget_params(color='red'), client=api, sleep=clock.sleep, clock=clock)
    with pytest.raises(ResourceError) as info:
        lookup.create_once(Explaining(context), BODY)
    assert info.value.msg == 'Not allowed to make widgets.'
    assert context.changed is False
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 400', status=400))
    with pytest.raises(ApiError):
        lookup.create_once(Explaining(context), BODY)
    assert Explaining.explained == [403, 400]
    assert context.changed is False
