# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: plan_summary
short_description: Say in a few lines what a run of the roles or modules changes, or would change in check mode
version_added: 0.1.0
author:
  - hwcloud.vpcep contributors (@hwcloud)
description:
  - Turns results that carry C(action) and C(changes) - the elements of the roles' C(endpoint_services_result) and
    C(endpoints_result), or the registered results of M(hwcloud.vpcep.vpcep_service) and
    M(hwcloud.vpcep.vpcep_endpoint), also those of a loop (their C(results)) - into lines a person reads in a job's
    output, the same in a terminal and in AWX.
  - "One line per entry that changes, in the results' order, such as C(svc-a: would update - description: 'old' ->
    'new'; tags.env: 'dev' -> 'prod'); a create names the values it sets, a delete the id it removes (the result's
    C(id), else its change of C(id)); entries that change nothing get no line, and one that changes only what it
    names beside its own fields (the connections the role C(hwcloud.vpcep.endpoint_services) accepts) gets a line
    that says so. A failed entry gets a line that says so, with the changes it planned."
  - The last line counts the entries - C(2 to create, 1 to update, 0 to replace, 1 to delete, 5 unchanged) in check
    mode, C(2 created, 1 updated, 0 replaced, 1 deleted, 5 unchanged) otherwise - and the failed ones when there are.
  - >-
    The lines use the arrow U+2192 and the dash U+2014 between a value before and after, and between an entry and its
    changes. C(null) on a side of a change is written C((absent)); values are written in YAML's flow style with text in
    single quotes, a quote in the text doubled (C(['10.0.0.0/24']), C({client_port: 80, protocol: 'TCP'}),
    C('it''s')), so a job's JSON output escapes none of them, and a value longer than 200 characters is cut short
    with U+2026 (the results hold it whole).
  - >-
    When a side of a change is longer than 200 characters, the line shows where the sides differ, so that a change
    past the cut is not hidden - for two lists, the elements that are not in the other side, and how many alike were
    left out (C(ports: [{client_port: 1059, ...}] -> [{client_port: 1059, ...}] (59 elements alike left out))); for
    two texts, both from 20 characters before the first that differs, after U+2026.
positional: check_mode
options:
  _input:
    description:
      - The results, a list of dictionaries with C(action) and C(changes) (a result without C(action) counts as
        unchanged unless it failed), or one registered result of a loop (a dictionary with C(results)).
    type: raw
    required: true
  check_mode:
    description:
      - Whether the results are a check-mode run's plan (the lines say what I(would) happen) or a real run's.
      - Usually C(ansible_check_mode).
    type: bool
    default: false
  label:
    description:
      - The keys of a result tried in turn for the name of its line; the first that is set and not empty is used.
      - The default suits both roles' results (a service's C(name); an endpoint's C(endpoint_service_name) or
        C(endpoint_service_id), followed by its C(id), or its C(vpc_id) when it has no id yet) and the modules'
        (C(service.name), C(endpoint.endpoint_service_name), C(endpoint.id)).
    type: list
    elements: str
    default: [name, endpoint_service_name, endpoint_service_id, id, service.name, endpoint.endpoint_service_name,
              endpoint.id]
'''

EXAMPLES = r'''
- name: Show the plan of a check-mode run of the endpoint_services role in the job's output
  ansible.builtin.debug:
    msg: "{{ endpoint_services_result | hwcloud.vpcep.plan_summary(ansible_check_mode) }}"

- name: Show what a loop of vpcep_service tasks changed
  ansible.builtin.debug:
    msg: "{{ converged | hwcloud.vpcep.plan_summary(label=['service.name']) }}"
'''

RETURN = r'''
_value:
  description: The lines, one per entry that changes or failed, then the line that counts the entries.
  type: list
  elements: str
