# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark hwcloud.vpcep against the local simulator: API requests and seconds, beside their targets.

`make bench` runs it. It measures, it does not judge the machine: a missed target is reported, never an
error. It fails only when a measurement cannot be taken (a playbook fails, the simulator does not start).
The table goes to stdout, the same figures as JSON to .build/bench/results.json; docs/benchmarks.md
explains how to read them.

Sections (each can be run alone with --only):
  requests  API requests per operation, from the simulator's request log
  pertask   a no-op vpcep_service task against a uri task making the same GET; AnsiballZ import cost
  sdk       one show request in a fresh process: the collection's client against the official SDK
  scale     100 services in a loop and over 100 hosts with 10 forks; vpcep_service_info over 5,000 services
  waiting   provisioning delays of 1, 5 and 30 s: from available to the task returning
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, 'tools', 'bench')
PLAYBOOKS = os.path.join(BENCH, 'playbooks')
COLLECTIONS = os.path.join(ROOT, '.build', 'collections')
sys.path.insert(0, os.path.join(ROOT, 'tests', 'simulator'))

from vpcep_sim import Simulator  # noqa: E402  pylint: disable=wrong-import-position

SECTIONS = ('requests', 'pertask', 'sdk', 'scale', 'waiting')
SERVICE_PATH_RE = re.compile(r'/vpc-endpoint-services/([^/]+)$')
BENCH_VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
BENCH_PORT = '6c1a6f0e-5b3d-4c8e-9a7b-1d2e3f4a5b6c'
BENCH_DOMAIN = '1564ec50ef2a47c791ea5536353ed4b9'
PER_TASK_TARGET = 1.15
SDK_TARGET = 0.5
LIST_PAGE = 1000

# (task name in ops.yml, what it is, floor of API requests, why that floor, expected changed)
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
    'ansible_collections.hwcloud.vpcep.plugins.module_utils.client',
    'ansible_collections.hwcloud.vpcep.plugins.module_utils.endpoint_service',
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


def verdict(met):
    """The 'met' column."""
    if met is None:
        return 'n/a'
    return 'met' if met else 'MISSED'


def log(message):
    """Progress on stderr, so stdout holds only the table."""
    sys.stderr.write('[bench %s] %s\n' % (time.strftime('%H:%M:%S'), message))
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# the simulator, its request log with times, and ansible-playbook runs
# ---------------------------------------------------------------------------

def start_simulator(provision_delay):
    """Start a simulator whose request log entries also carry `t`, the time.time() they were answered."""
    sim = Simulator(port=0, provision_delay=provision_delay).start()
    original = sim.state.log_request

    def stamped(entry):
        return original(dict(entry, t=time.time()))
    # The server logs through state.log_request; the stamp lets each request be matched to the task
    # whose start and end (from the bench_timer callback) enclose it.
    sim.state.log_request = stamped
    return sim


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

    def named(self, task):
        """The runs of this task that produced a result other than skipped."""
        return [r for r in self.runs if r['task'] == task and any(x['status'] != 'skipped' for x in r['results'])]

    def durations(self, task):
        """Seconds from each run's start to its last host result; a failed result raises BenchError."""
        found = []
        for run in self.named(task):
            failed = [x for x in run['results'] if x['status'] not in ('ok', 'skipped')]
            if failed:
                raise BenchError('task %r failed: %s' % (task, failed[0].get('msg')))
            found.append(run['end'] - run['start'])
        if not found:
            raise BenchError('task %r never ran' % task)
        return found


def requests_within(entries, start, end):
    """The logged API requests answered between start and end (time.time())."""
    return [e for e in entries if start <= e['t'] <= end]


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


def bench_requests(runner):
    """Requests per operation, one service through its life."""
    sim = start_simulator(provision_delay=0.3)
    try:
        extra = {'bench_name': 'bench-ops', 'bench_vpc_id': BENCH_VPC, 'bench_port_id': BENCH_PORT,
                 'bench_domain': BENCH_DOMAIN}
        timeline = runner.run('requests', 'ops.yml', sim, extra)
        entries = sim.requests_log()
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
                'calls': ['%s %s' % (c['method'], _short_path(c['path'], sim.project_id)) for c in calls],
            })
        return rows
    finally:
        sim.stop()


