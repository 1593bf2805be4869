# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark hwcloud.vpcep against the local simulator: API requests and seconds, beside their targets.

`make bench` runs it. It measures, it does not judge the machine: a missed target is reported, never an
error. It fails only when a measurement cannot be taken (a playbook fails, the simulator does not start).
The table goes to stdout, the same figures as JSON to .build/bench/results.json; docs/benchmarks.md
explains how to read them.

Every section runs twice: with the simulator answering at once (the 0 ms column) and with a network
latency of 50 ms +- 10 ms per API call (--latency, --jitter). The targets set before the latency column
existed are judged in the 0 ms column, as they always were; the latency targets in the latency column.

Sections (each can be run alone with --only):
  requests  API requests per operation, from the simulator's request log
  pertask   a no-op vpcep_service task against a uri task making the same GET; AnsiballZ import cost
  sdk       one show request in a fresh process: the collection's client against the official SDK and
            against a process that only imports requests and sends one GET
  scale     the role endpoint_services converging services that need no change, against a uri loop;
            many hosts with forks
  info      vpcep_service_info over 5,000 services against one page; with permissions and connections
            over 500 services, concurrent against one request after another
  waiting   provisioning delays of 1, 5 and 30 s: from available to the task returning
  fleet     not run by default (minutes while the roles loop; `make bench-fleet`): issue 23's targets, at the
            latency column's latency and 5 s provisioning: each role over 50 new entries against one create task,
            the same entries as no-ops against a uri loop of 50 GETs, and the API requests of the no-op run
"""
import argparse
import datetime
import glob
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, 'tools', 'bench')
PLAYBOOKS = os.path.join(BENCH, 'playbooks')
COLLECTIONS = os.path.join(ROOT, '.build', 'collections')
sys.path.insert(0, os.path.join(ROOT, 'tests', 'simulator'))

from vpcep_sim import Simulator  # noqa: E402  pylint: disable=wrong-import-position

SECTIONS = ('requests', 'pertask', 'sdk', 'scale', 'info', 'waiting', 'fleet')
# What runs without --only: the fleet takes minutes while the roles loop over their entries (make bench-fleet).
DEFAULT_SECTIONS = ('requests', 'pertask', 'sdk', 'scale', 'info', 'waiting')
SERVICE_PATH_RE = re.compile(r'/vpc-endpoint-services/([^/]+)$')
SERVICES_PATH_RE = re.compile(r'/vpc-endpoint-services$')
BENCH_VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
BENCH_PORT = '6c1a6f0e-5b3d-4c8e-9a7b-1d2e3f4a5b6c'
BENCH_DOMAIN = '1564ec50ef2a47c791ea5536353ed4b9'
LIST_PAGE = 1000
# The task every playbook runs (tasks/latency.yml) when it switches its simulators to the next column.
LATENCY_TASK = 'Bench latency'
ROLE_PREFIX = 'hwcloud.vpcep.endpoint_services : '
ROLE_CONVERGE = ROLE_PREFIX + 'Converge each endpoint service and wait for it'
# The fleet section: each role's tasks, by the prefix Ansible gives their names.
FLEET_ROLES = {'services': ROLE_PREFIX, 'endpoints': 'hwcloud.vpcep.endpoints : '}

# Targets judged in the 0 ms column (set before the latency column existed).
PER_TASK_TARGET = 1.15           # no-op task / uri task; loops and forks as well
SDK_TARGET = 0.5                 # client process / SDK process
# Targets judged in the latency column (issue 16); the waiting target in both.
PER_TASK_TARGET_NET = 1.05       # no-op task / uri task; loops and forks as well
# Issue 23, judged in both columns: a no-op task costs no more than a uri task; the fleet targets in the latency column.
NOOP_TASK_TARGET = 1.00          # no-op vpcep_service task / uri task
FLEET_CREATE_TARGET = 3.0        # a role creating N entries / one create task of its module
FLEET_NOOP_TARGET = 0.1          # the role over N entries that are no-ops / a uri loop of N GETs
ROLE_TARGET = 1.10               # role second run over N services / a uri loop of N GETs
HTTP_FLOOR_TARGET = 1.05         # client process / a process that imports requests and sends one GET
LIST_TARGET = 2.0                # listing 5,000 services / listing one page
ENRICH_TARGET = 0.2              # permissions and connections of 500 services, default concurrency / concurrency 1
WAIT_FLOOR = 1.0                 # from available to the task's return: at most max(WAIT_FLOOR, WAIT_SHARE x waited)
WAIT_SHARE = 0.1

# (task name in ops_tasks.yml, what it is, floor of API requests, why that floor, expected changed)
OPERATIONS = (
    ('create', 'create by name (status polls apart)', 2, '1 list (does it exist?) + 1 POST', True),
    ('noop_name', 'no-op by name', 1, '1 list', False),
    ('noop_id', 'no-op by id', 1, '1 GET', False),
    ('change_field', 'change one PUT-able field', 2, '1 read + 1 PUT', True),
    ('change_tags', 'tags-only change', 2, '1 read + 1 tag action', True),
    ('change_permissions', 'permissions-only change', 3, '1 read + 1 permissions read + 1 permissions action', True),
    ('delete', 'delete by name (status polls apart)', 2, '1 list + 1 DELETE', True),
)

# Packages whose cumulative import time is reported for each AnsiballZ payload.
NOTABLE_IMPORTS = (
    'ansible.module_utils.basic',
    'ansible.module_utils.urls',
    'requests',
    'urllib3',
    'ansible_collections.hwcloud.vpcep.plugins.module_utils.base',
    'ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client',
    'ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_service',
    'ansible_collections.hwcloud.vpcep.plugins.module_utils.signer',
)


class BenchError(Exception):
    """A measurement could not be taken."""


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

def median(values):
    """Median of a non-empty list, else None."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(numerator, denominator):
    """numerator / denominator, None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def fmt_s(value):
    """Seconds for the table: 3 significant decimals under 10 s."""
    if value is None:
        return 'n/a'
    return '%.3f s' % value if value < 10 else '%.1f s' % value


def fmt_ms(value):
    """Milliseconds from seconds."""
    return 'n/a' if value is None else '%.0f ms' % (value * 1000.0)


def fmt_ratio(value):
    """A ratio with two decimals."""
    return 'n/a' if value is None else '%.2f' % value


def fmt_count(value):
    """A whole number."""
    return 'n/a' if value is None else '%d' % value


UNITS = {'ratio': fmt_ratio, 'seconds': fmt_s, 'count': fmt_count}


def verdict(met):
    """The 'result' column."""
    if met is None:
        return 'n/a'
    return 'met' if met else 'MISSED'


def log(message):
    """Progress on stderr, so stdout holds only the table."""
    sys.stderr.write('[bench %s] %s\n' % (time.strftime('%H:%M:%S'), message))
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# latency columns and targets
# ---------------------------------------------------------------------------

def make_columns(latency_ms, jitter_ms):
    """The two columns every section runs in: no latency, and latency_ms +- jitter_ms per API call."""
    return [
        {'index': 0, 'key': '0', 'latency_ms': 0.0, 'jitter_ms': 0.0, 'label': '0 ms'},
        {'index': 1, 'key': '%g' % latency_ms, 'latency_ms': float(latency_ms), 'jitter_ms': float(jitter_ms),
         'label': '%g ms' % latency_ms},
    ]


def column_heading(column):
    """A column's heading in the table, with its jitter."""
    if column['jitter_ms']:
        return '%g+-%g ms' % (column['latency_ms'], column['jitter_ms'])
    return column['label']


def meets(measured, limit):
    """Whether a figure is within its target (at most the limit); None when either is unknown."""
    if measured is None or limit is None:
        return None
    return measured <= limit


def waiting_limit(waited):
    """The waiting target: from available to the task's return, at most max(1 s, 10 % of the time waited)."""
    if waited is None:
        return None
    return max(WAIT_FLOOR, WAIT_SHARE * waited)


def target(name, column, measured, limit, unit='ratio'):
    """One judged figure: a name, the column it is judged in, the figure, its limit, met or not."""
    return {'name': name, 'column': column, 'measured': measured, 'target': limit, 'unit': unit,
            'met': meets(measured, limit)}


def all_met(values):
    """met/MISSED over several verdicts: any False is a miss, else any None is unknown."""
    values = list(values)
    if any(v is False for v in values):
        return False
    if not values or any(v is None for v in values):
        return None
    return True


def check_lines(found, columns):
    """(target text, verdict) for the targets of one figure.

    One line per judged column, or a single line when the figure is judged in every column against the
    same limit ('<= 2 in each column')."""
    if not found:
        return []
    labels = dict((c['key'], c['label']) for c in columns)
    texts = ['<= %s' % UNITS[t['unit']](t['target']) for t in found]
    if len(found) > 1 and len(found) == len(columns) and len(set(texts)) == 1:
        return [('%s in each column' % texts[0], verdict(all_met(t['met'] for t in found)))]
    return [('%s at %s' % (text, labels.get(t['column'], t['column'])), verdict(t['met'])) for text, t in zip(texts, found)]


LABEL_WIDTH = 52
CELL_WIDTH = 11


