# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ansible-core versions hwcloud.vpcep is tested on, their interpreters and virtual environments.

    python3 tools/versions.py venv demo              make .venv with what the demo needs only (make demo)
    python3 tools/versions.py venv main              make or complete .venv: the newest core and every tool (make test)
    python3 tools/versions.py venv 2.16              make or refresh .venvs/core-2.16
    python3 tools/versions.py run [2.16 2.21 ...]    the matrix: units and every integration target per core
    python3 tools/versions.py python 3.13 3.12       print the first of these interpreters that is installed
    python3 tools/versions.py show                   the matrix and the interpreter each entry would use
    python3 tools/versions.py ssh-key                make ansible-test's SSH key pair unless it exists

`run` takes --jobs (how many versions at once; VERSIONS_JOBS, default 3: the integration targets wait for
the simulator part of the time, so three keep two cores busy) and --require-all
(REQUIRE_ALL_VERSIONS=1): a version whose interpreter is missing is skipped with the reason, or with
--require-all it fails the run. Interpreters are looked for on PATH (python3.X) and under pyenv
(`pyenv root`/versions/*/bin/python3.X). A virtual environment is reused until its interpreter or its
requirements change; then it is made anew. .venv is made in two stages: `venv demo` installs ansible-core and
requirements.txt only (what the demo playbook runs with), `venv main` adds the tools of the checks on top.
Every pip install takes constraints.txt. Only the standard library is used: this runs on the system python3,
before any virtual environment exists.
"""
import argparse
import concurrent.futures
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, '.build')
VENVS = os.path.join(ROOT, '.venvs')
GET_PIP = os.path.join(ROOT, 'tools', 'get_pip_offline.py')
# The stamp of a complete environment, and of .venv's first stage (the demo's install set).
STAMP = '.installed'
DEMO_STAMP = '.installed-demo'
CONSTRAINTS = 'constraints.txt'

# The Python versions each ansible-core release runs its controller on (its ansible-test
# CONTROLLER_PYTHON_VERSIONS; checked again against the installed ansible-test).
CONTROLLER_PYTHONS = {
    '2.16': ('3.10', '3.11', '3.12'),
    '2.17': ('3.10', '3.11', '3.12'),
    '2.18': ('3.11', '3.12', '3.13'),
    '2.19': ('3.11', '3.12', '3.13'),
    '2.20': ('3.12', '3.13', '3.14'),
    '2.21': ('3.12', '3.13', '3.14'),
}
# The matrix: one interpreter per core, chosen so that together they cover Python 3.10 to 3.13.
# The oldest core also runs ansible-test sanity (the newest runs it in `make test`).
# The unit tests of the collection's own code (modules, module_utils, roles), which are what depend on
# ansible-core and on the Python the modules run on. The simulator's, the tools' and the AWX/EE tests do
# not, so `make test` runs them once, on the newest ansible-core.
UNIT_PATHS = ('tests/unit/plugins', 'tests/unit/roles')

MATRIX = (
    ('2.16', '3.10'),
    ('2.17', '3.11'),
    ('2.18', '3.12'),
    ('2.19', '3.13'),
    ('2.20', '3.13'),
    ('2.21', '3.12'),
)
SANITY_CORES = ('2.16',)
# `make demo` and `make test`: the newest core, with the first of these interpreters found.
MAIN_CORE = '2.21'
MAIN_PYTHONS = ('3.13', '3.12')

REQUIREMENTS = ('requirements.txt', 'requirements-test.txt')
# .venv: first what `make demo` needs (ansible-core and the modules' requirements), then the checks' tools.
DEMO_REQUIREMENTS = ('requirements.txt',)
MAIN_REQUIREMENTS = ('requirements.txt', 'requirements-dev.txt', 'requirements-test.txt')
PRINT_LOCK = threading.Lock()


def say(message):
    """Print a line, whole, also from worker threads."""
    with PRINT_LOCK:
        print(message, flush=True)


def core_pin(core):
    """The pip requirement for an ansible-core minor release: 2.16 -> ansible-core>=2.16,<2.17."""
    major, minor = core.split('.')
    return 'ansible-core>=%s.%s,<%s.%d' % (major, minor, major, int(minor) + 1)


def tested_range():
    """The oldest and the newest core of the matrix."""
    cores = sorted((c for c, _py in MATRIX), key=lambda c: tuple(int(p) for p in c.split('.')))
    return cores[0], cores[-1]


# ---------------------------------------------------------------------------------------------
# Interpreters

def pyenv_root():
    """`pyenv root`, or None without pyenv."""
    if os.environ.get('PYENV_ROOT'):
        return os.environ['PYENV_ROOT']
    pyenv = shutil.which('pyenv')
    if not pyenv:
        return None
    try:
        return subprocess.run([pyenv, 'root'], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              universal_newlines=True, timeout=30).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def patch_level(path):
    """The patch number of a pyenv interpreter path (.../versions/3.10.13/bin/python3.10 -> 13), or -1."""
    match = re.match(r'^\d+\.\d+\.(\d+)$', path.split(os.sep)[-3])
    return int(match.group(1)) if match else -1


def candidates(version):
    """Places where a python<version> may be: PATH first, then pyenv's versions, newest patch first."""
    name = 'python%s' % version
    found = [os.path.join(folder, name) for folder in os.environ.get('PATH', '').split(os.pathsep)
             if folder and os.access(os.path.join(folder, name), os.X_OK)]
    root = pyenv_root()
    if root:
        found += sorted(glob.glob(os.path.join(root, 'versions', '%s.*' % version, 'bin', name)),
                        key=patch_level, reverse=True)
    return found


# Prints the interpreter's version and real executable; fails without venv and ensurepip (Debian's
# python3.X without python3.X-venv) or inside a virtual environment (its base is wanted).
PROBE = ('import sys, venv, ensurepip; ensurepip.version(); assert sys.prefix == sys.base_prefix; '
         'print("%d.%d" % sys.version_info[:2], sys.executable)')


def find_python(version):
    """The path of a working CPython <version> with venv, or None."""
    for path in candidates(version):
        try:
            out = subprocess.run([path, '-c', PROBE], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 universal_newlines=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        fields = out.stdout.split(None, 1)
        if out.returncode == 0 and len(fields) == 2 and fields[0] == version:
            return fields[1].strip()
    return None


def how_to_install(versions):
    """What to run to get one of these Python versions."""
    newest = versions[0]
    return ('install CPython %s, for example `pyenv install %s` (pyenv finds it under `pyenv root`), or your '
            "system's python%s with its venv module (Debian/Ubuntu: `apt-get install python%s python%s-venv`), "
            'so that python%s is on PATH' % (' or '.join(versions), newest, newest, newest, newest, newest))


# ---------------------------------------------------------------------------------------------
# Virtual environments

class Venv(object):
    """A virtual environment for one ansible-core minor release.

    `base_files`, when given, is a first stage that is complete on its own (the demo's install set): `ensure`
    with base_only=True installs just that; a full `ensure` on an environment whose first stage is current adds
    the other requirement files on top instead of making it anew.
    """

    def __init__(self, core, python_version, path, requirement_files, base_files=None):
        self.core = core
        self.python_version = python_version
        self.path = path
        self.requirement_files = requirement_files
        self.base_files = base_files

    @property
    def bin(self):
        return os.path.join(self.path, 'bin')

    @property
    def python(self):
        return os.path.join(self.bin, 'python')

    def fingerprint(self, interpreter, files=None):
        """What the environment is made of: interpreter, core pin, constraints and requirement files."""
        digest = hashlib.sha256()
        version = subprocess.run([interpreter, '-c', 'import sys; print(sys.version)'], check=True,
                                 stdout=subprocess.PIPE, universal_newlines=True).stdout
        digest.update(('%s\n%s\n%s\n' % (interpreter, version, core_pin(self.core))).encode('utf-8'))
        for name in (CONSTRAINTS,) + tuple(self.requirement_files if files is None else files):
            with open(os.path.join(ROOT, name), 'rb') as handle:
                digest.update(name.encode('utf-8') + b'\n' + handle.read())
        return digest.hexdigest()

    def current(self, stamp_name, wanted):
        """Whether the stamp says the environment is `wanted`; touch it then (make compares its time)."""
        stamp = os.path.join(self.path, stamp_name)
        if not (os.path.exists(stamp) and os.path.exists(self.python)):
            return False
        with open(stamp, encoding='utf-8') as handle:
            if handle.read().strip() != wanted:
                return False
        os.utime(stamp)
        return True

    def stamp(self, stamp_name, value):
        with open(os.path.join(self.path, stamp_name), 'w', encoding='utf-8') as handle:
            handle.write(value + '\n')

    def pip_install(self, files, log):
        """pip install the core pin and these requirement files, under the constraints."""
        args = [self.python, '-m', 'pip', 'install', '--quiet', '-c', os.path.join(ROOT, CONSTRAINTS),
                core_pin(self.core)]
        for name in files:
            args += ['-r', os.path.join(ROOT, name)]
        run(args, log)

    def create(self, interpreter, log):
        if os.path.exists(self.path):
            shutil.rmtree(self.path)
        run([interpreter, '-m', 'venv', self.path], log)
        run([self.python, '-m', 'pip', 'install', '--quiet', '--upgrade', 'pip'], log)

    def ensure(self, interpreter, log, base_only=False):
        """Make the environment (or only its first stage) unless it is current; return True when it changed."""
        if base_only:
            base = self.fingerprint(interpreter, self.base_files)
            if self.current(DEMO_STAMP, base):
                return False
            if self.current(STAMP, self.fingerprint(interpreter)):  # complete and current: the first stage is in it
                self.stamp(DEMO_STAMP, base)
                return False
            self.create(interpreter, log)
            self.pip_install(self.base_files, log)
            self.check_core()
            self.stamp(DEMO_STAMP, base)
            return True
        wanted = self.fingerprint(interpreter)
        if self.current(STAMP, wanted):
            install_get_pip(self.python)
            return False
        base = self.fingerprint(interpreter, self.base_files) if self.base_files else None
        # Only the first stage on top of which to add the rest: a complete environment that is stale is made anew,
        # so that what a requirement file no longer lists goes away.
        if not (base and not os.path.exists(os.path.join(self.path, STAMP)) and self.current(DEMO_STAMP, base)):
            self.create(interpreter, log)
        self.pip_install(self.requirement_files, log)
        self.check_core()
        install_get_pip(self.python)
        if base:
            self.stamp(DEMO_STAMP, base)
        self.stamp(STAMP, wanted)
        return True

    def check_core(self):
        """Fail when the installed ansible-core is not the wanted minor or does not support the interpreter."""
        out = subprocess.run(
            [self.python, '-c', 'import ansible.release as r, ansible_test._util.target.common.constants as c; '
             'print(r.__version__); print(" ".join(c.CONTROLLER_PYTHON_VERSIONS))'],
            check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout.split('\n')
        if not out[0].startswith(self.core + '.'):
            raise SystemExit('versions: %s has ansible-core %s, not %s' % (self.path, out[0], self.core))
        if self.python_version not in out[1].split():
            raise SystemExit('versions: ansible-core %s does not run on Python %s (it supports %s)'
                             % (self.core, self.python_version, out[1]))


def install_get_pip(python):
    """Put the offline pip bootstrap where this environment's ansible-test looks for get-pip.py."""
    source = subprocess.run(
        [python, '-c', 'import ansible_test, os; print(open(os.path.join(os.path.dirname(ansible_test.__file__), '
         '"_internal", "python_requirements.py"), encoding="utf-8").read())'],
        check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
    pins = sorted(set(re.findall(r'''\bpip\s*=\s*['"]([0-9][0-9.]*)['"]''', source)))
    if not pins:
        raise SystemExit('versions: no pip version found in the ansible-test of %s' % python)
    cache = os.path.join(os.path.expanduser('~'), '.ansible', 'test', 'cache')
    os.makedirs(cache, exist_ok=True)
    for pin in pins:
        # Atomically: another version's ansible-test may be reading the same file right now.
        target = os.path.join(cache, 'get_pip_%s.py' % pin.replace('.', '_'))
        handle, temporary = tempfile.mkstemp(dir=cache, suffix='.tmp')
        os.close(handle)
        shutil.copyfile(GET_PIP, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    return pins


def ensure_ssh_key():
    """Make ansible-test's SSH key pair, ~/.ansible/test/id_rsa and id_rsa.pub, unless both exist.

    Every `ansible-test integration` makes it when it is missing (core_ci.SshKey), and two that start at once
    on a machine that never ran ansible-test both find it missing: the second one's ssh-keygen then asks
    "Overwrite (y/n)?" with no one to answer, and that version fails. So it is made once here, before any run
    starts, as ansible-test makes it (ssh-keygen -m PEM -t rsa without a passphrase, its header then rewritten
    for paramiko), in a temporary directory beside it and linked into place, so that a run that looks at the
    same moment finds either no key or the whole pair. Returns the private key's path.
    """
    folder = os.path.join(os.path.expanduser('~'), '.ansible', 'test')
    key, pub = os.path.join(folder, 'id_rsa'), os.path.join(folder, 'id_rsa.pub')
    if os.path.isfile(key) and os.path.isfile(pub):
        return key
    os.makedirs(folder, exist_ok=True)
    if os.path.isfile(key):  # a key without its public half: derive it, as ssh-keygen would not overwrite
        public = subprocess.run(['ssh-keygen', '-y', '-f', key], check=True, stdout=subprocess.PIPE,
                                universal_newlines=True).stdout
        with open(pub + '.tmp', 'w', encoding='utf-8') as handle:
            handle.write(public)
        os.replace(pub + '.tmp', pub)
        return key
    temporary = tempfile.mkdtemp(dir=folder, prefix='.id_rsa-')
    try:
        new_key = os.path.join(temporary, 'id_rsa')
        subprocess.run(['ssh-keygen', '-m', 'PEM', '-q', '-t', 'rsa', '-N', '', '-f', new_key], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        with open(new_key, encoding='utf-8') as handle:
            text = re.sub(r'(BEGIN|END) PRIVATE KEY', r'\1 RSA PRIVATE KEY', handle.read())
        with open(new_key, 'w', encoding='utf-8') as handle:
            handle.write(text)
        os.replace(new_key + '.pub', pub)
        try:
            os.link(new_key, key)  # never over a key another process has just made
        except FileExistsError:
            public = subprocess.run(['ssh-keygen', '-y', '-f', key], check=True, stdout=subprocess.PIPE,
                                    universal_newlines=True).stdout
            with open(pub, 'w', encoding='utf-8') as handle:
                handle.write(public)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return key


def main_venv():
    """The environment of `make demo` and `make test`, with the first preferred interpreter that is installed."""
    for version in MAIN_PYTHONS:
        interpreter = find_python(version)
        if interpreter:
            return (Venv(MAIN_CORE, version, os.path.join(ROOT, '.venv'), MAIN_REQUIREMENTS, DEMO_REQUIREMENTS),
                    interpreter)
    raise SystemExit('versions: make test runs ansible-core %s, which needs Python %s; none was found. To fix it, %s.'
                     % (MAIN_CORE, ' or '.join(MAIN_PYTHONS), how_to_install(MAIN_PYTHONS)))


def matrix_venv(core):
    """The environment of one matrix entry and its interpreter (None when it is not installed)."""
    python_version = dict(MATRIX)[core]
    venv = Venv(core, python_version, os.path.join(VENVS, 'core-%s' % core), REQUIREMENTS)
    return venv, find_python(python_version)


# ---------------------------------------------------------------------------------------------
# Running

def run(args, log, cwd=ROOT, env=None):
    """Run a command, its output appended to the open file `log`; raise on failure."""
    log.write('$ %s\n' % ' '.join(args))
    log.flush()
    code = subprocess.call(args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    if code:
        raise Failed('`%s` exited %d' % (' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(args)),
                                         code))


class Failed(Exception):
    """A step of a matrix entry failed."""


def staged_env(venv):
    """The environment for the tests of one core: its bin first, its own collection link."""
    env = dict(os.environ)
    env['PATH'] = venv.bin + os.pathsep + env.get('PATH', '')
    env['ANSIBLE_COLLECTIONS_PATH'] = os.path.join(BUILD, 'collections')
    env.pop('VIRTUAL_ENV', None)
    return env


def test_core(core, log_path, failures):
    """Sanity (SANITY_CORES only), every integration target, their results against the RETURN documentation
    (tools/check_returns.py) and the units on one core.

    Every step runs even when one before it failed; returns the steps as (name, seconds, passed) and adds
    (name, the end of its output) to `failures` for each step that failed.
    """
    venv, interpreter = matrix_venv(core)
    steps = []
    with open(log_path, 'w', encoding='utf-8') as log:
        started = time.time()
        made = venv.ensure(interpreter, log)
        steps.append(('venv %s' % ('made' if made else 'reused'), time.time() - started, True))
        env = staged_env(venv)
        stage_root = os.path.join(BUILD, 'versions', core)
        staged = os.path.join(stage_root, 'ansible_collections', 'hwcloud', 'vpcep')
        run([venv.python, os.path.join(ROOT, 'tools', 'stage_collection.py'), stage_root], log, env=env)
        ansible_test = os.path.join(venv.bin, 'ansible-test')
        config = os.path.join(staged, 'tests', 'integration', 'integration_config.yml')
        returns = os.path.join(BUILD, 'returns', core)
        shutil.rmtree(returns, ignore_errors=True)
        commands = [
            ('integration', staged, [venv.python, os.path.join(ROOT, 'tools', 'with_simulator.py'),
                                     '--integration-config', config, '--record-returns', returns, '--', ansible_test,
                                     'integration', '--local', '--python', venv.python_version, '--color', 'no']),
            ('returns', ROOT, [venv.python, os.path.join(ROOT, 'tools', 'check_returns.py'), returns]),
            ('units', ROOT, [venv.python, '-m', 'pytest', '-p', 'no:cacheprovider', '--import-mode=importlib',
                             '-n', '2', '-q'] + list(UNIT_PATHS)),
        ]
        if core in SANITY_CORES:
            commands.insert(0, ('sanity', staged, [ansible_test, 'sanity', '--venv', '--python', venv.python_version,
                                                   '--color', 'no']))
        for name, cwd, args in commands:
            started, offset = time.time(), log.tell()
            try:
                run(args, log, cwd=cwd, env=env)
                steps.append((name, time.time() - started, True))
            except Failed as error:
                log.write('versions: %s FAILED: %s\n' % (name, error))
                log.flush()
                steps.append((name, time.time() - started, False))
                failures.append((name, tail(log_path, start=offset)))
    return steps


def tail(path, lines=60, start=0):
    """The last lines of a log, from byte `start` on."""
    if not os.path.exists(path):
        return ''
    with open(path, 'rb') as handle:
        handle.seek(start)
        text = handle.read().decode('utf-8', 'replace')
    return ''.join(text.splitlines(True)[-lines:])


def expected_minutes(core):
    """Roughly how long one core takes on a busy 2-core machine, to start the longest first (measured:
    integration about 7 minutes before 2.19 and 8 from 2.19 on, when module runs became costlier; units 1;
    sanity 2 to 3, so the oldest core, which also runs sanity, goes first)."""
    minutes = 9 if minor_of(core) >= 19 else 8
    return minutes + (3 if core in SANITY_CORES else 0)


def minor_of(core):
    """2.19 -> 19."""
    return int(core.split('.')[1])


def run_matrix(cores, jobs, require_all):
    """Run the matrix entries, `jobs` at a time; return the exit code."""
    logs = os.path.join(BUILD, 'versions')
    os.makedirs(logs, exist_ok=True)
    runnable, skipped = [], []
    for core in cores:
        python_version = dict(MATRIX)[core]
        if find_python(python_version):
            runnable.append(core)
        else:
            skipped.append(core)
            say('versions: %s ansible-core %s: Python %s was not found; to test it, %s.'
                % ('FAILED' if require_all else 'SKIPPED', core, python_version, how_to_install((python_version,))))
    results = {}
    started = time.time()
    if runnable:
        ensure_ssh_key()  # before the runs start at once; see there

    def one(core):
        log_path = os.path.join(logs, 'core-%s.log' % core)
        say('versions: ansible-core %s on Python %s: started (log: %s)'
            % (core, dict(MATRIX)[core], os.path.relpath(log_path, ROOT)))
        failures = []
        try:
            steps = test_core(core, log_path, failures)
        except (Failed, SystemExit, OSError, subprocess.SubprocessError) as error:
            say('versions: ansible-core %s FAILED: %s\n--- last lines of %s ---\n%s---'
                % (core, error, os.path.relpath(log_path, ROOT), tail(log_path)))
            return core, False
        timings = ', '.join('%s %s %ds' % (name, 'passed' if ok else 'FAILED', secs) for name, secs, ok in steps)
        if all(ok for _name, _secs, ok in steps):
            say('versions: ansible-core %s on Python %s: passed (%s)' % (core, dict(MATRIX)[core], timings))
            return core, True
        say('versions: ansible-core %s on Python %s FAILED (%s); the log is %s\n%s'
            % (core, dict(MATRIX)[core], timings, os.path.relpath(log_path, ROOT),
               ''.join('--- the end of %s on %s ---\n%s' % (name, core, text) for name, text in failures)))
        return core, False

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for core, ok in pool.map(one, sorted(runnable, key=expected_minutes, reverse=True)):
            results[core] = ok
    failed = sorted(core for core, ok in results.items() if not ok)
    passed = sorted(core for core, ok in results.items() if ok)
    say('versions: %d passed (%s), %d failed (%s), %d skipped (%s) in %dm%02ds'
        % (len(passed), ' '.join(passed) or '-', len(failed), ' '.join(failed) or '-', len(skipped),
           ' '.join(skipped) or '-', (time.time() - started) // 60, (time.time() - started) % 60))
    return 1 if failed or (skipped and require_all) else 0


def main():
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)
    venv_cmd = sub.add_parser('venv', help='make or refresh a virtual environment: demo, main or a core version')
    venv_cmd.add_argument('which', choices=['demo', 'main'] + [core for core, _py in MATRIX])
    sub.add_parser('ssh-key', help="make ansible-test's SSH key pair unless it exists")
    python_cmd = sub.add_parser('python', help='print the first of these Python versions that is installed')
    python_cmd.add_argument('version', nargs='+')
    sub.add_parser('show', help='the matrix and the interpreters it would use')
    run_cmd = sub.add_parser('run', help='units and integration on each core (default: all of the matrix)')
    run_cmd.add_argument('cores', nargs='*', metavar='CORE')
    run_cmd.add_argument('--jobs', type=int, default=int(os.environ.get('VERSIONS_JOBS') or 3))
    run_cmd.add_argument('--require-all', action='store_true',
                         default=os.environ.get('REQUIRE_ALL_VERSIONS', '') not in ('', '0'))
    args = parser.parse_args()

    if args.command == 'python':
        for version in args.version:
            path = find_python(version)
            if path:
                print(path)
                return 0
        sys.exit('versions: no Python %s found; %s.' % (' or '.join(args.version), how_to_install(args.version)))
    if args.command == 'show':
        venv, interpreter = main_venv()
        print('make test:     ansible-core %s on Python %s (%s)' % (MAIN_CORE, venv.python_version, interpreter))
        for core, python_version in MATRIX:
            print('test-versions: ansible-core %s on Python %s (%s)%s' % (
                core, python_version, find_python(python_version) or 'NOT FOUND',
                ', with sanity' if core in SANITY_CORES else ''))
        return 0
    if args.command == 'ssh-key':
        print('versions: the SSH key of ansible-test is %s' % ensure_ssh_key())
        return 0
    if args.command == 'venv':
        if args.which in ('demo', 'main'):
            venv, interpreter = main_venv()
        else:
            venv, interpreter = matrix_venv(args.which)
            if not interpreter:
                sys.exit('versions: ansible-core %s is tested on Python %s, which was not found; %s.'
                         % (args.which, venv.python_version, how_to_install((venv.python_version,))))
        made = venv.ensure(interpreter, sys.stdout, base_only=args.which == 'demo')
        print('versions: %s%s %s: ansible-core %s on Python %s (%s)' % (
            os.path.relpath(venv.path, ROOT), " (the demo's install set)" if args.which == 'demo' else '',
            'made' if made else 'is up to date', venv.core, venv.python_version, interpreter))
        return 0
    unknown = [core for core in args.cores if core not in dict(MATRIX)]
    if unknown:
        sys.exit('versions: not in the matrix: %s (it has %s)' % (' '.join(unknown), ' '.join(c for c, _py in MATRIX)))
    return run_matrix(args.cores or [core for core, _py in MATRIX], args.jobs, args.require_all)


if __name__ == '__main__':
    sys.exit(main())
