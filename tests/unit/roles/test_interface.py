# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The interface has one source: the shared connection options (AUTH_ARGUMENT_SPEC in module_utils/base.py, which
the hwcloud.vpcep.auth doc fragment mirrors, see test_base.py). Everything else that repeats them is held to it here:

- each role's connection variables (meta/argument_specs.yml, defaults/main.yml and the pass-through in vars/main.yml):
  one `<role>_<option>` per option, of the option's type, secret exactly when the option is, null by default, passed to
  the modules under the option's name, the credential set passed whole;
- each role's entry options against its module's argument spec (type, elements, choices, suboptions);
- the two AWX credential types (extensions/awx/): a field per option the environment can give, of the option's name,
  secret exactly when the option is, injected into the option's own variable, with the option's default.

Adding a connection option to AUTH_ARGUMENT_SPEC fails these tests until every copy has it.
"""
import functools
import importlib
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import AUTH_ARGUMENT_SPEC
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ENV_VARS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ROLES_DIR = os.path.join(ROOT, 'roles')
AWX_DIR = os.path.join(ROOT, 'extensions', 'awx')
ROLES = sorted(name for name in os.listdir(ROLES_DIR)
               if os.path.isfile(os.path.join(ROLES_DIR, name, 'meta', 'argument_specs.yml')))
# The module each role converges its entries with.
ROLE_MODULES = {'endpoint_services': 'vpcep_service', 'endpoints': 'vpcep_endpoint'}
# Ansible's option types as AWX credential fields carry them (AWX has string and boolean fields only; a boolean
# given as a string field with choices can be left empty, so the module's own default applies).
AWX_CHOICES = {'bool': ['true', 'false']}
# Options no environment variable gives, so no credential either: a task or role setting (api_timeout is per task).
NOT_FROM_ENVIRONMENT = ['api_timeout']


def load(*parts):
    with open(os.path.join(*parts), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def role_options(role):
    return load(ROLES_DIR, role, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']


def connection_variable(role, option):
    return '%s_%s' % (role, option)


# ---- the roles' connection variables --------------------------------------------------------------------------

@pytest.mark.parametrize('role', ROLES)
def test_every_option_has_its_role_variable(role):
    options = role_options(role)
    defaults = load(ROLES_DIR, role, 'defaults', 'main.yml')
    problems = []
    for option, spec in AUTH_ARGUMENT_SPEC.items():
        name = connection_variable(role, option)
        variable = options.get(name)
        if variable is None:
            problems.append('%s: no variable %s in meta/argument_specs.yml' % (option, name))
            continue
        if variable.get('type', 'str') != spec.get('type', 'str'):
            problems.append('%s is a %s, the module option %s a %s' % (name, variable.get('type'), option, spec['type']))
        if bool(variable.get('no_log')) != bool(spec.get('no_log')):
            problems.append('%s: no_log %s, the module option: %s' % (name, variable.get('no_log'), spec.get('no_log')))
        if 'default' in variable or name not in defaults or defaults[name] is not None:
            problems.append('%s: must default to null (not set by the role), in defaults/main.yml only' % name)
        # What it means is the module option's: the description says which one it sets.
        if 'Sets the module option C(%s)' % option not in ' '.join(variable.get('description') or []):
            problems.append('%s: the description does not say "Sets the module option C(%s)"' % (name, option))
    assert not problems, problems


# Rendered in a process of its own: loading Ansible's templating (the controller's side) in this one would send the
# warnings of the modules the other tests run to the controller's display instead of their results.
RENDER = r"""
import json, sys
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
try:  # ansible-core 2.19 and later render only trusted templates
    from ansible.template import trust_as_template
except ImportError:
    def trust_as_template(value):
        return value
job = json.load(sys.stdin)
out = []
for values in job['scenarios']:
    variables = dict(job['defaults'])
    variables.update((k, trust_as_template(v) if isinstance(v, str) else v) for k, v in job['vars'].items())
    variables.update(values)
    out.append(Templar(loader=DataLoader(), variables=variables).template(trust_as_template(job['expression'])))