def figure_lines(label, cells, checks=()):
    """The lines of one figure: label, one cell per column, then the first check; further checks below it."""
    checks = list(checks) or [('', '')]
    lines = []
    for index, (text, result) in enumerate(checks):
        values = cells if index == 0 else [''] * len(cells)
        line = '  %-*s' % (LABEL_WIDTH, label if index == 0 else '')
        line += ''.join('%*s' % (CELL_WIDTH, value) for value in values)
        line += '  %-28s %s' % (text, result)
        lines.append(line.rstrip())
    return lines


def heading_line(columns):
    """The column headings above a section's figures."""
    return figure_lines('', [column_heading(c) for c in columns], [('target', 'result')])[0]


def per_column(data, columns, function, default=None):
    """[function(data[column key]) for each column], default where the column has no data."""
    cells = []
    for column in columns:
        value = data.get(column['key']) if isinstance(data, dict) else None
        cells.append(default if value is None else function(value))
    return cells


# ---------------------------------------------------------------------------
# the simulator, its request log with times, and ansible-playbook runs
# ---------------------------------------------------------------------------

def start_simulator(provision_delay, column=None):
    """Start a simulator whose request log entries also carry `t`, the time.time() they were answered."""
    column = column or {'latency_ms': 0.0, 'jitter_ms': 0.0}
    sim = Simulator(port=0, provision_delay=provision_delay, latency_ms=column['latency_ms'],
                    jitter_ms=column['jitter_ms']).start()
    original = sim.state.log_request

    def stamped(entry):
        return original(dict(entry, t=time.time()))
    # The server logs through state.log_request; the stamp lets each request be matched to the task
    # whose start and end (from the bench_timer callback) enclose it.
    sim.state.log_request = stamped
    return sim


def set_latency(sims, column):
    """Every one of these simulators answers with the column's latency from now on."""
    for sim in sims:
        sim.configure(latency_ms=column['latency_ms'], jitter_ms=column['jitter_ms'])


def column_vars(columns, sims):
    """The extra vars by which a playbook runs its section once per column (tasks/column.yml)."""
    return {'bench_columns': columns, 'bench_sim_urls': [sim.url for sim in sims]}


def sim_env(sim):
    """The variables that point the modules (and the SDK) at the simulator."""
    return {
        'HW_VPCEP_ENDPOINT': sim.url,
        'HW_IAM_ENDPOINT': sim.url,
        'HW_ACCESS_KEY': sim.access_key,
        'HW_SECRET_KEY': sim.secret_key,
        'HW_REGION_NAME': sim.region,
        'HW_PROJECT_ID': sim.project_id,
        'NO_PROXY': '127.0.0.1,localhost',
        'no_proxy': '127.0.0.1,localhost',
    }


def seeded_services(sim, ids):
    """The seeded services as the playbooks want them: id, name, vpc_id, port_id."""
    result = []
    for service_id in ids:
        record = sim.state.services[service_id]
        result.append({'id': service_id, 'name': record['service_name'], 'vpc_id': record['vpc_id'],
                       'port_id': record['port_id']})
    return result


class Runner:
    """Runs playbooks with the bench_timer callback; keeps their logs under the work directory."""

    def __init__(self, work, collections=COLLECTIONS):
        self.work = work
        self.collections = collections
        os.makedirs(os.path.join(work, 'logs'), exist_ok=True)
        # An empty configuration of its own: a user's ansible.cfg (pipelining, another stdout callback,
        # profiling callbacks) would change what is measured.
        self.config = os.path.join(work, 'ansible.cfg')
        with open(self.config, 'w', encoding='utf-8') as handle:
            handle.write('# written by tools/bench/run.py: Ansible defaults, the settings come from the environment\n[defaults]\n')
        self.ansible_playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
        if not os.path.exists(self.ansible_playbook):
            self.ansible_playbook = shutil.which('ansible-playbook') or 'ansible-playbook'

    def env(self, sim, timer_file, extra=None):
        """The environment of one ansible-playbook run."""
        env = dict(os.environ)
        for name in list(env):
            if name.startswith('ANSIBLE_') or name.startswith('HW_') or name.lower().endswith('_proxy'):
                del env[name]
        env.update(sim_env(sim))
        env.update({
            'ANSIBLE_CONFIG': self.config,
            'ANSIBLE_COLLECTIONS_PATH': self.collections,
            'ANSIBLE_CALLBACK_PLUGINS': os.path.join(BENCH, 'callback_plugins'),
            'ANSIBLE_CALLBACKS_ENABLED': 'bench_timer',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_LOCALHOST_WARNING': 'False',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'False',
            'ANSIBLE_RETRY_FILES_ENABLED': 'False',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'BENCH_TIMER_FILE': timer_file,
            'PATH': os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
        })
        env.update(extra or {})
        return env

    def start(self, name, playbook, sim, extra_vars, inventory=None, forks=None, env=None):
        """Start ansible-playbook; return (process, timer file, log path)."""
        timer_file = os.path.join(self.work, name + '.timer.jsonl')
        vars_file = os.path.join(self.work, name + '.vars.json')
        log_path = os.path.join(self.work, 'logs', name + '.log')
        if os.path.exists(timer_file):
            os.unlink(timer_file)
        with open(vars_file, 'w', encoding='utf-8') as handle:
            json.dump(extra_vars, handle)
        command = [self.ansible_playbook, os.path.join(PLAYBOOKS, playbook), '-e', '@' + vars_file]
        if inventory:
            command += ['-i', inventory]
        if forks:
            command += ['-f', str(forks)]
        with open(log_path, 'w', encoding='utf-8') as output:
            process = subprocess.Popen(command, cwd=ROOT, env=self.env(sim, timer_file, env),  # pylint: disable=consider-using-with
                                       stdout=output, stderr=subprocess.STDOUT)
        return process, timer_file, log_path

    @staticmethod
    def finish(process, timer_file, log_path):
        """Wait for the run; return its timeline, or raise BenchError with the end of its log."""
        code = process.wait()
        if code != 0:
            with open(log_path, encoding='utf-8', errors='replace') as handle:
                tail = ''.join(handle.readlines()[-40:])
            raise BenchError('%s failed with exit code %d; end of %s:\n%s' % (os.path.basename(log_path), code, log_path, tail))
        return Timeline.load(timer_file)

    def run(self, name, playbook, sim, extra_vars, **kwargs):
        """Run a playbook to the end; return its timeline."""
        log('ansible-playbook %s (%s)' % (playbook, name))
        return self.finish(*self.start(name, playbook, sim, extra_vars, **kwargs))


class Timeline:
    """Task runs from the bench_timer callback: each start and the host results that followed it."""

    def __init__(self, runs):
        self.runs = runs

    @classmethod
    def load(cls, path):
        """Read the callback's JSON lines."""
        runs = []
        latest = {}
        with open(path, encoding='utf-8') as handle:
            for line in handle:
                record = json.loads(line)
                if record['event'] == 'start':
                    run = {'task': record['task'], 'start': record['t'], 'end': None, 'results': []}
                    runs.append(run)
                    latest[record['uuid']] = run
                elif record['event'] == 'result' and record['uuid'] in latest:
                    run = latest[record['uuid']]
                    run['results'].append(record)
                    run['end'] = max(run['end'] or 0.0, record['t'])
        return cls(runs)

    def by_column(self, count, marker=LATENCY_TASK):
        """One Timeline per latency column: the runs after each start of the marker task, up to the next one."""
        segments = []
        for run in self.runs:
            if run['task'] == marker:
                segments.append([])
            elif segments:
                segments[-1].append(run)
        if len(segments) != count:
            raise BenchError('expected %d latency columns, the playbook switched the latency %d times' % (count, len(segments)))
        return [Timeline(segment) for segment in segments]

    def named(self, task):
        """The runs of this task that produced a result other than skipped."""
        return [r for r in self.runs if r['task'] == task and any(x['status'] != 'skipped' for x in r['results'])]

    def durations(self, task):
        """Seconds from each run's start to its last host result; a failed result raises BenchError."""
        found = []
        for run in self.named(task):
            _check_results(task, run)
            found.append(run['end'] - run['start'])
        if not found:
            raise BenchError('task %r never ran' % task)
        return found

    def spans(self, first, prefix):
        """Each run of task `first` (an include_role, say) with the runs right after it whose names start with prefix.

        Returns dicts: start (of `first`), end (the last result among them), runs (the prefixed runs)."""
        found = []
        for index, run in enumerate(self.runs):
            if run['task'] != first:
                continue
            _check_results(first, run)
            span = {'start': run['start'], 'end': run['end'] or run['start'], 'runs': []}
            for later in self.runs[index + 1:]:
                if not later['task'].startswith(prefix):
                    break
                _check_results(later['task'], later)
                span['runs'].append(later)
                if later['end'] is not None:
                    span['end'] = max(span['end'], later['end'])
            found.append(span)
        if not found:
            raise BenchError('task %r never ran' % first)
        return found


def _check_results(task, run):
    failed = [x for x in run['results'] if x['status'] not in ('ok', 'skipped')]
    if failed:
        raise BenchError('task %r failed: %s' % (task, failed[0].get('msg')))


def requests_within(entries, start, end):
    """The logged API requests answered between start and end (time.time())."""
    return [e for e in entries if start <= e['t'] <= end]


