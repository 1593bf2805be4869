# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's bookkeeping (tools/bench/run.py): attributing requests, timing tasks, parsing importtime.

The benchmark itself is slow and runs with `make bench`; these checks are instant.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SPEC = importlib.util.spec_from_file_location('bench_run', os.path.join(ROOT, 'tools', 'bench', 'run.py'))
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

SERVICES = '/v1/p1/vpc-endpoint-services'


def call(seq, method, path, t=None):
    return {'seq': seq, 'method': method, 'path': path, 't': float(seq) if t is None else t}


def test_create_polls_are_counted_apart_from_the_lookup_and_the_post():
    calls = [call(1, 'GET', SERVICES), call(2, 'POST', SERVICES), call(3, 'GET', SERVICES + '/abc'),
             call(4, 'GET', SERVICES + '/abc')]
    rest, polls = bench.split_polls(calls)
    assert [c['seq'] for c in rest] == [1, 2]
    assert [c['seq'] for c in polls] == [3, 4]


def test_delete_polls_are_counted_apart_and_a_read_after_a_put_is_not_a_poll():
    rest, polls = bench.split_polls([call(1, 'GET', SERVICES + '/abc'), call(2, 'DELETE', SERVICES + '/abc'),
                                     call(3, 'GET', SERVICES + '/abc')])
    assert ([c['seq'] for c in rest], [c['seq'] for c in polls]) == ([1, 2], [3])
    rest, polls = bench.split_polls([call(1, 'GET', SERVICES), call(2, 'PUT', SERVICES + '/abc'),
                                     call(3, 'GET', SERVICES + '/abc')])
    assert (len(rest), polls) == (3, [])


def test_requests_are_attributed_by_the_task_window():
    entries = [call(1, 'GET', SERVICES, t=10.0), call(2, 'GET', SERVICES, t=11.5), call(3, 'GET', SERVICES, t=13.0)]
    assert [e['seq'] for e in bench.requests_within(entries, 11.0, 12.9)] == [2]


def write_timeline(tmp_path, records):
    path = tmp_path / 'timer.jsonl'
    path.write_text(''.join(json.dumps(r) + '\n' for r in records))
    return bench.Timeline.load(str(path))


def test_task_durations_run_from_start_to_the_last_host_result(tmp_path):
    timeline = write_timeline(tmp_path, [
        {'event': 'start', 't': 1.0, 'task': 'T', 'uuid': 'u1'},
        {'event': 'result', 't': 1.5, 'task': 'T', 'uuid': 'u1', 'host': 'a', 'status': 'ok', 'changed': False},
        {'event': 'result', 't': 2.0, 'task': 'T', 'uuid': 'u1', 'host': 'b', 'status': 'ok', 'changed': False},
        {'event': 'start', 't': 3.0, 'task': 'T', 'uuid': 'u1'},
        {'event': 'result', 't': 3.25, 'task': 'T', 'uuid': 'u1', 'host': 'a', 'status': 'ok', 'changed': False},
        {'event': 'start', 't': 4.0, 'task': 'T', 'uuid': 'u2'},
        {'event': 'result', 't': 4.1, 'task': 'T', 'uuid': 'u2', 'host': 'a', 'status': 'skipped', 'changed': False},
    ])
    assert timeline.durations('T') == [1.0, 0.25]


def test_a_failed_or_missing_task_is_an_error_not_a_figure(tmp_path):
    timeline = write_timeline(tmp_path, [
        {'event': 'start', 't': 1.0, 'task': 'T', 'uuid': 'u1'},
        {'event': 'result', 't': 1.5, 'task': 'T', 'uuid': 'u1', 'host': 'a', 'status': 'failed', 'changed': False, 'msg': 'boom'},
    ])
    with pytest.raises(bench.BenchError, match='boom'):
        timeline.durations('T')
    with pytest.raises(bench.BenchError, match='never ran'):
        timeline.durations('other')


def test_parse_importtime_sums_self_times_and_keeps_first_cumulative():
    text = '\n'.join([
        'import time: self [us] | cumulative | imported package',
        'import time:      1000 |       1000 |     urllib3.util',
        'import time:      2000 |       3000 |   urllib3',
        'import time:       500 |       3500 | requests',
        'import time:       250 |        250 | ansible_collections.hwcloud.vpcep.plugins.module_utils.signer',
        'something else on stderr',
    ])
    total, packages, roots = bench.parse_importtime(text)
    assert total == pytest.approx(0.00375)
    assert packages['urllib3'] == pytest.approx(0.003)
    assert packages['requests'] == pytest.approx(0.0035)
    assert set(roots) == {'requests', 'ansible_collections.hwcloud.vpcep.plugins.module_utils.signer'}


def test_table_and_targets_name_a_missed_target():
    results = {
        'meta': {'date': 'd', 'machine': 'm', 'cpus': 2, 'python': '3', 'ansible_core': '2'},
        'requests': [{'operation': 'noop_name', 'label': 'no-op by name', 'requests': 2, 'polls': 0, 'floor': 1,
                      'met': False, 'seconds': 0.5, 'changed': False, 'changed_as_expected': True}],
    }
    results['targets'] = bench.targets(results)
    assert results['targets'] == [{'name': 'requests: noop_name', 'measured': 2, 'target': 1, 'met': False}]
    text = bench.table(results)
    assert 'MISSED' in text
    assert 'missed: requests: noop_name' in text


def test_smoke_settings_and_the_repetition_floor():
    assert bench.parse_args(['--smoke']).delays == [0.5]
    assert bench.parse_args([]).reps >= 30
    with pytest.raises(SystemExit):
        bench.parse_args(['--reps', '5'])
