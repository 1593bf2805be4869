# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import json

import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.doc_fragments.auth import ModuleDocFragment
from ansible_collections.hwcloud.vpcep.plugins.module_utils import base
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import AUTH_ARGUMENT_SPEC, HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import Client
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ENV_VARS
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError, ConfigurationError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import patch_module_args

SK = "sk-Very-Secret-0123456789"
AUTH_TOKEN = "tok-MIIExampleSecretToken-zzz"
SECURITY_TOKEN = "st-Temporary-Secret-abcdef"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for names in ENV_VARS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_module():
    """Return a factory of HwcloudModule instances; the module args stay patched until the test ends."""
    stack = contextlib.ExitStack()

    def factory(args=None, argument_spec=None, **kwargs):
        # fail_json/exit_json need the patched profile too, so the patch is not undone on return.
        stack.enter_context(patch_module_args(args or {}))
        return HwcloudModule(argument_spec=argument_spec, **kwargs)

    yield factory
    stack.close()


def failure(capsys, call):
    """Run call, expect fail_json, return the parsed result."""
    with pytest.raises(SystemExit) as info:
        call()
    assert info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True
    return result


GOOD = dict(access_key="AK1", secret_key=SK, region="cn-north-4", project_id="pid")


def nothing(context):
    """An action that does nothing: what fails, fails before it."""
    return Outcome(False)


# ---- argument spec and doc fragment ---------------------------------------------------------------

def fragment():
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)


def test_spec_and_doc_fragment_never_drift():
    options = fragment()["options"]
    assert list(AUTH_ARGUMENT_SPEC) == sorted(AUTH_ARGUMENT_SPEC)
    assert list(options) == list(AUTH_ARGUMENT_SPEC)
    for name, spec in AUTH_ARGUMENT_SPEC.items():
        doc = options[name]
        assert doc["type"] == spec["type"], name
        assert doc.get("default") == spec.get("default"), name
        description = " ".join(doc["description"])
        for env in ENV_VARS.get(name, []):
            assert "E(%s)" % env in description, (name, env)


def test_spec_fallbacks_and_secrets():
    # The settings fall back to their variables one by one; the credential set never does (credentials.py reads
    # it whole from one family), but ENV_VARS still lists its variables for the documentation.
    expected_env = {
        "ca_cert": ["HW_CA_CERT"],
        "cloud": ["HW_CLOUD"],
        "endpoint": ["HW_VPCEP_ENDPOINT"],
        "iam_endpoint": ["HW_IAM_ENDPOINT", "HUAWEICLOUD_SDK_IAM_ENDPOINT"],
        "max_retries": ["HW_MAX_RETRIES"],
        "region": ["HW_REGION_NAME"],
        "validate_certs": ["HW_VALIDATE_CERTS"],
    }
    actual = dict((name, list(spec["fallback"][1])) for name, spec in AUTH_ARGUMENT_SPEC.items() if "fallback" in spec)
    assert actual == expected_env
    for part in ("access_key", "auth_token", "project_id", "secret_key", "security_token"):
        assert "fallback" not in AUTH_ARGUMENT_SPEC[part], part
    assert ENV_VARS["access_key"] == ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK"]
    assert ENV_VARS["project_id"] == ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"]
    assert ENV_VARS["auth_token"] == ["HW_AUTH_TOKEN"]
    assert "fallback" not in AUTH_ARGUMENT_SPEC["api_timeout"]
    secret = sorted(name for name, spec in AUTH_ARGUMENT_SPEC.items() if spec.get("no_log"))
    assert secret == ["auth_token", "secret_key", "security_token"]
    assert AUTH_ARGUMENT_SPEC["access_key"]["no_log"] is False


def test_fragment_has_requirements_and_notes():
    doc = fragment()
    assert doc["requirements"] == ["requests"]
    assert doc["notes"]


# ---- params, env fallbacks, defaults ------------------------------------------------------------

def test_defaults_without_environment(make_module):
    module = make_module(dict(name="x"), argument_spec=dict(name=dict(type="str", required=True)))
    params = module.params
    assert params["name"] == "x"
    assert (params["cloud"], params["api_timeout"], params["max_retries"], params["validate_certs"]) == ("myhuaweicloud.com", 30, 5, True)
    for name in ("access_key", "secret_key", "auth_token", "region", "project_id", "endpoint"):
        assert params[name] is None


