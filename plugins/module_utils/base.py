# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Module base (layer 4): the shared connection options, client construction, strict types, and run()."""

import copy
import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds
from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import Client
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ENV_VARS, ClientConfig
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ConfigurationError, ValidationError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context, conclude


def _env(name):
    return (env_fallback, ENV_VARS[name])


# Mirrored option for option by the hwcloud.vpcep.auth doc fragment (a unit test keeps them equal).
# access_key is an identifier, not a secret: no_log=False says so explicitly to validate-modules.
# The credential set (keys, tokens, project id) has no per-option fallback: credentials.resolve() takes it
# whole from the task or whole from one family of environment variables.
AUTH_ARGUMENT_SPEC = dict(
    access_key=dict(type='str', no_log=False),
    api_timeout=dict(type='int', default=limits.API_TIMEOUT.default),
    auth_token=dict(type='str', no_log=True),
    ca_cert=dict(type='path', fallback=_env('ca_cert')),
    cloud=dict(type='str', default='myhuaweicloud.com', fallback=_env('cloud')),
    endpoint=dict(type='str', fallback=_env('endpoint')),
    iam_endpoint=dict(type='str', fallback=_env('iam_endpoint')),
    max_retries=dict(type='int', default=limits.MAX_RETRIES.default, fallback=_env('max_retries')),
    project_id=dict(type='str'),
    region=dict(type='str', fallback=_env('region')),
    secret_key=dict(type='str', no_log=True),
    security_token=dict(type='str', no_log=True),
    validate_certs=dict(type='bool', default=True, fallback=_env('validate_certs')),
)


def client_config_from_params(params, environ=None):
    """Return a ClientConfig built from module params (AUTH_ARGUMENT_SPEC option names), with the credential set
    resolved from the params or, when they give no credential, from one family of environment variables."""
    values = dict((name, params.get(name)) for name in AUTH_ARGUMENT_SPEC)
    # Keep the client's defaults when a caller passes an explicit null for an option with a default.
    for name in ('api_timeout', 'cloud', 'max_retries', 'validate_certs'):
        if values[name] is None:
            del values[name]
    credentials = creds.resolve(params, os.environ if environ is None else environ)
    conflict = creds.conflict_message(credentials)
    if conflict:
        raise ConfigurationError('Invalid Huawei Cloud connection settings: %s.' % conflict)
    values.update(credentials.values)
    return ClientConfig(credentials=credentials, **values)


def strict_type_errors(spec, raw, prefix=''):
    """Return one message per value Ansible would silently convert: a list or dict for a string, a boolean for a string
    or a number, a number for a name or an id (see `identifies`)."""
    errors = []
    for name, option in sorted(spec.items()):
        value = raw.get(name) if isinstance(raw, dict) else None
        if value is not None:
            errors.extend(_value_type_errors(prefix + name, option, value, identifies(name)))
    return errors


def identifies(name):
    """Tell whether an option names or identifies something (name, id, vpc_id, domain_ids, endpoints ...)."""
    return name in _IDENTIFYING or name.endswith(('_id', '_ids', '_name'))


_IDENTIFYING = frozenset(['accept_connections', 'accept_domains', 'describe', 'endpoints', 'id', 'name', 'routetables'])


def _value_type_errors(where, option, value, identifying=False):
    kind = option.get('type', 'str')
    if kind in ('str', 'path'):
        return _text_type_errors(where, value, identifying)
    if kind in ('int', 'float') and isinstance(value, bool):
        return ['%s: must be %s, got a boolean' % (where, 'an integer' if kind == 'int' else 'a number')]
    if kind == 'list' and option.get('elements') == 'dict' and not isinstance(value, list):
        return ['%s: must be a list of dictionaries, got a %s' % (where, _type_name(value))]
    if kind == 'dict' and option.get('options') and not isinstance(value, dict):
        return ['%s: must be a dictionary, got a %s' % (where, _type_name(value))]
    if kind == 'list' and isinstance(value, list):
        element = dict(type=option.get('elements', 'raw'), options=option.get('options'))
        errors = []
        for index, item in enumerate(value):
            errors.extend(_value_type_errors('%s[%d]' % (where, index), element, item, identifying))
        return errors
    if kind == 'dict' and option.get('options') and isinstance(value, dict):
        return strict_type_errors(option['options'], value, where + '.')
    return []


def _text_type_errors(where, value, identifying):
    # Ansible would send str(value): ['a'] as "['a']", true as "True", an unquoted id 0123 as "83".
    if isinstance(value, (list, dict)):
        return ['%s: must be a string, got a %s' % (where, 'list' if isinstance(value, list) else 'dictionary')]
    if isinstance(value, bool):
        return ['%s: must be a string, got a boolean (YAML reads true, false, yes and no unquoted as booleans: quote the '
                'value)' % where]
    if identifying and isinstance(value, (int, float)):
        return ['%s: must be a string, got a number (quote names and ids: YAML reads them unquoted as numbers)' % where]
    return []


