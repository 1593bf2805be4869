# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's bookkeeping (tools/bench/run.py): attributing requests, timing tasks, parsing importtime,
judging targets per latency column and laying out the table.

The benchmark itself is slow and runs with `make bench`; these checks are instant.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import json
import os
import time

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


def test_smoke_settings_and_the_repetition_floor():
    assert bench.parse_args(['--smoke']).delays == [1.0]
    assert bench.parse_args([]).reps >= 30
    with pytest.raises(SystemExit):
        bench.parse_args(['--reps', '5'])


def test_the_latency_column_needs_a_latency_and_a_jitter_below_it():
    args = bench.parse_args([])
    assert (args.latency, args.jitter) == (50.0, 10.0)
    for bad in (['--latency', '0'], ['--latency', '20', '--jitter', '30'], ['--jitter', '-1']):
        with pytest.raises(SystemExit):
            bench.parse_args(bad)


# ---------------------------------------------------------------------------
# latency columns, targets and the table
# ---------------------------------------------------------------------------

COLUMNS = bench.make_columns(50, 10)


def test_two_columns_no_latency_and_the_latency_asked_for():
    assert [(c['index'], c['key'], c['latency_ms'], c['jitter_ms']) for c in COLUMNS] == [(0, '0', 0.0, 0.0), (1, '50', 50.0, 10.0)]
    assert [bench.column_heading(c) for c in COLUMNS] == ['0 ms', '50+-10 ms']


def test_a_target_is_met_at_its_limit_and_unknown_without_a_figure():
    assert bench.meets(1.05, 1.05) is True
    assert bench.meets(1.0501, 1.05) is False
    assert bench.meets(None, 1.05) is None
    assert bench.meets(0.5, None) is None
    assert bench.target('x', '50', 2.5, 2.0) == {'name': 'x', 'column': '50', 'measured': 2.5, 'target': 2.0,
                                                 'unit': 'ratio', 'met': False}


def test_waiting_limit_is_one_second_or_a_tenth_of_the_wait():
    assert bench.waiting_limit(1.0) == 1.0
    assert bench.waiting_limit(5.0) == 1.0
    assert bench.waiting_limit(30.0) == pytest.approx(3.0)
    assert bench.waiting_limit(None) is None


def test_all_met_a_miss_wins_over_an_unknown():
    assert bench.all_met([True, True]) is True
    assert bench.all_met([True, None]) is None
    assert bench.all_met([None, False]) is False
    assert bench.all_met([]) is None


def test_check_lines_one_per_column_or_one_for_the_same_limit_in_each():
    same = [bench.target('requests: noop', '0', 1, 1, 'count'), bench.target('requests: noop', '50', 2, 1, 'count')]
    assert bench.check_lines(same, COLUMNS) == [('<= 1 in each column', 'MISSED')]
    apart = [bench.target('per-task ratio', '0', 1.01, 1.15), bench.target('per-task ratio', '50', 1.2, 1.05)]
    assert bench.check_lines(apart, COLUMNS) == [('<= 1.15 at 0 ms', 'met'), ('<= 1.05 at 50 ms', 'MISSED')]
    waiting = [bench.target('waiting 30 s', '50', None, 3.0, 'seconds')]
    assert bench.check_lines(waiting, COLUMNS) == [('<= 3.000 s at 50 ms', 'n/a')]
    assert bench.check_lines([], COLUMNS) == []


def test_figure_lines_put_each_cell_under_its_column_and_further_targets_below():
    lines = bench.figure_lines('ratio module / uri', ['1.01', '1.20'], [('<= 1.15 at 0 ms', 'met'), ('<= 1.05 at 50 ms', 'MISSED')])
    heading = bench.heading_line(COLUMNS)
    assert len(lines) == 2
    # Right-aligned cells: each value ends where its column heading ends.
    assert lines[0].index('1.01') + len('1.01') == heading.index('0 ms') + len('0 ms')
    assert lines[0].index('1.20') + len('1.20') == heading.index('50+-10 ms') + len('50+-10 ms')
    assert lines[0].index('<= 1.15') == heading.index('target')
    assert lines[0].endswith('met')
    assert lines[1].strip() == '<= 1.05 at 50 ms             MISSED'
    assert lines[1].index('<= 1.05') == heading.index('target')
    assert bench.figure_lines('no target', ['1.0', '-']) == [bench.figure_lines('no target', ['1.0', '-'])[0]]
    assert not bench.figure_lines('no target', ['1.0', '-'])[0].endswith(' ')