def test_credential_parameters_have_no_environment_fallback(monkeypatch, make_module):
    for name in ("HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_AUTH_TOKEN", "HW_PROJECT_ID", "HW_SECURITY_TOKEN"):
        monkeypatch.setenv(name, "from-env")
    params = make_module().params
    for part in ("access_key", "secret_key", "auth_token", "project_id", "security_token"):
        assert params[part] is None, part


def test_environment_values_are_typed_and_beat_defaults(monkeypatch, make_module):
    monkeypatch.setenv("HW_MAX_RETRIES", "2")
    monkeypatch.setenv("HW_VALIDATE_CERTS", "false")
    monkeypatch.setenv("HW_CLOUD", "example.org")
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-1")
    monkeypatch.setenv("HUAWEICLOUD_SDK_IAM_ENDPOINT", "https://iam.example")
    params = make_module().params
    assert params["max_retries"] == 2
    assert params["validate_certs"] is False
    assert params["cloud"] == "example.org"
    assert params["region"] == "ap-southeast-1"
    assert params["iam_endpoint"] == "https://iam.example"
    assert make_module(dict(max_retries=4, cloud="other.example")).params["max_retries"] == 4


def test_the_first_family_with_a_credential_is_the_whole_source(monkeypatch, make_module):
    monkeypatch.setenv("CLOUD_SDK_AK", "from-cloud-sdk")
    monkeypatch.setenv("CLOUD_SDK_SK", "sk-cloud-sdk")
    config = base.client_config_from_params(make_module().params)
    assert (config.access_key, config.secret_key, config.project_id) == ("from-cloud-sdk", "sk-cloud-sdk", None)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "from-huaweicloud-sdk")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "pid-sdk")
    config = base.client_config_from_params(make_module().params)
    # The family's secret key is missing: the CLOUD_SDK_* one never completes it.
    assert (config.access_key, config.secret_key, config.project_id) == ("from-huaweicloud-sdk", None, "pid-sdk")
    assert "HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not" in str(pytest.raises(ConfigurationError, config.validate).value)
    assert "CLOUD_SDK_AK" in config.warnings()[0] and "not used" in config.warnings()[0]
    monkeypatch.setenv("HW_AUTH_TOKEN", AUTH_TOKEN)
    config = base.client_config_from_params(make_module().params)
    assert (config.auth_token, config.access_key, config.project_id) == (AUTH_TOKEN, None, None)
    assert config.credential_note() == ("credentials: IAM token from HW_AUTH_TOKEN, project id resolved from IAM for "
                                        "region (none) with these credentials")


def test_a_task_credential_makes_the_task_the_whole_source(monkeypatch, make_module):
    for name, value in (("HW_ACCESS_KEY", "AK-ENV"), ("HW_SECRET_KEY", SK), ("HW_PROJECT_ID", "pid-env"),
                        ("HW_AUTH_TOKEN", AUTH_TOKEN), ("HW_SECURITY_TOKEN", SECURITY_TOKEN)):
        monkeypatch.setenv(name, value)
    config = base.client_config_from_params(make_module(dict(access_key="AK-TASK", secret_key="sk-task")).params)
    assert (config.access_key, config.secret_key, config.auth_token, config.security_token, config.project_id) == (
        "AK-TASK", "sk-task", None, None, None)
    assert not config.uses_token
    assert config.warnings() == []
    config = base.client_config_from_params(make_module(dict(auth_token="tok-task", project_id="pid-task")).params)
    assert (config.auth_token, config.access_key, config.project_id) == ("tok-task", None, "pid-task")
    config = base.client_config_from_params(make_module(dict(access_key="AK-TASK")).params)
    message = str(pytest.raises(ConfigurationError, config.validate).value)
    assert "the task gives access_key but not secret_key" in message and SK not in message


def test_a_task_project_id_goes_with_environment_credentials(monkeypatch, make_module):
    monkeypatch.setenv("HW_ACCESS_KEY", "AK-ENV")
    monkeypatch.setenv("HW_SECRET_KEY", SK)
    monkeypatch.setenv("HW_PROJECT_ID", "pid-env")
    config = base.client_config_from_params(make_module(dict(project_id="pid-task", region="cn-north-4")).params)
    assert (config.access_key, config.project_id) == ("AK-ENV", "pid-task")
    assert config.credential_note() == ("credentials: access key from HW_ACCESS_KEY, secret key from HW_SECRET_KEY, "
                                        "project id from option project_id")


def test_secrets_from_params_and_environment_are_no_log(monkeypatch, make_module):
    monkeypatch.setenv("HW_SECURITY_TOKEN", SECURITY_TOKEN)
    module = make_module(dict(secret_key=SK, auth_token=AUTH_TOKEN))
    for secret in (SK, AUTH_TOKEN, SECURITY_TOKEN):
        assert secret in module.no_log_values


