# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Finding a resource again and creating it once, on the toy declaration (kit/toy.py).

Issue 11 points 8 to 12 (a create is never repeated, races end with one resource) and issue 19 points 1, 2 and 7:
a run deletes, changes or adopts only what it can prove it created (its creation token), never what appeared
during the run; timing is no proof.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError, ApiError, ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup, reads
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import (
    MARKER,
    TOKEN,
    FakeClock,
    poll_sleeps,
)
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.kit.toy import (
    TAGS,
    WIDGETS,
    ToyApi,
    Widget,
    widget_params,
)

LIST = ('GET', WIDGETS, {'name': 'w', 'limit': 1000})
BODY = {'name': 'w', 'color': 'red'}
SENT = dict(BODY, tags=[MARKER])
UNMARK = ('POST', TAGS % 'w-0001', {'action': 'delete', 'tags': [MARKER]})
LOST = AmbiguousRequestError('POST %s failed: HTTP 503' % WIDGETS, status=503, error_msg='Service Unavailable',
                             method='POST', path=WIDGETS)
OTHER_TOKEN = 'fedcba9876543210fedcba9876543210'
# Created before ours (the toy's creates carry 2026-01-01T00:00:05Z) and after it.
OLDER = '2026-01-01T00:00:04Z'
NEWER = '2026-01-01T00:00:06Z'


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def api(clock):
    return ToyApi(clock)


def widget(api, clock, **overrides):
    context = Context(widget_params(**dict(dict(color='red'), **overrides)), client=api, sleep=clock.sleep, clock=clock)
    return Widget(context)


def create(api, clock, body=None, **overrides):
    """create_once on a fresh widget resource; return (Creation, resource)."""
    resource = widget(api, clock, **overrides)
    return lookup.create_once(resource, dict(body or BODY)), resource


def create_fails(api, clock, error=ResourceError, body=None, **overrides):
    resource = widget(api, clock, **overrides)
    with pytest.raises(error) as info:
        lookup.create_once(resource, dict(body or BODY))
    return info.value, resource


def deletes(api):
    return [c[1] for c in api.calls if c[0] == 'DELETE']


def touched(api, wid):
    """The writes sent to one widget's paths (its PUT, DELETE, tags, label)."""
    return [c for c in api.writes if re.search(r'/%s(/|$)' % re.escape(wid), c[1])]


# ---------------------------------------------------------------------------
# The oldest first
# ---------------------------------------------------------------------------

def test_oldest_first_by_created_at_then_by_id():
    answers = [
        {'id': 'b', 'created_at': '2026-01-01T00:00:01Z'},
        {'id': 'c', 'created_at': '2026-01-01T00:00:00Z'},
        {'id': 'a', 'created_at': '2026-01-01T00:00:01Z'},
        {'id': 'z'},
    ]
    assert [a['id'] for a in reads.oldest_first(answers)] == ['z', 'c', 'a', 'b']
    assert reads.age_key({'id': 'x', 'created_at': 'T'}) == ('T', 'x')
    assert reads.age_key({}) == ('', '')


def test_find_matches_are_exact_and_oldest_first(api, clock):
    api.add('w', id='w-b', created_at='2026-01-01T00:00:01Z')
    api.add('w', id='w-a', created_at='2026-01-01T00:00:01Z')
    api.add('w', id='w-0', created_at='2026-01-01T00:00:02Z')
    api.add('ww', id='w-x', created_at='2026-01-01T00:00:00Z')
    api.add('w', id='w-d', status='deleting')
    resource = widget(api, clock)
    assert [m['id'] for m in resource.find_matches()] == ['w-a', 'w-b', 'w-0']
    assert [m['id'] for m in resource.find_matches(include_deleting=True)] == ['w-d', 'w-a', 'w-b', 'w-0']


def test_find_remembers_every_match_that_existed_before_the_run_deleting_ones_too(api, clock):
    api.add('w', id='w-d', status='deleting')
    api.add('ww', id='w-x')
    resource = widget(api, clock)
    assert resource.seen_before is None
    assert resource.find() is None
    assert resource.seen_before == frozenset(['w-d'])
    assert api.calls == [LIST]


# ---------------------------------------------------------------------------
# single: one match, or duplicates that settle
# ---------------------------------------------------------------------------

