# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The engine is generic: a toy declaration (kit/toy.py) gets create, update, absent, check and diff mode for free."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.engine import Plan, Resource
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import MARKER, FakeClock
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.kit.toy import (
    TAGS,
    WIDGETS,
    ToyApi,
    Widget,
    widget_params,
)

LIST = ('GET', WIDGETS, {'name': 'w', 'limit': 1000})


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def api(clock):
    return ToyApi(clock)


def run(api, clock, check_mode=False, **overrides):
    """Run the engine as a module does; return (outcome, context)."""
    context = Context(widget_params(**overrides), client=api, check_mode=check_mode, sleep=clock.sleep, clock=clock)
    return Widget(context).ensure(), context


def fails(api, clock, check_mode=False, error=ResourceError, **overrides):
    """Run the engine expecting `error`; return (exception, context)."""
    context = Context(widget_params(**overrides), client=api, check_mode=check_mode, sleep=clock.sleep, clock=clock)
    with pytest.raises(error) as info:
        Widget(context).ensure()
    return info.value, context


# ---------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------

def test_create_sends_the_given_fields_waits_and_reports(api, clock):
    outcome, context = run(api, clock, color='red', size=3, tags={'a': 1})
    wid = 'w-0001'
    assert api.calls == [
        LIST,
        ('POST', WIDGETS, {'name': 'w', 'color': 'red', 'size': 3, 'tags': [{'key': 'a', 'value': '1'}, MARKER]}),
        LIST,
        ('POST', TAGS % wid, {'action': 'delete', 'tags': [MARKER]}),
        ('GET', WIDGETS + '/' + wid, None),
        ('GET', WIDGETS + '/' + wid, None),
    ]
    # The settle pause after the create's answer, then one poll.
    assert clock.sleeps == [lookup.SETTLE, 0.5]
    assert outcome.changed is True and context.changed is True
    widget = outcome.values['widget']
    assert widget['id'] == wid and widget['status'] == 'ready' and widget['size'] == 3
    assert widget['tags'] == {'a': '1'}
    assert outcome.diff == {'before': {}, 'after': {
        'id': wid, 'name': 'w', 'color': 'red', 'size': 3, 'label': '', 'label_on': False, 'tags': {'a': '1'}}}


def test_create_without_wait_returns_the_answer(api, clock):
    outcome, _context = run(api, clock, color='red', wait=False)
    assert outcome.values['widget']['status'] == 'building'
    assert [c[0] for c in api.calls] == ['GET', 'POST', 'GET', 'POST']
    assert clock.sleeps == [lookup.SETTLE]


def test_a_rerun_is_unchanged_and_writes_nothing(api, clock):
    run(api, clock, color='red', size=3, label='x', tags={'a': '1'})
    api.calls[:] = []
    outcome, context = run(api, clock, color='red', size=3, label='x', tags={'a': '1'})
    assert outcome.changed is False and context.changed is False
    assert api.calls == [LIST]
    assert outcome.diff['before'] == outcome.diff['after']


def test_missing_required_options_are_named_together_and_nothing_is_sent(api, clock):
    for check_mode in (False, True):
        error, context = fails(api, clock, check_mode=check_mode, name='w', size=2)
        assert error.msg == ("The widget 'w' does not exist; to create it these options are required: name, color "
                             "(missing: color).")
        assert error.details == {'missing': ['color']}
        assert context.changed is False
    assert api.writes == []


def test_an_unknown_id_is_not_created(api, clock):
    error, _context = fails(api, clock, id='w-9', color='red')
    assert error.msg == 'No widget with id w-9. To create one, leave id out.'
    assert api.calls == [('GET', WIDGETS + '/w-9', None)]


def test_a_create_that_ends_failed_reports_the_resource_and_stays_changed(api, clock):
    api.provision = ['building', 'broken']
    error, context = fails(api, clock, color='red')
    assert error.msg == 'Widget w-0001 ended in status broken: the API gave no error details'
    assert error.details['widget']['status'] == 'broken'
    assert error.doing == 'waiting for widget w-0001'
    assert context.changed is True


def test_a_refused_create_is_not_a_change(api, clock):
    api.fail('POST', WIDGETS + '$', ApiError('POST failed: HTTP 400', status=400))
    error, context = fails(api, clock, error=ApiError, color='red')
    assert error.doing == "creating widget 'w'"
    assert context.changed is False
    # The refusal is followed by one lookup: the create may have committed (a match carrying this run's token), or a
    # concurrent run may just have made the widget.
    assert [c[0] for c in api.calls] == ['GET', 'POST', 'GET']