def test_per_column_reads_each_column_or_a_default():
    data = {'0': {'ratio': 1.0}}
    assert bench.per_column(data, COLUMNS, lambda d: d['ratio'], '-') == [1.0, '-']


def test_the_timeline_splits_at_each_latency_switch(tmp_path):
    timeline = write_timeline(tmp_path, [
        {'event': 'start', 't': 0.5, 'task': 'Set up', 'uuid': 'u0'},
        {'event': 'start', 't': 1.0, 'task': bench.LATENCY_TASK, 'uuid': 'l'},
        {'event': 'result', 't': 1.1, 'task': bench.LATENCY_TASK, 'uuid': 'l', 'host': 'a', 'status': 'ok', 'changed': True},
        {'event': 'start', 't': 2.0, 'task': 'T', 'uuid': 'u1'},
        {'event': 'result', 't': 2.5, 'task': 'T', 'uuid': 'u1', 'host': 'a', 'status': 'ok', 'changed': False},
        {'event': 'start', 't': 3.0, 'task': bench.LATENCY_TASK, 'uuid': 'l'},
        {'event': 'start', 't': 4.0, 'task': 'T', 'uuid': 'u1'},
        {'event': 'result', 't': 4.75, 'task': 'T', 'uuid': 'u1', 'host': 'a', 'status': 'ok', 'changed': False},
    ])
    first, second = timeline.by_column(2)
    assert first.durations('T') == [0.5]
    assert second.durations('T') == [0.75]
    with pytest.raises(bench.BenchError, match='switched the latency 2 times'):
        timeline.by_column(3)


def test_a_role_span_runs_from_the_include_to_the_last_result_of_its_tasks(tmp_path):
    prefix = bench.ROLE_PREFIX
    timeline = write_timeline(tmp_path, [
        {'event': 'start', 't': 1.0, 'task': 'Bench role', 'uuid': 'r'},
        {'event': 'result', 't': 1.1, 'task': 'Bench role', 'uuid': 'r', 'host': 'a', 'status': 'ok', 'changed': False},
        {'event': 'start', 't': 1.2, 'task': prefix + 'Validate', 'uuid': 'v'},
        {'event': 'result', 't': 1.3, 'task': prefix + 'Validate', 'uuid': 'v', 'host': 'a', 'status': 'ok', 'changed': False},
        {'event': 'start', 't': 1.4, 'task': bench.ROLE_CONVERGE, 'uuid': 'c'},
        {'event': 'result', 't': 6.0, 'task': bench.ROLE_CONVERGE, 'uuid': 'c', 'host': 'a', 'status': 'ok', 'changed': False,
         'items': 3},
        {'event': 'start', 't': 6.1, 'task': prefix + 'Fail once', 'uuid': 'f'},
        {'event': 'result', 't': 6.5, 'task': prefix + 'Fail once', 'uuid': 'f', 'host': 'a', 'status': 'skipped', 'changed': False},
        {'event': 'start', 't': 7.0, 'task': 'Bench loop uri', 'uuid': 'u'},
        {'event': 'result', 't': 11.0, 'task': 'Bench loop uri', 'uuid': 'u', 'host': 'a', 'status': 'ok', 'changed': False, 'items': 3},
    ])
    spans = timeline.spans('Bench role', prefix)
    assert [(s['start'], s['end'], len(s['runs'])) for s in spans] == [(1.0, 6.5, 3)]
    entries = [call(1, 'GET', SERVICES, t=2.0), call(2, 'GET', SERVICES, t=3.0), call(3, 'GET', SERVICES, t=4.0),
               call(4, 'GET', SERVICES + '/a', t=8.0)]
    entries += [call(5, 'GET', SERVICES + '/b', t=8.5), call(6, 'GET', SERVICES + '/c', t=10.5)]
    result = bench._role_result(timeline, entries, 3, 1)  # pylint: disable=protected-access
    # Per item: 1.0 s in the role's loop (requests at 2, 3, 4), 0.5 and 2.0 s in the uri loop (8, 8.5, 10.5).
    assert result['item_ratio'] == pytest.approx(1.0 / 1.25)
    assert result['role_seconds'] == [5.5]
    assert result['loop_seconds'] == [pytest.approx(4.6)]
    assert result['uri_seconds'] == [4.0]
    assert result['role_ratio'] == pytest.approx(5.5 / 4.0)
    assert result['requests'] == 3


