# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Resource tags: the dict users write, the API's key/value list, their difference, their rules and calls.

The same for endpoint services and VPC endpoints (`/v1/{project_id}/<resource type>/<id>/tags/action`).
One key is the collection's own: every create carries a creation token under MARKER_KEY, the proof that
lets a run tell its own new resource from another party's (kit/lookup.py). No result, diff or tag
comparison ever sees that key: `tags_to_dict` drops it. No Ansible imports.
"""

import unicodedata

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ResourceError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.validate import shown

# The current API reference and SDK allow 20 tags per resource (the older create page said 10).
TAGS_MAX = 20
KEY_MAX = 128
VALUE_MAX = 255
FORBIDDEN = '=*<>\\,|/'
# The key of the creation token tag (at most 36 characters, none of FORBIDDEN: the API's strictest key rules).
MARKER_KEY = 'hwcloud-vpcep-create-token'


def tag_value(value):
    """Return a tag value as the API's string: None -> '', booleans -> 'true'/'false', numbers -> their digits."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def tags_to_dict(tags):
    """Turn the API's `[{"key", "value"}]` into a dict (None and a dict pass through), creation tokens left out."""
    if not tags:
        return {}
    if isinstance(tags, dict):
        pairs = [(str(k), tag_value(v)) for k, v in tags.items()]
    else:
        pairs = [(t.get('key'), tag_value(t.get('value'))) for t in tags if isinstance(t, dict)]
    return dict((k, v) for k, v in pairs if k != MARKER_KEY)


def markers(tags):
    """Return the values of the creation token tags among the API's `[{"key", "value"}]` (each run's own value)."""
    return [t.get('value') for t in tags or [] if isinstance(t, dict) and t.get('key') == MARKER_KEY]


def carries_token(answer, token):
    """Tell whether an API answer carries the creation token tag with this value."""
    return bool(token) and isinstance(answer, dict) and token in markers(answer.get('tags'))


def without_token(answer, token):
    """Return the answer without the creation token tag of this value (after the run removed it)."""
    result = dict(answer)
    result['tags'] = [t for t in answer.get('tags') or []
                      if not (isinstance(t, dict) and t.get('key') == MARKER_KEY and t.get('value') == token)]
    return result


def dict_to_tags(tags):
    """Turn a dict into the API's `[{"key", "value"}]`, sorted by key."""
    return [{'key': str(k), 'value': tag_value(v)} for k, v in sorted((tags or {}).items(), key=lambda kv: str(kv[0]))]


def compare_tags(current, desired, purge=True):
    """Return `(to_set, to_unset)`: a dict of new or changed tags and a sorted list of keys to remove."""
    if desired is None:
        return {}, []
    current = tags_to_dict(current)
    desired = tags_to_dict(desired)
    to_set = dict((k, v) for k, v in desired.items() if k not in current or current[k] != v)
    to_unset = sorted(k for k in current if k not in desired) if purge else []
    return to_set, to_unset


def apply_tags(tags, to_set, to_unset):
    """Return the tag dict that setting `to_set` and removing `to_unset` leaves."""
    result = dict((k, v) for k, v in tags_to_dict(tags).items() if k not in to_unset)
    result.update(to_set)
    return result


def validate_tags(tags, option='tags', limit=TAGS_MAX):
    """Return one message per broken tag rule, each naming the option and the key."""
    if not isinstance(tags, dict):
        return ['%s: must be a dictionary of key: value' % option]
    errors = []
    if len(tags) > limit:
        errors.append('%s: at most %d tags per resource (got %d)' % (option, limit, len(tags)))
    for key, value in sorted(tags.items(), key=lambda kv: str(kv[0])):
        key = str(key)
        if key == MARKER_KEY:
            errors.append('%s: the key %s is reserved: the collection tags each resource it creates with it for a moment, '
                          'to recognise its own create; use another key' % (option, MARKER_KEY))
            continue
        if isinstance(value, (dict, list)):
            errors.append('%s: the value of %s must be a string, number or boolean, got a %s'
                          % (option, shown(key), 'list' if isinstance(value, list) else 'dictionary'))
            continue
        errors.extend(_text_errors(option, key, tag_value(value)))
    return errors


def _text_errors(option, key, value):
    errors = []
    if not 1 <= len(key) <= KEY_MAX:
        errors.append('%s: key %s must be 1 to %d characters long' % (option, shown(key), KEY_MAX))
    if len(value) > VALUE_MAX:
        errors.append('%s: value of %s must be at most %d characters long' % (option, shown(key), VALUE_MAX))
    for what, text in (('key %s' % shown(key), key), ('value of %s' % shown(key), value)):
        bad = sorted(set(c for c in text if c in FORBIDDEN))
        if bad:
            errors.append('%s: %s must not contain any of %s (found %s)' % (option, what, ' '.join(FORBIDDEN), ' '.join(bad)))
        if text != text.strip():
            errors.append('%s: %s must not start or end with a space or other whitespace (a tab, a newline)' % (option, what))
        control = sorted(set(c for c in text if unicodedata.category(c) == 'Cc'))
        if control:
            errors.append('%s: %s must not contain control characters (found %s)'
                          % (option, what, ' '.join(repr(c)[1:-1] for c in control)))
    return errors


def check_room(current, to_set, to_unset, what, limit=TAGS_MAX):
    """Fail when the tags a change leaves, with the creation tokens other runs left on the resource, exceed the limit."""
    if not to_set:
        return
    left = len(apply_tags(current, to_set, to_unset))
    hidden = len(markers(current if isinstance(current, list) else []))
    if hidden and left + hidden > limit:
        raise ResourceError(
            'The tags of %s would be %d, more than the %d a resource may carry: the %d this task leaves, and %d creation '
            'token tag(s) (key %s) that a create left on it and that this run does not remove (a run that is still '
            'creating it may need them). Nothing was changed. If no run is creating this resource any more, remove '
            'the %s tags in the console or with the tags API, or ask for fewer tags.'
            % (what, left + hidden, limit, left, hidden, MARKER_KEY, MARKER_KEY))


def tag_calls(context, resource_type, resource_id, noun, to_set, to_unset, current):
    """Send the tag changes: remove (with their current values) first, then create or overwrite."""
    path = api_path('/v1/{project_id}/%s' % resource_type, resource_id, 'tags', 'action')
    if to_unset:
        with doing('removing tags from %s %s' % (noun, resource_id)):
            body = {'action': 'delete', 'tags': dict_to_tags(dict((k, current[k]) for k in to_unset))}
            context.write('POST', path, body=body, idempotent=True)
    if to_set:
        with doing('tagging %s %s' % (noun, resource_id)):
            context.write('POST', path, body={'action': 'create', 'tags': dict_to_tags(to_set)}, idempotent=True)