def list_span(calls):
    """Seconds from the first of these requests reaching the simulator to the last one answered (None: no calls).

    Each log entry has `t`, when it was answered, and `duration_ms`, how long the simulator held it
    (the simulated latency included), so the request arrived at t - duration_ms."""
    if not calls:
        return None
    return max(c['t'] for c in calls) - min(c['t'] - (c.get('duration_ms') or 0.0) / 1000.0 for c in calls)


# ---------------------------------------------------------------------------
# 1. requests per operation
# ---------------------------------------------------------------------------

def split_polls(calls):
    """(requests, status polls): the polls are the GETs of the service after its create POST or its DELETE."""
    rest, polls = [], []
    after_write = False
    for call in calls:
        if call['method'] == 'DELETE' or (call['method'] == 'POST' and call['path'].endswith('/vpc-endpoint-services')):
            after_write = True
        elif after_write and call['method'] == 'GET' and SERVICE_PATH_RE.search(call['path']):
            polls.append(call)
            continue
        rest.append(call)
    return rest, polls


def bench_requests(runner, columns):
    """Requests per operation, one service through its life, once per column."""
    sim = start_simulator(provision_delay=0.3)
    try:
        extra = {'bench_name': 'bench-ops', 'bench_vpc_id': BENCH_VPC, 'bench_port_id': BENCH_PORT,
                 'bench_domain': BENCH_DOMAIN}
        extra.update(column_vars(columns, [sim]))
        timeline = runner.run('requests', 'ops.yml', sim, extra)
        entries = sim.requests_log()
        return dict((column['key'], _operations(part, entries, sim.project_id))
                    for column, part in zip(columns, timeline.by_column(len(columns))))
    finally:
        sim.stop()


def _operations(timeline, entries, project_id):
    rows = []
    for key, label, floor, why, expect_changed in OPERATIONS:
        runs = timeline.named('Op %s' % key)
        if len(runs) != 1:
            raise BenchError('ops.yml: task Op %s ran %d times' % (key, len(runs)))
        run = runs[0]
        calls = requests_within(entries, run['start'], run['end'])
        rest, polls = split_polls(calls)
        changed = all(x['changed'] for x in run['results'])
        rows.append({
            'operation': key, 'label': label, 'requests': len(rest), 'polls': len(polls), 'floor': floor,
            'floor_why': why, 'met': len(rest) <= floor, 'seconds': run['end'] - run['start'],
            'changed': changed, 'changed_as_expected': changed == expect_changed,
            'calls': ['%s %s' % (c['method'], _short_path(c['path'], project_id)) for c in calls],
        })
    return rows


def _short_path(path, project_id):
    path = path.replace('/v1/%s' % project_id, '/v1/{project_id}')
    return re.sub(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '{id}', path)


# ---------------------------------------------------------------------------
# 2. per-task cost, and the module payload's own cost
# ---------------------------------------------------------------------------

def bench_pertask(runner, columns, reps, payload_runs):
    """Median no-op module task against median uri task, interleaved, per column; then the AnsiballZ payloads alone."""
    sim = start_simulator(provision_delay=0.3)
    try:
        service = seeded_services(sim, sim.seed(1, name_prefix='pertask'))[0]
        extra = {
            'bench_reps': reps + 1, 'bench_service_id': service['id'], 'bench_service_name': service['name'],
            'bench_vpc_id': service['vpc_id'], 'bench_port_id': service['port_id'], 'bench_sim_url': sim.url,
            'bench_project_id': sim.project_id, 'bench_token': sim.issue_token(),
        }
        extra.update(column_vars(columns, [sim]))
        timeline = runner.run('pertask', 'pertask.yml', sim, extra)
        result = {}
        for column, part in zip(columns, timeline.by_column(len(columns))):
            # The first pair of each column builds and caches both AnsiballZ payloads, or follows the
            # latency switch: a warm-up, left out.
            module = part.durations('Bench module no-op')[1:]
            uri = part.durations('Bench uri GET')[1:]
            data = {'reps': len(module), 'module_median': median(module), 'uri_median': median(uri),
                    'module_seconds': module, 'uri_seconds': uri}
            data['ratio'] = ratio(data['module_median'], data['uri_median'])
            # A robustness check against load from other processes: each task against its neighbour.
            data['pair_ratio_median'] = median([ratio(m, u) for m, u in zip(module, uri)])
            result[column['key']] = data
        if payload_runs:
            payloads = bench_payloads(runner, sim, dict(extra, **column_vars(columns[:1], [sim])), columns, payload_runs)
            for column in columns:
                result[column['key']]['payloads'] = payloads[column['key']]
        return result
    finally:
        sim.stop()


def keep_payloads(runner, sim, name, playbook, extra, modules):
    """Run a playbook with ANSIBLE_KEEP_REMOTE_FILES; return {module: path of its AnsiballZ payload}.

    The payloads of the latency switch (a uri POST to /_sim/config) are not the ones measured."""
    keep = os.path.join(runner.work, 'remote_tmp', name)
    shutil.rmtree(keep, ignore_errors=True)
    os.makedirs(keep)
    runner.run(name, playbook, sim, extra, env={'ANSIBLE_KEEP_REMOTE_FILES': '1', 'ANSIBLE_REMOTE_TMP': keep})
    payloads = {}
    for module in modules:
        found = [path for path in sorted(glob.glob(os.path.join(keep, '**', 'AnsiballZ_%s.py' % module), recursive=True))
                 if not _switches_latency(path)]
        if not found:
            raise BenchError('ANSIBLE_KEEP_REMOTE_FILES left no AnsiballZ_%s.py under %s' % (module, keep))
        payloads[module] = found[-1]
    return payloads


def _switches_latency(path):
    with open(path, encoding='utf-8', errors='replace') as handle:
        return '/_sim/config' in handle.read()


def run_payload(path, env):
    """Run a kept AnsiballZ payload as the task ran it; return (seconds, bytes of its JSON result)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, path], env=env, cwd=os.path.dirname(path),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    _check_payload_output(path, done)
    return seconds, len(done.stdout)


def bench_payloads(runner, sim, extra, columns, runs):
    """Keep both AnsiballZ payloads of one pair; time them alone in each column, and with -X importtime once."""
    kept = keep_payloads(runner, sim, 'payloads', 'pertask.yml', dict(extra, bench_reps=1), ('vpcep_service', 'uri'))
    payloads = {'module': kept['vpcep_service'], 'uri': kept['uri']}
    process_env = dict(os.environ)
    process_env.update(sim_env(sim))
    result = {}
    for column in columns:
        set_latency([sim], column)
        seconds = {'module': [], 'uri': []}
        for _index in range(runs):
            for key, path in sorted(payloads.items()):
                seconds[key].append(run_payload(path, process_env)[0])
        result[column['key']] = dict((key, {'median': median(values), 'seconds': values}) for key, values in seconds.items())
        result[column['key']]['runs'] = runs
    # Imports do not depend on the network: measured once, in the first column, with no latency.
    set_latency([sim], columns[0])
    for key, path in sorted(payloads.items()):
        result[columns[0]['key']][key]['imports'] = importtime(path, process_env, runs=min(3, max(1, runs)))
    return result


def _check_payload_output(path, done):
    try:
        answer = json.loads(done.stdout.decode('utf-8', 'replace').strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = None
    if done.returncode != 0 or not isinstance(answer, dict) or answer.get('failed'):
        raise BenchError('%s did not run cleanly: %s %s' % (os.path.basename(path), done.stdout[-500:], done.stderr[-500:]))


def importtime(path, env, runs=3):
    """Run the payload with -X importtime; return total import seconds and notable packages (medians)."""
    totals = []
    notable = {}
    top = {}
    for _index in range(runs):
        done = subprocess.run([sys.executable, '-X', 'importtime', path], env=env, cwd=os.path.dirname(path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        total, packages, roots = parse_importtime(done.stderr.decode('utf-8', 'replace'))
        totals.append(total)
        for name in NOTABLE_IMPORTS:
            if name in packages:
                notable.setdefault(name, []).append(packages[name])
        for name, value in roots.items():
            top.setdefault(name, []).append(value)
    top_median = sorted(((median(v), k) for k, v in top.items()), reverse=True)[:6]
    return {
        'total': median(totals),
        'notable': dict((k, median(v)) for k, v in notable.items()),
        'top_level': [{'name': k, 'seconds': v} for v, k in top_median],
    }


def parse_importtime(text):
    """(sum of self times, cumulative per package at its first import, cumulative of depth-0 imports), seconds."""
    total = 0.0
    packages = {}
    roots = {}
    for line in text.splitlines():
        match = re.match(r'^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$', line)
        if not match:
            continue
        own, cumulative, indent, name = int(match.group(1)), int(match.group(2)), len(match.group(3)), match.group(4)
        total += own / 1e6
        packages.setdefault(name, cumulative / 1e6)
        if indent <= 1:
            roots[name] = roots.get(name, 0.0) + cumulative / 1e6
    return total, packages, roots


# ---------------------------------------------------------------------------
# 3. the collection's client against the official SDK and against requests alone
# ---------------------------------------------------------------------------

def run_with_rusage(command, env):
    """Run a process to its end; return (wall seconds, peak RSS in KiB, exit code, stdout, stderr)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # pylint: disable=consider-using-with
    out_chunks, err_chunks = [], []
    readers = [threading.Thread(target=lambda s=stream, c=chunks: c.append(s.read()))
               for stream, chunks in ((process.stdout, out_chunks), (process.stderr, err_chunks))]
    for reader in readers:
        reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    for reader in readers:
        reader.join()
    process.stdout.close()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, process.returncode, b''.join(out_chunks), b''.join(err_chunks)