def test_own_spec_is_merged_without_changing_the_shared_one(make_module):
    before = json.dumps(AUTH_ARGUMENT_SPEC, default=repr, sort_keys=True)
    module = make_module(dict(name="n", state="absent"), argument_spec=dict(name=dict(type="str"), state=dict(type="str")),
                         supports_check_mode=True)
    assert module.params["state"] == "absent"
    assert module.check_mode is False
    assert json.dumps(AUTH_ARGUMENT_SPEC, default=repr, sort_keys=True) == before


@pytest.mark.parametrize("args,expected", [
    (dict(api_timeout=0), "api_timeout: must be greater than 0 and at most 3600 seconds (got 0)"),
    (dict(api_timeout=10 ** 12), "api_timeout: must be greater than 0 and at most 3600 seconds (got 1000000000000)"),
    (dict(max_retries=-1), "max_retries: must be 0 to 20 (got -1) (the option, or HW_MAX_RETRIES)"),
    (dict(max_retries=21), "max_retries: must be 0 to 20 (got 21)"),
])
def test_invalid_numbers_fail(capsys, args, expected, make_module):
    result = failure(capsys, lambda: make_module(args).run(nothing))
    assert expected in result["msg"]


def test_missing_requests_fails_with_missing_required_lib(capsys, monkeypatch, make_module):
    monkeypatch.setattr(base, "HAS_REQUESTS", False)
    result = failure(capsys, lambda: make_module(GOOD).run(nothing))
    assert "requests" in result["msg"]
    assert "Failed to import the required Python library" in result["msg"]


# ---- client construction --------------------------------------------------------------------------

def test_client_is_built_once_from_params(monkeypatch, make_module):
    monkeypatch.setenv("HW_VPCEP_ENDPOINT", "http://127.0.0.1:9/")
    module = make_module(dict(GOOD, api_timeout=12, max_retries=0, validate_certs=False))
    client = module.client
    assert isinstance(client, Client)
    assert module.client is client
    assert client.config.access_key == "AK1"
    assert client.config.vpcep_url == "http://127.0.0.1:9"
    assert client.project_id == "pid"
    assert client.transport.timeout == 12 and client.retry.max_retries == 0 and client.transport.verify is False


def test_config_error_fails_with_message_naming_options_and_env(capsys, make_module):
    module = make_module()
    result = failure(capsys, lambda: module.run(lambda context: context.client))
    for word in ("access_key", "secret_key", "auth_token", "region", "HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_AUTH_TOKEN", "HW_REGION_NAME"):
        assert word in result["msg"]


def test_config_error_with_token_only_names_region(capsys, monkeypatch, make_module):
    monkeypatch.setenv("HW_AUTH_TOKEN", AUTH_TOKEN)
    module = make_module()
    result = failure(capsys, lambda: module.run(lambda context: context.client))
    assert "HW_REGION_NAME" in result["msg"]
    assert "no credentials" not in result["msg"]


# ---- errors -----------------------------------------------------------------------------------------

def test_run_never_shows_secrets_an_error_carries(capsys, monkeypatch, make_module):
    monkeypatch.setenv("HW_SECRET_KEY", SK)
    monkeypatch.setenv("HW_SECURITY_TOKEN", SECURITY_TOKEN)
    module = make_module(dict(access_key="AK1", region="cn-north-4", project_id="pid", auth_token=AUTH_TOKEN))
    # Even an error text that somehow carried the secrets is masked by Ansible's no_log handling.
    error = AmbiguousRequestError("POST /x failed: %s %s %s" % (SK, SECURITY_TOKEN, AUTH_TOKEN), error_msg=SK, method="POST", path="/x")

    def action(context):
        raise error

    with pytest.raises(SystemExit):
        module.run(action)
    out = capsys.readouterr().out
    for secret in (SK, SECURITY_TOKEN, AUTH_TOKEN):
        assert secret not in out
    assert json.loads(out)["error"]["method"] == "POST"


def test_entries_that_are_no_dictionaries_are_named_by_their_place_and_type():
    from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import strict_type_errors
    spec = dict(services=dict(type='list', elements='dict', required=True, options=dict(name=dict(type='str'))))
    assert strict_type_errors(spec, dict(services=[{'name': 'a'}, None, 'b', 5, [1]])) == [
        'services[1]: must be a dictionary, got a null', 'services[2]: must be a dictionary, got a string',
        'services[3]: must be a dictionary, got a number', 'services[4]: must be a dictionary, got a list']