def _short_path(path, project_id):
    path = path.replace('/v1/%s' % project_id, '/v1/{project_id}')
    return re.sub(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '{id}', path)


def bench_info(runner, count, reps):
    """vpcep_service_info with no filter over `count` seeded services: requests and seconds per run."""
    sim = start_simulator(provision_delay=0.3)
    try:
        sim.seed(count, name_prefix='info')
        timeline = runner.run('info', 'info.yml', sim, {'bench_reps': reps})
        entries = sim.requests_log()
        # Where the seconds go: the module process alone, against the whole task.
        payload = keep_payloads(runner, sim, 'info-payload', 'info.yml', {'bench_reps': 1}, ('vpcep_service_info',))
        env = dict(os.environ)
        env.update(sim_env(sim))
        alone = [run_payload(payload['vpcep_service_info'], env) for _index in range(reps)]
    finally:
        sim.stop()
    runs = timeline.named('Bench info all')
    requests, seconds, server = [], [], []
    for run in runs:
        got = [x.get('services') for x in run['results']]
        if got != [count]:
            raise BenchError('vpcep_service_info returned %s services, expected %d' % (got, count))
        calls = requests_within(entries, run['start'], run['end'])
        requests.append(len(calls))
        seconds.append(run['end'] - run['start'])
        server.append(sum(c.get('duration_ms') or 0.0 for c in calls) / 1000.0)
    floor = max(1, int(math.ceil(count / float(LIST_PAGE))))
    return {
        'services': count, 'runs': len(runs), 'requests': max(requests), 'floor': floor,
        'floor_why': '%d list pages of %d' % (floor, LIST_PAGE), 'met': max(requests) <= floor,
        'seconds_median': median(seconds), 'seconds': seconds, 'simulator_seconds_median': median(server),
        'module_process_median': median([a[0] for a in alone]), 'result_bytes': alone[0][1],
    }


# ---------------------------------------------------------------------------
# 2. per-task cost, and the module payload's own cost
# ---------------------------------------------------------------------------

def bench_pertask(runner, reps, payload_runs):
    """Median no-op module task against median uri task, interleaved; then the AnsiballZ payloads alone."""
    sim = start_simulator(provision_delay=0.3)
    try:
        service = seeded_services(sim, sim.seed(1, name_prefix='pertask'))[0]
        extra = {
            'bench_reps': reps + 1, 'bench_service_id': service['id'], 'bench_service_name': service['name'],
            'bench_vpc_id': service['vpc_id'], 'bench_port_id': service['port_id'], 'bench_sim_url': sim.url,
            'bench_project_id': sim.project_id, 'bench_token': sim.issue_token(),
        }
        before = len(sim.requests_log())
        timeline = runner.run('pertask', 'pertask.yml', sim, extra)
        requests = len(sim.requests_log()) - before
        # The first pair builds and caches both AnsiballZ payloads: a warm-up, left out.
        module = timeline.durations('Bench module no-op')[1:]
        uri = timeline.durations('Bench uri GET')[1:]
        result = {
            'reps': len(module), 'module_median': median(module), 'uri_median': median(uri),
            'module_seconds': module, 'uri_seconds': uri, 'requests_per_pair': requests / float(reps + 1),
            'target': PER_TASK_TARGET,
        }
        result['ratio'] = ratio(result['module_median'], result['uri_median'])
        # A robustness check against load from other processes: each task against its neighbour.
        result['pair_ratio_median'] = median([ratio(m, u) for m, u in zip(module, uri)])
        result['met'] = result['ratio'] is not None and result['ratio'] <= PER_TASK_TARGET
        result['payloads'] = bench_payloads(runner, sim, extra, payload_runs)
        return result
    finally:
        sim.stop()