SDK_CASES = ('client', 'sdk', 'python', 'import_requests', 'requests_get', 'import_stdlib')


def bench_sdk(runs, work, collections, columns):
    """Fresh processes that sign and send one show request: the collection's client, the SDK, and baselines; per column."""
    sim = start_simulator(provision_delay=0.3)
    try:
        service_id = sim.seed(1, name_prefix='show')[0]
        env = dict(os.environ)
        env.update(sim_env(sim))
        env['PYTHONPATH'] = collections
        # The requests-only baseline sends the same show request, with a token (it does not sign).
        env['BENCH_GET_URL'] = '%s/v1/%s/vpc-endpoint-services/%s' % (sim.url, sim.project_id, service_id)
        env['BENCH_GET_TOKEN'] = sim.issue_token()
        # Both sides run from cached bytecode, as an installed library does after its first use. The
        # cache lives under the work directory, so nothing is written into the checkout.
        env.pop('PYTHONDONTWRITEBYTECODE', None)
        env['PYTHONPYCACHEPREFIX'] = os.path.join(work, 'pycache')
        baseline = os.path.join(BENCH, 'baseline.py')
        commands = {
            'client': [sys.executable, os.path.join(BENCH, 'show_client.py'), service_id],
            'sdk': [sys.executable, os.path.join(BENCH, 'show_sdk.py'), service_id],
            'python': [sys.executable, baseline, 'none'],
            'import_requests': [sys.executable, baseline, 'requests'],
            'requests_get': [sys.executable, baseline, 'requests-get'],
            'import_stdlib': [sys.executable, baseline, 'stdlib'],
        }
        result = {}
        for column in columns:
            log('client against SDK and requests, %d processes each, at %s' % (runs, column['label']))
            set_latency([sim], column)
            result[column['key']] = _sdk_column(commands, env, runs)
        return result
    finally:
        sim.stop()


def _sdk_column(commands, env, runs):
    samples = dict((key, {'wall': [], 'rss_kib': [], 'phases': []}) for key in SDK_CASES)
    warmup = 1 if runs > 1 else 0
    for index in range(runs + warmup):
        for key in SDK_CASES:
            command = commands[key]
            wall, rss, code, out, err = run_with_rusage(command, env)
            if code != 0:
                raise BenchError('%s failed (%d): %s' % (' '.join(command[1:]), code, err.decode('utf-8', 'replace')[-800:]))
            if index < warmup:
                continue   # a warm-up round: fills the bytecode cache and the page cache
            phases = json.loads(out.decode('utf-8').strip().splitlines()[-1])
            samples[key]['wall'].append(wall)
            # VmHWM from the child itself; ru_maxrss would include the parent's size at fork time.
            samples[key]['rss_kib'].append(phases.pop('peak_rss_kib', None) or rss)
            samples[key]['phases'].append(phases)
    result = {'runs': runs}
    for key, data in samples.items():
        entry = {'wall_median': median(data['wall']), 'rss_kib_median': median(data['rss_kib']), 'wall': data['wall']}
        for phase in ('import', 'build', 'request'):
            values = [p[phase] for p in data['phases'] if phase in p]
            if values:
                entry['%s_median' % phase] = median(values)
        result[key] = entry
    result['time_ratio'] = ratio(result['client']['wall_median'], result['sdk']['wall_median'])
    result['memory_ratio'] = ratio(result['client']['rss_kib_median'], result['sdk']['rss_kib_median'])
    # What the client adds above the HTTP library: against a process that imports requests and sends one GET.
    result['requests_get_ratio'] = ratio(result['client']['wall_median'], result['requests_get']['wall_median'])
    # The least any client built on requests can take: a process that only imports requests.
    result['requests_floor_ratio'] = ratio(result['import_requests']['wall_median'], result['sdk']['wall_median'])
    result['stdlib_floor_ratio'] = ratio(result['import_stdlib']['wall_median'], result['sdk']['wall_median'])
    return result


# ---------------------------------------------------------------------------
# 4. scale
# ---------------------------------------------------------------------------

def role_entries(services):
    """The role's endpoint_services_list for seeded services: the fields the simulator gave them, so none changes."""
    return [{'name': s['name'], 'vpc_id': s['vpc_id'], 'port_id': s['port_id'], 'server_type': 'VM',
             'ports': [{'client_port': 80, 'server_port': 80}]} for s in services]


def bench_scale(runner, columns, count, hosts, forks, rounds):
    """The role over `count` services with nothing to change against a uri loop of as many GETs; `hosts` hosts with
    `forks` forks against uri; per column."""
    sim = start_simulator(provision_delay=0.3)
    try:
        services = seeded_services(sim, sim.seed(max(count, hosts), name_prefix='scale'))
        base = {'bench_rounds': rounds, 'bench_sim_url': sim.url, 'bench_project_id': sim.project_id,
                'bench_token': sim.issue_token()}
        base.update(column_vars(columns, [sim]))
        base.update(bench_entries=role_entries(services[:count]), bench_services=services[:count])
        inventory = os.path.join(runner.work, 'scale_inventory.json')
        hostvars = dict(('bench-%03d' % (i + 1), {'ansible_connection': 'local', 'bench_service': services[i]})
                        for i in range(hosts))
        with open(inventory, 'w', encoding='utf-8') as handle:
            json.dump({'bench_hosts': {'hosts': hostvars}}, handle)
        timeline = runner.run('scale', 'scale.yml', sim, base, inventory=inventory, forks=forks)
        entries = sim.requests_log()
        result = {}
        for column, part in zip(columns, timeline.by_column(len(columns))):
            data = {'role': _role_result(part, entries, count, rounds),
                    'forks': _pair_result(part, 'Bench forks module', 'Bench forks uri', hosts, rounds)}
            data['forks']['forks'] = forks
            result[column['key']] = data
        return result
    finally:
        sim.stop()


def item_gaps(entries, start, end):
    """Seconds between consecutive requests answered in this window: in a loop making one request per item,
    the time of each item but the first."""
    times = sorted(e['t'] for e in requests_within(entries, start, end))
    return [b - a for a, b in zip(times, times[1:])]


def _role_result(timeline, entries, count, rounds):
    """The role's runs (include_role to its last task's result) and its converge loop, against the uri loop."""
    spans = timeline.spans('Bench role', ROLE_PREFIX)
    role, loop, requests, role_gaps = [], [], [], []
    for span in spans:
        converge = [r for r in span['runs'] if r['task'] == ROLE_CONVERGE]
        if len(converge) != 1 or len(converge[0]['results']) != 1:
            raise BenchError('the role run has no converge task result')
        outcome = converge[0]['results'][0]
        if outcome.get('items') != count or outcome['changed']:
            raise BenchError('the role converged %s entries, changed=%s: expected %d, all no-ops'
                             % (outcome.get('items'), outcome['changed'], count))
        role.append(span['end'] - span['start'])
        loop.append(converge[0]['end'] - converge[0]['start'])
        requests.append(len(requests_within(entries, span['start'], span['end'])))
        role_gaps.extend(item_gaps(entries, converge[0]['start'], converge[0]['end']))
    uri = timeline.durations('Bench loop uri')
    uri_gaps = [gap for run in timeline.named('Bench loop uri') for gap in item_gaps(entries, run['start'], run['end'])]
    result = {
        'count': count, 'rounds': rounds, 'role_seconds': role, 'loop_seconds': loop, 'uri_seconds': uri,
        'role_median': median(role), 'loop_median': median(loop), 'uri_median': median(uri),
        'requests': max(requests), 'requests_expected': count,
    }
    result['role_ratio'] = ratio(result['role_median'], result['uri_median'])
    result['loop_ratio'] = ratio(result['loop_median'], result['uri_median'])
    # A check against load, as the per-pair ratios of 2.: one long task per side is moved by any other job that
    # starts or stops meanwhile; the median time per item (between its request and the next one's) is not.
    result['item_ratio'] = ratio(median(role_gaps), median(uri_gaps))
    return result


def _pair_result(timeline, module_task, uri_task, count, rounds):
    module = timeline.durations(module_task)
    uri = timeline.durations(uri_task)
    result = {
        'count': count, 'rounds': rounds, 'module_seconds': module, 'uri_seconds': uri,
        'module_median': median(module), 'uri_median': median(uri),
    }
    result['ratio'] = ratio(result['module_median'], result['uri_median'])
    return result


# ---------------------------------------------------------------------------
# 5. listing: many pages, and permissions and connections of many services
# ---------------------------------------------------------------------------

