# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type injects every HW_* variable the modules read, keeps secrets secret, and
what it injects is accepted by the modules' argument spec and client configuration. The consumer's type gives
the consumer's own security token, and an empty one is no token."""
import re

import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import AUTH_ARGUMENT_SPEC, client_config_from_params
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ENV_VARS

# What AWX's CredentialTypeInputField schema allows for a field, and its id pattern.
FIELD_KEYS = {'id', 'label', 'type', 'format', 'choices', 'help_text', 'multiline', 'secret', 'ask_at_runtime'}
FIELD_ID = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
# AWX masks env variables whose names match this in the job's stored environment (build_safe_env).
AWX_SENSITIVE_ENV = re.compile('API|TOKEN|KEY|SECRET|PASS', re.I)
PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n'


def hw_variables():
    """The HW_* environment variables the shared argument spec reads, per option."""
    return dict((option, [name for name in names if name.startswith('HW_')]) for option, names in ENV_VARS.items())


def referenced_fields(template):
    return set(re.findall(r'\b([a-z_]+)\b', template)) - {'default', 'true', 'tower', 'filename', 'if', 'else'}


def test_every_hw_variable_is_injected(credential_type):
    _inputs, injectors = credential_type
    wanted = sorted(name for names in hw_variables().values() for name in names)
    assert len(wanted) == len(ENV_VARS)
    assert sorted(injectors['env']) == wanted


def test_fields_follow_the_awx_schema(credential_type):
    inputs, injectors = credential_type
    ids = [field['id'] for field in inputs['fields']]
    assert len(ids) == len(set(ids))
    for field in inputs['fields']:
        assert set(field) <= FIELD_KEYS, field['id']
        assert {'id', 'label'} <= set(field)
        assert FIELD_ID.match(field['id']) and field['id'] != 'tower'
        assert field.get('type', 'string') in ('string', 'boolean')
        if 'choices' in field:
            assert all(isinstance(choice, str) for choice in field['choices'])
    assert set(inputs.get('required', [])) <= set(ids)
    assert set(injectors) <= {'env', 'file', 'extra_vars'}
    for name in injectors['env']:
        assert not name.startswith('ANSIBLE_')
    # AWX refuses injectors that use undefined fields: it renders them with every field set.
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    namespace = dict((field_id, 'EXAMPLE') for field_id in ids)
    namespace['tower'] = type('TowerNamespace', (), {'filename': '/runner/env/tmpfile'})()
    for kind in ('env', 'file'):
        for template in injectors.get(kind, {}).values():
            strict.from_string(template).render(**namespace)


def test_every_secret_is_a_secret_field(credential_type):
    inputs, injectors = credential_type
    fields = dict((field['id'], field) for field in inputs['fields'])
    secret_options = sorted(name for name, spec in AUTH_ARGUMENT_SPEC.items() if spec.get('no_log'))
    assert secret_options == ['auth_token', 'secret_key', 'security_token']
    for option in secret_options:
        for variable in hw_variables()[option]:
            used = referenced_fields(injectors['env'][variable])
            assert used == {option}
            assert fields[option].get('secret') is True, option
            assert AWX_SENSITIVE_ENV.search(variable), variable
    # Only secrets are marked secret, so the rest stays visible to whoever edits the credential.
    assert sorted(f for f in fields if fields[f].get('secret')) == secret_options


def module_settings(monkeypatch, env):
    """Validate the shared options the way the modules do, with only `env` in the environment."""
    for names in ENV_VARS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(AUTH_ARGUMENT_SPEC).validate({})
    assert not result.error_messages
    config = client_config_from_params(result.validated_parameters)
    config.validate()
    return config


def test_a_minimal_credential_gives_working_settings(credential_type, awx_inject, monkeypatch, tmp_path):
    inputs, injectors = credential_type
    credential = {'access_key': 'AK0001', 'secret_key': 'sk-secret', 'region': 'cn-north-4'}
    env = awx_inject(inputs, injectors, credential, str(tmp_path))
    config = module_settings(monkeypatch, env)
    assert (config.access_key, config.secret_key, config.region) == ('AK0001', 'sk-secret', 'cn-north-4')
    assert config.validate_certs is True
    assert config.max_retries == AUTH_ARGUMENT_SPEC['max_retries']['default']
    assert config.vpcep_url == 'https://vpcep.cn-north-4.myhuaweicloud.com'
    assert config.iam_url == 'https://iam.cn-north-4.myhuaweicloud.com'
    assert not config.uses_token
    assert config.ca_cert in ('', None)