def test_single_of_none_one_and_deleting(api, clock):
    resource = widget(api, clock)
    assert resource.single([]) is None
    assert resource.single([{'id': 'a', 'status': 'ready'}]) == {'id': 'a', 'status': 'ready'}
    deleting = [{'id': 'a', 'status': 'deleting'}, {'id': 'b', 'status': 'deleting'}]
    assert resource.single(deleting) == deleting[0]
    mixed = [{'id': 'a', 'status': 'deleting'}, {'id': 'b', 'status': 'ready'}]
    assert resource.single(mixed) == mixed[1]
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
    found = resource.single(resource.find_matches())
    assert found['id'] == 'w-1'
    assert clock.sleeps == [1.0]
    assert len(lists) == 3


def test_single_fails_listing_the_ids_when_duplicates_do_not_settle(api, clock):
    api.add('w', id='w-2', created_at='2026-01-01T00:00:01Z')
    api.add('w', id='w-1')
    resource = widget(api, clock)
    with pytest.raises(ResourceError) as info:
        resource.single(resource.find_matches())
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
# The creation token
# ---------------------------------------------------------------------------

def test_a_clear_create_carries_a_token_settles_lists_and_removes_the_token(api, clock):
    made, resource = create(api, clock)
    assert made.own is True
    assert made.answer['id'] == 'w-0001' and made.answer['status'] == 'building'
    assert api.calls == [('POST', WIDGETS, SENT), LIST, UNMARK]
    assert clock.sleeps == [lookup.SETTLE]
    assert resource.context.changed is True
    # The token is gone from the resource and from the answer the engine reports.
    assert api.widgets['w-0001']['tags'] == []
    assert made.answer['tags'] == []
    assert resource.context.warnings == []


def test_each_create_gets_a_new_random_token_of_32_hex_digits(monkeypatch):
    monkeypatch.undo()
    first, second = lookup.new_token(), lookup.new_token()
    assert first != second
    assert re.match(r'^[0-9a-f]{32}\Z', first)
    assert len(lookup.MARKER_KEY) <= 36 and not set(lookup.MARKER_KEY) & set('=*<>\\,|/')


def test_the_token_goes_with_the_users_tags_and_never_replaces_one(api, clock):
    tags = [{'key': 'k%02d' % i, 'value': 'v'} for i in range(19)]
    made, _resource = create(api, clock, body=dict(BODY, tags=tags))
    assert api.calls[0] == ('POST', WIDGETS, dict(BODY, tags=tags + [MARKER]))
    assert api.widgets['w-0001']['tags'] == sorted(tags, key=lambda t: t['key'])
    assert made.own is True


def test_with_twenty_tags_of_its_own_the_create_goes_without_a_token_and_a_clear_answer_is_proof(api, clock):
    # The token must never cost the user one of the 20 tags: with the task's tags at the limit it is left out.
    tags = [{'key': 'k%02d' % i, 'value': 'v'} for i in range(20)]
    made, _resource = create(api, clock, body=dict(BODY, tags=tags))
    assert api.calls == [('POST', WIDGETS, dict(BODY, tags=tags)), LIST]
    assert (made.answer['id'], made.own) == ('w-0001', True)


def test_the_token_is_removed_once_the_resource_leaves_creating_when_the_api_refuses_it_before(api, clock):
    # Also with wait=false: a token must never survive a successful run.
    api.tag_refusals = 1
    made, _resource = create(api, clock, wait=False)
    own = WIDGETS + '/w-0001'
    assert [c[:2] for c in api.calls] == [('POST', WIDGETS), LIST[:2], UNMARK[:2], ('GET', own), ('GET', own),
                                          UNMARK[:2]]
    assert api.widgets['w-0001']['tags'] == []
    assert made.own is True


@pytest.mark.parametrize('answers', [[500], [409, 500]])
def test_a_token_that_cannot_be_removed_fails_changed_saying_how_to_remove_it(api, clock, answers):
    # At once, or on the one retry once the resource left creating.
    original = api.request
    refusals = list(answers)

    def request(method, path, params=None, body=None, idempotent=None, expect_body=None):
        if path.endswith('/tags/action') and refusals:
            api.calls.append((method, path, body))
            status = refusals.pop(0)
            raise ApiError('POST failed: HTTP %d' % status, status=status, error_msg='no')
        return original(method, path, params, body, idempotent, expect_body)

    api.request = request
    failure, resource = create_fails(api, clock)
    assert [c[1] for c in api.writes].count(TAGS % 'w-0001') == len(answers)
    assert failure.msg.startswith('Widget w-0001 was created, but its creation token tag could not be removed: ')
    assert ('It still carries the tag hwcloud-vpcep-create-token=%s, which results never show and no run removes' % TOKEN
            in failure.msg)
    assert ('POST /v1/{project_id}/widget/w-0001/tags/action and the body {"action": "delete", "tags": [{"key": '
            '"hwcloud-vpcep-create-token", "value": "%s"}]}' % TOKEN) in failure.msg
    assert failure.details['widget']['id'] == 'w-0001'
    assert 'hwcloud-vpcep-create-token' not in failure.details['widget']['tags']
    assert resource.context.changed is True
    assert deletes(api) == []