def test_a_role_run_that_changed_something_is_no_measurement(tmp_path):
    timeline = write_timeline(tmp_path, [
        {'event': 'start', 't': 1.0, 'task': 'Bench role', 'uuid': 'r'},
        {'event': 'start', 't': 1.4, 'task': bench.ROLE_CONVERGE, 'uuid': 'c'},
        {'event': 'result', 't': 6.0, 'task': bench.ROLE_CONVERGE, 'uuid': 'c', 'host': 'a', 'status': 'ok', 'changed': True,
         'items': 3},
        {'event': 'start', 't': 7.0, 'task': 'Bench loop uri', 'uuid': 'u'},
        {'event': 'result', 't': 11.0, 'task': 'Bench loop uri', 'uuid': 'u', 'host': 'a', 'status': 'ok', 'changed': False},
    ])
    with pytest.raises(bench.BenchError, match='all no-ops'):
        bench._role_result(timeline, [], 3, 1)  # pylint: disable=protected-access


def test_role_entries_state_the_seeded_fields():
    entries = bench.role_entries([{'id': 'i', 'name': 'scale1', 'vpc_id': 'v', 'port_id': 'p'}])
    assert entries == [{'name': 'scale1', 'vpc_id': 'v', 'port_id': 'p', 'server_type': 'VM',
                        'ports': [{'client_port': 80, 'server_port': 80}]}]


def test_item_gaps_are_the_times_between_consecutive_requests_of_the_window():
    entries = [call(1, 'GET', SERVICES, t=1.0), call(2, 'GET', SERVICES, t=1.4), call(3, 'GET', SERVICES, t=2.2),
               call(4, 'GET', SERVICES, t=9.0)]
    assert bench.item_gaps(entries, 0.5, 3.0) == [pytest.approx(0.4), pytest.approx(0.8)]
    assert bench.item_gaps(entries, 8.0, 9.5) == []


def test_list_span_runs_from_the_first_arrival_to_the_last_answer():
    calls = [dict(call(1, 'GET', SERVICES, t=10.10), duration_ms=60.0), dict(call(2, 'GET', SERVICES, t=10.20), duration_ms=50.0),
             dict(call(3, 'GET', SERVICES, t=10.22), duration_ms=55.0)]
    assert bench.list_span(calls) == pytest.approx(10.22 - 10.04)
    assert bench.list_span([]) is None


def test_waiting_counts_the_lookup_after_the_create_as_a_read(tmp_path):
    timeline = write_timeline(tmp_path, [
        {'event': 'start', 't': 99.0, 'task': 'Bench wait create', 'uuid': 'w'},
        {'event': 'result', 't': 106.3, 'task': 'Bench wait create', 'uuid': 'w', 'host': 'a', 'status': 'ok', 'changed': True,
         'service_id': 'abc', 'service_status': 'available'},
    ])
    entries = [call(1, 'GET', SERVICES, t=99.5), call(2, 'POST', SERVICES, t=100.0), call(3, 'GET', SERVICES, t=101.5),
               call(4, 'GET', SERVICES + '/abc', t=101.55), call(5, 'GET', SERVICES + '/abc', t=102.05),
               call(6, 'GET', SERVICES + '/abc', t=106.0), call(7, 'GET', SERVICES + '/other', t=103.0)]
    result = bench.wait_result(5, entries, timeline, {'abc': {'ready_at': 105.5}})
    assert result['polls'] == 4
    assert result['poll_offsets'] == pytest.approx([1.5, 1.55, 2.05, 6.0])
    assert result['last_interval'] == pytest.approx(3.95)
    assert result['waited'] == pytest.approx(5.5)
    assert result['lateness'] == pytest.approx(0.8)
    assert result['limit'] == 1.0


def both(zero, fifty):
    return {'0': zero, '50': fifty}


