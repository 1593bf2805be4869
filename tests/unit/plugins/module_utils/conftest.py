# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every create of the layer-3 tests carries the same creation token (fakes.TOKEN), so tests can spell its calls."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import TOKEN


@pytest.fixture(autouse=True)
def fixed_creation_token(monkeypatch):
    monkeypatch.setattr(lookup, 'new_token', lambda: TOKEN)
    return TOKEN
