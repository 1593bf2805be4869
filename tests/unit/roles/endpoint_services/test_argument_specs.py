# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role's argument spec mirrors vpcep_service's options and the shared connection options, and
every documented variable has a default, so the role and the modules cannot drift apart."""
import os

import yaml

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import AUTH_ARGUMENT_SPEC
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ROLE = os.path.join(ROOT, 'roles', 'endpoint_services')
PREFIX = 'endpoint_services_'
# Per entry, besides every option of vpcep_service.
ROLE_ONLY_ENTRY_OPTIONS = {'accept_connections', 'accept_domains'}
# Per-entry options whose default comes from a role variable (with the module's default).
ROLE_LEVEL_DEFAULTS = {'wait': 'endpoint_services_wait', 'wait_timeout': 'endpoint_services_wait_timeout'}


def load(*parts):
    with open(os.path.join(ROLE, *parts), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def main_options():
    return load('meta', 'argument_specs.yml')['argument_specs']['main']['options']


def comparable(spec, skip_default=False):
    keys = ('type', 'elements', 'choices', 'required', 'no_log') if skip_default else \
        ('type', 'elements', 'choices', 'required', 'default', 'no_log')
    shown = dict((key, spec.get(key)) for key in keys if spec.get(key) not in (None, False))
    if spec.get('options'):
        shown['options'] = dict((name, comparable(sub)) for name, sub in spec['options'].items())
    return shown


def test_entries_take_every_vpcep_service_option():
    module_spec = vpcep_service.argument_spec()
    entry = main_options()[PREFIX + 'list']['options']
    assert set(entry) == set(module_spec) | ROLE_ONLY_ENTRY_OPTIONS
    for name, spec in module_spec.items():
        assert comparable(entry[name], skip_default=name in ROLE_LEVEL_DEFAULTS) == \
            comparable(spec, skip_default=name in ROLE_LEVEL_DEFAULTS), name
    for name, variable in ROLE_LEVEL_DEFAULTS.items():
        assert main_options()[variable]['default'] == module_spec[name]['default']
        assert load('defaults', 'main.yml')[variable] == module_spec[name]['default']
    assert main_options()[PREFIX + 'list']['required_one_of'] == [['id', 'name']]


def test_every_connection_option_has_a_role_variable():
    options = main_options()
    defaults = load('defaults', 'main.yml')
    with open(os.path.join(ROLE, 'vars', 'main.yml'), encoding='utf-8') as handle:
        layering = handle.read()
    for name, spec in AUTH_ARGUMENT_SPEC.items():
        variable = PREFIX + name
        assert options[variable]['type'] == spec['type'], name
        assert bool(options[variable].get('no_log')) == bool(spec.get('no_log')), name
        # null: not set by the role, so module_defaults and the environment still apply.
        assert defaults[variable] is None, name
        assert "'%s': %s," % (name, variable) in layering, name


def test_documented_variables_and_defaults_match():
    assert set(main_options()) == set(load('defaults', 'main.yml'))
    assert all(name.startswith(PREFIX) for name in main_options())


def test_the_first_task_checks_the_whole_list_and_the_accept_steps_require_a_match():
    # Issue 19 points 8 and 11: no entry is converged before every entry was checked; an accept list naming an
    # endpoint or an account without a connection fails its entry. Issue 23: one vpcep_services task converges
    # the whole list and accepts (its accept steps require a match: tests/unit/plugins/module_utils/test_fleets.py).
    tasks = load('tasks', 'main.yml')
    assert tasks[0]['ansible.builtin.assert']['that'] == 'endpoint_services__entry_errors | length == 0'
    assert "hwcloud.vpcep.entry_errors('endpoint_services')" in load('vars', 'main.yml')['endpoint_services__entry_errors']
    inner = [t for step in tasks for t in step.get('block', [step])]
    fleets = [t['hwcloud.vpcep.vpcep_services'] for t in inner if 'hwcloud.vpcep.vpcep_services' in t]
    assert len(fleets) == 1 and fleets[0]['services'] == '{{ endpoint_services_list }}'
    assert not [t for t in inner if 'hwcloud.vpcep.vpcep_connection' in t or 'loop' in t]