def test_every_field_reaches_its_option(credential_type, awx_inject, monkeypatch, tmp_path):
    inputs, injectors = credential_type
    credential = {
        'access_key': 'AK0001', 'secret_key': 'sk-secret', 'security_token': 'st-secret', 'region': 'eu-west-101',
        'project_id': 'p0001', 'cloud': 'example.cloud', 'endpoint': 'https://vpcep.example', 'max_retries': '2',
        'iam_endpoint': 'https://iam.example', 'validate_certs': 'false', 'ca_cert': PEM,
    }
    config = module_settings(monkeypatch, awx_inject(inputs, injectors, credential, str(tmp_path)))
    for option in ('access_key', 'secret_key', 'security_token', 'region', 'project_id', 'cloud', 'endpoint',
                   'iam_endpoint'):
        assert getattr(config, option) == credential[option], option
    assert config.validate_certs is False
    assert config.max_retries == 2
    with open(config.ca_cert, encoding='utf-8') as handle:
        assert handle.read() == PEM


@pytest.mark.parametrize('credential', [
    {'auth_token': 'tok-secret', 'region': 'cn-north-4'},
    {'auth_token': 'tok-secret', 'region': 'cn-north-4', 'access_key': '', 'secret_key': ''},
])
def test_a_token_credential_replaces_ak_sk(credential_type, awx_inject, monkeypatch, tmp_path, credential):
    inputs, injectors = credential_type
    config = module_settings(monkeypatch, awx_inject(inputs, injectors, credential, str(tmp_path)))
    assert config.uses_token
    assert config.auth_token == 'tok-secret'


# ---- the consumer's credential type ------------------------------------------------------------------------------

CONSUMER = {'access_key': 'AKCONSUMER', 'secret_key': 'sk-consumer', 'domain_id': 'd-consumer'}
# The provider's temporary credentials, as its own credential type puts them in the job's environment.
PROVIDER_ENV = {'HW_ACCESS_KEY': 'AKPROVIDER', 'HW_SECRET_KEY': 'sk-provider', 'HW_SECURITY_TOKEN': 'st-provider',
                'HW_REGION_NAME': 'cn-north-4'}


def consumer_task(env):
    """The consumer's task params as the demo passes them (playbooks/demo.yml: the HW_CONSUMER_* values that are set)."""
    params = {'access_key': env['HW_CONSUMER_ACCESS_KEY'], 'secret_key': env['HW_CONSUMER_SECRET_KEY'],
              'security_token': env['HW_CONSUMER_SECURITY_TOKEN'], 'project_id': env['HW_CONSUMER_PROJECT_ID']}
    return dict((name, value) for name, value in params.items() if value)


def test_the_consumer_type_gives_its_security_token(consumer_credential_type, awx_inject, tmp_path):
    inputs, injectors = consumer_credential_type
    fields = dict((field['id'], field) for field in inputs['fields'])
    assert fields['security_token'].get('secret') is True
    assert 'security_token' not in inputs['required']
    assert referenced_fields(injectors['env']['HW_CONSUMER_SECURITY_TOKEN']) == {'security_token'}
    env = awx_inject(inputs, injectors, dict(CONSUMER, security_token='st-consumer'), str(tmp_path))
    assert env['HW_CONSUMER_SECURITY_TOKEN'] == 'st-consumer'
    resolved = creds.resolve(consumer_task(env), environ=dict(PROVIDER_ENV, **env))
    assert resolved.origin == 'task'
    assert (resolved.values['access_key'], resolved.values['security_token']) == ('AKCONSUMER', 'st-consumer')


def test_an_empty_consumer_token_is_no_token_not_the_providers(consumer_credential_type, awx_inject, tmp_path):
    """AWX injects an empty field as "": the consumer signs with its keys alone, never with HW_SECURITY_TOKEN."""
    inputs, injectors = consumer_credential_type
    env = awx_inject(inputs, injectors, dict(CONSUMER, security_token=''), str(tmp_path))
    assert env['HW_CONSUMER_SECURITY_TOKEN'] == ''
    for params in (consumer_task(env), dict(consumer_task(env), security_token='')):
        resolved = creds.resolve(params, environ=dict(PROVIDER_ENV, **env))
        assert resolved.values['security_token'] is None, params
        assert resolved.values['access_key'] == 'AKCONSUMER' and 'security_token' not in resolved.sources
