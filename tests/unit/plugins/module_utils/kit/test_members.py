# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import members

A = 'iam:domain::aaaa'
B = 'iam:domain::bbbb'
C = 'iam:domain::cccc'
OWN = 'iam:domain::0wn'


def record(permission, rid, description=None):
    result = {'id': rid, 'permission': permission, 'permission_type': 'domainId'}
    if description is not None:
        result['description'] = description
    return result


def make(key, description):
    return {'permission': key, 'description': description or '', 'new': True}


# ---------------------------------------------------------------------------
# Desired entries
# ---------------------------------------------------------------------------

def test_desired_entries_from_strings_and_dicts():
    assert members.desired_entries([A, {'permission': B, 'description': 'team b'}, {'permission': C}]) == {
        A: None, B: 'team b', C: None}
    assert members.desired_entries([{'permission': A, 'description': ''}]) == {A: ''}
    assert members.desired_entries(None) == {}
    assert members.desired_entries([]) == {}


def test_desired_entries_with_another_key():
    assert members.desired_entries(['10.0.0.0/24', {'cidr': '10.1.0.0/24', 'description': 'x'}], key='cidr') == {
        '10.0.0.0/24': None, '10.1.0.0/24': 'x'}


# ---------------------------------------------------------------------------
# Plan
# ---------------------------------------------------------------------------

def test_plan_adds_sorted_and_removes_with_purge():
    current = [record(C, 'r3'), record(A, 'r1')]
    plan = members.plan_members(current, {B: None, A: None, '*': 'all'})
    assert plan.to_add == [('*', 'all'), (B, None)]
    assert plan.to_remove == [record(C, 'r3')]
    assert plan.to_set_description == []
    assert bool(plan) is True


def test_plan_without_purge_never_removes():
    plan = members.plan_members([record(C, 'r3')], {A: None}, purge=False)
    assert plan.to_add == [(A, None)]
    assert plan.to_remove == []


def test_plan_with_nothing_to_do_is_false():
    plan = members.plan_members([record(A, 'r1', 'x')], {A: None})
    assert not plan
    assert not members.plan_members([], {})


def test_empty_desired_with_purge_removes_everything():
    current = [record(A, 'r1'), record(B, 'r2')]
    assert [r['id'] for r in members.plan_members(current, {}).to_remove] == ['r1', 'r2']


def test_protected_records_are_never_added_removed_or_a_change():
    def protected(key):
        return key == OWN

    # Listed and not desired: kept even with purge.
    plan = members.plan_members([record(OWN, 'r0'), record(A, 'r1')], {}, protected=protected)
    assert [r['id'] for r in plan.to_remove] == ['r1']
    # Desired and not listed: not added (the API keeps it by itself).
    plan = members.plan_members([], {OWN: None, A: None}, protected=protected)
    assert plan.to_add == [(A, None)]
    assert not members.plan_members([record(OWN, 'r0')], {}, protected=protected)
    assert not members.plan_members([], {OWN: None}, protected=protected)


def test_descriptions_are_compared_only_when_the_record_carries_one():
    with_descriptions = [record(A, 'r1', 'old'), record(B, 'r2', ''), record(C, 'r3', None)]
    plan = members.plan_members(with_descriptions, {A: 'new', B: 'set', C: 'anything'})
    # C's record has no description key: the list call did not return descriptions, so nothing is compared.
    assert plan.to_set_description == [(with_descriptions[0], 'new'), (with_descriptions[1], 'set')]
    assert plan.to_add == [] and plan.to_remove == []


def test_a_description_left_out_is_not_managed_and_none_equals_empty():
    current = [record(A, 'r1', 'keep'), dict(record(B, 'r2'), description=None)]
    assert not members.plan_members(current, {A: None, B: ''})
    assert members.plan_members(current, {B: 'x'}, purge=False).to_set_description == [(current[1], 'x')]


# ---------------------------------------------------------------------------
# Predict and views
# ---------------------------------------------------------------------------

def test_predict_removes_describes_and_adds_without_touching_the_input():
    current = [record(C, 'r3', 'c'), record(A, 'r1', 'old')]
    original = copy.deepcopy(current)
    plan = members.plan_members(current, {A: 'new', B: 'b'})
    predicted = members.predict_members(current, plan, make)
    assert predicted == [dict(record(A, 'r1'), description='new'), {'permission': B, 'description': 'b', 'new': True}]
    assert current == original


def test_predict_nothing_keeps_the_records_sorted():
    current = [record(C, 'r3'), record(A, 'r1')]
    assert [r['permission'] for r in members.predict_members(current, members.MemberPlan(), make)] == [A, C]


def test_sort_members_and_member_view():
    records = [record(B, 'r2', 'b'), record(A, 'r1'), {'permission': '*', 'description': None}]
    assert [r['permission'] for r in members.sort_members(records)] == ['*', A, B]
    assert members.member_view(records) == {B: 'b', A: '', '*': ''}
    assert members.member_view([]) == {}


@pytest.mark.parametrize('purge', [True, False])
def test_applying_the_prediction_leaves_no_plan(purge):
    current = [record(A, 'r1', 'x'), record(C, 'r3', '')]
    desired = {A: 'y', B: None}
    predicted = members.predict_members(current, members.plan_members(current, desired, purge), make)
    assert not members.plan_members(predicted, desired, purge)
