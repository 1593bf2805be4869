# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import waiter
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock, poll_sleeps


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def context(clock):
    return Context({}, client=object(), sleep=clock.sleep, clock=clock)


class Reads(object):
    """Answers a queue of statuses (None: gone), the last one sticking; counts the reads."""

    def __init__(self, *statuses, **extra):
        self.statuses = list(statuses)
        self.extra = extra
        self.count = 0

    def __call__(self):
        self.count += 1
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if status is None:
            return None
        return dict(self.extra, id='r1', status=status)


# ---------------------------------------------------------------------------
# poll
# ---------------------------------------------------------------------------

def test_poll_sleeps_a_tenth_of_the_wait_and_never_past_the_deadline(context, clock):
    seen = []

    def check():
        seen.append(clock())
        return False, len(seen)

    value, done = waiter.poll(context, check, 30)
    assert done is False
    assert value == len(seen)
    assert clock.sleeps == pytest.approx(poll_sleeps(timeout=30))
    assert clock.sleeps[:3] == [0.5, 0.5, 0.5] and max(clock.sleeps) < 3
    assert sum(clock.sleeps) == pytest.approx(30)
    # One last check at the deadline itself.
    assert seen[-1] == pytest.approx(1030.0)


def test_poll_caps_the_delay(context, clock):
    answers = [False] * 60 + [True]
    value, done = waiter.poll(context, lambda: (answers.pop(0), 'x'), 600)
    assert (value, done) == ('x', True)
    assert clock.sleeps == pytest.approx(poll_sleeps(60))
    assert clock.sleeps[-1] == 10 and max(clock.sleeps) == 10


@pytest.mark.parametrize('ready_after', [0.3, 2, 4, 9, 30, 100, 500])
def test_the_moment_a_resource_is_ready_is_seen_within_a_second_or_a_tenth_of_the_wait(context, clock, ready_after):
    started = clock()
    seen, done = waiter.poll(context, lambda: (clock() - started >= ready_after, clock() - started), 600)
    assert done is True
    assert seen - ready_after <= max(1.0, 0.1 * seen)


def test_poll_with_its_own_schedule(context, clock):
    waiter.poll(context, lambda: (False, None), 60, first=1.0, most=5.0)
    assert clock.sleeps == pytest.approx(poll_sleeps(timeout=60, first=1.0, most=5.0))
    assert min(clock.sleeps) == 1.0 and max(clock.sleeps) == 5.0


def test_poll_done_at_once_never_sleeps(context, clock):
    assert waiter.poll(context, lambda: (True, 'v'), 600) == ('v', True)
    assert clock.sleeps == []


def test_poll_lets_errors_of_the_check_through(context):
    def check():
        raise ResourceError('boom')
    with pytest.raises(ResourceError):
        waiter.poll(context, check, 10)


# ---------------------------------------------------------------------------
# wait_for_status
# ---------------------------------------------------------------------------

def test_wait_for_status_returns_the_first_answer_in_a_wanted_status(context, clock):
    read = Reads('creating', 'creating', 'available')
    answer = waiter.wait_for_status(context, read, 'endpoint service s1', ('available',), 600)
    assert answer == {'id': 'r1', 'status': 'available'}
    assert read.count == 3
    assert clock.sleeps == [0.5, 0.5]


def test_wait_for_status_fails_at_once_on_a_failed_status_with_the_api_error(context, clock):
    read = Reads('creating', 'failed', error=[{'error_code': 'EndPoint.0125', 'error_message': 'port in use'}])
    with pytest.raises(ResourceError) as info:
        waiter.wait_for_status(context, read, 'endpoint service s1', ('available',), 600,
                               report=lambda answer: {'service': answer})
    assert info.value.msg == 'Endpoint service s1 ended in status failed: EndPoint.0125: port in use'
    assert info.value.details['service']['status'] == 'failed'
    assert clock.sleeps == [0.5]


def test_wait_for_status_explain_gives_the_message_of_a_failed_status(context):
    def explain(answer):
        return 'It was %s by the owner.' % answer['status'] if answer['status'] == 'rejected' else None

    with pytest.raises(ResourceError) as info:
        waiter.wait_for_status(context, Reads('rejected'), 'VPC endpoint e1', ('accepted',), 600,
                               failed=('failed', 'rejected'), explain=explain)
    assert info.value.msg == 'It was rejected by the owner.'
    with pytest.raises(ResourceError) as info:
        waiter.wait_for_status(context, Reads('failed'), 'VPC endpoint e1', ('accepted',), 600,
                               failed=('failed', 'rejected'), explain=explain)
    assert info.value.msg == 'VPC endpoint e1 ended in status failed: the API gave no error details'


def test_wait_for_status_with_no_failed_statuses_waits_through_them(context):
    answer = waiter.wait_for_status(context, Reads('failed', 'available'), 'x', ('available',), 600, failed=())
    assert answer['status'] == 'available'


def test_wait_for_status_of_a_resource_that_disappears(context):
    with pytest.raises(ResourceError) as info:
        waiter.wait_for_status(context, Reads('creating', None), 'endpoint service s1', ('available', 'ready'), 600)
    assert info.value.msg == 'Endpoint service s1 disappeared while waiting for it to become available or ready.'


def test_wait_for_status_timeout_names_the_last_status_and_wait_timeout(context, clock):
    with pytest.raises(ResourceError) as info:
        waiter.wait_for_status(context, Reads('creating'), 'endpoint service s1', ('available',), 30,
                               report=lambda answer: {'service': {'status': answer['status']}})
    assert info.value.msg == ('Timed out after 30 seconds (wait_timeout) waiting for endpoint service s1 to become '
                              'available; last status seen: creating. ' + waiter.LATER)
    assert info.value.details == {'service': {'status': 'creating'}}
    assert sum(clock.sleeps) == pytest.approx(30)


# ---------------------------------------------------------------------------
# wait_gone
# ---------------------------------------------------------------------------

def test_wait_gone_until_the_read_answers_none(context, clock):
    read = Reads('deleting', 'deleting', None)
    assert waiter.wait_gone(context, read, 'x', 600) is None
    assert read.count == 3
    assert clock.sleeps == [0.5, 0.5]


def test_wait_gone_timeout(context, clock):
    with pytest.raises(ResourceError) as info:
        waiter.wait_gone(context, Reads('deleting'), 'endpoint service s1', 5, report=lambda a: {'service': a})
    assert info.value.msg == ('Timed out after 5 seconds (wait_timeout) waiting for endpoint service s1 to be deleted; '
                              'last status seen: deleting. ' + waiter.LATER)
    assert info.value.details['service']['status'] == 'deleting'
    assert sum(clock.sleeps) == pytest.approx(5)


# ---------------------------------------------------------------------------
# error_text
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('answer, expected', [
    ({'error': [{'error_code': 'E.1', 'error_message': 'one'}, {'code': 'E.2', 'message': 'two'}]}, 'E.1: one; E.2: two'),
    ({'error': {'error_code': 'E.1', 'error_msg': 'm'}}, 'E.1: m'),
    ({'error': [{'error_code': 'E.1'}]}, 'E.1'),
    ({'error': [{'other': 1}]}, "{'other': 1}"),
    ({'error': 'plain text'}, 'plain text'),
    ({'error': ['a', 'b']}, 'a; b'),
    ({'error': None}, 'the API gave no error details'),
    ({'error': []}, 'the API gave no error details'),
    ({}, 'the API gave no error details'),
    (None, 'the API gave no error details'),
])
def test_error_text(answer, expected):
    assert waiter.error_text(answer) == expected