def test_a_token_whose_resource_is_gone_needs_no_removal(api, clock):
    api.fail('POST', '/tags/action$', ApiError('POST failed: HTTP 404', status=404))
    made, _resource = create(api, clock)
    assert made.own is True


# ---------------------------------------------------------------------------
# Another party's resource that appears during the run (issue 19 points 1 and 2)
# ---------------------------------------------------------------------------

def test_a_younger_resource_that_appeared_is_left_alone_and_named_in_a_warning(api, clock):
    # Another party (a colleague, Terraform, the console) makes the same name a moment after our create.
    api.on_create = lambda _own: api.add('w', id='w-theirs', created_at=NEWER, color='blue', tags=[{'key': 'o', 'value': '1'}])
    made, resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert touched(api, 'w-theirs') == []
    assert api.widgets['w-theirs']['color'] == 'blue' and api.widgets['w-theirs']['tags'] == [{'key': 'o', 'value': '1'}]
    assert resource.context.warnings == [
        "1 widget matching widget 'w' appeared during this run, not made by it: w-theirs (created_at "
        "2026-01-01T00:00:06Z). This run left it alone (a concurrent run of this same task removes its own again). "
        "While more than one stays, runs that look widget 'w' up fail until one is removed or chosen with the id option."]


def test_an_older_resource_that_matches_the_task_is_reported_read_only_and_our_duplicate_removed(api, clock):
    # Issue 11 point 11: an identical run's create committed first. Ours is withdrawn (proven ours); theirs is not
    # adopted: nothing is sent to it, and it is reported because it already is what the task asks for.
    api.on_create = lambda _own: api.add('w', id='w-other', created_at=OLDER, size=7)
    made, resource = create(api, clock)
    assert made.own is False
    assert made.answer['id'] == 'w-other'
    assert deletes(api) == [WIDGETS + '/w-0001']
    assert touched(api, 'w-other') == []
    assert resource.context.changed is True
    assert resource.context.warnings == [
        "Widget w-other, which matches widget 'w', appeared during this run and is older than the one this run created: "
        "it already matches this task, so this run removed its own duplicate w-0001 and changed nothing of w-other."]


def test_an_older_resource_that_differs_from_the_task_is_never_changed_and_the_run_fails(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at=OLDER, color='blue', size=7)
    failure, resource = create_fails(api, clock, size=3)
    assert failure.msg == (
        "Widget w-other (created_at 2026-01-01T00:00:04Z), which matches widget 'w', appeared during this run and is "
        "older than the one this run created. This run removed its own duplicate w-0001 (created_at 2026-01-01T00:00:05Z). It changed nothing of w-other, "
        "which differs from this task in: color, size. To manage it, re-run this task (a new run finds it and brings it to the task), or give its id.")
    assert deletes(api) == [WIDGETS + '/w-0001']
    assert touched(api, 'w-other') == []
    assert (api.widgets['w-other']['color'], api.widgets['w-other']['size']) == ('blue', 7)
    assert resource.context.changed is True


def test_equal_created_at_the_smaller_id_is_the_older(api, clock):
    api.on_create = lambda _own: api.add('w', id='a-first', created_at=api.created_at)
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('a-first', False)
    assert deletes(api) == [WIDGETS + '/w-0001']
    assert touched(api, 'a-first') == []


def test_equal_created_at_and_a_larger_id_keeps_its_own_and_deletes_nothing(api, clock):
    api.on_create = lambda _own: api.add('w', id='z-last', created_at=api.created_at)
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert deletes(api) == []
    assert 'z-last' in api.widgets