def bench_listing(runner, columns, sizes, payload_runs=1):
    """vpcep_service_info per column: over many services against one page; with permissions and connections,
    concurrent against one request after another. Returns (info results, enrich results).

    sizes: count, page_count, reps (of each listing), enrich_count, enrich_rounds. With payload_runs, the
    listing's AnsiballZ payload is also kept and run alone `reps` times per column."""
    big, page, enrich = [start_simulator(provision_delay=0.3) for _index in range(3)]
    try:
        big.seed(sizes['count'], name_prefix='info')
        page.seed(sizes['page_count'], name_prefix='page')
        enrich.seed(sizes['enrich_count'], name_prefix='enrich')
        extra = {'bench_reps': sizes['reps'], 'bench_page_url': page.url, 'bench_enrich_url': enrich.url,
                 'bench_rounds': sizes['enrich_rounds']}
        extra.update(column_vars(columns, [big, page, enrich]))
        timeline = runner.run('listing', 'listing.yml', big, extra)
        logs = {'big': big.requests_log(), 'page': page.requests_log(), 'enrich': enrich.requests_log()}
        alone = dict((column['key'], [(None, None)]) for column in columns)
        if payload_runs:
            # Where the seconds go: the module process alone, against the whole task.
            payload = keep_payloads(runner, big, 'listing-payload', 'listing.yml',
                                    dict({'bench_reps': 1}, **column_vars(columns[:1], [big])), ('vpcep_service_info',))
            env = dict(os.environ)
            env.update(sim_env(big))
            for column in columns:
                set_latency([big], column)
                alone[column['key']] = [run_payload(payload['vpcep_service_info'], env) for _index in range(sizes['reps'])]
    finally:
        for sim in (big, page, enrich):
            sim.stop()
    info, enriched = {}, {}
    for column, part in zip(columns, timeline.by_column(len(columns))):
        info[column['key']] = _info_result(part, logs, sizes, alone[column['key']])
        enriched[column['key']] = _enrich_result(part, logs['enrich'], sizes)
    return info, enriched


def _info_result(timeline, logs, sizes, alone):
    count = sizes['count']
    every = _info_runs(timeline, 'Bench info all', logs['big'], count)
    one = _info_runs(timeline, 'Bench info page', logs['page'], sizes['page_count'])
    floor = max(1, int(math.ceil(count / float(LIST_PAGE))))
    requests = max(r['requests'] for r in every)
    data = {
        'services': count, 'page_services': sizes['page_count'], 'runs': len(every), 'requests': requests, 'floor': floor,
        'floor_why': '%d list pages of %d' % (floor, LIST_PAGE), 'met': requests <= floor,
        'page_requests': max(r['requests'] for r in one),
        'seconds': [r['seconds'] for r in every], 'page_seconds': [r['seconds'] for r in one],
        'seconds_median': median([r['seconds'] for r in every]),
        'page_seconds_median': median([r['seconds'] for r in one]),
        'list_span_median': median([r['list_span'] for r in every]),
        'page_list_span_median': median([r['list_span'] for r in one]),
        'simulator_seconds_median': median([r['simulator_seconds'] for r in every]),
        'module_process_median': median([a[0] for a in alone]),
        'result_bytes': alone[0][1],
    }
    data['page_ratio'] = ratio(data['seconds_median'], data['page_seconds_median'])
    data['list_span_ratio'] = ratio(data['list_span_median'], data['page_list_span_median'])
    return data


def _info_runs(timeline, task, entries, count):
    runs = []
    for run in timeline.named(task):
        _check_results(task, run)
        got = [x.get('services') for x in run['results']]
        if got != [count]:
            raise BenchError('%s returned %s services, expected %d' % (task, got, count))
        calls = requests_within(entries, run['start'], run['end'])
        runs.append({'seconds': run['end'] - run['start'], 'requests': len(calls), 'list_span': list_span(calls),
                     'simulator_seconds': sum(c.get('duration_ms') or 0.0 for c in calls) / 1000.0})
    if not runs:
        raise BenchError('task %r never ran' % task)
    return runs


def _enrich_result(timeline, entries, sizes):
    count = sizes['enrich_count']
    concurrent = _info_runs(timeline, 'Bench enrich concurrent', entries, count)
    sequential = _info_runs(timeline, 'Bench enrich sequential', entries, count)
    data = {
        'services': count, 'rounds': sizes['enrich_rounds'],
        'requests': max(r['requests'] for r in concurrent + sequential), 'requests_expected': 1 + 2 * count,
        'concurrent_seconds': [r['seconds'] for r in concurrent], 'sequential_seconds': [r['seconds'] for r in sequential],
        'concurrent_median': median([r['seconds'] for r in concurrent]),
        'sequential_median': median([r['seconds'] for r in sequential]),
    }
    data['ratio'] = ratio(data['concurrent_median'], data['sequential_median'])
    return data


# ---------------------------------------------------------------------------
# 6. waiting
# ---------------------------------------------------------------------------

def bench_waiting(runner, columns, delays):
    """One simulator per column and delay, the creates run at once; from available to the task's result."""
    started = []
    try:
        for column in columns:
            for delay in delays:
                sim = start_simulator(provision_delay=delay, column=column)
                name = 'wait-%s-%s' % (column['key'], ('%g' % delay).replace('.', '_'))
                extra = {'bench_name': name, 'bench_vpc_id': BENCH_VPC, 'bench_port_id': BENCH_PORT}
                log('ansible-playbook wait.yml (provisioning delay %g s, latency %s)' % (delay, column['label']))
                started.append((column, delay, sim, runner.start(name, 'wait.yml', sim, extra)))
        results = dict((column['key'], []) for column in columns)
        for column, delay, sim, handles in started:
            timeline = runner.finish(*handles)
            results[column['key']].append(wait_result(delay, sim.requests_log(), timeline, sim.state.services))
        return results
    finally:
        for _column, _delay, sim, _handles in started:
            sim.stop()


def service_reads(entries, service_id, after):
    """The reads of one service after its create was answered: GETs of it, and list calls (the lookup after a create)."""
    return [e for e in entries if e['t'] > after and e['method'] == 'GET'
            and (e['path'].endswith('/' + service_id) or SERVICES_PATH_RE.search(e['path']))]


def wait_result(delay, entries, timeline, services):
    """From the service turning available to the task returning, against its targets' inputs."""
    runs = timeline.named('Bench wait create')
    if len(runs) != 1:
        raise BenchError('wait.yml ran its task %d times' % len(runs))
    run = runs[0]
    service_id = run['results'][0].get('service_id')
    if run['results'][0].get('service_status') != 'available':
        raise BenchError('the waiting task returned status %r' % run['results'][0].get('service_status'))
    posts = [e for e in entries if e['method'] == 'POST' and SERVICES_PATH_RE.search(e['path'])]
    if not posts:
        raise BenchError('the waiting task sent no create')
    created = posts[0]['t']
    reads = service_reads(entries, service_id, created)
    ready = (services.get(service_id) or {}).get('ready_at')
    if ready is None:
        ready = created + delay
    offsets = [r['t'] - created for r in reads]
    # The pause before each read, the first one counted from the create's answer.
    intervals = [b - a for a, b in zip([0.0] + offsets, offsets)]
    lateness = run['end'] - ready
    return {
        'delay': delay, 'waited': ready - created, 'lateness': lateness,
        'detected_after': reads[-1]['t'] - ready if reads else None,
        'last_interval': intervals[-1] if intervals else None, 'polls': len(reads), 'poll_offsets': offsets,
        'task_seconds': run['end'] - run['start'], 'limit': waiting_limit(ready - created),
    }


# ---------------------------------------------------------------------------
# 7. fleet (issue 23): each role over many entries, new and then no-ops
# ---------------------------------------------------------------------------

def fleet_vars(sim, count):
    """The generated entry lists (every service its own port_id, every endpoint its own subnet) and the ids the
    single create tasks use, plus the service the endpoints connect to (no approval: each endpoint gets accepted)."""
    target_id = sim.seed(1, name_prefix='fleettarget')[0]
    sim.state.services[target_id]['approval_enabled'] = False

    def new_id():
        return str(uuid.uuid4())
    services = [{'name': 'fleet-%03d' % (index + 1), 'vpc_id': BENCH_VPC, 'port_id': new_id(), 'server_type': 'VM',
                 'ports': [{'client_port': 80, 'server_port': 80}]} for index in range(count)]
    endpoints = [{'endpoint_service_id': target_id, 'vpc_id': BENCH_VPC, 'subnet_id': new_id()} for _index in range(count)]
    return {'bench_service_entries': services, 'bench_endpoint_entries': endpoints, 'bench_target_service_id': target_id,
            'bench_vpc_id': BENCH_VPC, 'bench_one_port_id': new_id(), 'bench_one_subnet_id': new_id(),
            'bench_sim_url': sim.url, 'bench_project_id': sim.project_id, 'bench_token': sim.issue_token()}


def bench_fleet(runner, column, count, delay, rounds):
    """Both roles over `count` new entries, then the same entries as no-ops (`rounds` rounds alternating with a uri
    loop of `count` GETs), at the column's latency and `delay` s of provisioning; against one create task."""
    sim = start_simulator(provision_delay=delay, column=column)
    try:
        # The single endpoint create comes on top of the role's entries: room for both.
        sim.configure(endpoint_quota=max(1000, 2 * count + 10))
        timeline = runner.run('fleet', 'fleet.yml', sim, dict(fleet_vars(sim, count), bench_rounds=rounds))
        entries, project_id = sim.requests_log(), sim.project_id
    finally:
        sim.stop()
    result = {'column': column['key'], 'label': column_heading(column), 'count': count, 'delay': delay, 'rounds': rounds}
    for kind, single in (('services', 'Bench fleet one service create'), ('endpoints', 'Bench fleet one endpoint create')):
        result[kind] = _fleet_kind(timeline, {'entries': entries, 'project_id': project_id, 'count': count}, kind, single)
    return result


