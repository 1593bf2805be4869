# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A toy resource, declared on the kit the way real resources are, and a tiny in-memory API for it.

It has nothing to do with VPCEP, so tests that drive it show that the engine and the lookup are
generic: a widget is found by its exact name, `color` is fixed at creation, `size` and `note` go
with one PUT, and `label` + `label_on` are replaced together by their own POST.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.engine import Resource, UpdateCall
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fields import Field, FieldSet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import dict_to_tags

WIDGETS = '/v1/{project_id}/widgets'
TAGS = '/v1/{project_id}/widget/%s/tags/action'


class Widget(Resource):
    """A widget: found by id or by its exact name."""

    noun = 'widget'
    result_key = 'widget'
    path = WIDGETS
    list_key = 'widgets'
    tag_type = 'widget'
    fields = FieldSet(
        Field('name', required=True),
        Field('color', required=True),
        Field('size', update='resize', default=1),
        Field('note', update='resize'),
        Field('label', update='label', default=''),
        Field('label_on', update='label', default=False),
        Field('secret', returned=False),
    )
    update_calls = {
        'resize': UpdateCall('PUT'),
        'label': UpdateCall('POST', suffix=('label',), whole=True, doing_text='labelling'),
    }
    ready = ('ready',)
    failed = ('broken',)
    created = ('ready', 'broken')

    def label(self):
        return 'widget %r' % self.params.get('name')

    def create_body(self):
        # As the real declarations do: the engine predicts tags on create, the declaration sends them.
        body = super(Widget, self).create_body()
        if self.params.get('tags'):
            body['tags'] = dict_to_tags(self.params['tags'])
        return body

    def check_hint(self):
        return 'the widget list'

    def identity_filters(self):
        return {'name': self.params.get('name')}

    def matches_identity(self, answer):
        return answer.get('name') == self.params.get('name')

    def ambiguity_message(self, ids):
        return 'Found %d widgets named %r (ids: %s).' % (len(ids), self.params.get('name'), ', '.join(ids))


def widget_params(**overrides):
    """Module-style params of the toy module: every option present."""
    base = dict(id=None, name='w', color=None, size=None, note=None, label=None, label_on=None, secret=None, tags=None,
                purge_tags=True, state='present', wait=True, wait_timeout=600)
    base.update(overrides)
    return base


def _raise(error):
    raise error


def not_found(method, path):
    return ApiError('%s %s failed: HTTP 404' % (method, path), status=404, error_code='X.404', error_msg='not found',
                    method=method, path=path)