print(json.dumps(out))
"""


def sample(option):
    kind = AUTH_ARGUMENT_SPEC[option].get('type', 'str')
    return {'bool': False, 'int': 7}.get(kind, 'value-of-%s' % option)


# The settings each test renders the pass-through with (option -> value); all in one process per role.
SCENARIOS = {
    'none': {},
    'every': dict((option, sample(option)) for option in AUTH_ARGUMENT_SPEC),
    'settings': dict((option, sample(option)) for option in AUTH_ARGUMENT_SPEC if option not in creds.SET_PARTS),
    'project_id': {'project_id': 'p1'},
}
SCENARIOS.update((credential, {credential: sample(credential)}) for credential in creds.CREDENTIAL_OPTIONS)


@functools.lru_cache(maxsize=None)
def rendered(role):
    """{scenario: the role's pass-through (vars/main.yml, <role>__connection) rendered with its variables set}."""
    names = sorted(SCENARIOS)
    job = {
        'defaults': load(ROLES_DIR, role, 'defaults', 'main.yml'),
        'vars': load(ROLES_DIR, role, 'vars', 'main.yml'),
        'expression': '{{ %s__connection }}' % role,
        'scenarios': [dict((connection_variable(role, option), value) for option, value in SCENARIOS[name].items())
                      for name in names],
    }
    answer = subprocess.run([sys.executable, '-c', RENDER], input=json.dumps(job), capture_output=True, text=True,
                            check=True)
    return dict(zip(names, json.loads(answer.stdout)))


def connection(role, scenario):
    return rendered(role)[scenario]


@pytest.mark.parametrize('role', ROLES)
def test_every_variable_reaches_its_module_option(role):
    assert connection(role, 'every') == SCENARIOS['every']


@pytest.mark.parametrize('role', ROLES)
def test_an_unset_variable_is_left_out(role):
    """Not passed at all, so the caller's module_defaults and the environment still apply."""
    assert connection(role, 'none') == {}
    assert connection(role, 'settings') == SCENARIOS['settings']


@pytest.mark.parametrize('role', ROLES)
@pytest.mark.parametrize('credential', creds.CREDENTIAL_OPTIONS)
def test_one_credential_makes_the_whole_set_the_roles(role, credential):
    """Every part of the set passed, the unset ones as null: no part comes from module_defaults or the environment."""
    wanted = dict((part, None) for part in creds.SET_PARTS)
    wanted[credential] = sample(credential)
    assert connection(role, credential) == wanted


@pytest.mark.parametrize('role', ROLES)
def test_a_project_id_alone_is_not_a_credential(role):
    assert connection(role, 'project_id') == {'project_id': 'p1'}


# ---- the roles' entries against their modules ----------------------------------------------------------------

def spec_problems(where, entry, module):
    """Differences between a role's entry options and a module's argument spec, suboptions included."""
    problems = []
    for name in sorted(set(entry) & set(module)):
        ours, theirs = entry[name], module[name]
        for key, default in (('type', 'str'), ('elements', None), ('choices', None)):
            if ours.get(key, default) != theirs.get(key, default):
                problems.append('%s.%s: %s %r, the module has %r'
                                % (where, name, key, ours.get(key, default), theirs.get(key, default)))
        if 'default' in ours and ours['default'] != theirs.get('default'):
            problems.append('%s.%s: default %r, the module has %r' % (where, name, ours['default'], theirs.get('default')))
        if theirs.get('options') or ours.get('options'):
            inner_ours, inner_theirs = ours.get('options') or {}, theirs.get('options') or {}
            problems.extend('%s.%s.%s: the module has it, the role does not' % (where, name, missing)
                            for missing in sorted(set(inner_theirs) - set(inner_ours)))
            problems.extend(spec_problems('%s.%s' % (where, name), inner_ours, inner_theirs))
    return problems


@pytest.mark.parametrize('role', ROLES)
def test_entry_options_are_the_modules(role):
    module = importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.modules.' + ROLE_MODULES[role])
    entry = role_options(role)['%s_list' % role]['options']
    problems = ['%s_list[].%s: the module has it, the role does not' % (role, name)
                for name in sorted(set(module.argument_spec()) - set(entry))]
    assert not problems + spec_problems('%s_list[]' % role, entry, module.argument_spec())


def test_every_role_has_its_module():
    assert sorted(ROLE_MODULES) == ROLES


# ---- the AWX credential types --------------------------------------------------------------------------------

def credential_type(prefix):
    return load(AWX_DIR, prefix + 'credential_type_inputs.yml'), load(AWX_DIR, prefix + 'credential_type_injectors.yml')


def fields_used(template):
    return set(re.findall(r'\b([a-z_]+)\b', template)) - {'default', 'true', 'tower', 'filename', 'if', 'else'}


def test_the_provider_type_has_a_field_per_option_the_environment_gives():
    inputs, injectors = credential_type('')
    fields = dict((field['id'], field) for field in inputs['fields'])
    hw = dict((option, [name for name in ENV_VARS[option] if name.startswith('HW_')]) for option in ENV_VARS)
    assert sorted(option for option in AUTH_ARGUMENT_SPEC if not hw.get(option)) == NOT_FROM_ENVIRONMENT
    assert sorted(fields) == sorted(option for option in AUTH_ARGUMENT_SPEC if hw.get(option))
    problems = []
    for option, field in fields.items():
        spec = AUTH_ARGUMENT_SPEC[option]
        if bool(field.get('secret')) != bool(spec.get('no_log')):
            problems.append('%s: secret %s, the module option no_log %s' % (option, field.get('secret'), spec.get('no_log')))
        if AWX_CHOICES.get(spec.get('type', 'str')) not in (None, field.get('choices')):
            problems.append('%s: a %s option, the field has choices %r' % (option, spec['type'], field.get('choices')))
        for variable in hw[option]:
            if fields_used(injectors['env'].get(variable, '')) != {option}:
                problems.append('%s is not injected from the field %s alone' % (variable, option))
    assert not problems, problems


DEFAULTED = sorted(name for name, spec in AUTH_ARGUMENT_SPEC.items() if 'default' in spec and name in ENV_VARS)


@pytest.mark.parametrize('option', DEFAULTED)
def test_the_provider_type_injects_the_options_default(option):
    """AWX sets an empty field as "", which the module cannot parse as a number or a boolean: the injector writes the
    option's default, and the field's help says which it is."""
    inputs, injectors = credential_type('')
    default = AUTH_ARGUMENT_SPEC[option]['default']
    text = str(default).lower()
    template = injectors['env'][ENV_VARS[option][0]]
    if AUTH_ARGUMENT_SPEC[option].get('type') in ('int', 'bool'):
        assert "default('%s', true)" % text in template
    field = [f for f in inputs['fields'] if f['id'] == option][0]
    assert text in field.get('help_text', '').lower()


# Parts of the credential set the consumer's type leaves out: an IAM token is valid for 24 hours and for the one project
# it was issued for (Huawei's API authentication guide), so a stored credential goes stale within a day; the consumer's
# keys, or its temporary keys and their security token (what an agency into the second account gives), do its job.
CONSUMER_LEAVES_OUT = ['auth_token']


def test_the_consumer_type_is_a_credential_set():
    """The consumer's account: the credential set but what CONSUMER_LEAVES_OUT names (and the account id the provider
    allows), each injected into HW_CONSUMER_<PART> from its own field, secret exactly when the module option is."""
    inputs, injectors = credential_type('consumer_')
    fields = dict((field['id'], field) for field in inputs['fields'])
    parts = [name for name in fields if name != 'domain_id']
    assert sorted(parts) == sorted(set(creds.SET_PARTS) - set(CONSUMER_LEAVES_OUT))
    for part in parts:
        assert bool(fields[part].get('secret')) == bool(AUTH_ARGUMENT_SPEC[part].get('no_log')), part
        assert fields_used(injectors['env']['HW_CONSUMER_' + part.upper()]) == {part}
    assert sorted(injectors['env']) == sorted('HW_CONSUMER_' + name.upper() for name in fields)


# ---- the numbers written once ---------------------------------------------------------------------------------

def module_documentation(name):
    return yaml.safe_load(importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.modules.' + name)
                          .DOCUMENTATION)


@pytest.mark.parametrize('name, option, bound', [
    ('vpcep_connection', 'wait_timeout', limits.WAIT_TIMEOUT),
    ('vpcep_endpoint', 'wait_timeout', limits.WAIT_TIMEOUT),
    ('vpcep_service', 'wait_timeout', limits.WAIT_TIMEOUT),
    ('vpcep_endpoint_info', 'concurrency', limits.CONCURRENCY),
    ('vpcep_public_service_info', 'concurrency', limits.CONCURRENCY),
    ('vpcep_service_info', 'concurrency', limits.CONCURRENCY),
])
def test_documented_defaults_are_the_limits(name, option, bound):
    module = importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.modules.' + name)
    assert module_documentation(name)['options'][option]['default'] == bound.default
    assert module.argument_spec()[option]['default'] == bound.default


def test_the_page_size_the_docs_name_is_the_limit():
    assert 'largest page the API allows (%d)' % limits.PAGE_SIZE in ' '.join(
        module_documentation('vpcep_endpoint_info')['description'])
    assert 'one request per %d matches' % limits.PAGE_SIZE in ' '.join(
        module_documentation('vpcep_service_info')['description'])


@pytest.mark.parametrize('role', ROLES)
def test_the_roles_wait_timeout_is_the_limit(role):
    name = '%s_wait_timeout' % role
    assert load(ROLES_DIR, role, 'defaults', 'main.yml')[name] == limits.WAIT_TIMEOUT.default
    assert role_options(role)[name]['default'] == limits.WAIT_TIMEOUT.default
    with open(os.path.join(ROLES_DIR, role, 'README.md'), encoding='utf-8') as handle:
        assert '| `%s` | `%d` |' % (name, limits.WAIT_TIMEOUT.default) in handle.read()


def test_no_number_of_limits_is_written_again_in_plugins():
    """The numbers of limits.py appear as code nowhere else in plugins/ (documentation text is held above)."""
    import ast
    import glob
    numbers = {limits.WAIT_TIMEOUT.default, limits.CONCURRENCY.default, limits.PAGE_SIZE}
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', '**', '*.py'), recursive=True)):
        if path.endswith(os.path.join('module_utils', 'limits.py')):
            continue
        with open(path, encoding='utf-8') as handle:
            tree = ast.parse(handle.read())
        found.extend('%s:%d: %r' % (os.path.relpath(path, ROOT), node.lineno, node.value) for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)
                     and node.value in numbers)
    assert not found, found
