# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One simulator per test module, reset before each test, for the modules' in-process tests.

A test module may set PROVISION_DELAY (seconds a create or delete takes; default 0.1).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from vpcep_sim import Simulator

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ENV_VARS


@pytest.fixture(scope='module')
def running_simulator(request):
    sim = Simulator(port=0, provision_delay=getattr(request.module, 'PROVISION_DELAY', 0.1)).start()
    yield sim
    sim.stop()


@pytest.fixture
def sim(running_simulator, request, monkeypatch):
    # Credentials come from the test's arguments only, never from the developer's environment.
    for names in ENV_VARS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    running_simulator.reset()
    running_simulator.configure(provision_delay=getattr(request.module, 'PROVISION_DELAY', 0.1))
    return running_simulator