def _from_env(message, spec):
    """Add where an option with an environment fallback may have got its value (HW_MAX_RETRIES)."""
    name = message.split(':')[0]
    if name in ENV_VARS and spec.get(name, {}).get('fallback'):
        return '%s (the option, or %s)' % (message, '/'.join(ENV_VARS[name]))
    return message


def _type_name(value):
    return {list: 'list', dict: 'dictionary', bool: 'boolean', type(None): 'null'}.get(
        type(value), 'string' if isinstance(value, str) else 'number')


def unknown_suboption_errors(spec, raw):
    """Return one message per key of a list element that its option does not take (`endpoints[3].subnet`): Ansible's
    own message names the option but not the element, which in a long list leaves the user searching."""
    errors = []
    for name, option in sorted(spec.items()):
        value = raw.get(name) if isinstance(raw, dict) else None
        if not _takes_dicts(option) or not isinstance(value, list):
            continue
        known = _suboption_names(option)
        for index, item in enumerate(value):
            for key in sorted(set(item) - known if isinstance(item, dict) else (), key=str):
                errors.append('%s[%d].%s: not an option of %s (it takes %s)' % (name, index, key, name, ', '.join(sorted(known))))
    return errors


def _takes_dicts(option):
    return option.get('type') == 'list' and option.get('elements') == 'dict' and bool(option.get('options'))


def _suboption_names(option):
    names = set(option['options'])
    for suboption in option['options'].values():
        names.update(suboption.get('aliases') or ())
    return names


def _needs_our_message(option, value):
    """Tell whether Ansible's own check of this value would fail without naming the option (a list of dictionaries
    with suboptions given a string, or an element that is not a dictionary)."""
    if not _takes_dicts(option):
        return False
    return not isinstance(value, list) or any(not isinstance(item, dict) for item in value)


class HwcloudModule(AnsibleModule):
    """AnsibleModule with the shared connection options, a lazily built API client and one way to end a run.

    Every failure of ours is raised and reported by run(), the one place that calls fail_json: also what is wrong
    before the action starts (values Ansible would convert, the shared options' ranges, a missing library), and a
    client that cannot be built. Ansible's own argument spec validation fails inside AnsibleModule.__init__.
    """

    def __init__(self, argument_spec=None, **kwargs):
        spec = copy.deepcopy(AUTH_ARGUMENT_SPEC)
        spec.update(argument_spec or {})
        self._raw_params = {}
        super().__init__(argument_spec=spec, **kwargs)
        self._client = None
        # Secrets read from the environment are no module parameters: mask them in every output too.
        self.no_log_values.update(creds.secrets_in(self.params))
        self._refusal = self._refusal_of(spec)

    def _refusal_of(self, spec):
        """Return the error run() raises before the action (None: nothing is wrong before it starts)."""
        if not HAS_REQUESTS:
            return ConfigurationError(missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        errors = strict_type_errors(spec, self._raw_params) + unknown_suboption_errors(spec, self._raw_params)
        mistyped = set(e.split(':')[0] for e in errors)
        # The shared options' ranges; each module's own bounded options are its declaration's rules.
        shared = dict((name, self.params.get(name)) for name in AUTH_ARGUMENT_SPEC)
        errors.extend(_from_env(e, spec) for e in limits.errors(shared) if e.split(':')[0] not in mistyped)
        return ValidationError(errors) if errors else None

    def _load_params(self):
        super()._load_params()
        # The values as the task gave them, before Ansible's type conversion turns a list into its text.
        self._raw_params = dict(self.params)
        # Where Ansible's own check would fail with a message that does not name the option, leave the value out
        # of its check (a required one as an empty list, which Ansible takes): run() then fails with ours, which does.
        for name, option in (self.argument_spec or {}).items():
            value = self.params.get(name)
            if value is not None and _needs_our_message(option, value):
                if option.get('required'):
                    # Left empty rather than out: Ansible would call a required option missing instead.
                    self.params[name] = []
                else:
                    del self.params[name]
            elif value is not None and _takes_dicts(option):
                # A list of dictionaries here: the elements go to Ansible's check without the keys their option does
                # not take, and run() fails naming each of them (unknown_suboption_errors).
                known = _suboption_names(option)
                if any(set(item) - known for item in value):
                    self.params[name] = [dict((k, v) for k, v in item.items() if k in known) for item in value]

    @property
    def client(self):
        """Return the API client, built once from the module params (its setting warnings shown once); settings that
        cannot work raise ConfigurationError."""
        if self._client is None:
            config = client_config_from_params(self.params)
            self._client = Client(config)
            for warning in config.warnings():
                self.warn(warning)
        return self._client

    def run(self, action):
        """Run `action(context)` and exit: the one place where any error becomes fail_json with `changed` right."""
        context = Context(self.params, connect=lambda: self.client, check_mode=self.check_mode, diff=self._diff)

        def act(run_context):
            if self._refusal is not None:
                raise self._refusal
            return action(run_context)

        result = conclude(context, act)
        for warning in context.warnings:
            self.warn(warning)
        if result.pop('failed'):
            self.fail_json(**result)
        self.exit_json(**result)
