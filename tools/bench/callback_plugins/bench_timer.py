# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark callback: one JSON line per task start and per host result, with wall-clock times.

Enabled by tools/bench/run.py (ANSIBLE_CALLBACKS_ENABLED=bench_timer); the file is named by the
environment variable BENCH_TIMER_FILE. Times are time.time() floats, so they compare with the
simulator's request times on the same machine.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: bench_timer
    type: aggregate
    short_description: write task start and result times as JSON lines
    description:
      - Used by the hwcloud.vpcep benchmark (tools/bench); not part of the collection.
    options: {}
    requirements:
      - the BENCH_TIMER_FILE environment variable names the output file
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    """Record when each task starts and when each host's result arrives."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        path = os.environ.get('BENCH_TIMER_FILE')
        # Line-buffered, so a killed run still leaves what it measured.
        self._out = open(path, 'a', encoding='utf-8', buffering=1) if path else None  # pylint: disable=consider-using-with

    def _write(self, record):
        if self._out is not None:
            self._out.write(json.dumps(record, sort_keys=True) + '\n')

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._write({'event': 'start', 't': time.time(), 'task': task.get_name(), 'uuid': task._uuid})

    def _result(self, result, status):
        now = time.time()
        payload = result._result
        record = {
            'event': 'result', 't': now, 'task': result._task.get_name(), 'uuid': result._task._uuid,
            'host': result._host.get_name(), 'status': status, 'changed': bool(payload.get('changed')),
        }
        service = payload.get('service')
        if isinstance(service, dict):
            record['service_id'] = service.get('id')
            record['service_status'] = service.get('status')
        if isinstance(payload.get('services'), list):
            record['services'] = len(payload['services'])
        if payload.get('results') is not None:
            record['items'] = len(payload['results'])
        if status != 'ok' and payload.get('msg'):
            record['msg'] = str(payload['msg'])[:500]
        self._write(record)

    def v2_runner_on_ok(self, result):
        self._result(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._result(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._result(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        self._write({'event': 'end', 't': time.time()})
        if self._out is not None:
            self._out.close()
            self._out = None
