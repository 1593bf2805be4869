# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Callback plugin of the tests: records every result of a hwcloud.vpcep module, for tools/check_returns.py.

Not part of the collection. tools/with_simulator.py --record-returns DIR puts it on the callback path of
ansible-test's integration runs (through the integration.cfg it writes beside the integration config): each
ansible process appends one JSON line per successful module result (each loop item on its own) to
DIR/<pid>.jsonl. It needs no enabling (ansible-test sets ANSIBLE_CALLBACKS_ENABLED itself, which would
override the configuration's list): being on the path is what turns it on.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: hwcloud_returns
type: aggregate
short_description: Record the results of the hwcloud.vpcep modules
description:
  - Appends each successful result of a hwcloud.vpcep module to a JSON lines file, for the RETURN check.
requirements:
  - its directory in the configuration's callback_plugins
options:
  directory:
    description: Where to write the files, one per ansible process.
    type: path
    required: true
    ini:
      - section: callback_hwcloud_returns
        key: directory
'''

import json
import os

from ansible.plugins.callback import CallbackBase

PREFIX = 'hwcloud.vpcep.'


class CallbackModule(CallbackBase):
    """Records results; prints nothing."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'hwcloud_returns'
    CALLBACK_NEEDS_ENABLED = False

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._path = None

    def set_options(self, *args, **kwargs):
        super(CallbackModule, self).set_options(*args, **kwargs)
        directory = self.get_option('directory')
        os.makedirs(directory, exist_ok=True)
        self._path = os.path.join(directory, '%d.jsonl' % os.getpid())

    def _record(self, result, item):
        task = result._task
        module = getattr(task, 'resolved_action', None) or task.action
        data = result._result
        # A loop's summary is recorded item by item; a censored result (no_log) has nothing to check.
        if not module or not module.startswith(PREFIX) or (not item and 'results' in data and task.loop) \
                or 'censored' in data or data.get('skipped'):
            return
        line = json.dumps({'module': module[len(PREFIX):], 'task': task.get_name(), 'result': data},
                          default=str, sort_keys=True)
        with open(self._path, 'a', encoding='utf-8') as handle:
            handle.write(line + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, item=False)

    def v2_runner_item_on_ok(self, result):
        self._record(result, item=True)