def test_matches_that_existed_before_the_run_are_no_contenders(api, clock):
    # A widget that was being deleted when the run began is older, but it is no duplicate this run raced with.
    api.add('w', id='w-going', created_at=OLDER, status='deleting')
    resource = widget(api, clock)
    assert resource.find() is None
    made = lookup.create_once(resource, dict(BODY))
    assert (made.answer['id'], made.own) == ('w-0002', True)
    assert deletes(api) == []
    assert resource.context.warnings == []


def test_the_listed_fields_are_fresher_than_the_create_answer(api, clock):
    api.create_answer = lambda answer: dict(answer, extra='from the answer', status='queued')
    made, _resource = create(api, clock)
    assert made.answer['extra'] == 'from the answer'
    assert made.answer['status'] == 'building'


def test_a_clear_create_not_listed_yet_is_kept(api, clock):
    api.commit_delay = 100
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert deletes(api) == []


@pytest.mark.parametrize('status', [400, 409])
def test_withdrawing_our_duplicate_still_creating_waits_then_deletes(api, clock, status):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at=OLDER)
    api.delete_refusals = 1
    original = api.request

    def request(method, path, params=None, body=None, idempotent=None, expect_body=None):
        if method == 'DELETE' and api.delete_refusals:
            api.delete_refusals = 0
            api.calls.append((method, path, None))
            raise ApiError('DELETE failed: HTTP %d' % status, status=status)
        return original(method, path, params, body, idempotent, expect_body)

    api.request = request
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-other', False)
    own = WIDGETS + '/w-0001'
    assert [c[:2] for c in api.calls[2:]] == [('DELETE', own), ('GET', own), ('GET', own), ('DELETE', own)]
    assert api.widgets['w-0001']['status'] == 'deleting'
    assert clock.sleeps == [lookup.SETTLE, 0.5]


def test_withdrawing_our_duplicate_already_gone_is_fine(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at=OLDER)
    api.fail('DELETE', '/w-0001$', ApiError('DELETE failed: HTTP 404', status=404))
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-other', False)
    assert len(deletes(api)) == 1