class ToyApi(object):
    """An in-memory widget API with a record of every call, and the faults the lookup has to survive."""

    def __init__(self, clock):
        self.clock = clock
        self.widgets = {}
        self.calls = []
        self.counter = 0
        self.provision = ['building', 'ready']
        self.created_at = '2026-01-01T00:00:05Z'
        self.create_error = None
        self.create_commits = True
        self.commit_delay = 0
        self.create_answer = None
        self.on_create = None
        self.errors = []            # [method, path regex, error, times]
        self.delete_refusals = 0    # deletes answered 409 first
        self.tag_refusals = 0       # tag actions on a building widget answered 409 first
        self.delete_polls = 1

    def add(self, name, **fields):
        self.counter += 1
        wid = fields.pop('id', None) or 'w-%04d' % self.counter
        widget = dict(id=wid, name=name, color='red', size=1, status='ready', created_at='2026-01-01T00:00:00Z',
                      tags=[], _statuses=[], _visible_at=0)
        widget.update(fields)
        self.widgets[wid] = widget
        return wid

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != 'GET']

    def fail(self, method, pattern, error, times=1):
        self.errors.append([method, re.compile(pattern), error, times])

    # -- client interface

    def get(self, path, params=None):
        return self.request('GET', path, params=params)

    def post(self, path, body=None, idempotent=False, expect_body=False):
        return self.request('POST', path, body=body, idempotent=idempotent, expect_body=expect_body)

    def put(self, path, body=None):
        return self.request('PUT', path, body=body)

    def delete(self, path):
        return self.request('DELETE', path)

    def paginate(self, path, key, params=None, page_size=1000, workers=1):
        params = dict((k, v) for k, v in (params or {}).items() if v is not None)
        self.calls.append(('GET', path, dict(params, limit=page_size)))
        assert path == WIDGETS and key == 'widgets'
        items = [w for w in self.widgets.values() if w['_visible_at'] <= self.clock()]
        if params.get('name'):
            items = [w for w in items if params['name'] in w['name']]
        return [self._public(w) for w in items]

    def request(self, method, path, params=None, body=None, idempotent=None, expect_body=None):
        self.calls.append((method, path, copy.deepcopy(body if method != 'GET' else params)))
        for error in self.errors:
            if error[0] == method and error[1].search(path) and error[3] > 0:
                error[3] -= 1
                raise error[2]
        if method == 'POST' and path == WIDGETS:
            return self._create(body)
        match = re.match(r'^/v1/\{project_id\}/widget/([^/]+)/tags/action$', path)
        if match:
            return self._tags(match.group(1), body)
        match = re.match(r'^%s/([^/]+)(/label)?$' % re.escape(WIDGETS), path)
        assert match, path
        widget = self.widgets.get(match.group(1))
        if widget is None or widget['_visible_at'] > self.clock():
            raise not_found(method, path)
        if method == 'GET':
            return self._show(widget)
        if method == 'DELETE':
            return self._delete(widget)
        widget.update(copy.deepcopy(body))
        return self._public(widget) if method == 'PUT' else None

    # -- behaviour

    @staticmethod
    def _public(widget):
        return dict((k, copy.deepcopy(v)) for k, v in widget.items() if not k.startswith('_'))

    def _create(self, body):
        if self.create_error is not None and not self.create_commits:
            _raise(self.create_error)
        wid = self.add(body['name'], status='building', created_at=self.created_at, **dict(
            (k, v) for k, v in body.items() if k != 'name'))
        self.widgets[wid]['_statuses'] = list(self.provision)
        self.widgets[wid]['_visible_at'] = self.clock() + self.commit_delay
        if self.on_create is not None:
            self.on_create(wid)
        if self.create_error is not None:
            _raise(self.create_error)
        answer = self._public(self.widgets[wid])
        return self.create_answer(answer) if self.create_answer else answer

    def _show(self, widget):
        if widget['_statuses']:
            status = widget['_statuses'].pop(0) if len(widget['_statuses']) > 1 else widget['_statuses'][0]
            if status == 'gone':
                del self.widgets[widget['id']]
                raise not_found('GET', WIDGETS + '/' + widget['id'])
            widget['status'] = status
        return self._public(widget)

    def _delete(self, widget):
        if self.delete_refusals:
            self.delete_refusals -= 1
            raise ApiError('DELETE failed: HTTP 409', status=409, error_code='X.409', error_msg='busy')
        widget['status'] = 'deleting'
        widget['_statuses'] = ['deleting'] * (self.delete_polls - 1) + ['gone']
        return None

    def _tags(self, wid, body):
        widget = self.widgets.get(wid)
        if widget is None:
            raise not_found('POST', TAGS % wid)
        if widget['status'] == 'building' and self.tag_refusals:
            self.tag_refusals -= 1
            raise ApiError('POST failed: HTTP 409', status=409, error_code='X.409', error_msg='still building')
        tags = dict((t['key'], t['value']) for t in widget['tags'])
        for tag in body['tags']:
            if body['action'] == 'create':
                tags[tag['key']] = tag['value']
            elif 'value' not in tag or tags.get(tag['key']) == tag['value']:
                # As the API does: a delete with a value removes the tag only when the value matches.
                tags.pop(tag['key'], None)
        widget['tags'] = [{'key': k, 'value': v} for k, v in sorted(tags.items())]