def keep_payloads(runner, sim, name, playbook, extra, modules):
    """Run a playbook with ANSIBLE_KEEP_REMOTE_FILES; return {module: path of its AnsiballZ payload}."""
    keep = os.path.join(runner.work, 'remote_tmp', name)
    shutil.rmtree(keep, ignore_errors=True)
    os.makedirs(keep)
    runner.run(name, playbook, sim, extra, env={'ANSIBLE_KEEP_REMOTE_FILES': '1', 'ANSIBLE_REMOTE_TMP': keep})
    payloads = {}
    for module in modules:
        found = sorted(glob.glob(os.path.join(keep, '**', 'AnsiballZ_%s.py' % module), recursive=True))
        if not found:
            raise BenchError('ANSIBLE_KEEP_REMOTE_FILES left no AnsiballZ_%s.py under %s' % (module, keep))
        payloads[module] = found[-1]
    return payloads


def run_payload(path, env):
    """Run a kept AnsiballZ payload as the task ran it; return (seconds, bytes of its JSON result)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, path], env=env, cwd=os.path.dirname(path),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    _check_payload_output(path, done)
    return seconds, len(done.stdout)


def bench_payloads(runner, sim, extra, runs):
    """Keep both AnsiballZ payloads of one pair, then time them alone and with -X importtime."""
    kept = keep_payloads(runner, sim, 'payloads', 'pertask.yml', dict(extra, bench_reps=1), ('vpcep_service', 'uri'))
    payloads = {'module': kept['vpcep_service'], 'uri': kept['uri']}
    process_env = dict(os.environ)
    process_env.update(sim_env(sim))
    seconds = {'module': [], 'uri': []}
    for _index in range(runs):
        for key, path in sorted(payloads.items()):
            seconds[key].append(run_payload(path, process_env)[0])
    result = {'runs': runs}
    for key, path in sorted(payloads.items()):
        result[key] = {'median': median(seconds[key]), 'seconds': seconds[key], 'imports': importtime(path, process_env)}
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
# 3. the collection's client against the official SDK
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


def bench_sdk(runs, work, collections):
    """Fresh processes that sign and send one show request: the collection's client, the SDK, and baselines."""
    sim = start_simulator(provision_delay=0.3)
    try:
        service_id = sim.seed(1, name_prefix='show')[0]
        env = dict(os.environ)
        env.update(sim_env(sim))
        env['PYTHONPATH'] = collections
        # Both sides run from cached bytecode, as an installed library does after its first use. The
        # cache lives under the work directory, so nothing is written into the checkout.
        env.pop('PYTHONDONTWRITEBYTECODE', None)
        env['PYTHONPYCACHEPREFIX'] = os.path.join(work, 'pycache')
        baseline = os.path.join(BENCH, 'baseline.py')
        cases = (
            ('client', [sys.executable, os.path.join(BENCH, 'show_client.py'), service_id]),
            ('sdk', [sys.executable, os.path.join(BENCH, 'show_sdk.py'), service_id]),
            ('python', [sys.executable, baseline, 'none']),
            ('import_requests', [sys.executable, baseline, 'requests']),
            ('import_stdlib', [sys.executable, baseline, 'stdlib']),
        )
        samples = dict((key, {'wall': [], 'rss_kib': [], 'phases': []}) for key, _command in cases)
        for index in range(runs + 1):
            for key, command in cases:
                wall, rss, code, out, err = run_with_rusage(command, env)
                if code != 0:
                    raise BenchError('%s failed (%d): %s' % (' '.join(command[1:]), code, err.decode('utf-8', 'replace')[-800:]))
                if index == 0:
                    continue   # a warm-up round: fills the bytecode cache and the page cache
                phases = json.loads(out.decode('utf-8').strip().splitlines()[-1])
                samples[key]['wall'].append(wall)
                # VmHWM from the child itself; ru_maxrss would include the parent's size at fork time.
                samples[key]['rss_kib'].append(phases.pop('peak_rss_kib', None) or rss)
                samples[key]['phases'].append(phases)
        result = {'runs': runs, 'target': SDK_TARGET}
        for key, data in samples.items():
            entry = {'wall_median': median(data['wall']), 'rss_kib_median': median(data['rss_kib']), 'wall': data['wall']}
            for phase in ('import', 'build', 'request'):
                values = [p[phase] for p in data['phases'] if phase in p]
                if values:
                    entry['%s_median' % phase] = median(values)
            result[key] = entry
        result['time_ratio'] = ratio(result['client']['wall_median'], result['sdk']['wall_median'])
        result['memory_ratio'] = ratio(result['client']['rss_kib_median'], result['sdk']['rss_kib_median'])
        # The least any client built on requests can take: a process that only imports requests.
        result['requests_floor_ratio'] = ratio(result['import_requests']['wall_median'], result['sdk']['wall_median'])
        result['stdlib_floor_ratio'] = ratio(result['import_stdlib']['wall_median'], result['sdk']['wall_median'])
        result['met'] = result['time_ratio'] is not None and result['time_ratio'] <= SDK_TARGET
        return result
    finally:
        sim.stop()


