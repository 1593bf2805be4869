# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Module base: the shared connection options, client construction and error reporting."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import (
    ApiError,
    Client,
    ClientConfig,
    ENV_VARS,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
)


def _env(name):
    return (env_fallback, ENV_VARS[name])


# Mirrored option for option by the hwcloud.vpcep.auth doc fragment (a unit test keeps them equal).
# access_key is an identifier, not a secret: no_log=False says so explicitly to validate-modules.
AUTH_ARGUMENT_SPEC = dict(
    access_key=dict(type='str', no_log=False, fallback=_env('access_key')),
    api_timeout=dict(type='int', default=30),
    auth_token=dict(type='str', no_log=True, fallback=_env('auth_token')),
    ca_cert=dict(type='path', fallback=_env('ca_cert')),
    cloud=dict(type='str', default='myhuaweicloud.com', fallback=_env('cloud')),
    endpoint=dict(type='str', fallback=_env('endpoint')),
    iam_endpoint=dict(type='str', fallback=_env('iam_endpoint')),
    max_retries=dict(type='int', default=5, fallback=_env('max_retries')),
    project_id=dict(type='str', fallback=_env('project_id')),
    region=dict(type='str', fallback=_env('region')),
    secret_key=dict(type='str', no_log=True, fallback=_env('secret_key')),
    security_token=dict(type='str', no_log=True, fallback=_env('security_token')),
    validate_certs=dict(type='bool', default=True, fallback=_env('validate_certs')),
)


def client_config_from_params(params):
    """Return a ClientConfig built from module params (AUTH_ARGUMENT_SPEC option names)."""
    values = dict((name, params.get(name)) for name in AUTH_ARGUMENT_SPEC)
    # Keep the client's defaults when a caller passes an explicit null for an option with a default.
    for name in ('api_timeout', 'cloud', 'max_retries', 'validate_certs'):
        if values[name] is None:
            del values[name]
    return ClientConfig(**values)


class HwcloudModule(AnsibleModule):
    """AnsibleModule with the shared connection options and a lazily built API client."""

    def __init__(self, argument_spec=None, **kwargs):
        spec = copy.deepcopy(AUTH_ARGUMENT_SPEC)
        spec.update(argument_spec or {})
        super(HwcloudModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        if self.params.get('api_timeout') is not None and self.params['api_timeout'] <= 0:
            self.fail_json(msg='api_timeout must be greater than 0 (seconds), got %d' % self.params['api_timeout'])
        if self.params.get('max_retries') is not None and self.params['max_retries'] < 0:
            self.fail_json(msg='max_retries must be 0 or more, got %d (from the option or HW_MAX_RETRIES)' % self.params['max_retries'])
        self._client = None

    @property
    def client(self):
        """Return the API client, built once from the module params."""
        if self._client is None:
            try:
                self._client = Client(client_config_from_params(self.params))
            except ApiError as error:
                self.fail_json(msg=str(error))
        return self._client

    def fail_from_error(self, error, msg=None, **extra):
        """Fail the module from an ApiError: message plus error details (and `extra` results), never secrets."""
        text = str(error)
        if msg:
            text = '%s: %s' % (msg, text)
        if isinstance(error, ApiError):
            details = error.to_dict()
        else:
            details = dict(status=None, error_code=None, error_msg=None, request_id=None, method=None, path=None)
        self.fail_json(msg=text, error=details, **extra)