def test_a_create_refused_because_a_concurrent_run_made_it_reports_that_one_read_only(api, clock):
    answer = api.request

    def racing(method, path, **kwargs):
        if method == 'POST' and path == WIDGETS:
            # Another run's identical create committed a moment earlier; this one is refused (its ports are taken).
            api.calls.append((method, path, kwargs.get('body')))
            api.add('w', id='w-racer', created_at='2026-01-01T00:00:04Z', color='red')
            raise ApiError('POST failed: HTTP 409 conflict', status=409)
        return answer(method, path, **kwargs)

    api.request = racing
    outcome, context = run(api, clock, color='red')
    assert outcome.values['widget']['id'] == 'w-racer'
    assert context.changed is False and outcome.changed is False
    assert outcome.diff['before'] == outcome.diff['after'] and outcome.diff['after']['id'] == 'w-racer'
    assert [c[0] for c in api.writes] == ['POST']
    assert 'changed nothing of it' in context.warnings[0]


def test_an_older_widget_that_matches_is_the_result_of_a_run_that_removed_its_own_duplicate(api, clock):
    api.on_create = lambda _own: api.add('w', id='w-older', created_at='2026-01-01T00:00:04Z', size=3, label='x')
    outcome, context = run(api, clock, color='red', size=3)
    assert outcome.changed is True and context.changed is True
    assert outcome.values['widget']['id'] == 'w-older'
    assert outcome.diff == {'before': {}, 'after': {'id': 'w-older', 'name': 'w', 'color': 'red', 'size': 3,
                                                    'label': 'x', 'label_on': False, 'tags': {}}}
    assert [c[:2] for c in api.writes] == [('POST', WIDGETS), ('DELETE', WIDGETS + '/w-0001')]


# ---------------------------------------------------------------------------
# Creation tokens never show, never count silently against the tag limit
# ---------------------------------------------------------------------------

def other_runs_token(value='fedcba9876543210fedcba9876543210'):
    return {'key': 'hwcloud-vpcep-create-token', 'value': value}


def test_another_runs_token_is_hidden_and_never_removed_by_purge_tags(api, clock):
    api.add('w', id='w-1', tags=[{'key': 'a', 'value': '1'}, {'key': 'old', 'value': '2'}, other_runs_token()])
    outcome, _context = run(api, clock, color='red', tags={'a': '1', 'b': '3'}, purge_tags=True)
    assert api.writes == [('POST', TAGS % 'w-1', {'action': 'delete', 'tags': [{'key': 'old', 'value': '2'}]}),
                          ('POST', TAGS % 'w-1', {'action': 'create', 'tags': [{'key': 'b', 'value': '3'}]})]
    assert outcome.values['widget']['tags'] == {'a': '1', 'b': '3'}
    assert outcome.diff['before']['tags'] == {'a': '1', 'old': '2'}
    assert outcome.diff['after']['tags'] == {'a': '1', 'b': '3'}
    assert other_runs_token() in api.widgets['w-1']['tags']
    api.calls[:] = []
    rerun, _context = run(api, clock, color='red', tags={'a': '1', 'b': '3'})
    assert rerun.changed is False and api.writes == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_hidden_tokens_that_would_exceed_the_tag_limit_fail_saying_so(api, clock, check_mode):
    tags = [{'key': 'k%02d' % i, 'value': 'v'} for i in range(18)]
    api.add('w', id='w-1', tags=tags + [other_runs_token(), other_runs_token('0' * 32)])
    wanted = dict((t['key'], t['value']) for t in tags)
    error, context = fails(api, clock, check_mode=check_mode, color='red', tags=dict(wanted, extra='1'))
    assert error.msg == (
        'The tags of widget w-1 would be 21, more than the 20 a resource may carry: the 19 this task leaves, and 2 '
        'creation token tag(s) (key hwcloud-vpcep-create-token) that a create left on it and that this run does not '
        'remove (a run that is still creating it may need them). Nothing was changed. If no run is creating this '
        'resource any more, remove the hwcloud-vpcep-create-token tags in the console or with the tags API, or ask for '
        'fewer tags.')
    assert api.writes == [] and context.changed is False
    # Replacing a tag leaves the count as it is: allowed.
    outcome, _context = run(api, clock, check_mode=check_mode, color='red', tags=dict(wanted, k00='new'))
    assert outcome.changed is True