def _fleet_kind(timeline, log, kind, single):
    entries, project_id, count = log['entries'], log['project_id'], log['count']
    prefix = FLEET_ROLES[kind]
    one = timeline.durations(single)
    created = timeline.spans('Bench fleet %s create' % kind, prefix)
    noop = timeline.spans('Bench fleet %s no-op' % kind, prefix)
    uri = timeline.durations('Bench fleet %s uri loop' % kind)
    if len(one) != 1 or len(created) != 1 or len(noop) != len(uri):
        raise BenchError('fleet.yml ran its %s tasks an unexpected number of times' % kind)
    noop_calls = [requests_within(entries, span['start'], span['end']) for span in noop]
    data = {
        'one_create_seconds': one[0], 'create_seconds': created[0]['end'] - created[0]['start'],
        'noop_seconds': [span['end'] - span['start'] for span in noop], 'uri_seconds': uri,
        'create_requests': len(requests_within(entries, created[0]['start'], created[0]['end'])),
        'noop_requests': max(len(calls) for calls in noop_calls),
        'noop_calls': sorted(set('%s %s' % (c['method'], _short_path(c['path'], project_id)) for c in noop_calls[0])),
        'requests_limit': int(math.ceil(count / float(LIST_PAGE))) + 1,
    }
    data['noop_median'], data['uri_median'] = median(data['noop_seconds']), median(uri)
    data['create_ratio'] = ratio(data['create_seconds'], data['one_create_seconds'])
    data['noop_ratio'] = ratio(data['noop_median'], data['uri_median'])
    return data


def fleet_targets(fleet):
    """The fleet's judged figures: per role, the create ratio, the no-op ratio and the no-op run's requests."""
    if not fleet:
        return []
    found = []
    for kind in ('services', 'endpoints'):
        data = fleet[kind]
        found.append(target('fleet %s: create' % kind, fleet['column'], data['create_ratio'], FLEET_CREATE_TARGET))
        found.append(target('fleet %s: no-op' % kind, fleet['column'], data['noop_ratio'], FLEET_NOOP_TARGET))
        found.append(target('fleet %s: no-op requests' % kind, fleet['column'], data['noop_requests'],
                            data['requests_limit'], 'count'))
    return found


def _fleet_block(results):
    fleet = results['fleet']
    count = fleet['count']
    column = [{'key': fleet['column'], 'label': fleet['label'], 'latency_ms': 0, 'jitter_ms': 0}]
    lines = ['', '7. Fleet: each role over %d entries, %g s provisioning (task times from the callback; no-ops: median of %d '
             'alternating rounds)' % (count, fleet['delay'], fleet['rounds']), heading_line(column)]
    for kind, role, module in (('services', 'endpoint_services', 'vpcep_service'), ('endpoints', 'endpoints', 'vpcep_endpoint')):
        data = fleet[kind]
        checks = dict((t['name'], check_lines([t], column)) for t in results['targets'] if t['name'].startswith('fleet %s' % kind))
        lines += figure_lines('role %s, %d new entries' % (role, count), [fmt_s(data['create_seconds'])])
        lines += figure_lines('  one %s create task' % module, [fmt_s(data['one_create_seconds'])])
        lines += figure_lines('  ratio role / one create', [fmt_ratio(data['create_ratio'])], checks['fleet %s: create' % kind])
        lines += figure_lines('role %s, the same %d entries, all no-ops' % (role, count), [fmt_s(data['noop_median'])])
        lines += figure_lines('  uri: %d GETs in a loop, one task' % count, [fmt_s(data['uri_median'])])
        lines += figure_lines('  ratio no-op role / uri loop', [fmt_ratio(data['noop_ratio'])], checks['fleet %s: no-op' % kind])
        lines += figure_lines('  API requests of the no-op run', [fmt_count(data['noop_requests'])],
                              checks['fleet %s: no-op requests' % kind])
        lines += figure_lines('  API requests of the create run (not judged)', [fmt_count(data['create_requests'])])
    return lines


# ---------------------------------------------------------------------------
# targets and the table
# ---------------------------------------------------------------------------

def targets(results):
    """Every judged figure with its target and column, for the JSON, the table and the summary line."""
    columns = results['columns']
    base, net = columns[0]['key'], columns[-1]['key']
    found = []

    def add(name, column, data, measured, limit, unit='ratio'):
        if isinstance(data, dict) and column in data:
            found.append(target(name, column, measured(data[column]), limit, unit))

    for column in columns:
        for item in results.get('requests', {}).get(column['key'], []):
            found.append(target('requests: %s' % item['operation'], column['key'], item['requests'], item['floor'], 'count'))
    info = results.get('info', {})
    for column in columns:
        if column['key'] in info:
            data = info[column['key']]
            found.append(target('requests: info over %d' % data['services'], column['key'], data['requests'], data['floor'], 'count'))
    pertask = results.get('pertask', {})
    add('per-task ratio', base, pertask, lambda d: d['ratio'], PER_TASK_TARGET)
    add('per-task ratio', net, pertask, lambda d: d['ratio'], PER_TASK_TARGET_NET)
    for column in (base, net):
        add('no-op task / uri task', column, pertask, lambda d: d['ratio'], NOOP_TASK_TARGET)
    found.extend(fleet_targets(results.get('fleet')))
    sdk = results.get('sdk', {})
    add('client/SDK time', base, sdk, lambda d: d['time_ratio'], SDK_TARGET)
    add('client/requests process', net, sdk, lambda d: d['requests_get_ratio'], HTTP_FLOOR_TARGET)
    scale = results.get('scale', {})
    for key, limit in ((base, PER_TASK_TARGET), (net, PER_TASK_TARGET_NET)):
        add('scale loop ratio', key, scale, lambda d: d['role']['loop_ratio'], limit)
        add('scale forks ratio', key, scale, lambda d: d['forks']['ratio'], limit)
    add('role second run ratio', net, scale, lambda d: d['role']['role_ratio'], ROLE_TARGET)
    add('info all / one page', net, info, lambda d: d['page_ratio'], LIST_TARGET)
    add('enrich concurrent / sequential', net, results.get('enrich', {}), lambda d: d['ratio'], ENRICH_TARGET)
    # The waiting target came with the poll schedule it judges (a tenth of the time waited); neither depends on
    # the network, so it is judged in both columns. (The one before it, 'within one poll interval', was made for
    # a schedule that doubled its pauses; against pauses of 0.5 s it would judge Ansible's task return instead.)
    waiting = results.get('waiting', {})
    for column in columns:
        for item in waiting.get(column['key'], []):
            found.append(target('waiting %g s' % item['delay'], column['key'], item['lateness'], item['limit'], 'seconds'))
    return found


def _named(results, name):
    return [t for t in results['targets'] if t['name'] == name]


def _checks(results, name):
    return check_lines(_named(results, name), results['columns'])


def table(results):
    """The report as text: one block per section, a cell per latency column, target beside each judged figure."""
    lines = []
    meta = results['meta']
    columns = results['columns']
    lines.append('hwcloud.vpcep benchmark, %s, %s, %d CPUs, Python %s, ansible-core %s' % (
        meta['date'], meta['machine'], meta['cpus'], meta['python'], meta['ansible_core']))
    if meta.get('load_average') and meta.get('load_average_end'):
        lines.append('load average (1 min) at the start %.2f, at the end %.2f: other work on the machine widens the spread'
                     % (meta['load_average'][0], meta['load_average_end'][0]))
    lines.append('columns: the simulator answering every API call at once, and after %s (uniform jitter)'
                 % column_heading(columns[-1]))
    if 'requests' in results or 'info' in results:
        lines.extend(_requests_block(results, columns))
    if 'pertask' in results:
        lines.extend(_pertask_block(results, columns))
    if 'sdk' in results:
        lines.extend(_sdk_block(results, columns))
    if 'scale' in results:
        lines.extend(_scale_block(results, columns))
    if 'info' in results or 'enrich' in results:
        lines.extend(_listing_block(results, columns))
    if 'waiting' in results:
        lines.extend(_waiting_block(results, columns))
    if 'fleet' in results:
        lines.extend(_fleet_block(results))
    judged = results['targets']
    missed = ['%s at %s' % (t['name'], _label(columns, t['column'])) for t in judged if t['met'] is False]
    lines.append('')
    lines.append('Targets: %d judged, %d met%s' % (
        len(judged), len([t for t in judged if t['met']]),
        ('; missed: ' + ', '.join(missed) + ' (see docs/benchmarks.md)') if missed else ''))
    return '\n'.join(line.rstrip() for line in lines)


def _label(columns, key):
    return next((c['label'] for c in columns if c['key'] == key), key)