def sample_results():
    """Results of every section in both columns, as the sections return them (only the fields targets() reads)."""
    return {
        'meta': {'date': 'd', 'machine': 'm', 'cpus': 2, 'python': '3', 'ansible_core': '2'},
        'columns': COLUMNS,
        'requests': both(
            [{'operation': 'noop_name', 'label': 'no-op by name', 'requests': 1, 'polls': 0, 'floor': 1, 'met': True,
              'seconds': 0.5, 'changed': False, 'changed_as_expected': True}],
            [{'operation': 'noop_name', 'label': 'no-op by name', 'requests': 2, 'polls': 0, 'floor': 1, 'met': False,
              'seconds': 0.6, 'changed': False, 'changed_as_expected': True}]),
        'pertask': both({'ratio': 1.10}, {'ratio': 1.10}),
        'sdk': both({'time_ratio': 0.7, 'requests_get_ratio': 1.1}, {'time_ratio': 0.8, 'requests_get_ratio': 1.04}),
        'scale': both({'role': {'loop_ratio': 1.0, 'role_ratio': 1.2}, 'forks': {'ratio': 0.9}},
                      {'role': {'loop_ratio': 1.0, 'role_ratio': 1.08}, 'forks': {'ratio': 1.06}}),
        'info': both({'services': 5000, 'requests': 5, 'floor': 5, 'page_ratio': 3.0},
                     {'services': 5000, 'requests': 5, 'floor': 5, 'page_ratio': 2.1}),
        'enrich': both({'ratio': 0.9}, {'ratio': 0.15}),
        'waiting': both([{'delay': 30, 'lateness': 2.0, 'last_interval': 2.5, 'limit': 3.0}],
                        [{'delay': 30, 'lateness': 3.2, 'last_interval': 2.5, 'limit': 3.0}]),
    }


def test_earlier_targets_are_judged_at_0_ms_the_latency_targets_at_50_ms_and_waiting_in_both():
    found = dict(((t['name'], t['column']), (t['target'], t['met'])) for t in bench.targets(sample_results()))
    assert found == {
        ('requests: noop_name', '0'): (1, True),
        ('requests: noop_name', '50'): (1, False),
        ('requests: info over 5000', '0'): (5, True),
        ('requests: info over 5000', '50'): (5, True),
        ('per-task ratio', '0'): (1.15, True),
        ('per-task ratio', '50'): (1.05, False),
        ('no-op task / uri task', '0'): (1.0, False),
        ('no-op task / uri task', '50'): (1.0, False),
        ('client/SDK time', '0'): (0.5, False),
        ('client/requests process', '50'): (1.05, True),
        ('scale loop ratio', '0'): (1.15, True),
        ('scale loop ratio', '50'): (1.05, True),
        ('scale forks ratio', '0'): (1.15, True),
        ('scale forks ratio', '50'): (1.05, False),
        ('role second run ratio', '50'): (1.1, True),
        ('info all / one page', '50'): (2.0, False),
        ('enrich concurrent / sequential', '50'): (0.2, True),
        ('waiting 30 s', '0'): (3.0, True),
        ('waiting 30 s', '50'): (3.0, False),
    }


def test_targets_leave_out_the_sections_not_run():
    results = {'columns': COLUMNS, 'pertask': {'0': {'ratio': 1.0}, '50': {'ratio': 1.0}}}
    assert [(t['name'], t['column']) for t in bench.targets(results)] == [
        ('per-task ratio', '0'), ('per-task ratio', '50'), ('no-op task / uri task', '0'), ('no-op task / uri task', '50')]


def fleet_results(noop_requests=2):
    kind = {'create_seconds': 20.0, 'one_create_seconds': 7.0, 'noop_median': 3.0, 'uri_median': 30.0,
            'create_ratio': 20.0 / 7.0, 'noop_ratio': 0.1, 'noop_requests': noop_requests, 'requests_limit': 2,
            'create_requests': 150}
    return {'columns': COLUMNS, 'fleet': {'column': '50', 'label': '50+-10 ms', 'count': 50, 'delay': 5.0, 'rounds': 2,
                                          'services': dict(kind), 'endpoints': dict(kind, noop_requests=3)}}


def test_the_fleet_is_judged_in_the_latency_column_at_its_limits():
    found = dict(((t['name'], t['column']), (t['measured'], t['target'], t['met'])) for t in bench.targets(fleet_results()))
    assert found == {
        ('fleet services: create', '50'): (20.0 / 7.0, 3.0, True),
        ('fleet services: no-op', '50'): (0.1, 0.1, True),
        ('fleet services: no-op requests', '50'): (2, 2, True),
        ('fleet endpoints: create', '50'): (20.0 / 7.0, 3.0, True),
        ('fleet endpoints: no-op', '50'): (0.1, 0.1, True),
        ('fleet endpoints: no-op requests', '50'): (3, 2, False),
    }


def test_the_fleet_block_shows_each_figure_beside_its_target():
    results = fleet_results()
    results['targets'] = bench.targets(results)
    text = '\n'.join(bench._fleet_block(results))
    assert 'role endpoint_services, 50 new entries' in text and 'role endpoints, the same 50 entries, all no-ops' in text
    requests = [line for line in text.splitlines() if 'API requests of the no-op run' in line]
    assert len(requests) == 2 and requests[0].split()[-1] == 'met' and requests[1].split()[-1] == 'MISSED'
    assert '<= 3.00 at 50+-10 ms' in text and '<= 0.10 at 50+-10 ms' in text


