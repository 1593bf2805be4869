# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every role (each directory of roles/ with meta/argument_specs.yml, a new one included as soon as it exists):
every option it accepts is documented and reaches its module, so that no option is accepted and then dropped.

A role converges the entries of its `<role>_list` with one module: in a task that loops over that list, each
entry option that is an option of that module is passed to it from the loop variable under the same name, and an
entry option the module does not have (say `accept_domains`) is read from the loop variable somewhere in the
role's tasks or vars; a fleet module (vpcep_services) takes the list whole in one option, whose suboptions are
then exactly the entry options; every other variable of the role is used in its tasks or vars, the connection settings as
the module options of the same name. Every option is in the role's rendered reference page (docs/roles), with a
description, and every variable is named in the role's README.
"""
import importlib
import os
import re

import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import AUTH_ARGUMENT_SPEC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ROLES_DIR = os.path.join(ROOT, 'roles')
ROLES = sorted(name for name in os.listdir(ROLES_DIR)
               if os.path.isfile(os.path.join(ROLES_DIR, name, 'meta', 'argument_specs.yml')))
PREFIX = 'hwcloud.vpcep.'


def read(*parts):
    with open(os.path.join(*parts), encoding='utf-8') as handle:
        return handle.read()


def spec_options(role):
    return yaml.safe_load(read(ROLES_DIR, role, 'meta', 'argument_specs.yml'))['argument_specs']['main']['options']


def option_paths(options, prefix=''):
    """Every option, nested ones included, as (path, spec), the path as the rendered page's anchors write it."""
    for name, spec in options.items():
        path = prefix + name
        yield path, spec
        yield from option_paths(spec.get('options') or {}, path + '/')


def role_files(role, folder):
    folder = os.path.join(ROLES_DIR, role, folder)
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder)) if name.endswith(('.yml', '.yaml'))] \
        if os.path.isdir(folder) else []


def tasks_of(items):
    """Every task of a task list, those inside blocks included."""
    for item in items or []:
        yield item
        for key in ('block', 'rescue', 'always'):
            yield from tasks_of(item.get(key))


def converging_task(role):
    """The task that converges <role>_list: (module short name, its arguments, its loop variable, the module's list
    option). A loop over the list passes each entry's options one by one (loop variable, no list option); a fleet
    module takes the whole list in one option (no loop variable)."""
    loop = '{{ %s_list }}' % role
    for path in role_files(role, 'tasks'):
        for task in tasks_of(yaml.safe_load(read(path))):
            modules = [key for key in task if key.startswith(PREFIX)]
            if str(task.get('loop', '')).strip() == loop:
                assert len(modules) == 1, 'the task over %s_list calls %s' % (role, modules)
                loop_var = (task.get('loop_control') or {}).get('loop_var', 'item')
                return modules[0][len(PREFIX):], task[modules[0]], loop_var, None
            for module in modules:
                whole = [name for name, value in (task[module] or {}).items() if str(value).strip() == loop]
                if whole:
                    return module[len(PREFIX):], task[module], None, whole[0]
    raise AssertionError('role %s has no task that converges %s_list' % (role, role))


def used_text(role):
    """The role's tasks and vars, where options are used (defaults and meta only declare them)."""
    return '\n'.join(read(path) for folder in ('tasks', 'vars') for path in role_files(role, folder))


@pytest.mark.parametrize('role', ROLES)
def test_every_option_is_documented(role):
    options = spec_options(role)
    page = read(ROOT, 'docs', 'roles', '%s.md' % role)
    readme = read(ROLES_DIR, role, 'README.md')
    problems = []
    for path, spec in option_paths(options):
        if not spec.get('description'):
            problems.append('%s has no description in meta/argument_specs.yml' % path)
        if 'id="parameter-%s"' % path not in page:
            problems.append('%s is not in docs/roles/%s.md (run make docs)' % (path, role))
    for name in options:
        # The README's table names each variable, or a group of them by their endings: `_secret_key`.
        if '`%s`' % name not in readme and '`_%s`' % name[len(role) + 1:] not in readme:
            problems.append('%s is not named in roles/%s/README.md' % (name, role))
    if 'docs/roles/%s.md' % role not in readme:
        problems.append('roles/%s/README.md does not link its reference page docs/roles/%s.md' % (role, role))
    assert not problems, problems


@pytest.mark.parametrize('role', ROLES)
def test_every_option_reaches_its_module(role):
    options = spec_options(role)
    module, arguments, loop_var, list_option = converging_task(role)
    module_spec = importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.modules.' + module).argument_spec()
    if list_option:
        # The fleet module takes the entries whole: each entry option is one of its list option's suboptions.
        module_spec = module_spec[list_option]['options']
    entry = options['%s_list' % role]['options']
    text = used_text(role)
    problems = ['%s: the module option %s is not an option of the entries' % (module, name)
                for name in sorted(set(module_spec) - set(entry))]
    for name in sorted(entry):
        if list_option:
            if name not in module_spec:
                problems.append('%s_list[].%s is not an option of the entries of %s' % (role, name, module))
            continue
        reference = re.compile(r'\b%s\.%s\b' % (re.escape(loop_var), re.escape(name)))
        if name in module_spec:
            if not reference.search(str(arguments.get(name, ''))):
                problems.append('%s_list[].%s is not passed to %s as %s' % (role, name, module, name))
        elif not reference.search(text):
            problems.append('%s_list[].%s is accepted but never used' % (role, name))
    connection = dict(('%s_%s' % (role, name), name) for name in AUTH_ARGUMENT_SPEC)
    for name in sorted(options):
        if name == '%s_list' % role:
            continue
        if name in connection:
            if not re.search(r"'%s':\s*%s\b" % (connection[name], name), text):
                problems.append('%s does not set the module option %s' % (name, connection[name]))
        elif not re.search(r'\b%s\b' % name, text):
            problems.append('%s is accepted but never used' % name)
    assert not problems, problems


@pytest.mark.parametrize('role', ROLES)
def test_no_task_ignores_its_errors(role):
    """ignore_errors prints a red "...ignoring" line for an entry's failure, before the role's own message that
    reports it; a block's rescue goes on without one, and its register keeps each entry's result."""
    ignoring = [task.get('name') for path in role_files(role, 'tasks') for task in tasks_of(yaml.safe_load(read(path)))
                if 'ignore_errors' in task]
    assert not ignoring, ignoring


def test_every_role_is_checked():
    assert set(ROLES) >= {'endpoint_services', 'endpoints'}
    assert all(os.path.isfile(os.path.join(ROLES_DIR, role, 'tasks', 'main.yml')) for role in ROLES)