def test_a_failed_withdrawal_says_so_and_stays_changed(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-other', created_at=OLDER)
    api.fail('DELETE', '/w-0001$', ApiError('DELETE failed: HTTP 500', status=500))
    failure, resource = create_fails(api, clock)
    assert failure.msg.startswith('Widget w-0001 was created, then this task failed: Failed while deleting the '
                                  'duplicate widget w-0001: DELETE failed: HTTP 500.')
    assert 'It may exist now: check it' in failure.msg
    assert failure.details['error']['status'] == 500
    assert resource.context.changed is True


# ---------------------------------------------------------------------------
# An unclear create: the token tells which one is ours
# ---------------------------------------------------------------------------

def test_an_unclear_create_that_lands_within_the_grace_period_is_found_by_its_token(api, clock):
    # Issue 11 point 8: the create timed out and committed later; it is looked for, never repeated.
    api.create_error = LOST
    api.commit_delay = 30
    made, resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert [c[0] for c in api.writes] == ['POST', 'POST']
    assert api.writes[-1] == UNMARK
    # Looked up every second, then every tenth of the time waited, until it showed up; then the settle pause.
    assert clock.sleeps[:4] == [1.0, 1.0, 1.0, 1.0] and max(clock.sleeps) <= 5.0
    assert 30 <= sum(clock.sleeps) - lookup.SETTLE <= 35
    assert clock.sleeps[-1] == lookup.SETTLE
    assert resource.context.changed is True


def test_an_unclear_create_found_at_once_still_settles_before_the_identity_is_decided(api, clock):
    api.create_error = LOST
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert api.calls == [('POST', WIDGETS, SENT), LIST, LIST, UNMARK]
    assert clock.sleeps == [lookup.SETTLE]


def test_after_an_unclear_create_another_partys_resource_is_never_taken_for_ours(api, clock):
    # Issue 19 point 1: ours commits, its answer is lost; another party makes the same name; ours shows up later.
    api.create_error = LOST
    api.commit_delay = 3
    api.on_create = lambda _own: api.add('w', id='w-theirs', created_at=NEWER, color='blue')
    made, resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert touched(api, 'w-theirs') == []
    assert 'w-theirs' in resource.context.warnings[0]
    # The other party's widget was listed from the first lookup on, and never taken for ours.
    assert sum(clock.sleeps) >= 3


def test_an_unclear_create_that_never_lands_while_others_appear_fails_listing_them_and_touches_nothing(api, clock):
    # Issue 19 point 2: our create never reached the server; two same-name widgets appear during the grace period.
    api.create_error = LOST
    api.create_commits = False
    original = api.paginate

    def paginate(path, key, params=None, page_size=1000, workers=1):
        if len(api.calls) == 2:
            api.add('w', id='w-one', created_at=OLDER, tags=[{'key': lookup.MARKER_KEY, 'value': OTHER_TOKEN}])
        if len(api.calls) == 4:
            api.add('w', id='w-two', created_at=NEWER)
        return original(path, key, params, page_size, workers)

    api.paginate = paginate
    failure, resource = create_fails(api, clock, wait_timeout=20)
    assert failure.msg == (
        "The create request for widget 'w' got no clear answer (HTTP 503: Service Unavailable). Within 20 seconds 2 "
        "widgets matching it appeared, but none carries this run's creation token, so none is proven to be this "
        "run's: w-one (created_at 2026-01-01T00:00:04Z), w-two (created_at 2026-01-01T00:00:06Z). Nothing of them was "
        "touched. Check them (the widget list); re-run this task later (this run's create may still land), or give the "
        "id option to manage one of them.")
    assert [c[0] for c in api.writes] == ['POST']
    assert resource.context.changed is True
    # Another run's token is never removed.
    assert api.widgets['w-one']['tags'] == [{'key': lookup.MARKER_KEY, 'value': OTHER_TOKEN}]
    assert sum(clock.sleeps) == pytest.approx(20)


def test_an_unclear_create_without_a_token_never_guesses(api, clock):
    # The task's 20 tags left no room for the token: a widget that appears may be ours or not; the run cannot tell.
    tags = [{'key': 'k%02d' % i, 'value': 'v'} for i in range(20)]
    api.create_error = LOST
    failure, resource = create_fails(api, clock, body=dict(BODY, tags=tags))
    assert failure.msg.startswith(
        "The create request for widget 'w' got no clear answer (HTTP 503: Service Unavailable). Within 60 seconds 1 "
        "widget matching it appeared, but this run could not mark its create (the task's tags fill the 20 a resource "
        "may carry, leaving no room for the creation token), so it cannot tell whether one of them is its own: w-0001 "
        "(created_at 2026-01-01T00:00:05Z). Nothing of them was touched.")
    assert [c[0] for c in api.writes] == ['POST']
    assert resource.context.changed is True


def test_an_unclear_create_that_never_lands_fails_changed_and_says_it_may_still_appear(api, clock):
    # Issue 11 points 8 and 9: never "safe to re-run" while the create can still land; changed stays true.
    api.create_error = LOST
    api.create_commits = False
    failure, resource = create_fails(api, clock)
    assert failure.msg == (
        "The create request for widget 'w' got no clear answer (HTTP 503: Service Unavailable), and it did not appear "
        "within 60 seconds. It may still be created later: before re-running this task, check whether it exists "
        "(the widget list), or a duplicate may be made.")
    assert 'safe to re-run' not in failure.msg
    assert resource.context.changed is True
    assert sum(clock.sleeps) == pytest.approx(lookup.GRACE)
    assert [c[0] for c in api.writes] == ['POST']


def test_the_grace_period_is_bounded_by_wait_timeout(api, clock):
    api.create_error = LOST
    api.create_commits = False
    failure, _resource = create_fails(api, clock, wait_timeout=10)
    assert 'did not appear within 10 seconds' in failure.msg
    assert sum(clock.sleeps) == pytest.approx(10)


def test_the_unclear_reason_is_shown_for_errors_without_status(api, clock):
    api.create_error = AmbiguousRequestError('POST /widgets failed: connection reset after sending')
    api.create_commits = False
    failure, _resource = create_fails(api, clock, wait_timeout=1)
    assert '(POST /widgets failed: connection reset after sending)' in failure.msg


@pytest.mark.parametrize('answer', [None, {}, {'id': 5}, 'not json', [], {'status': 'building'}])
def test_a_create_answer_without_an_id_is_unclear_not_a_crash(api, clock, answer):
    # Issue 11 point 10: a 200 with an empty or odd body is looked up like a lost answer.
    api.create_answer = lambda _answer: answer
    made, _resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert [c[0] for c in api.writes] == ['POST', 'POST']


def test_a_create_answer_without_an_id_that_never_shows_up(api, clock):
    api.create_answer = lambda _answer: None
    api.commit_delay = 1000
    failure, _resource = create_fails(api, clock, wait_timeout=5)
    assert '(the create answer carries no id)' in failure.msg


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
    failure, resource = create_fails(api, clock)
    assert failure.msg == (
        "The create request for widget 'w' got no clear answer (HTTP 503: Service Unavailable); it appeared, then "
        "disappeared again before this task could take it over (another run deleted it?). Check whether it exists (the "
        "widget list) before re-running this task.")
    assert resource.context.changed is True


def test_the_engine_finishes_an_unclear_create_of_its_own_without_repeating_it(api, clock):
    api.create_error = LOST
    context = Context(widget_params(color='red', size=4), client=api, sleep=clock.sleep, clock=clock)
    outcome = Widget(context).ensure()
    assert outcome.changed is True
    assert outcome.diff['before'] == {}
    assert outcome.values['widget']['id'] == 'w-0001'
    assert outcome.values['widget']['status'] == 'ready'
    # The create body already had size 4: nothing else to send but the token's removal.
    assert [c[0] for c in api.writes] == ['POST', 'POST']


# ---------------------------------------------------------------------------
# A refused create (issue 19 point 7)
# ---------------------------------------------------------------------------

class Explaining(Widget):
    explained = []

    def explain_refusal(self, error):
        self.explained.append(error.status)
        if error.status == 403:
            raise ResourceError('Not allowed to make widgets.')


def refuse_after_commit(api, status):
    """The next create commits, then is answered with this refusal (the answer lies)."""
    api.create_error = ApiError('POST failed: HTTP %d' % status, status=status, error_msg='refused')


def test_a_refused_create_is_explained_by_the_declaration_and_is_no_change(api, clock):
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 403', status=403))
    context = Context(widget_params(color='red'), client=api, sleep=clock.sleep, clock=clock)
    with pytest.raises(ResourceError) as info:
        lookup.create_once(Explaining(context), dict(BODY))
    assert info.value.msg == 'Not allowed to make widgets.'
    assert context.changed is False
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 400', status=400))
    with pytest.raises(ApiError):
        lookup.create_once(Explaining(context), dict(BODY))
    assert Explaining.explained == [403, 400]
    assert context.changed is False


@pytest.mark.parametrize('status', [400, 409])
def test_a_refused_create_that_committed_is_ours_by_its_token(api, clock, status):
    refuse_after_commit(api, status)
    made, resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-0001', True)
    assert resource.context.changed is True
    assert api.calls == [('POST', WIDGETS, SENT), LIST, LIST, UNMARK]


@pytest.mark.parametrize('status', [400, 409])
def test_a_refusal_while_a_matching_resource_appeared_reports_it_read_only(api, clock, status):
    # A racing identical run made it first, and ours was refused because of it (its ports are taken, say).
    def racing(_own):
        raise AssertionError('the create must not commit')

    api.on_create = racing
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP %d' % status, status=status, error_msg='taken'))
    api.add('w', id='w-racer', created_at=OLDER)
    made, resource = create(api, clock)
    assert (made.answer['id'], made.own) == ('w-racer', False)
    assert resource.context.changed is False
    assert api.writes == [('POST', WIDGETS, SENT)]
    assert resource.context.warnings == [
        "The API refused this run's create of widget 'w': widget w-racer, which matches it, appeared during this run. "
        "It already matches this task, so this run changed nothing of it."]


def test_a_refusal_while_a_differing_resource_appeared_fails_naming_it_and_adopts_nothing(api, clock):
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 409', status=409, error_code='X.409', error_msg='taken'))
    api.add('w', id='w-racer', created_at=OLDER, color='blue')
    failure, resource = create_fails(api, clock, size=3)
    assert failure.msg == (
        "The API refused this run's create of widget 'w' (HTTP 409 X.409 taken); widget w-racer (created_at "
        "2026-01-01T00:00:04Z), which matches it, appeared during this run, and this run did not make it. It changed "
        "nothing of w-racer, which differs from this task in: color, size. To manage it, re-run this task (a new run "
        "finds it and brings it to the task), or give its id.")
    assert failure.details['error']['status'] == 409
    assert api.writes == [('POST', WIDGETS, SENT)]
    assert resource.context.changed is False


def test_a_refusal_with_nothing_of_ours_stands(api, clock):
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 400', status=400))
    failure, resource = create_fails(api, clock, error=ApiError)
    assert failure.status == 400
    assert api.calls == [('POST', WIDGETS, SENT), LIST]
    assert resource.context.changed is False
