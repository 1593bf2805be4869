# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError, ApiError, ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context, Outcome
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock


def test_the_client_is_built_once_on_first_use():
    built = []

    def connect():
        built.append(object())
        return built[-1]

    context = Context({}, connect=connect)
    assert built == []
    assert context.client is built[0]
    assert context.client is built[0]
    assert len(built) == 1
    given = object()
    assert Context({}, client=given, connect=connect).client is given


def test_wrote_and_warn():
    context = Context({'a': 1})
    assert context.changed is False and context.warnings == [] and context.known == {}
    context.wrote()
    context.warn('one')
    context.warn('two')
    context.warn('one')
    assert context.changed is True
    assert context.warnings == ['one', 'two']


def test_option_gives_the_default_only_for_none():
    context = Context({'wait': False, 'timeout': 0, 'name': '', 'none': None})
    assert context.option('wait', True) is False
    assert context.option('timeout', 600) == 0
    assert context.option('name', 'x') == ''
    assert context.option('none', 5) == 5
    assert context.option('absent', 7) == 7
    assert context.option('absent') is None


def test_derive_shares_client_clock_record_but_not_params():
    clock = FakeClock()
    client = object()
    parent = Context({'name': 'p', 'wait': False}, client=client, check_mode=True, sleep=clock.sleep, clock=clock)
    child = parent.derive(id='x', name='c')
    assert child.params == {'id': 'x', 'name': 'c'}
    assert child.client is client
    assert child.check_mode is True
    assert child.clock is clock and child.sleep == clock.sleep
    child.wrote()
    child.warn('from the child')
    child.known['connections'] = []
    assert parent.changed is True
    assert parent.warnings == ['from the child']
    assert parent.known == {'connections': []}
    assert parent.params == {'name': 'p', 'wait': False}


def test_derive_builds_the_parent_client_lazily_once():
    built = []
    parent = Context({}, connect=lambda: built.append(1) or 'client')
    child = parent.derive()
    assert built == []
    assert child.client == 'client'
    assert parent.client == 'client'
    assert built == [1]


def test_outcome():
    outcome = Outcome(1, diff={'before': {}, 'after': {'a': 1}}, service={'id': 's'})
    assert outcome.changed is True
    assert outcome.diff == {'before': {}, 'after': {'a': 1}}
    assert outcome.values == {'service': {'id': 's'}}
    assert Outcome(0).changed is False
    assert Outcome(0).diff is None
    assert Outcome(0).values == {}


class Answers(object):
    """A client whose request() returns or raises the scripted outcomes, recording the calls."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def request(self, method, path, body=None, **options):
        self.calls.append((method, path, body, options))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def _failure(may_have_applied, cls=ApiError):
    error = cls('PUT /x failed: HTTP 500', status=500)
    error.may_have_applied = may_have_applied
    return error


def test_a_write_that_went_through_marks_the_run_changed_and_returns_the_answer():
    client = Answers({'id': 'a'})
    context = Context({}, client=client)
    assert context.write('PUT', '/x', body={'a': 1}, expect_body=False) == {'id': 'a'}
    assert client.calls == [('PUT', '/x', {'a': 1}, {'expect_body': False})]
    assert context.changed is True


@pytest.mark.parametrize('may_have_applied, changed', [(True, True), (False, False)])
def test_a_failed_write_marks_the_run_changed_only_when_it_may_have_applied(may_have_applied, changed):
    context = Context({}, client=Answers(_failure(may_have_applied)))
    with pytest.raises(ApiError) as info:
        context.write('DELETE', '/x')
    assert info.value.may_have_applied is may_have_applied
    assert context.changed is changed


def test_a_fresh_read_decides_after_a_write_that_may_have_applied():
    checks = []

    def check(verdict):
        def took_effect():
            checks.append(verdict)
            if isinstance(verdict, Exception):
                raise verdict
            return verdict
        return took_effect

    # It went through: done, no answer, changed.
    context = Context({}, client=Answers(_failure(True, AmbiguousRequestError)))
    assert context.write('POST', '/x', took_effect=check(True)) is None
    assert context.changed is True
    # It did not: the error, unchanged, and it no longer says it may have applied.
    context = Context({}, client=Answers(_failure(True, AmbiguousRequestError)))
    with pytest.raises(AmbiguousRequestError) as info:
        context.write('POST', '/x', took_effect=check(False))
    assert context.changed is False and info.value.may_have_applied is False
    # Cannot tell (part of it, or the read failed too): the error, changed.
    for verdict in (None, ResourceError('read failed')):
        context = Context({}, client=Answers(_failure(True, AmbiguousRequestError)))
        with pytest.raises(AmbiguousRequestError) as info:
            context.write('POST', '/x', took_effect=check(verdict))
        assert context.changed is True and info.value.may_have_applied is True
    # A refusal is never checked.
    context = Context({}, client=Answers(_failure(False)))
    with pytest.raises(ApiError):
        context.write('POST', '/x', took_effect=check('never'))
    assert 'never' not in checks and context.changed is False
