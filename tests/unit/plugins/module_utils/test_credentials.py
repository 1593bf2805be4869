# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A task's credentials are one set from one source: the task's options, or one family of environment variables."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds

PROVIDER_KEYS = {"HW_ACCESS_KEY": "AK-PROVIDER", "HW_SECRET_KEY": "sk-provider", "HW_PROJECT_ID": "pid-provider"}
PROVIDER_TOKEN = {"HW_AUTH_TOKEN": "tok-provider", "HW_PROJECT_ID": "pid-provider"}
CONSUMER = {"access_key": "AK-CONSUMER", "secret_key": "sk-consumer"}


@pytest.mark.parametrize("environ", [{}, PROVIDER_KEYS, PROVIDER_TOKEN, dict(PROVIDER_KEYS, **PROVIDER_TOKEN),
                                     {"HUAWEICLOUD_SDK_PROJECT_ID": "pid-sdk", "HW_SECURITY_TOKEN": "st-provider"}])
def test_task_keys_take_nothing_from_any_environment(environ):
    found = creds.resolve(dict(CONSUMER, region="cn-north-4"), environ)
    assert found.values == dict(CONSUMER, security_token=None, auth_token=None, project_id=None)
    assert found.sources == {"access_key": "option access_key", "secret_key": "option secret_key"}
    assert (found.origin, found.ignored) == ("task", [])


@pytest.mark.parametrize("part", creds.CREDENTIAL_OPTIONS)
def test_any_one_credential_option_makes_the_task_the_source(part):
    found = creds.resolve({part: "given"}, PROVIDER_KEYS)
    assert found.origin == "task"
    assert [p for p, v in found.values.items() if v] == [part]


def test_a_task_token_and_project_are_the_task_set():
    found = creds.resolve({"auth_token": "tok-consumer", "project_id": "pid-consumer"}, PROVIDER_KEYS)
    assert found.values["access_key"] is None and found.values["project_id"] == "pid-consumer"
    assert creds.explain(found.values, found.sources) == "IAM token from option auth_token, project id from option project_id"


def test_empty_values_count_as_not_given():
    found = creds.resolve({"access_key": " ", "auth_token": ""}, dict(PROVIDER_KEYS, HW_AUTH_TOKEN=""))
    assert found.origin == "HW_*"
    assert found.values["auth_token"] is None and found.values["access_key"] == "AK-PROVIDER"


@pytest.mark.parametrize("environ,origin,ignored", [
    ({"HW_ACCESS_KEY": "ak1", "HW_SECRET_KEY": "sk1", "HUAWEICLOUD_SDK_PROJECT_ID": "pid1"}, "HW_*", ["HUAWEICLOUD_SDK_PROJECT_ID"]),
    ({"HW_PROJECT_ID": "pid1", "HUAWEICLOUD_SDK_AK": "ak1", "HUAWEICLOUD_SDK_SK": "sk1"}, "HUAWEICLOUD_SDK_*", ["HW_PROJECT_ID"]),
    ({"CLOUD_SDK_AK": "ak1", "CLOUD_SDK_SK": "sk1"}, "CLOUD_SDK_*", []),
    ({"HW_PROJECT_ID": "pid1"}, None, []),
])
def test_the_environment_is_one_family(environ, origin, ignored):
    found = creds.resolve({}, environ)
    assert (found.origin, found.ignored) == (origin, ignored)
    assert all(found.sources[part].startswith(origin[:-1]) for part in found.sources) if origin else True
    if origin is None:
        assert all(value is None for value in found.values.values())
        assert "no credentials" in creds.missing_message(found.values, found.sources, found.origin)
    if ignored:
        warning = creds.ignored_warning(found)
        assert ignored[0] in warning and "not used" in warning
        assert "ak1" not in warning and "sk1" not in warning and "pid1" not in warning


def test_the_token_of_a_family_goes_with_its_own_project_only():
    found = creds.resolve({}, {"HW_AUTH_TOKEN": "tok", "HUAWEICLOUD_SDK_PROJECT_ID": "pid-sdk"})
    assert found.values["project_id"] is None and found.ignored == ["HUAWEICLOUD_SDK_PROJECT_ID"]
    assert creds.explain(found.values, found.sources, "cn-north-4") == (
        "IAM token from HW_AUTH_TOKEN, project id resolved from IAM for region cn-north-4 with these credentials")


@pytest.mark.parametrize("params,environ,expected", [
    ({"secret_key": "s"}, {}, "the task gives secret_key but not access_key"),
    ({"security_token": "st"}, PROVIDER_KEYS, "the task gives security_token but neither access_key and secret_key nor auth_token"),
    ({}, {"HW_SECURITY_TOKEN": "st"}, "HW_SECURITY_TOKEN is set but HW_ACCESS_KEY and HW_SECRET_KEY are not"),
    ({}, {"CLOUD_SDK_SK": "s", "HW_PROJECT_ID": "p"}, "CLOUD_SDK_SK is set but CLOUD_SDK_AK is not"),
])
def test_an_incomplete_set_says_what_is_missing(params, environ, expected):
    found = creds.resolve(params, environ)
    message = creds.missing_message(found.values, found.sources, found.origin)
    assert expected in message
    for value in ("s", "st", "sk-provider"):
        assert value not in message.split()


def test_secrets_in_covers_params_and_every_family():
    environ = {"HW_SECRET_KEY": "a", "HUAWEICLOUD_SDK_SECURITY_TOKEN": "b", "CLOUD_SDK_SK": "c", "HW_AUTH_TOKEN": "d",
               "HW_ACCESS_KEY": "not-a-secret"}
    assert creds.secrets_in({"secret_key": "e", "access_key": "f"}, environ) == set("abcde")


@pytest.mark.parametrize("keys", [CONSUMER, {"access_key": "AK-CONSUMER"}, {"security_token": "st"}])
def test_a_task_that_gives_a_token_and_keys_is_refused(keys):
    # A group's module_defaults with one account's token and a task with another's keys are two sets, never one.
    found = creds.resolve(dict(keys, auth_token="tok-provider"), {})
    message = creds.conflict_message(found)
    assert message.startswith("the task gives both auth_token and ")
    assert "tok-provider" not in message and "sk-consumer" not in message
    assert "give either auth_token or access_key and secret_key" in message


def test_a_family_s_token_still_replaces_its_keys():
    found = creds.resolve({}, dict(PROVIDER_KEYS, **PROVIDER_TOKEN))
    assert found.origin == "HW_*"
    assert creds.conflict_message(found) is None
    assert creds.missing_message(found.values, found.sources, found.origin) is None
