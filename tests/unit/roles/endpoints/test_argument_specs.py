# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role endpoints' argument spec mirrors vpcep_endpoint's options and the shared connection options, every
documented variable has a default, and every option reaches the module, so the role and the module cannot drift apart."""
import os

import yaml

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import AUTH_ARGUMENT_SPEC
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_endpoint, vpcep_endpoints

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ROLE = os.path.join(ROOT, 'roles', 'endpoints')
PREFIX = 'endpoints_'
# Per-entry options whose default comes from a role variable (with the module's default).
ROLE_LEVEL_DEFAULTS = {'wait': 'endpoints_wait', 'wait_for': 'endpoints_wait_for', 'wait_timeout': 'endpoints_wait_timeout'}


def load(*parts):
    with open(os.path.join(ROLE, *parts), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def main_options():
    return load('meta', 'argument_specs.yml')['argument_specs']['main']['options']


def comparable(spec, skip_default=False):
    keys = ('type', 'elements', 'choices', 'required', 'no_log') if skip_default else \
        ('type', 'elements', 'choices', 'required', 'default', 'no_log')
    return dict((key, spec.get(key)) for key in keys if spec.get(key) not in (None, False))


def test_entries_take_every_vpcep_endpoint_option():
    module_spec = vpcep_endpoint.argument_spec()
    entry = main_options()[PREFIX + 'list']['options']
    assert set(entry) == set(module_spec)
    for name, spec in module_spec.items():
        skip = name in ROLE_LEVEL_DEFAULTS
        assert comparable(entry[name], skip_default=skip) == comparable(spec, skip_default=skip), name
    for name, variable in ROLE_LEVEL_DEFAULTS.items():
        assert main_options()[variable]['default'] == module_spec[name]['default']
        assert load('defaults', 'main.yml')[variable] == module_spec[name]['default']
    assert main_options()[PREFIX + 'list']['required_one_of'] == [['id', 'endpoint_service_id', 'endpoint_service_name']]


def test_every_entry_option_reaches_the_module():
    # Issue 23: one vpcep_endpoints task takes the list whole; its entries take exactly vpcep_endpoint's options.
    task = [t for t in load('tasks', 'main.yml') if 'hwcloud.vpcep.vpcep_endpoints' in t][0]
    passed = task['hwcloud.vpcep.vpcep_endpoints']
    assert passed['endpoints'] == '{{ endpoints_list }}'
    for name in ('wait', 'wait_for', 'wait_timeout'):
        assert passed[name] == '{{ endpoints_%s }}' % name
    assert set(vpcep_endpoints.argument_spec()['endpoints']['options']) == set(vpcep_endpoint.argument_spec())


def test_every_connection_option_has_a_role_variable():
    options = main_options()
    defaults = load('defaults', 'main.yml')
    with open(os.path.join(ROLE, 'vars', 'main.yml'), encoding='utf-8') as handle:
        layering = handle.read()
    for name, spec in AUTH_ARGUMENT_SPEC.items():
        variable = PREFIX + name
        assert options[variable]['type'] == spec['type'], name
        assert bool(options[variable].get('no_log')) == bool(spec.get('no_log')), name
        assert defaults[variable] is None, name
        assert "'%s': %s," % (name, variable) in layering, name


def test_documented_variables_and_defaults_match():
    assert set(main_options()) == set(load('defaults', 'main.yml'))
    assert all(name.startswith(PREFIX) for name in main_options())


def test_the_first_task_checks_the_whole_list_before_anything_is_changed():
    # Issue 19 point 11: no entry is converged before every entry was checked.
    first = load('tasks', 'main.yml')[0]
    assert first['ansible.builtin.assert']['that'] == 'endpoints__entry_errors | length == 0'
    assert "hwcloud.vpcep.entry_errors('endpoints')" in load('vars', 'main.yml')['endpoints__entry_errors']
