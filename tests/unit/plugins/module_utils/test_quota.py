# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import quotas as quota
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import QUOTAS, FakeVpcep, api_error


class Answers(object):
    """A client whose quota read answers what the test says."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []

    def get(self, path, params=None):
        self.calls.append((path, params))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_read_quotas_of_every_type_or_one():
    client = FakeVpcep()
    client.quotas = {'endpoint_service': [3, 20], 'endpoint': [50, 50]}
    context = Context({}, client=client)
    assert quota.read_quotas(context) == {'endpoint_service': {'used': 3, 'quota': 20, 'available': 17},
                                          'endpoint': {'used': 50, 'quota': 50, 'available': 0}}
    assert quota.read_quotas(context, 'endpoint') == {'endpoint': {'used': 50, 'quota': 50, 'available': 0}}
    assert client.calls == [('GET', QUOTAS, {}), ('GET', QUOTAS, {'type': 'endpoint'})]


@pytest.mark.parametrize('answer, expected', [
    ({'quotas': {'resources': [{'type': 'endpoint', 'used': 2, 'quota': 1}]}},
     {'endpoint': {'used': 2, 'quota': 1, 'available': 0}}),
    ({'quotas': {'resources': [{'type': 'endpoint', 'used': None, 'quota': 5}]}}, {'endpoint': {'used': None, 'quota': 5}}),
    ({'quotas': {'resources': [{'type': 'vpc', 'used': 1, 'quota': 5}, 'junk']}}, {}),
    ({'quotas': {}}, {}),
    ({}, {}),
    (None, {}),
])
def test_read_quotas_of_odd_answers(answer, expected):
    assert quota.read_quotas(Context({}, client=Answers(answer))) == expected


def used_up():
    return Answers({'quotas': {'resources': [{'type': 'endpoint_service', 'used': 20, 'quota': 20}]}})


@pytest.mark.parametrize('error', [
    api_error(401, 'POST'),
    api_error(500, 'POST'),
    ApiError('no status'),
    ValueError('not ours'),
])
def test_no_quota_read_for_errors_a_quota_cannot_explain(error):
    client = used_up()
    assert quota.explain_refusal(Context({}, client=client), 'endpoint_service', error) is None
    assert client.calls == []


@pytest.mark.parametrize('status', [400, 403, 409])
def test_a_used_up_quota_explains_a_refused_create(status):
    error = api_error(status, 'POST', msg='refused')
    with pytest.raises(ResourceError) as info:
        quota.explain_refusal(Context({}, client=used_up()), 'endpoint_service', error)
    assert info.value.msg.startswith('The endpoint_service quota of this project is used up (20 of 20 in use), so the API '
                                     'refused the create (HTTP %d ' % status)
    assert info.value.details == {'quota': {'type': 'endpoint_service', 'used': 20, 'quota': 20}, 'error': error.to_dict()}


@pytest.mark.parametrize('answer', [
    {'quotas': {'resources': [{'type': 'endpoint_service', 'used': 19, 'quota': 20}]}},
    {'quotas': {'resources': [{'type': 'endpoint_service', 'used': '20', 'quota': 20}]}},
    {'quotas': {'resources': []}},
    api_error(403, 'GET'),
])
def test_a_quota_that_is_not_used_up_or_cannot_be_read_keeps_the_api_error(answer):
    assert quota.explain_refusal(Context({}, client=Answers(answer)), 'endpoint_service', api_error(400, 'POST')) is None