def test_differences_name_what_a_task_would_change_and_send_nothing(api, clock):
    api.add('w', id='w-1', color='blue', size=2, tags=[{'key': 'a', 'value': '1'}, other_runs_token()])
    context = Context(widget_params(color='red', size=3, label='x', tags={'a': '1'}), client=api, sleep=clock.sleep,
                      clock=clock)
    resource = Widget(context)
    current = resource.get('w-1')
    assert resource.differences(current) == (['color', 'label', 'size'], None)
    context.params.update(color='blue', size=2, label=None)
    assert resource.differences(current) == ([], None)
    context.params['tags'] = {}
    assert resource.differences(current) == (['tags'], None)
    assert api.writes == []


def test_check_mode_create_predicts_what_a_real_run_reports(api, clock):
    checked, context = run(api, clock, check_mode=True, color='red', size=3, label_on=True, tags={'a': '1'})
    assert api.writes == []
    assert checked.changed is True and context.changed is False
    widget = checked.values['widget']
    assert widget == {'name': 'w', 'color': 'red', 'size': 3, 'label': '', 'label_on': True, 'status': 'creating',
                      'tags': {'a': '1'}}
    real, _context = run(api, clock, color='red', size=3, label_on=True, tags={'a': '1'})
    expected = dict(real.diff['after'])
    del expected['id']
    assert checked.diff == {'before': {}, 'after': expected}


# ---------------------------------------------------------------------------
# Update
# ---------------------------------------------------------------------------

def test_update_sends_each_call_only_what_differs(api, clock):
    wid = api.add('w', size=1, note='n', label='old', label_on=True)
    outcome, context = run(api, clock, size=2, note='n', color='red')
    assert api.writes == [('PUT', WIDGETS + '/' + wid, {'size': 2})]
    assert outcome.changed is True and context.changed is True
    assert outcome.values['widget']['size'] == 2
    assert outcome.diff['before']['size'] == 1 and outcome.diff['after']['size'] == 2


def test_a_whole_call_carries_every_field_of_the_call(api, clock):
    wid = api.add('w', label='old', label_on=True)
    outcome, _context = run(api, clock, label='new')
    # label_on is not asked for: the current value goes with the label, as the API replaces both.
    assert api.writes == [('POST', WIDGETS + '/' + wid + '/label', {'label': 'new', 'label_on': True})]
    assert outcome.values['widget']['label'] == 'new'
    api.calls[:] = []
    run(api, clock, label_on=False)
    assert api.writes == [('POST', WIDGETS + '/' + wid + '/label', {'label': 'new', 'label_on': False})]


def test_a_whole_call_body_uses_the_default_for_a_field_the_answer_lacks(api, clock):
    wid = api.add('w')
    run(api, clock, label='x')
    assert api.writes == [('POST', WIDGETS + '/' + wid + '/label', {'label': 'x', 'label_on': False})]


def test_several_calls_in_name_order_then_tags(api, clock):
    wid = api.add('w', tags=[{'key': 'old', 'value': '1'}])
    outcome, _context = run(api, clock, size=5, label='x', tags={'new': '2'})
    assert api.writes == [
        ('POST', WIDGETS + '/' + wid + '/label', {'label': 'x', 'label_on': False}),
        ('PUT', WIDGETS + '/' + wid, {'size': 5}),
        ('POST', TAGS % wid, {'action': 'delete', 'tags': [{'key': 'old', 'value': '1'}]}),
        ('POST', TAGS % wid, {'action': 'create', 'tags': [{'key': 'new', 'value': '2'}]}),
    ]
    widget = outcome.values['widget']
    assert (widget['size'], widget['label'], widget['tags']) == (5, 'x', {'new': '2'})
    assert outcome.diff['before']['tags'] == {'old': '1'} and outcome.diff['after']['tags'] == {'new': '2'}


def test_fields_no_read_returns_never_change_anything(api, clock):
    api.add('w', secret='old')
    outcome, _context = run(api, clock, secret='new')
    assert outcome.changed is False
    assert api.writes == []
    assert 'secret' not in outcome.diff['after']


REPLACE_CHANGES = [{'field': 'color', 'before': 'red', 'after': 'blue'}, {'field': 'size', 'before': 1, 'after': 9}]


def test_an_immutable_difference_fails_with_current_and_requested_and_sends_nothing(api, clock):
    wid = api.add('w', color='red')
    error, context = fails(api, clock, color='blue', size=9)
    assert error.msg == ("Cannot change color of widget %s: the API fixes them at creation (color: current 'red', "
                         "requested 'blue'). Delete and re-create it to change them." % wid)
    # The failure carries the plan, as check mode reports it.
    assert error.details == {'fields': ['color'], 'action': 'replace', 'changes': REPLACE_CHANGES}
    assert context.changed is False
    assert api.writes == []