# ---------------------------------------------------------------------------
# 4. scale
# ---------------------------------------------------------------------------

def bench_scale(runner, count, hosts, forks, rounds):
    """A loop over `count` services, and `hosts` hosts with `forks` forks, each against uri making the same GETs."""
    sim = start_simulator(provision_delay=0.3)
    try:
        services = seeded_services(sim, sim.seed(max(count, hosts), name_prefix='scale'))
        base = {'bench_rounds': rounds, 'bench_sim_url': sim.url, 'bench_project_id': sim.project_id,
                'bench_token': sim.issue_token()}
        result = {'target': PER_TASK_TARGET}

        before = len(sim.requests_log())
        timeline = runner.run('scale-loop', 'scale_loop.yml', sim, dict(base, bench_services=services[:count]))
        result['loop'] = _pair_result(timeline, 'Bench loop module', 'Bench loop uri', count, rounds,
                                      len(sim.requests_log()) - before)

        inventory = os.path.join(runner.work, 'scale_inventory.json')
        hostvars = dict(('bench-%03d' % (i + 1), {'ansible_connection': 'local', 'bench_service': services[i]})
                        for i in range(hosts))
        with open(inventory, 'w', encoding='utf-8') as handle:
            json.dump({'bench_hosts': {'hosts': hostvars}}, handle)
        before = len(sim.requests_log())
        timeline = runner.run('scale-forks', 'scale_forks.yml', sim, base, inventory=inventory, forks=forks)
        result['forks'] = _pair_result(timeline, 'Bench forks module', 'Bench forks uri', hosts, rounds,
                                       len(sim.requests_log()) - before)
        result['forks']['forks'] = forks
        return result
    finally:
        sim.stop()


def _pair_result(timeline, module_task, uri_task, count, rounds, requests):
    module = timeline.durations(module_task)
    uri = timeline.durations(uri_task)
    result = {
        'count': count, 'rounds': rounds, 'module_seconds': module, 'uri_seconds': uri,
        'module_median': median(module), 'uri_median': median(uri),
        'requests': requests, 'requests_expected': 2 * count * rounds,
    }
    result['ratio'] = ratio(result['module_median'], result['uri_median'])
    result['met'] = result['ratio'] is not None and result['ratio'] <= PER_TASK_TARGET
    return result


# ---------------------------------------------------------------------------
# 5. waiting
# ---------------------------------------------------------------------------

def bench_waiting(runner, delays):
    """One simulator per delay, the creates run at once; from available to the task's result."""
    started = []
    try:
        for delay in delays:
            sim = start_simulator(provision_delay=delay)
            name = 'wait-%s' % ('%g' % delay).replace('.', '_')
            extra = {'bench_name': name, 'bench_vpc_id': BENCH_VPC, 'bench_port_id': BENCH_PORT}
            log('ansible-playbook wait.yml (provisioning delay %g s)' % delay)
            started.append((delay, sim, runner.start(name, 'wait.yml', sim, extra)))
        results = []
        for delay, sim, handles in started:
            timeline = runner.finish(*handles)
            results.append(_wait_result(delay, sim, timeline))
        return results
    finally:
        for _delay, sim, _handles in started:
            sim.stop()


