# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the modules' real results against their RETURN documentation.

    python tools/check_returns.py DIR [DIR...]

Each DIR holds results the integration targets produced (tools/returns/hwcloud_returns.py, enabled by
tools/with_simulator.py --record-returns DIR): one JSON line per successful result of a hwcloud.vpcep module.
Each result is held against its module's RETURN block, recursively through `contains`:

- every key it returns is documented (Ansible's common return values aside), with a value of the documented
  type (and list elements of the documented `elements` type);
- every key documented as `returned: always` is there (inside a documented dictionary: whenever that
  dictionary is there).

Every module in plugins/modules must have at least one recorded result, so a new module is covered as soon as
it exists, and one without an integration test fails the check. Exit code 1 lists each problem once, with the
module, the key's path and the task that returned it.
"""
import ast
import collections
import glob
import json
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Keys Ansible itself adds or documents for every module (its common return values), and the loop's; ansible-core
# 2.19 and later add failed_when_suppressed_exception to a result whose failure a task's failed_when set aside (the
# roles' converge tasks do, so a failed fleet result is recorded and checked too).
COMMON_KEYS = frozenset((
    'ansible_facts', 'ansible_index_var', 'ansible_loop', 'ansible_loop_var', 'attempts', 'changed', 'deprecations',
    'diff', 'exception', 'failed', 'failed_when_result', 'failed_when_suppressed_exception', 'changed_when_result',
    'invocation', 'item', 'msg', 'skipped', 'warnings',
))
TYPES = {
    'str': (str,),
    'path': (str,),
    'int': (int,),
    'float': (int, float),
    'bool': (bool,),
    'list': (list,),
    'dict': (dict,),
}


def return_docs():
    """{module name: its RETURN block}, read from the source without importing it."""
    docs = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py'))):
        name = os.path.splitext(os.path.basename(path))[0]
        if name == '__init__':
            continue
        with open(path, encoding='utf-8') as handle:
            tree = ast.parse(handle.read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'RETURN' for t in node.targets):
                docs[name] = yaml.safe_load(node.value.value) or {}
        docs.setdefault(name, {})
    return docs


def type_ok(value, documented):
    """Whether a value has the documented type ('raw' and 'complex' take anything but a wrong container)."""
    if documented in (None, 'raw', 'any'):
        return True
    if documented == 'complex':
        return isinstance(value, (dict, list))
    wanted = TYPES.get(documented)
    if wanted is None:
        return False
    if isinstance(value, bool) and bool not in wanted:
        return False
    return value is None or isinstance(value, wanted)


def check_value(value, spec, path, problems):
    """One documented value: its type, its elements, and what a dictionary contains (a dictionary documented
    without `contains`, such as tags, may hold any key)."""
    documented = spec.get('type')
    if not type_ok(value, documented):
        problems.add('%s is %s, documented as %s' % (path, type(value).__name__, documented))
        return
    contains = spec.get('contains')
    if isinstance(value, dict) and contains:
        check_dict(value, contains, path + '.', problems)
    elif isinstance(value, list):
        elements = spec.get('elements')
        for element in value:
            if elements and not type_ok(element, elements):
                problems.add('%s[] has an element of type %s, documented as %s'
                             % (path, type(element).__name__, elements))
            elif isinstance(element, dict) and contains:
                check_dict(element, contains, path + '[].', problems)


def check_dict(data, documented, prefix, problems, skip=frozenset()):
    """The keys of one dictionary against the documented ones."""
    for key, value in data.items():
        if key in skip or key.startswith('_ansible'):
            continue
        spec = documented.get(key)
        if spec is None:
            problems.add('%s%s is returned but not documented' % (prefix, key))
            continue
        check_value(value, spec, prefix + key, problems)
    for key, spec in documented.items():
        if spec.get('returned') == 'always' and key not in data:
            problems.add('%s%s is documented as returned: always but is missing' % (prefix, key))


def load_results(directory):
    """The recorded results, as (module, task, result)."""
    results = []
    for path in sorted(glob.glob(os.path.join(directory, '*.jsonl'))):
        with open(path, encoding='utf-8') as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    results.append((record['module'], record.get('task', '?'), record['result']))
    return results


def check(*directories):
    """Problems (a sorted list of lines) and the number of results checked per module."""
    docs = return_docs()
    counts = collections.Counter()
    problems = collections.defaultdict(set)  # problem -> tasks
    results = [found for directory in directories for found in load_results(directory)]
    for module, task, result in results:
        if result.get('ansible_job_id') and result.get('started') and not result.get('finished'):
            # An async task's start (poll: 0): Ansible's job record, not the module's result (async_status returns that).
            continue
        counts[module] += 1
        if module not in docs:
            problems['%s: no such module in plugins/modules' % module].add(task)
            continue
        found = set()
        # A loop item's result also carries the loop variable, under the name the task gave it.
        loop_vars = set(result.get(key) for key in ('ansible_loop_var', 'ansible_index_var') if result.get(key))
        check_dict(result, docs[module], '', found, skip=(COMMON_KEYS | loop_vars) - set(docs[module]))
        for problem in found:
            problems['%s: %s' % (module, problem)].add(task)
    lines = ['%s (task: %s)' % (problem, sorted(tasks)[0]) for problem, tasks in sorted(problems.items())]
    lines += ['%s: no result was recorded; an integration target must run it' % name
              for name in sorted(docs) if not counts[name]]
    return lines, counts


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    lines, counts = check(*sys.argv[1:])
    summary = ', '.join('%s %d' % (name, counts[name]) for name in sorted(counts))
    if lines:
        sys.exit('check_returns: the results do not match the RETURN documentation:\n  %s\n(results checked: %s)'
                 % ('\n  '.join(lines), summary or 'none'))
    print('check_returns: %d results of %d modules match their RETURN documentation (%s)'
          % (sum(counts.values()), len(counts), summary))


if __name__ == '__main__':
    main()
