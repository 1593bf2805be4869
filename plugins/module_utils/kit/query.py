# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading many resources (the info modules): the rules every query shares, tag filters, details per resource.

The tag filters are the API's `resource_instances` filter (server-side, every page of it); what a query
lists is the declaration's own. Details (a service's permissions, its connections) are read per resource,
concurrently within the `concurrency` option, in the order of the resources. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import tag_value
from ansible_collections.hwcloud.vpcep.plugins.module_utils.parallel import gather

TAG_FILTERS = ('tags', 'tags_any', 'not_tags', 'not_tags_any')
# The tag filters' limits (the SDK's TagValuesList: at most 10 keys, at most 10 values per key).
TAG_FILTER_MAX_KEYS = 10
TAG_FILTER_MAX_VALUES = 10


def query_errors(params):
    """Return the broken rules every info query shares: the id, the tag filters and concurrency."""
    errors = validate.resource_id('id', params.get('id'))
    errors.extend(tag_filter_errors(params))
    errors.extend(validate.bounded('concurrency', params.get('concurrency')))
    return errors


def tag_filter_errors(params):
    """Return the broken rules of the tag filter options: at most 10 keys of 10 string values each."""
    errors = []
    for option in TAG_FILTERS:
        given = params.get(option) or {}
        if len(given) > TAG_FILTER_MAX_KEYS:
            errors.append('%s: at most %d keys per tag filter (got %d)' % (option, TAG_FILTER_MAX_KEYS, len(given)))
        for key, value in sorted(given.items(), key=lambda kv: str(kv[0])):
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, (dict, list)) for v in values):
                errors.append('%s: the value of %r must be a string or a list of strings' % (option, str(key)))
            elif len(values) > TAG_FILTER_MAX_VALUES:
                errors.append('%s: at most %d values per key (%r has %d)'
                              % (option, TAG_FILTER_MAX_VALUES, str(key), len(values)))
    return errors


def tag_filter_body(params):
    """Return the resource_instances filter body for the tag options given, None when there are none."""
    body = {}
    for option in TAG_FILTERS:
        if params.get(option):
            body[option] = [{'key': str(k), 'values': _filter_values(v)} for k, v in sorted(params[option].items())]
    return body or None


def _filter_values(value):
    # "" or [] means any value of the key; a list means any of these values.
    if value is None or value == '' or value == []:
        return []
    if isinstance(value, list):
        return [tag_value(v) for v in value]
    return [tag_value(value)]


def only_tagged(context, resource_type, answers):
    """Return the answers the params' tag filters select (all of them when there is no tag filter)."""
    body = tag_filter_body(context.params)
    if body is None or not answers:
        return answers
    ids = tagged_ids(context, resource_type, body)
    return [a for a in answers if a.get('id') in ids]


def tagged_ids(context, resource_type, body):
    """Return the ids of the project's resources that the tag filter body selects (server-side, all pages)."""
    ids, offset = set(), 0
    path = api_path('/v1/{project_id}/%s' % resource_type, 'resource_instances', 'action')
    with doing('filtering %ss by tags' % resource_type.replace('_', ' ')):
        while True:
            page = dict(body, action='filter', limit=limits.PAGE_SIZE, offset=offset)
            answer = context.client.post(path, body=page, idempotent=True, expect_body=True) or {}
            items = answer.get('resources') or []
            known = len(ids)
            ids.update(r.get('resource_id') for r in items if isinstance(r, dict))
            offset += len(items)
            total = answer.get('total_count')
            # A short page ends it, and so does a full one with nothing new (a server that repeats itself), whatever
            # total_count says.
            if len(items) < limits.PAGE_SIZE or len(ids) == known or (isinstance(total, int) and offset >= total):
                return ids


def project_tags(context, resource_type):
    """Return every tag key of the project's services (or endpoints) with its values, as {key: [values, sorted]}."""
    with doing('listing the tags of the project\'s %ss' % resource_type.replace('_', ' ')):
        answer = context.client.get(api_path('/v1/{project_id}', resource_type, 'tags'))
    tags = answer.get('tags') if isinstance(answer, dict) else None
    found = {}
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, dict) and tag.get('key') is not None:
            values = found.setdefault(str(tag['key']), set())
            values.update(str(v) for v in tag.get('values') or [])
    return dict((key, sorted(values)) for key, values in found.items())


def with_details(context, results, details):
    """Add `details` ({key: read(result)}) to each result, reading results concurrently (the concurrency option)."""
    if not details:
        return results

    def one(result):
        for key, read in details.items():
            result[key] = read(result)
        return result

    return gather(one, results, context.option('concurrency', limits.CONCURRENCY.default))