def _wait_result(delay, sim, timeline):
    runs = timeline.named('Bench wait create')
    if len(runs) != 1:
        raise BenchError('wait.yml ran its task %d times' % len(runs))
    run = runs[0]
    service_id = run['results'][0].get('service_id')
    if run['results'][0].get('service_status') != 'available':
        raise BenchError('the waiting task returned status %r' % run['results'][0].get('service_status'))
    entries = sim.requests_log()
    posts = [e for e in entries if e['method'] == 'POST' and e['path'].endswith('/vpc-endpoint-services')]
    polls = [e for e in entries if e['method'] == 'GET' and e['path'].endswith('/' + service_id)]
    record = sim.state.services.get(service_id) or {}
    ready = record.get('ready_at')
    if ready is None:
        ready = posts[0]['t'] + delay
    created = posts[0]['t']
    poll_times = [p['t'] - created for p in polls]
    intervals = [b - a for a, b in zip(poll_times, poll_times[1:])]
    last_interval = intervals[-1] if intervals else None
    lateness = run['end'] - ready
    return {
        'delay': delay, 'lateness': lateness, 'detected_after': polls[-1]['t'] - ready if polls else None,
        'last_interval': last_interval, 'polls': len(polls), 'poll_offsets': poll_times,
        'task_seconds': run['end'] - run['start'],
        'met': last_interval is not None and lateness <= last_interval,
    }


# ---------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------