def _requests_block(results, columns):
    lines = ['', '1. API requests per operation (simulator log; status polls counted apart)']
    heads = [c['label'] for c in columns]
    count = len(columns)
    row = '  %-40s' + ' %6s' * count + '  %6s' + ' %6s' * count + '  ' + ' %9s' * count + '  %s'
    # Each group's heading ends where the group's last column does.
    heading = ('operation', 7 * count, 'requests', 'floor', 7 * count, 'polls', 10 * count, 'seconds', 'result')
    lines.append('  %-40s%*s  %6s%*s  %*s  %s' % heading)
    lines.append(row % tuple([''] + heads + [''] + heads + heads + ['']))
    by_column = results.get('requests', {})
    for key, label, _floor, _why, _changed in OPERATIONS:
        items = [next((i for i in by_column.get(c['key'], []) if i['operation'] == key), None) for c in columns]
        if not any(items):
            continue
        present = [i for i in items if i]
        notes = ['changed=%s unexpected at %s' % (i['changed'], c['label']) for i, c in zip(items, columns)
                 if i and not i['changed_as_expected']]
        lines.append(row % tuple(
            [label] + [fmt_count(i['requests']) if i else '-' for i in items] + [present[0]['floor']]
            + [(i['polls'] or '-') if i else '-' for i in items] + [fmt_s(i['seconds']) if i else '-' for i in items]
            + [_one_verdict(results, 'requests: %s' % key) + ('  (%s)' % '; '.join(notes) if notes else '')]))
    info = results.get('info', {})
    if info:
        first = next(iter(info.values()))
        items = [info.get(c['key']) for c in columns]
        lines.append(row % tuple(
            ['vpcep_service_info over %d services' % first['services']]
            + [fmt_count(i['requests']) if i else '-' for i in items] + [first['floor']] + ['-' for _i in items]
            + [fmt_s(i['seconds_median']) if i else '-' for i in items]
            + [_one_verdict(results, 'requests: info over %d' % first['services'])]))
    return lines


def _one_verdict(results, name):
    return verdict(all_met(t['met'] for t in _named(results, name)))


def _pertask_block(results, columns):
    data = results['pertask']
    first = data[columns[0]['key']]
    lines = ['', '2. Per-task cost, %d interleaved pairs per column (median task time from the callback)' % first['reps'],
             heading_line(columns)]
    lines += figure_lines('no-op vpcep_service task (by id, 1 GET)', per_column(data, columns, lambda d: fmt_s(d['module_median']), '-'))
    lines += figure_lines('uri task, the same GET', per_column(data, columns, lambda d: fmt_s(d['uri_median']), '-'))
    lines += figure_lines('ratio module / uri', per_column(data, columns, lambda d: fmt_ratio(d['ratio']), '-'),
                          _checks(results, 'per-task ratio') + _checks(results, 'no-op task / uri task'))
    lines += figure_lines('  check: median of the per-pair ratios', per_column(data, columns, lambda d: fmt_ratio(d['pair_ratio_median']), '-'))
    if not first.get('payloads'):
        return lines
    lines += figure_lines('vpcep_service payload process alone',
                          per_column(data, columns, lambda d: fmt_s(d['payloads']['module']['median']), '-'))
    lines += figure_lines('uri payload process alone', per_column(data, columns, lambda d: fmt_s(d['payloads']['uri']['median']), '-'))
    payloads = first['payloads']
    for key, label in (('module', 'vpcep_service'), ('uri', 'uri')):
        imports = payloads[key].get('imports')
        if not imports:
            continue
        blank = [''] * (len(columns) - 1)
        lines += figure_lines('imports in the %s payload (-X importtime)' % label, [fmt_ms(imports['total'])] + blank)
        for name, value in sorted(imports['notable'].items(), key=lambda kv: -kv[1]):
            lines += figure_lines('  ' + _short_module(name), [fmt_ms(value)] + blank)
    return lines


def _sdk_block(results, columns):
    data = results['sdk']
    first = data[columns[0]['key']]
    lines = ['', '3. One show request in a fresh process, median of %d runs per column' % first['runs'], heading_line(columns)]
    for key, label in (('client', 'collection client'), ('sdk', 'official SDK (huaweicloudsdkvpcep)'),
                       ('requests_get', 'baseline: import requests, send one GET'),
                       ('python', 'baseline: the interpreter alone'), ('import_requests', 'baseline: import requests'),
                       ('import_stdlib', 'baseline: import http.client, ssl, hmac')):
        lines += figure_lines('%s (%.1f MiB)' % (label, first[key]['rss_kib_median'] / 1024.0),
                              per_column(data, columns, lambda d, k=key: fmt_s(d[k]['wall_median']), '-'))
    lines += figure_lines('time ratio client / SDK', per_column(data, columns, lambda d: fmt_ratio(d['time_ratio']), '-'),
                          _checks(results, 'client/SDK time'))
    lines += figure_lines('time ratio client / requests and one GET',
                          per_column(data, columns, lambda d: fmt_ratio(d['requests_get_ratio']), '-'),
                          _checks(results, 'client/requests process'))
    lines += figure_lines('memory ratio client / SDK', per_column(data, columns, lambda d: fmt_ratio(d['memory_ratio']), '-'))
    lines += figure_lines('floor for any requests client: import requests / SDK',
                          per_column(data, columns, lambda d: fmt_ratio(d['requests_floor_ratio']), '-'))
    lines += figure_lines('floor without requests: stdlib imports / SDK',
                          per_column(data, columns, lambda d: fmt_ratio(d['stdlib_floor_ratio']), '-'))
    return lines


def _scale_block(results, columns):
    data = results['scale']
    first = data[columns[0]['key']]
    role, forks = first['role'], first['forks']
    lines = ['', '4. Scale (task time from the callback, median of %d round(s) per column)' % role['rounds'], heading_line(columns)]
    lines += figure_lines('role endpoint_services, %d entries, all no-ops' % role['count'],
                          per_column(data, columns, lambda d: fmt_s(d['role']['role_median']), '-'))
    lines += figure_lines('  its converge task (a loop over %d services)' % role['count'],
                          per_column(data, columns, lambda d: fmt_s(d['role']['loop_median']), '-'))
    lines += figure_lines('uri: %d GETs in a loop, one task' % role['count'],
                          per_column(data, columns, lambda d: fmt_s(d['role']['uri_median']), '-'))
    lines += figure_lines('role ratio (second run / uri loop)', per_column(data, columns, lambda d: fmt_ratio(d['role']['role_ratio']), '-'),
                          _checks(results, 'role second run ratio'))
    lines += figure_lines('loop ratio (converge task / uri loop, as 2.)',
                          per_column(data, columns, lambda d: fmt_ratio(d['role']['loop_ratio']), '-'),
                          _checks(results, 'scale loop ratio'))
    lines += figure_lines('  check: median time per entry / per uri GET',
                          per_column(data, columns, lambda d: fmt_ratio(d['role'].get('item_ratio')), '-'))
    lines += figure_lines('  API requests in the role run (floor %d)' % role['count'],
                          per_column(data, columns, lambda d: fmt_count(d['role']['requests']), '-'))
    lines += figure_lines('%d hosts, %d forks: no-op task' % (forks['count'], forks['forks']),
                          per_column(data, columns, lambda d: fmt_s(d['forks']['module_median']), '-'))
    lines += figure_lines('%d hosts, %d forks: uri task' % (forks['count'], forks['forks']),
                          per_column(data, columns, lambda d: fmt_s(d['forks']['uri_median']), '-'))
    lines += figure_lines('forks ratio (as 2.)', per_column(data, columns, lambda d: fmt_ratio(d['forks']['ratio']), '-'),
                          _checks(results, 'scale forks ratio'))
    return lines


def _listing_block(results, columns):
    lines = ['', '5. Listing (task time from the callback, medians)', heading_line(columns)]
    info = results.get('info')
    if info:
        first = info[columns[0]['key']]
        lines += figure_lines('vpcep_service_info over %d services (%d runs)' % (first['services'], first['runs']),
                              per_column(info, columns, lambda d: fmt_s(d['seconds_median']), '-'))
        lines += figure_lines('  the same over %d services (one page)' % first['page_services'],
                              per_column(info, columns, lambda d: fmt_s(d['page_seconds_median']), '-'))
        lines += figure_lines('  ratio %d services / one page' % first['services'],
                              per_column(info, columns, lambda d: fmt_ratio(d['page_ratio']), '-'),
                              _checks(results, 'info all / one page'))
        lines += figure_lines('  list calls, first sent to last answered: %d' % first['services'],
                              per_column(info, columns, lambda d: fmt_s(d['list_span_median']), '-'))
        lines += figure_lines('  list calls, first sent to last answered: one page',
                              per_column(info, columns, lambda d: fmt_s(d['page_list_span_median']), '-'))
        if first.get('result_bytes'):
            lines += figure_lines('  its module process alone (payload, %.1f MB result)' % (first['result_bytes'] / 1e6),
                                  per_column(info, columns, lambda d: fmt_s(d['module_process_median']), '-'))
    enrich = results.get('enrich')
    if enrich:
        first = enrich[columns[0]['key']]
        lines += figure_lines('with permissions and connections, %d services:' % first['services'], [''] * len(columns))
        lines += figure_lines('  concurrency 1 (one request after another)',
                              per_column(enrich, columns, lambda d: fmt_s(d['sequential_median']), '-'))
        lines += figure_lines('  default concurrency (8)', per_column(enrich, columns, lambda d: fmt_s(d['concurrent_median']), '-'))
        lines += figure_lines('  ratio default / concurrency 1', per_column(enrich, columns, lambda d: fmt_ratio(d['ratio']), '-'),
                              _checks(results, 'enrich concurrent / sequential'))
        lines += figure_lines('  API requests per run (floor %d)' % first['requests_expected'],
                              per_column(enrich, columns, lambda d: fmt_count(d['requests']), '-'))
    return lines