def test_the_fleet_runs_only_when_asked():
    assert 'fleet' in bench.SECTIONS and 'fleet' not in bench.DEFAULT_SECTIONS


def test_the_table_shows_both_columns_and_names_every_missed_target():
    results = {
        'meta': {'date': 'd', 'machine': 'm', 'cpus': 2, 'python': '3', 'ansible_core': '2'},
        'columns': COLUMNS,
        'requests': {
            '0': [{'operation': 'noop_name', 'label': 'no-op by name', 'requests': 1, 'polls': 0, 'floor': 1, 'met': True,
                   'seconds': 0.5, 'changed': False, 'changed_as_expected': True}],
            '50': [{'operation': 'noop_name', 'label': 'no-op by name', 'requests': 2, 'polls': 0, 'floor': 1, 'met': False,
                    'seconds': 0.6, 'changed': True, 'changed_as_expected': False}],
        },
        'enrich': {
            '0': {'services': 500, 'requests': 1001, 'requests_expected': 1001, 'sequential_median': 4.0,
                  'concurrent_median': 3.0, 'ratio': 0.75},
            '50': {'services': 500, 'requests': 1001, 'requests_expected': 1001, 'sequential_median': 56.0,
                   'concurrent_median': 8.4, 'ratio': 0.15},
        },
    }
    results['targets'] = bench.targets(results)
    text = bench.table(results)
    assert '50+-10 ms' in text
    row = next(line for line in text.splitlines() if line.strip().startswith('no-op by name'))
    assert row.split()[3:6] == ['1', '2', '1']
    assert 'MISSED' in row and 'changed=True unexpected at 50 ms' in row
    ratio_row = next(line for line in text.splitlines() if 'ratio default / concurrency 1' in line)
    assert ratio_row.split()[-8:] == ['0.75', '0.15', '<=', '0.20', 'at', '50', 'ms', 'met']
    assert '56.0 s' in text and '8.400 s' in text
    assert text.splitlines()[-1] == 'Targets: 3 judged, 2 met; missed: requests: noop_name at 50 ms (see docs/benchmarks.md)'


def fake_args(smoke=False):
    return bench.parse_args(['--smoke'] if smoke else [])


def test_waiting_runs_beside_the_request_counts_and_ends_before_any_timed_section(monkeypatch):
    events = []

    def section(name, value, pause=0.0):
        def run(*_args, **_kwargs):
            events.append(('start', name))
            time.sleep(pause)
            events.append(('end', name))
            return value
        return run

    monkeypatch.setattr(bench, 'bench_waiting', section('waiting', [], pause=0.2))
    monkeypatch.setattr(bench, 'bench_requests', section('requests', {}))
    monkeypatch.setattr(bench, 'bench_pertask', section('pertask', {}))
    monkeypatch.setattr(bench, 'bench_listing', section('info', ({'0': 'i'}, {'0': 'e'})))
    results = {}
    bench.run_sections(None, fake_args(), COLUMNS, ['waiting', 'requests', 'pertask', 'info'], results)
    assert events.index(('end', 'waiting')) < events.index(('start', 'pertask'))
    assert events.index(('start', 'requests')) < events.index(('end', 'waiting'))
    assert results == {'waiting': [], 'requests': {}, 'pertask': {}, 'info': {'0': 'i'}, 'enrich': {'0': 'e'}}

    events[:] = []
    results = {}
    bench.run_sections(None, fake_args(), COLUMNS, ['waiting', 'pertask'], results)
    assert events.index(('end', 'waiting')) < events.index(('start', 'pertask'))


def test_a_section_that_cannot_measure_is_an_error_also_in_the_background(monkeypatch):
    def broken(*_args, **_kwargs):
        raise bench.BenchError('the simulator did not start')
    monkeypatch.setattr(bench, 'bench_waiting', broken)
    monkeypatch.setattr(bench, 'bench_requests', lambda *_a: {})
    with pytest.raises(bench.BenchError, match='did not start'):
        bench.run_sections(None, fake_args(), COLUMNS, ['waiting', 'requests'], {})
    with pytest.raises(bench.BenchError, match='did not start'):
        bench.run_sections(None, fake_args(smoke=True), COLUMNS, ['waiting', 'requests'], {})
