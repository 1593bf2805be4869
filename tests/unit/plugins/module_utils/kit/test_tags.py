# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import tags
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context


# ---------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    (None, ''),
    ('', ''),
    ('prod', 'prod'),
    (True, 'true'),
    (False, 'false'),
    (0, '0'),
    (5, '5'),
    (-3, '-3'),
    (1.5, '1.5'),
])
def test_tag_value_is_the_api_string(value, expected):
    assert tags.tag_value(value) == expected


def test_dict_to_tags_sorts_by_key_and_turns_values_into_strings():
    assert tags.dict_to_tags({'b': '2', 'a': 1, 'c': None, 'd': True, 'e': False}) == [
        {'key': 'a', 'value': '1'}, {'key': 'b', 'value': '2'}, {'key': 'c', 'value': ''},
        {'key': 'd', 'value': 'true'}, {'key': 'e', 'value': 'false'}]
    assert tags.dict_to_tags(None) == []
    assert tags.dict_to_tags({}) == []


def test_tags_to_dict_from_the_api_list_a_dict_or_nothing():
    assert tags.tags_to_dict([{'key': 'a', 'value': '1'}, {'key': 'b'}, 'junk', {'key': 'n', 'value': 5}]) == {
        'a': '1', 'b': '', 'n': '5'}
    assert tags.tags_to_dict({'a': 1, 'b': None, 'c': True}) == {'a': '1', 'b': '', 'c': 'true'}
    assert tags.tags_to_dict({1: 'x'}) == {'1': 'x'}
    assert tags.tags_to_dict(None) == {}
    assert tags.tags_to_dict([]) == {}


def test_round_trip():
    original = {'env': 'prod', 'team': '', 'n': '7'}
    assert tags.tags_to_dict(tags.dict_to_tags(original)) == original


# ---------------------------------------------------------------------------
# Compare and apply
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('current, desired, purge, to_set, to_unset', [
    ({'a': '1', 'b': '2'}, None, True, {}, []),
    ({'a': '1', 'b': '2'}, {'a': '1', 'b': '2'}, True, {}, []),
    ({'a': '1', 'b': '2'}, {'a': '1'}, True, {}, ['b']),
    ({'a': '1', 'b': '2'}, {'a': '1'}, False, {}, []),
    ({'a': '1', 'b': '2'}, {'a': 'x', 'c': '3'}, True, {'a': 'x', 'c': '3'}, ['b']),
    ({'a': '1', 'b': '2'}, {'a': 'x', 'c': '3'}, False, {'a': 'x', 'c': '3'}, []),
    ({'a': '1'}, {}, True, {}, ['a']),
    ({'a': '1'}, {}, False, {}, []),
    ({}, {'a': ''}, True, {'a': ''}, []),
    ({'a': ''}, {'a': None}, True, {}, []),
    # Numbers and booleans compare as the strings the API stores.
    ({'n': '5', 'on': 'true'}, {'n': 5, 'on': True}, True, {}, []),
    ({'n': '5'}, {'n': 6}, True, {'n': '6'}, []),
    # The API's list form on either side.
    ([{'key': 'a', 'value': '1'}, {'key': 'z', 'value': ''}], {'a': '1'}, True, {}, ['z']),
    ({'c': '1', 'a': '1', 'b': '1'}, {}, True, {}, ['a', 'b', 'c']),
])
def test_compare_tags(current, desired, purge, to_set, to_unset):
    assert tags.compare_tags(current, desired, purge) == (to_set, to_unset)


def test_apply_tags_removes_then_sets_without_touching_the_input():
    current = [{'key': 'keep', 'value': '1'}, {'key': 'drop', 'value': 'x'}, {'key': 'change', 'value': 'old'}]
    assert tags.apply_tags(current, {'change': 'new', 'add': 'y'}, ['drop']) == {'keep': '1', 'change': 'new', 'add': 'y'}
    assert current[1] == {'key': 'drop', 'value': 'x'}
    assert tags.apply_tags(None, {'a': '1'}, []) == {'a': '1'}
    assert tags.apply_tags({'a': '1'}, {}, ['a', 'missing']) == {}


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

ENDS = ' must not start or end with a space or other whitespace (a tab, a newline)'