def table(results):
    """The report as text: one block per section, target beside each measured figure."""
    lines = []
    meta = results['meta']
    lines.append('hwcloud.vpcep benchmark, %s, %s, %d CPUs, Python %s, ansible-core %s' % (
        meta['date'], meta['machine'], meta['cpus'], meta['python'], meta['ansible_core']))
    if meta.get('load_average') and meta.get('load_average_end'):
        lines.append('load average (1 min) at the start %.2f, at the end %.2f: other work on the machine widens the spread'
                     % (meta['load_average'][0], meta['load_average_end'][0]))
    row = '  %-54s %10s  %-24s %s'

    if 'requests' in results:
        lines.append('')
        lines.append('1. API requests per operation (simulator log)')
        lines.append('  %-54s %8s %6s %6s  %-8s %s' % ('operation', 'requests', 'floor', 'polls', 'result', 'seconds'))
        for item in results['requests']:
            note = '' if item['changed_as_expected'] else '  (changed=%s unexpected)' % item['changed']
            lines.append('  %-54s %8d %6d %6s  %-8s %s%s' % (
                item['label'], item['requests'], item['floor'], item['polls'] if item['polls'] else '-',
                verdict(item['met']), fmt_s(item['seconds']), note))
    if 'info' in results:
        info = results['info']
        lines.append('  %-54s %8d %6d %6s  %-8s %s' % (
            'vpcep_service_info over %d services' % info['services'], info['requests'], info['floor'], '-',
            verdict(info['met']), fmt_s(info['seconds_median'])))

    if 'pertask' in results:
        data = results['pertask']
        payloads = data['payloads']
        lines.append('')
        lines.append('2. Per-task cost, %d interleaved pairs (median task time from the callback)' % data['reps'])
        lines.append(row % ('no-op vpcep_service task (by id, 1 GET)', fmt_s(data['module_median']), '', ''))
        lines.append(row % ('uri task, the same GET', fmt_s(data['uri_median']), '', ''))
        lines.append(row % ('ratio module / uri', fmt_ratio(data['ratio']), '<= %.2f' % data['target'], verdict(data['met'])))
        lines.append(row % ('  check: median of the per-pair ratios', fmt_ratio(data['pair_ratio_median']), '', ''))
        lines.append(row % ('vpcep_service payload process alone', fmt_s(payloads['module']['median']), '', ''))
        lines.append(row % ('uri payload process alone', fmt_s(payloads['uri']['median']), '', ''))
        for key, label in (('module', 'vpcep_service'), ('uri', 'uri')):
            imports = payloads[key]['imports']
            lines.append(row % ('imports in the %s payload (-X importtime)' % label, fmt_ms(imports['total']), '', ''))
            for name, value in sorted(imports['notable'].items(), key=lambda kv: -kv[1]):
                lines.append(row % ('  ' + _short_module(name), fmt_ms(value), '', ''))

    if 'sdk' in results:
        data = results['sdk']
        lines.append('')
        lines.append('3. One show request in a fresh process, median of %d runs' % data['runs'])
        for key, label in (('client', 'collection client'), ('sdk', 'official SDK (huaweicloudsdkvpcep)'),
                           ('python', 'baseline: the interpreter alone'), ('import_requests', 'baseline: import requests'),
                           ('import_stdlib', 'baseline: import http.client, ssl, hmac')):
            entry = data[key]
            lines.append(row % (label, fmt_s(entry['wall_median']), 'peak RSS %.1f MiB' % (entry['rss_kib_median'] / 1024.0), ''))
        lines.append(row % ('time ratio client / SDK', fmt_ratio(data['time_ratio']), '<= %.2f' % data['target'], verdict(data['met'])))
        lines.append(row % ('memory ratio client / SDK', fmt_ratio(data['memory_ratio']), '', ''))
        lines.append(row % ('floor for any requests client: import requests / SDK', fmt_ratio(data['requests_floor_ratio']), '', ''))
        lines.append(row % ('floor without requests: stdlib imports / SDK', fmt_ratio(data['stdlib_floor_ratio']), '', ''))

    if 'scale' in results or 'info' in results:
        lines.append('')
        lines.append('4. Scale (task time from the callback, median of the rounds)')
    if 'scale' in results:
        data = results['scale']
        loop, forks = data['loop'], data['forks']
        lines.append(row % ('loop: %d no-op services, one task' % loop['count'], fmt_s(loop['module_median']), '', ''))
        lines.append(row % ('loop: %d uri GETs, one task' % loop['count'], fmt_s(loop['uri_median']), '', ''))
        lines.append(row % ('loop ratio', fmt_ratio(loop['ratio']), '<= %.2f (as 2.)' % data['target'], verdict(loop['met'])))
        lines.append(row % ('%d hosts, %d forks: no-op task' % (forks['count'], forks['forks']), fmt_s(forks['module_median']), '', ''))
        lines.append(row % ('%d hosts, %d forks: uri task' % (forks['count'], forks['forks']), fmt_s(forks['uri_median']), '', ''))
        lines.append(row % ('forks ratio', fmt_ratio(forks['ratio']), '<= %.2f (as 2.)' % data['target'], verdict(forks['met'])))
    if 'info' in results:
        info = results['info']
        lines.append(row % ('vpcep_service_info over %d services, median of %d' % (info['services'], info['runs']),
                            fmt_s(info['seconds_median']), '%d requests, floor %d' % (info['requests'], info['floor']),
                            verdict(info['met'])))
        lines.append(row % ('  the module process alone (AnsiballZ payload)', fmt_s(info['module_process_median']),
                            'result %.1f MB' % (info['result_bytes'] / 1e6), ''))
        lines.append(row % ('  the simulator answering the list calls', fmt_s(info['simulator_seconds_median']), '', ''))

    if 'waiting' in results:
        lines.append('')
        lines.append('5. Waiting: from the service turning available to the task returning')
        lines.append('  %-20s %10s %14s %14s %6s  %s' % ('provisioning delay', 'late by', 'last interval', 'create task', 'polls', 'result'))
        for item in results['waiting']:
            lines.append('  %-20s %10s %14s %14s %6d  %s' % (
                '%g s' % item['delay'], fmt_s(item['lateness']), fmt_s(item['last_interval']), fmt_s(item['task_seconds']),
                item['polls'], verdict(item['met'])))
        first = results['waiting'][-1]
        lines.append('  poll times after the create (%g s case): %s' % (
            first['delay'], ', '.join('%.1f' % t for t in first['poll_offsets'])))

    missed = [t['name'] for t in results['targets'] if t['met'] is False]
    lines.append('')
    lines.append('Targets: %d measured, %d met%s' % (
        len(results['targets']), len([t for t in results['targets'] if t['met']]),
        ('; missed: ' + ', '.join(missed) + ' (see docs/benchmarks.md)') if missed else ''))
    return '\n'.join(line.rstrip() for line in lines)


def _short_module(name):
    return name.replace('ansible_collections.hwcloud.vpcep.plugins.module_utils.', 'hwcloud.vpcep module_utils.')


