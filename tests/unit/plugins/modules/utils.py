# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a module's main() in-process against the simulator and return its result and the API calls it made."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import json

import pytest
import yaml

from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    from unittest import mock

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose the module args to AnsibleModule, as ansible.module_utils.testing does from ansible-core 2.19 on."""
        with mock.patch.object(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}).encode('utf-8')):
            yield


def run_module(module, sim, capsys, check_mode=False, diff=False, connection=None, **args):
    """Run `module.main()` with these args plus the simulator's connection options (`connection` overrides them);
    return (result, calls)."""
    log = sim.requests_log()
    since = log[-1]['seq'] if log else 0
    args = dict(args, access_key=sim.access_key, secret_key=sim.secret_key, region=sim.region,
                project_id=sim.project_id, endpoint=sim.url, iam_endpoint=sim.url, max_retries=0)
    args.update(connection or {})
    args['_ansible_check_mode'] = check_mode
    args['_ansible_diff'] = diff
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out), sim.requests_log(since)


def assert_documentation_matches(module):
    """Check that a module's DOCUMENTATION options equal its argument spec, and EXAMPLES and RETURN parse."""
    doc = yaml.safe_load(module.DOCUMENTATION)
    spec = module.argument_spec()
    assert list(spec) == sorted(spec)
    assert list(doc['options']) == list(spec)
    for name, option in spec.items():
        documented = doc['options'][name]
        assert documented['type'] == option['type'], name
        assert documented.get('default') == option.get('default'), name
        assert documented.get('choices') == option.get('choices'), name
        assert documented.get('required', False) == option.get('required', False), name
        assert documented.get('elements') == option.get('elements'), name
    yaml.safe_load(module.EXAMPLES)
    return yaml.safe_load(module.RETURN)