@pytest.mark.parametrize('value, expected', [
    (dict(('k%d' % i, 'v') for i in range(21)), ['tags: at most 20 tags per resource (got 21)']),
    ({'': 'v'}, ["tags: key '' must be 1 to 128 characters long"]),
    # A long key is named cut short, so a 10 KB key stays a short message.
    ({'k' * 129: 'v'}, ["tags: key '%s... must be 1 to 128 characters long" % ('k' * 56)]),
    ({'k': 'v' * 256}, ["tags: value of 'k' must be at most 255 characters long"]),
    ({'a=b': 'v'}, ["tags: key 'a=b' must not contain any of = * < > \\ , | / (found =)"]),
    ({'k': 'a/b|c'}, ["tags: value of 'k' must not contain any of = * < > \\ , | / (found / |)"]),
    ({'k': 'a\\b'}, ["tags: value of 'k' must not contain any of = * < > \\ , | / (found \\)"]),
    ({' lead': 'v'}, ["tags: key ' lead' must not start or end with a space or other whitespace (a tab, a newline)"]),
    ({'k': 'trail '}, ["tags: value of 'k' must not start or end with a space or other whitespace (a tab, a newline)"]),
    # Issue 19 point 13: control characters and other whitespace at either end, which the API refuses, are never sent.
    ({'k\n': 'v'}, ["tags: key 'k\\n'" + ENDS, "tags: key 'k\\n' must not contain control characters (found \\n)"]),
    ({'\tk': 'v'}, ["tags: key '\\tk'" + ENDS, "tags: key '\\tk' must not contain control characters (found \\t)"]),
    ({'k': 'a\x00b'}, ["tags: value of 'k' must not contain control characters (found \\x00)"]),
    ({'k': 'a\x7f\x1bb'}, ["tags: value of 'k' must not contain control characters (found \\x1b \\x7f)"]),
    ({'k': '\u00a0v'}, ["tags: value of 'k' must not start or end with a space or other whitespace (a tab, a newline)"]),
    # Issue 11 point 4: a dict or list value is refused, naming the key, instead of being sent as its Python text.
    ({'k': {'a': 1}}, ["tags: the value of 'k' must be a string, number or boolean, got a dictionary"]),
    ({'k': [1, 2]}, ["tags: the value of 'k' must be a string, number or boolean, got a list"]),
    (['k', 'v'], ['tags: must be a dictionary of key: value']),
    ('k=v', ['tags: must be a dictionary of key: value']),
])
def test_validate_tags_names_the_option_and_the_key(value, expected):
    assert tags.validate_tags(value) == expected


@pytest.mark.parametrize('value', [
    {},
    dict(('k%d' % i, '') for i in range(20)),
    {'k' * 128: 'v' * 255, 'inner space': 'a b', 'n': 5, 'f': 1.5, 'on': True, 'none': None, 'unicode': 'caf\u00e9'},
])
def test_validate_tags_accepts(value):
    assert tags.validate_tags(value) == []


def test_validate_tags_reports_every_rule_with_the_option_asked_for():
    errors = tags.validate_tags({'a=b': ' x', 'd': {}}, option='not_tags', limit=1)
    assert errors == [
        'not_tags: at most 1 tags per resource (got 2)',
        "not_tags: key 'a=b' must not contain any of = * < > \\ , | / (found =)",
        "not_tags: value of 'a=b' must not start or end with a space or other whitespace (a tab, a newline)",
        "not_tags: the value of 'd' must be a string, number or boolean, got a dictionary",
    ]


def test_the_limit_is_twenty():
    # Issue 12 point 3: the current API reference and SDK allow 20 tags (the old code said 10).
    assert tags.TAGS_MAX == 20
    assert tags.validate_tags(dict(('k%d' % i, 'v') for i in range(11))) == []


# ---------------------------------------------------------------------------
# The calls
# ---------------------------------------------------------------------------

class Recorder(object):
    """Records posts; each queued entry is an error to raise, or None for a call that succeeds."""

    def __init__(self, errors=None):
        self.calls = []
        self.errors = list(errors or [])

    def request(self, method, path, body=None, idempotent=None, expect_body=None):
        assert method == 'POST'
        self.calls.append((path, body, idempotent))
        if self.errors:
            error = self.errors.pop(0)
            if error is not None:
                raise error


def test_tag_calls_remove_with_current_values_first_then_create_both_idempotent():
    client = Recorder()
    context = Context({}, client=client)
    current = {'drop': 'x', 'gone': '', 'keep': '1'}
    tags.tag_calls(context, 'endpoint_service', 'svc-1', 'endpoint service', {'b': '2', 'a': '1'}, ['gone', 'drop'], current)
    path = '/v1/{project_id}/endpoint_service/svc-1/tags/action'
    assert client.calls == [
        (path, {'action': 'delete', 'tags': [{'key': 'drop', 'value': 'x'}, {'key': 'gone', 'value': ''}]}, True),
        (path, {'action': 'create', 'tags': [{'key': 'a', 'value': '1'}, {'key': 'b', 'value': '2'}]}, True),
    ]
    assert context.changed is True


def test_tag_calls_with_nothing_to_do_send_nothing():
    client = Recorder()
    context = Context({}, client=client)
    tags.tag_calls(context, 'endpoint', 'e1', 'VPC endpoint', {}, [], {})
    assert client.calls == []
    assert context.changed is False


