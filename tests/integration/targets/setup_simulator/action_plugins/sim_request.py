# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Call the simulator's /_sim/ control API from the controller, without a module run.

The integration targets reset the simulator, arm faults and seed connections hundreds of times per
ansible-core version; with ansible.builtin.uri each call is a module process (about half a second of
CPU on ansible-core 2.19 and newer), here it is one HTTP request from the controller. Test code only:
the collection does not ship it.

Arguments: url (the simulator's base URL), calls (a list of {method, path, body}) sent in order.
Returns json (the answer of each call, in order) and status (each call's HTTP status); fails on the
first call that is not answered with 2xx.
"""
from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen
from ansible.plugins.action import ActionBase


def plain(value):
    """The value as plain JSON types (ansible-core 2.19+ passes tagged and lazy containers)."""
    if isinstance(value, dict):
        return dict((str(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def send(url, method, path, body):
    """One call; returns (status, decoded answer)."""
    data = None if body is None else json.dumps(plain(body)).encode('utf-8')
    request = Request(url.rstrip('/') + path, data=data, method=method, headers={'Content-Type': 'application/json'})
    try:
        answer = urlopen(request, timeout=30)
    except HTTPError as error:
        return error.code, error.read().decode('utf-8', 'replace')
    raw = answer.read().decode('utf-8')
    return answer.status, json.loads(raw) if raw else None


class ActionModule(ActionBase):
    """Send the calls in order; no module is transferred or run."""

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('url', 'calls'))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        url, calls = self._task.args.get('url'), self._task.args.get('calls')
        if not url or not isinstance(calls, list) or not calls:
            return dict(result, failed=True, msg='sim_request needs url and a non-empty list of calls')
        answers, statuses = [], []
        for call in calls:
            try:
                status, answer = send(str(url), str(call.get('method', 'POST')), str(call['path']), call.get('body'))
            except (URLError, OSError, ValueError, KeyError) as error:
                return dict(result, failed=True, msg='sim_request: %s %s: %s' % (call.get('method'), call.get('path'), error))
            if not 200 <= status < 300:
                return dict(result, failed=True, status=statuses + [status],
                            msg='sim_request: %s %s answered %s: %s' % (call.get('method'), call['path'], status, answer))
            answers.append(answer)
            statuses.append(status)
        return dict(result, changed=False, json=answers, status=statuses)