def _waiting_block(results, columns):
    data = results['waiting']
    lines = ['', '6. Waiting: from the service turning available to the task returning', heading_line(columns)]
    for index, delay in enumerate(item['delay'] for item in data[columns[0]['key']]):
        items = dict((c['key'], data[c['key']][index]) for c in columns if len(data.get(c['key'], [])) > index)
        lines += figure_lines('%g s provisioning: late by' % delay, per_column(items, columns, lambda d: fmt_s(d['lateness']), '-'),
                              _checks(results, 'waiting %g s' % delay))
        lines += figure_lines('  pause before the read that saw it', per_column(items, columns, lambda d: fmt_s(d['last_interval']), '-'))
        lines += figure_lines('  reads of the service after the create', per_column(items, columns, lambda d: fmt_count(d['polls']), '-'))
        lines += figure_lines('  create task', per_column(items, columns, lambda d: fmt_s(d['task_seconds']), '-'))
    longest = data[columns[0]['key']][-1]
    lines.append('  reads after the create (%g s case, %s): %s s' % (
        longest['delay'], columns[0]['label'], ', '.join('%.1f' % t for t in longest['poll_offsets'])))
    return lines


def _short_module(name):
    return name.replace('ansible_collections.hwcloud.vpcep.plugins.module_utils.', 'hwcloud.vpcep module_utils.')


# ---------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------

def metadata():
    """Where and with what the figures were taken."""
    try:
        import ansible.release  # pylint: disable=import-outside-toplevel
        ansible_core = ansible.release.__version__
    except ImportError:
        ansible_core = 'unknown'
    return {
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'machine': '%s %s' % (platform.system(), platform.machine()),
        'cpus': os.cpu_count() or 0,
        'python': platform.python_version(),
        'ansible_core': ansible_core,
        'load_average': list(os.getloadavg()) if hasattr(os, 'getloadavg') else None,
    }


def parse_args(argv=None):
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=os.path.join(ROOT, '.build', 'bench', 'results.json'), help='JSON results file')
    parser.add_argument('--only', action='append', choices=SECTIONS, help='run only this section (repeatable)')
    parser.add_argument('--collections', default=COLLECTIONS,
                        help='the collections path holding ansible_collections/hwcloud/vpcep to measure (default: this checkout); '
                             'another copy gives before/after figures')
    parser.add_argument('--latency', type=float, default=50.0, metavar='MS', help='latency of the second column (ms per API call)')
    parser.add_argument('--jitter', type=float, default=10.0, metavar='MS', help='plus or minus up to this many ms in that column')
    parser.add_argument('--reps', type=int, default=30, help='interleaved pairs per column for the per-task cost (at least 30)')
    parser.add_argument('--payload-runs', type=int, default=5, help='runs of each AnsiballZ payload alone, per column (0: none)')
    parser.add_argument('--sdk-runs', type=int, default=15, help='processes of each kind and column for client against SDK')
    parser.add_argument('--scale', type=int, default=50, help='entries of the role (and GETs of the uri loop)')
    parser.add_argument('--hosts', type=int, default=20, help='inventory hosts in the forks case')
    parser.add_argument('--forks', type=int, default=10, help='forks in the forks case')
    parser.add_argument('--rounds', type=int, default=2, help='alternating rounds of each scale case per column')
    parser.add_argument('--info-count', type=int, default=5000, help='services listed by vpcep_service_info')
    parser.add_argument('--page-count', type=int, default=1000, help='services of the one-page listing it is compared with')
    parser.add_argument('--info-reps', type=int, default=3, help='vpcep_service_info runs over each, per column')
    parser.add_argument('--enrich-count', type=int, default=500, help='services read with their permissions and connections')
    parser.add_argument('--enrich-rounds', type=int, default=1, help='rounds of concurrent and sequential reads per column')
    parser.add_argument('--delays', default='1,5,30', help='provisioning delays in seconds, comma-separated')
    parser.add_argument('--fleet-count', type=int, default=50, help='entries of each role in the fleet section')
    parser.add_argument('--fleet-delay', type=float, default=5.0, help='provisioning delay (s) in the fleet section')
    parser.add_argument('--smoke', action='store_true', help='tiny sizes: checks that the benchmark works, measures nothing useful')
    args = parser.parse_args(argv)
    if args.latency <= 0 or args.jitter < 0 or args.jitter > args.latency:
        parser.error('--latency must be positive and --jitter between 0 and --latency')
    if args.smoke:
        # No payloads kept and run alone, no warm-up round of the SDK processes: under a minute on 2 idle cores.
        args.reps, args.payload_runs, args.sdk_runs = 2, 0, 1
        args.scale, args.hosts, args.rounds = 2, 2, 1
        args.info_count, args.page_count, args.info_reps = 1001, 10, 1
        args.enrich_count, args.enrich_rounds = 5, 1
        args.delays = '1'
        args.fleet_count, args.fleet_delay = 2, 1.0
    elif args.reps < 30:
        parser.error('--reps must be at least 30 (use --smoke for a quick check)')
    args.delays = [float(d) for d in args.delays.split(',') if d.strip()]
    return args


def section_jobs(runner, args, columns, sections):
    """[(result keys, function)] for the chosen sections, in the order they run; waiting first."""
    sizes = {'count': args.info_count, 'page_count': args.page_count, 'reps': args.info_reps,
             'enrich_count': args.enrich_count, 'enrich_rounds': args.enrich_rounds}
    jobs = (
        ('waiting', ('waiting',), lambda: bench_waiting(runner, columns, args.delays)),
        ('requests', ('requests',), lambda: bench_requests(runner, columns)),
        ('pertask', ('pertask',), lambda: bench_pertask(runner, columns, args.reps, args.payload_runs)),
        ('sdk', ('sdk',), lambda: bench_sdk(args.sdk_runs, runner.work, args.collections, columns)),
        ('scale', ('scale',), lambda: bench_scale(runner, columns, args.scale, args.hosts, args.forks, args.rounds)),
        ('info', ('info', 'enrich'), lambda: bench_listing(runner, columns, sizes, args.payload_runs)),
        ('fleet', ('fleet',), lambda: bench_fleet(runner, columns[-1], args.fleet_count, args.fleet_delay, args.rounds)),
    )
    return [(keys, function) for section, keys, function in jobs if section in sections]


def _store(results, keys, value):
    if len(keys) == 1:
        results[keys[0]] = value
    else:
        results.update(zip(keys, value))


def run_sections(runner, args, columns, sections, results):
    """Run the chosen sections into results; BenchError when a measurement cannot be taken.

    The waiting runs start first and are left running while the request counts are taken (they mostly
    sleep); every other section times tasks and runs alone. With --smoke, whose figures mean nothing,
    every section runs at the same time, to check them all quickly."""
    jobs = section_jobs(runner, args, columns, sections)
    background = [job for job in jobs if args.smoke or job[0] == ('waiting',)]
    outcomes = {}
    threads = [threading.Thread(target=lambda k=keys, f=function: outcomes.__setitem__(k, _guard(f)))
               for keys, function in background]
    for thread in threads:
        thread.start()
    try:
        for keys, function in jobs:
            if (keys, function) in background:
                continue
            if keys != ('requests',):
                # The other sections time tasks; the waiting runs would disturb them, so they finish first.
                _join(threads, outcomes, results)
            _store(results, keys, function())
    finally:
        _join(threads, outcomes, results)


def _join(threads, outcomes, results):
    for thread in threads:
        thread.join()
    for keys, value in outcomes.items():
        if isinstance(value, BenchError):
            raise value
        _store(results, keys, value)


def main(argv=None):
    """Run the sections, print the table, write the JSON."""
    args = parse_args(argv)
    sections = args.only or list(DEFAULT_SECTIONS)
    columns = make_columns(args.latency, args.jitter)
    work = os.path.join(os.path.dirname(os.path.abspath(args.out)), 'work')
    shutil.rmtree(work, ignore_errors=True)
    runner = Runner(work, args.collections)
    results = {'meta': metadata(), 'columns': columns,
               'settings': dict((k, v) for k, v in vars(args).items() if k not in ('out', 'collections'))}
    results['meta']['collection'] = os.path.realpath(os.path.join(args.collections, 'ansible_collections', 'hwcloud', 'vpcep'))
    started = time.monotonic()
    try:
        run_sections(runner, args, columns, sections, results)
    except BenchError as error:
        sys.stderr.write('bench: %s\n' % error)
        return 1
    results['meta']['seconds'] = time.monotonic() - started
    results['meta']['load_average_end'] = list(os.getloadavg()) if hasattr(os, 'getloadavg') else None
    results['targets'] = targets(results)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w', encoding='utf-8') as handle:
        json.dump(results, handle, indent=2, sort_keys=True)
    print(table(results))
    print('')
    print('JSON: %s; playbook logs: %s; took %.0f s'
          % (os.path.relpath(args.out, ROOT), os.path.relpath(os.path.join(work, 'logs'), ROOT), results['meta']['seconds']))
    return 0


def _guard(function, *args):
    try:
        return function(*args)
    except BenchError as error:
        return error


if __name__ == '__main__':
    sys.exit(main())