def test_tag_calls_encode_the_id_as_one_path_segment():
    client = Recorder()
    tags.tag_calls(Context({}, client=client), 'endpoint', '../x?y', 'VPC endpoint', {'a': '1'}, [], {})
    assert client.calls[0][0] == '/v1/{project_id}/endpoint/..%2Fx%3Fy/tags/action'


def test_tag_call_failures_say_what_was_being_done_and_keep_changed():
    client = Recorder(errors=[None, ApiError('POST failed: HTTP 500', status=500)])
    context = Context({}, client=client)
    with pytest.raises(ApiError) as info:
        tags.tag_calls(context, 'endpoint_service', 's1', 'endpoint service', {'a': '1'}, ['b'], {'b': '2'})
    assert info.value.doing == 'tagging endpoint service s1'
    assert info.value.failure()['msg'] == 'Failed while tagging endpoint service s1: POST failed: HTTP 500'
    # The delete went through before the create failed.
    assert len(client.calls) == 2
    assert context.changed is True


def test_a_failed_removal_is_labelled_and_changes_nothing():
    client = Recorder(errors=[ApiError('POST failed: HTTP 403', status=403)])
    context = Context({}, client=client)
    with pytest.raises(ApiError) as info:
        tags.tag_calls(context, 'endpoint', 'e1', 'VPC endpoint', {'a': '1'}, ['b'], {'b': '2'})
    assert info.value.doing == 'removing tags from VPC endpoint e1'
    assert len(client.calls) == 1
    assert context.changed is False


# ---------------------------------------------------------------------------
# The creation token (issue 19): hidden everywhere, reserved, never silently over the limit
# ---------------------------------------------------------------------------

TOKEN_TAG = {'key': tags.MARKER_KEY, 'value': 'a' * 32}


def test_the_creation_token_never_shows_in_a_tag_dict_nor_in_a_comparison():
    listed = [{'key': 'env', 'value': 'prod'}, TOKEN_TAG, {'key': tags.MARKER_KEY, 'value': 'b' * 32}]
    assert tags.tags_to_dict(listed) == {'env': 'prod'}
    assert tags.tags_to_dict({tags.MARKER_KEY: 'x', 'a': 1}) == {'a': '1'}
    # purge_tags never removes it: it is not among the current tags a comparison sees.
    assert tags.compare_tags(listed, {}, purge=True) == ({}, ['env'])
    assert tags.apply_tags(listed, {'b': '2'}, ['env']) == {'b': '2'}


def test_markers_and_tokens():
    listed = [{'key': 'env', 'value': 'prod'}, TOKEN_TAG]
    assert tags.markers(listed) == ['a' * 32]
    assert tags.markers(None) == [] and tags.markers([{'key': 'x'}, 'odd']) == []
    assert tags.carries_token({'tags': listed}, 'a' * 32) is True
    assert tags.carries_token({'tags': listed}, 'b' * 32) is False
    assert tags.carries_token({'tags': listed}, None) is False
    assert tags.carries_token(None, 'a' * 32) is False
    answer = {'id': 'x', 'tags': listed + [{'key': tags.MARKER_KEY, 'value': 'c' * 32}]}
    left = [{'key': 'env', 'value': 'prod'}, {'key': tags.MARKER_KEY, 'value': 'c' * 32}]
    assert tags.without_token(answer, 'a' * 32)['tags'] == left
    assert answer['tags'][1] == TOKEN_TAG


def test_the_reserved_key_is_refused_naming_the_option_and_the_rule():
    assert tags.validate_tags({tags.MARKER_KEY: 'mine', 'ok': '1'}) == [
        'tags: the key hwcloud-vpcep-create-token is reserved: the collection tags each resource it creates with it for '
        'a moment, to recognise its own create; use another key']


def test_check_room_counts_hidden_tokens_only_when_tags_are_added():
    current = [{'key': 'k%02d' % i, 'value': 'v'} for i in range(19)] + [TOKEN_TAG]
    tags.check_room(current, {}, ['k00'], 'widget w')
    tags.check_room(current, {'k01': 'new'}, [], 'widget w')
    tags.check_room(current, {'new': '1'}, ['k00'], 'widget w')
    with pytest.raises(tags.ResourceError) as info:
        tags.check_room(current, {'new': '1'}, [], 'widget w')
    assert info.value.msg.startswith('The tags of widget w would be 21, more than the 20 a resource may carry: the 20 '
                                     'this task leaves, and 1 creation token tag(s)')
    # Without hidden tokens the limit is validation's job (the option's 20), not this check's.
    tags.check_room(current[:19], {'a': '1', 'b': '2'}, [], 'widget w')
