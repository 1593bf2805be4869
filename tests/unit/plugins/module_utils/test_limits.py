# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 19 point 12: the numeric options' ranges, written once in limits.py and used by the base, the client and the kit."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits, parallel
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ClientConfig
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ConfigurationError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate


@pytest.mark.parametrize('option, good, bad, text', [
    ('api_timeout', [0.2, 1, 30, 3600], [0, -1, 3601, 10 ** 12, 1e12, float('inf')], 'greater than 0 and at most 3600 seconds'),
    ('max_retries', [0, 5, 20], [-1, 21, 10 ** 12], '0 to 20'),
    ('wait_timeout', [1, 600, 86400], [0, -5, 86401, 10 ** 12], '1 to 86400 seconds'),
    ('concurrency', [1, 8, 32], [0, 33, 10 ** 12], '1 to 32'),
])
def test_each_option_has_one_range_and_a_message_naming_it(option, good, bad, text):
    for value in good:
        assert limits.problem(option, value) is None, value
        assert validate.bounded(option, value) == []
    for value in bad:
        assert limits.problem(option, value) == '%s: must be %s (got %r)' % (option, text, value)
    for value in (True, 'many', float('nan')):
        assert limits.problem(option, value).startswith('%s: must be a number %s' % (option, text))
    assert limits.problem(option, None) is None


def test_errors_checks_only_the_bounded_options_that_are_there():
    assert limits.errors({'wait_timeout': 0, 'concurrency': 99, 'name': 10 ** 12, 'api_timeout': None}) == [
        'concurrency: must be 1 to 32 (got 99)', 'wait_timeout: must be 1 to 86400 seconds (got 0)']
    assert limits.errors({}) == []


def test_the_client_uses_the_same_ranges_also_for_text_from_the_environment():
    base = dict(access_key='AK', secret_key='SK', region='cn-north-4', project_id='p1')
    for values, text in [(dict(api_timeout=10 ** 12), 'api_timeout must be greater than 0 and at most 3600 seconds'),
                         (dict(max_retries='25'), "max_retries must be 0 to 20 (got '25')"),
                         (dict(max_retries=2.5), 'max_retries must be a whole number'),
                         (dict(max_retries='2.5'), 'max_retries must be a whole number'),
                         (dict(max_retries='many'), 'max_retries must be a number 0 to 20')]:
        with pytest.raises(ConfigurationError) as info:
            ClientConfig(**dict(base, **values)).validate()
        assert text in str(info.value)
    ClientConfig(**dict(base, api_timeout=0.5, max_retries='3')).validate()


def test_the_concurrency_bound_is_the_pool_s_ceiling():
    assert parallel.MAX_CONCURRENCY == limits.CONCURRENCY.high == 32