def targets(results):
    """Every target with its measured figure, for the JSON and the summary line."""
    found = []
    for item in results.get('requests', []):
        found.append({'name': 'requests: %s' % item['operation'], 'measured': item['requests'], 'target': item['floor'], 'met': item['met']})
    if 'pertask' in results:
        data = results['pertask']
        found.append({'name': 'per-task ratio', 'measured': data['ratio'], 'target': data['target'], 'met': data['met']})
    if 'sdk' in results:
        data = results['sdk']
        found.append({'name': 'client/SDK time', 'measured': data['time_ratio'], 'target': data['target'], 'met': data['met']})
    if 'scale' in results:
        data = results['scale']
        for key in ('loop', 'forks'):
            found.append({'name': 'scale %s ratio' % key, 'measured': data[key]['ratio'], 'target': data['target'], 'met': data[key]['met']})
    if 'info' in results:
        info = results['info']
        found.append({'name': 'requests: info over %d' % info['services'], 'measured': info['requests'], 'target': info['floor'], 'met': info['met']})
    for item in results.get('waiting', []):
        found.append({'name': 'waiting %g s' % item['delay'], 'measured': item['lateness'], 'target': item['last_interval'], 'met': item['met']})
    return found


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
    parser.add_argument('--reps', type=int, default=40, help='interleaved pairs for the per-task cost (at least 30)')
    parser.add_argument('--payload-runs', type=int, default=15, help='runs of each AnsiballZ payload alone')
    parser.add_argument('--sdk-runs', type=int, default=9, help='processes per side for client against SDK')
    parser.add_argument('--scale', type=int, default=100, help='services in the loop case')
    parser.add_argument('--hosts', type=int, default=100, help='inventory hosts in the forks case')
    parser.add_argument('--forks', type=int, default=10, help='forks in the forks case')
    parser.add_argument('--rounds', type=int, default=2, help='alternating rounds of each scale case')
    parser.add_argument('--info-count', type=int, default=5000, help='services listed by vpcep_service_info')
    parser.add_argument('--info-reps', type=int, default=3, help='vpcep_service_info runs over them')
    parser.add_argument('--delays', default='1,5,30', help='provisioning delays in seconds, comma-separated')
    parser.add_argument('--smoke', action='store_true', help='tiny sizes: checks that the benchmark works, measures nothing useful')
    args = parser.parse_args(argv)
    if args.smoke:
        args.reps, args.payload_runs, args.sdk_runs = 2, 1, 1
        args.scale, args.hosts, args.rounds, args.info_count, args.info_reps = 3, 3, 1, 1500, 1
        args.delays = '0.5'
    elif args.reps < 30:
        parser.error('--reps must be at least 30 (use --smoke for a quick check)')
    args.delays = [float(d) for d in args.delays.split(',') if d.strip()]
    return args


def main(argv=None):
    """Run the sections, print the table, write the JSON."""
    args = parse_args(argv)
    sections = args.only or list(SECTIONS)
    work = os.path.join(os.path.dirname(os.path.abspath(args.out)), 'work')
    shutil.rmtree(work, ignore_errors=True)
    runner = Runner(work, args.collections)
    results = {'meta': metadata(), 'settings': dict((k, v) for k, v in vars(args).items() if k not in ('out', 'collections'))}
    results['meta']['collection'] = os.path.realpath(os.path.join(args.collections, 'ansible_collections', 'hwcloud', 'vpcep'))
    started = time.monotonic()
    try:
        if 'waiting' in sections:
            # Started first and left running: these runs mostly sleep, and the 30 s case would dominate.
            waiting = threading.Thread(target=lambda: results.__setitem__('waiting', _guard(bench_waiting, runner, args.delays)))
            waiting.start()
        else:
            waiting = None
        if 'requests' in sections:
            results['requests'] = bench_requests(runner)
        if waiting is not None:
            # The other sections time tasks; the waiting runs would disturb them, so they finish first.
            waiting.join()
            if isinstance(results.get('waiting'), BenchError):
                raise results['waiting']
        if 'pertask' in sections:
            results['pertask'] = bench_pertask(runner, args.reps, args.payload_runs)
        if 'sdk' in sections:
            log('client against SDK, %d processes each' % args.sdk_runs)
            results['sdk'] = bench_sdk(args.sdk_runs, work, args.collections)
        if 'scale' in sections:
            results['scale'] = bench_scale(runner, args.scale, args.hosts, args.forks, args.rounds)
        if 'requests' in sections or 'scale' in sections:
            results['info'] = bench_info(runner, args.info_count, args.info_reps)
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
