# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""kit/plan.py: the changes between two diff views, and the plan the engine reports for the toy declaration."""

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.plan import changes
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import FakeClock
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.kit.toy import ToyApi, Widget, widget_params


def test_changes_are_sorted_by_option_and_leave_the_id_and_equal_values_out():
    before = {'id': 'a', 'size': 1, 'color': 'red', 'label': 'x'}
    after = {'id': 'b', 'size': 2, 'color': 'blue', 'label': 'x'}
    assert changes(before, after) == [{'field': 'color', 'before': 'red', 'after': 'blue'},
                                      {'field': 'size', 'before': 1, 'after': 2}]


def test_keyed_options_are_named_per_key_with_none_for_an_absent_side():
    before = {'tags': {'env': 'dev', 'old': '', 'same': '1'}}
    after = {'tags': {'env': 'prod', 'new': '', 'same': '1'}}
    assert changes(before, after, keyed=('tags',)) == [
        {'field': 'tags.env', 'before': 'dev', 'after': 'prod'},
        {'field': 'tags.new', 'before': None, 'after': ''},
        {'field': 'tags.old', 'before': '', 'after': None},
    ]
    # Not keyed: the whole value, as a policy document is.
    assert changes(before, after) == [{'field': 'tags', 'before': before['tags'], 'after': after['tags']}]


def test_only_narrows_to_the_options_given_and_a_missing_side_is_none():
    assert changes({}, {'size': 1, 'label': '', 'tags': {'a': '1'}}, keyed=('tags',), only={'size', 'tags'}) == [
        {'field': 'size', 'before': None, 'after': 1}, {'field': 'tags.a', 'before': None, 'after': '1'}]
    assert changes({'size': 1}, {}) == [{'field': 'size', 'before': 1, 'after': None}]


@pytest.mark.parametrize('check_mode', [True, False])
def test_the_engine_reports_the_same_plan_in_check_mode_and_in_a_real_run(check_mode):
    clock = FakeClock()
    api = ToyApi(clock)
    api.add('w', size=1, tags=[{'key': 'env', 'value': 'dev'}, {'key': 'hwcloud-vpcep-create-token', 'value': 't'}])
    context = Context(widget_params(size=3, tags={'env': 'prod'}), client=api, check_mode=check_mode,
                      sleep=clock.sleep, clock=clock)
    outcome = Widget(context).ensure()
    assert outcome.values['action'] == 'update'
    # The creation token tag another run left is never a change (nor shown).
    assert outcome.values['changes'] == [{'field': 'size', 'before': 1, 'after': 3},
                                         {'field': 'tags.env', 'before': 'dev', 'after': 'prod'}]
    assert bool(api.writes) is not check_mode
