# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every task of every module's EXAMPLES passes the module's input checks: run in check mode against the simulator,
it either succeeds or fails only once it has asked the API something (an example may name a service that does
not exist there), never on its arguments. A Jinja value stands for an id or a list the example got earlier."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import importlib
import os

import pytest
import yaml

from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import run_module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULES = sorted(os.path.splitext(os.path.basename(path))[0]
                 for path in glob.glob(os.path.join(ROOT, 'plugins', 'modules', 'vpcep_*.py')))
PLACEHOLDER_ID = '0b1c2d3e-0000-4000-8000-00000000beef'
# The connection comes from the test, as from module_defaults in a playbook.
CONNECTION = ('access_key', 'secret_key', 'region', 'project_id', 'endpoint', 'iam_endpoint', 'max_retries')


def example_tasks():
    for name in MODULES:
        module = importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.modules.' + name)
        for index, task in enumerate(yaml.safe_load(module.EXAMPLES)):
            if 'hwcloud.vpcep.' + name in task:
                yield pytest.param(module, task['hwcloud.vpcep.' + name] or {}, id='%s-%d' % (name, index + 1))


def concrete(module, args):
    """The example's arguments with each Jinja value replaced by a value of the option's type."""
    spec = module.argument_spec()
    result = {}
    for key, value in args.items():
        if key in CONNECTION:
            continue
        if isinstance(value, str) and '{{' in value:
            value = [] if spec.get(key, {}).get('type') == 'list' else PLACEHOLDER_ID
        result[key] = value
    return result


@pytest.mark.parametrize('module, args', list(example_tasks()))
def test_each_example_passes_the_input_checks(sim, capsys, module, args):
    result, calls = run_module(module, sim, capsys, check_mode=True, **concrete(module, args))
    assert not result.get('failed') or calls, result.get('msg')
    assert not [call for call in calls if call['method'] != 'GET'], 'check mode wrote'


def test_every_module_has_examples():
    covered = set(param.values[0].__name__.rsplit('.', 1)[-1] for param in example_tasks())
    assert covered == set(MODULES)