def test_check_mode_reports_an_immutable_difference_as_a_replacement_and_sends_nothing(api, clock):
    wid = api.add('w', color='red')
    outcome, context = run(api, clock, check_mode=True, color='blue', size=9)
    assert outcome.changed is True and context.changed is False
    assert outcome.values['action'] == 'replace'
    assert outcome.values['changes'] == REPLACE_CHANGES
    assert context.warnings == ['Check mode: widget %s would have to be replaced, since the API fixes color at creation; '
                                'the real run fails and changes nothing. Delete and re-create it to change them.' % wid]
    # The diff shows the same fields, before and after.
    assert (outcome.diff['before']['color'], outcome.diff['after']['color']) == ('red', 'blue')
    assert (outcome.diff['before']['size'], outcome.diff['after']['size']) == (1, 9)
    assert api.writes == []


def test_an_immutable_difference_by_id(api, clock):
    wid = api.add('w', color='red')
    error, _context = fails(api, clock, id=wid, name='v', color='blue')
    assert error.details['fields'] == ['name', 'color']
    assert [c['field'] for c in error.details['changes']] == ['color', 'name']
    assert "name: current 'w', requested 'v'; color: current 'red', requested 'blue'" in error.msg


def test_changed_stays_true_after_a_failure_mid_apply(api, clock):
    wid = api.add('w')
    api.fail('POST', r'/tags/action$', ApiError('POST failed: HTTP 500', status=500))
    error, context = fails(api, clock, error=ApiError, size=2, tags={'a': '1'})
    assert error.doing == 'tagging widget %s' % wid
    assert [c[0] for c in api.writes] == ['PUT', 'POST']
    assert context.changed is True


def test_a_failure_before_any_write_is_not_a_change(api, clock):
    wid = api.add('w')
    api.fail('PUT', WIDGETS + '/', ApiError('PUT failed: HTTP 403', status=403))
    error, context = fails(api, clock, error=ApiError, size=2, tags={'a': '1'})
    assert error.doing == 'updating widget %s' % wid
    assert context.changed is False
    assert len(api.writes) == 1


def test_an_update_waits_when_the_resource_is_not_ready(api, clock):
    wid = api.add('w', status='building', _statuses=['building', 'ready'])
    outcome, _context = run(api, clock)
    assert outcome.changed is False
    assert outcome.values['widget']['status'] == 'ready'
    assert api.calls == [LIST, ('GET', WIDGETS + '/' + wid, None), ('GET', WIDGETS + '/' + wid, None)]
    api.calls[:] = []
    api.widgets[wid]['status'] = 'building'
    outcome, _context = run(api, clock, wait=False)
    assert outcome.values['widget']['status'] == 'building'
    assert api.calls == [LIST]


def test_a_reply_for_another_id_is_not_merged(api, clock):
    wid = api.add('w', size=1)
    original = api.request

    def request(method, path, params=None, body=None, idempotent=None, expect_body=None):
        answer = original(method, path, params, body, idempotent, expect_body)
        return dict(answer, id='other', size=99, status='weird') if method == 'PUT' else answer

    api.request = request
    outcome, _context = run(api, clock, size=2)
    assert outcome.values['widget']['id'] == wid
    assert outcome.values['widget']['size'] == 2
    assert outcome.values['widget']['status'] == 'ready'


@pytest.mark.parametrize('overrides', [
    dict(size=4),
    dict(label='y'),
    dict(label_on=False, tags={'a': '2'}),
    dict(tags={'a': '1'}),
    dict(tags={}),
    dict(note='new', size=1),
    dict(),
])
def test_check_mode_update_reports_what_a_real_run_does(clock, overrides):
    def setup():
        fake = ToyApi(clock)
        fake.add('w', size=1, label='x', label_on=True, tags=[{'key': 'a', 'value': '1'}])
        return fake

    checked_api, real_api = setup(), setup()
    checked, _context = run(checked_api, clock, check_mode=True, **overrides)
    real, _context = run(real_api, clock, **overrides)
    assert checked_api.writes == []
    assert checked.changed == real.changed == bool(real_api.writes)
    assert checked.diff == real.diff
    assert checked.values == real.values


# ---------------------------------------------------------------------------
# Absent
# ---------------------------------------------------------------------------

def test_absent_deletes_and_waits_until_gone(api, clock):
    wid = api.add('w')
    api.delete_polls = 3
    outcome, context = run(api, clock, state='absent')
    assert outcome.changed is True and context.changed is True
    assert outcome.values == {'widget': {}, 'action': 'delete', 'changes': [
        {'field': 'color', 'before': 'red', 'after': None}, {'field': 'id', 'before': wid, 'after': None},
        {'field': 'label', 'before': '', 'after': None},
        {'field': 'label_on', 'before': False, 'after': None}, {'field': 'name', 'before': 'w', 'after': None},
        {'field': 'size', 'before': 1, 'after': None}]}
    assert outcome.diff['after'] == {} and outcome.diff['before']['id'] == wid
    assert api.writes == [('DELETE', WIDGETS + '/' + wid, None)]
    assert wid not in api.widgets
    assert clock.sleeps == [0.5, 0.5]