'''

import json
import os
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

ACTIONS = ('create', 'update', 'replace', 'delete')
# How the count line and the entry lines word each action: (check mode, real run).
COUNTS = {'create': ('to create', 'created'), 'update': ('to update', 'updated'), 'replace': ('to replace', 'replaced'),
          'delete': ('to delete', 'deleted')}
WORDS = {'create': ('would create', 'created'), 'update': ('would update', 'updated'),
         'replace': ('would replace', 'replaced'), 'delete': ('would delete', 'deleted')}
ARROW = ' \u2192 '
DASH = ' \u2014 '
VALUE_MAX = 200
# The characters shown before the first difference of two long texts.
CONTEXT = 20
DEFAULT_LABEL = ['name', 'endpoint_service_name', 'endpoint_service_id', 'id', 'service.name',
                 'endpoint.endpoint_service_name', 'endpoint.id']
# The keys of the roles' endpoint results that name the service: the line adds the endpoint's id or VPC.
ENDPOINT_KEYS = ('endpoint_service_name', 'endpoint_service_id')


def flow(value):
    """Return a value in YAML's flow style, text in single quotes: no double quote for a job's JSON output to escape."""
    if isinstance(value, str):
        # YAML's own escape in single quotes: a quote is doubled, so that "it's" cannot read as a cut value.
        return "'%s'" % value.replace("'", "''")
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, Mapping):
        return '{%s}' % ', '.join('%s: %s' % (k, flow(v)) for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    if is_sequence(value):
        return '[%s]' % ', '.join(flow(v) for v in value)
    return str(value)


def show(value):
    """Return a value as a line shows it: (absent) for null, else in flow style, cut short past VALUE_MAX characters."""
    text = '(absent)' if value is None else flow(value)
    return text if len(text) <= VALUE_MAX else text[:VALUE_MAX - 1] + '\u2026'


def _long(before, after):
    return max(len(flow(before)), len(flow(after))) > VALUE_MAX


def show_pair(before, after):
    """Return both sides of a change as a line shows them. When either is too long to show whole, only where they
    differ: for two lists, the elements not in the other (a note says how many alike were left out); for two texts,
    from a little before the first character that differs. Cut at VALUE_MAX, the difference could fall past the cut
    and both sides read the same."""
    if is_sequence(before) and is_sequence(after) and _long(before, after):
        gone, new = [v for v in before if v not in after], [v for v in after if v not in before]
        alike = len(before) - len(gone)
        return '%s%s%s (%d elements alike left out)' % (show(gone), ARROW, show(new), alike)
    if isinstance(before, str) and isinstance(after, str) and _long(before, after):
        same = len(os.path.commonprefix([before, after]))
        if same > CONTEXT:
            start = same - CONTEXT
            return "'\u2026%s%s'\u2026%s" % (show(before[start:])[1:], ARROW, show(after[start:])[1:])
    return '%s%s%s' % (show(before), ARROW, show(after))


def _lookup(result, dotted):
    value = result
    for part in dotted.split('.'):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def label_of(result, keys, index):
    """Return the name of a result's line: the first key set; an endpoint's service with the endpoint's id, or its VPC
    for one to create (one service may have endpoints in many VPCs)."""
    for key in keys:
        value = _lookup(result, key)
        if value in (None, ''):
            continue
        if key in ENDPOINT_KEYS and result.get('id'):
            return '%s (%s)' % (value, result['id'])
        if key in ENDPOINT_KEYS and result.get('vpc_id'):
            return '%s (VPC %s)' % (value, result['vpc_id'])
        return str(value)
    return 'entry %d' % (index + 1)


def describe_changes(action, changes):
    """Return an entry's changes as text: `field: before -> after; ...`, a create's `field: value`, a delete's id."""
    if action == 'create':
        return '; '.join('%s: %s' % (c.get('field'), show(c.get('after'))) for c in changes)
    if action == 'delete':
        return ''
    return '; '.join('%s: %s' % (c.get('field'), show_pair(c.get('before'), c.get('after'))) for c in changes)


def entry_line(result, label, check_mode):
    """Return the line of one result, None when it changes nothing and did not fail."""
    action = result.get('action') or 'none'
    changes = result.get('changes') or []
    failed = bool(result.get('failed'))
    if action == 'none' and not failed:
        if not result.get('changed'):
            return None
        # The role's accept step, say: a change to something the entry names, not to its own fields.
        return '%s: %s (beside its own fields, such as connections to accept; see its result)' % (
            label, 'would change' if check_mode else 'changed')
    if failed:
        head = '%s: failed' % label + (' (planned: %s)' % action if action != 'none' else '')
    else:
        head = '%s: %s' % (label, WORDS[action][0 if check_mode else 1])
    gone = result.get('id') or next((c.get('before') for c in changes if c.get('field') == 'id'), None)
    if action == 'delete' and gone:
        head += ' (id %s)' % gone
    text = describe_changes(action, changes)
    return head + DASH + text if text else head


def count_line(results, check_mode):
    """Return `2 to create, 1 to update, 0 to replace, 1 to delete, 5 unchanged[, 1 failed]`."""
    failed = sum(1 for r in results if r.get('failed'))
    counts = dict((a, sum(1 for r in results if not r.get('failed') and r.get('action') == a)) for a in ACTIONS)
    unchanged = len(results) - failed - sum(counts.values())
    parts = ['%d %s' % (counts[a], COUNTS[a][0 if check_mode else 1]) for a in ACTIONS]
    parts.append('%d unchanged' % unchanged)
    if failed:
        parts.append('%d failed' % failed)
    return ', '.join(parts)


def _results(data):
    if isinstance(data, Mapping) and is_sequence(data.get('results')):
        data = data['results']
    if not is_sequence(data) or not all(isinstance(r, Mapping) for r in data):
        raise AnsibleFilterError('plan_summary: expects a list of results (dictionaries with action and changes), or '
                                 'a registered loop result with results; got %s' % type(data).__name__)
    return list(data)


def plan_summary(data, check_mode=False, label=None):
    """Return the lines that say what the results change (see DOCUMENTATION)."""
    results = _results(data)
    keys = list(label) if label else DEFAULT_LABEL
    lines = [entry_line(r, label_of(r, keys, i), bool(check_mode)) for i, r in enumerate(results)]
    return [line for line in lines if line] + [count_line(results, bool(check_mode))]


class FilterModule:
    """The plan_summary filter."""

    def filters(self):
        return {'plan_summary': plan_summary}