def test_absent_of_nothing_is_unchanged(api, clock):
    api.add('w2')
    outcome, _context = run(api, clock, state='absent')
    assert (outcome.changed, outcome.diff) == (False, {'before': {}, 'after': {}})
    assert outcome.values == {'widget': {}, 'action': 'none', 'changes': []}
    outcome, _context = run(api, clock, state='absent', id='w-9')
    assert outcome.changed is False
    assert api.writes == []


def test_absent_check_mode_deletes_nothing(api, clock):
    wid = api.add('w')
    outcome, context = run(api, clock, check_mode=True, state='absent')
    assert outcome.changed is True and context.changed is False
    assert api.writes == [] and wid in api.widgets


def test_absent_without_wait_does_not_poll(api, clock):
    api.add('w')
    run(api, clock, state='absent', wait=False)
    assert [c[0] for c in api.calls] == ['GET', 'DELETE']


def test_absent_of_a_resource_already_deleting_sends_no_delete_and_waits(api, clock):
    wid = api.add('w', status='deleting', _statuses=['deleting', 'gone'])
    outcome, _context = run(api, clock, state='absent')
    assert outcome.changed is False
    assert api.writes == []
    assert wid not in api.widgets


def test_absent_when_the_delete_meets_a_404_is_unchanged(api, clock):
    wid = api.add('w')
    original = api.request

    def request(method, path, params=None, body=None, idempotent=None, expect_body=None):
        if method == 'DELETE':
            # Someone else's delete finished between the lookup and ours.
            del api.widgets[wid]
        return original(method, path, params, body, idempotent, expect_body)

    api.request = request
    outcome, context = run(api, clock, state='absent')
    assert outcome.changed is False and context.changed is False
    assert [c[0] for c in api.calls] == ['GET', 'DELETE', 'GET']


def test_absent_whose_lost_delete_was_retried_into_a_404_is_changed(api, clock):
    # Issue 19 point 6: the client's error says an earlier attempt may have deleted it: this run did.
    wid = api.add('w')
    original = api.request

    def request(method, path, params=None, body=None, idempotent=None, expect_body=None):
        if method == 'DELETE':
            del api.widgets[wid]
            error = ApiError('DELETE %s failed: HTTP 404' % path, status=404)
            error.may_have_applied = True
            raise error
        return original(method, path, params, body, idempotent, expect_body)

    api.request = request
    outcome, context = run(api, clock, state='absent')
    assert outcome.changed is True and context.changed is True


def test_absent_timeout_names_the_last_status_and_stays_changed(api, clock):
    api.add('w')
    api.delete_polls = 1000
    error, context = fails(api, clock, state='absent', wait_timeout=5)
    assert 'waiting for widget w-0001 to be deleted; last status seen: deleting' in error.msg
    assert error.details['widget']['status'] == 'deleting'
    assert sum(clock.sleeps) == pytest.approx(5)
    assert context.changed is True


# ---------------------------------------------------------------------------
# The declaration's defaults
# ---------------------------------------------------------------------------

def test_the_base_declaration_hooks_are_neutral(api, clock):
    context = Context(widget_params(), client=api, sleep=clock.sleep, clock=clock)
    resource = Resource(context)
    assert resource.validate() == []
    assert resource.label() == 'resource'
    assert resource.identity_filters() == {}
    assert resource.read_members({}) is None
    assert not resource.plan_members({}, [])
    assert resource.to_ansible(None) == {}
    assert resource.diff_view(None) == {}
    assert resource.timeout() == 600
    with pytest.raises(NotImplementedError):
        resource.matches_identity({})
    assert Plan({}, {}, []).changed is False
    assert Plan({'x': {}}, {}, []).changed is True


def test_to_ansible_keeps_every_key_without_a_shape_and_copies(api, clock):
    widget = Widget(Context(widget_params(), client=api))
    answer = {'id': 'w', 'nested': {'a': 1}, 'tags': [{'key': 'k', 'value': 'v'}]}
    result = widget.to_ansible(answer)
    assert result == {'id': 'w', 'nested': {'a': 1}, 'tags': {'k': 'v'}}
    result['nested']['a'] = 2
    assert answer['nested'] == {'a': 1}
