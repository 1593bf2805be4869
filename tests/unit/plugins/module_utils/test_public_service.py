# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Services seen from the consumer's side: describe by full name or id, and the cloud's public services."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import public_service as ps
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError, ValidationError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.modules.vpcep_public_service_info import argument_spec
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import (
    REGION,
    SERVICES,
    FakeVpcep,
    api_error,
    module_params,
)

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
FULL = '%s.orders.%s' % (REGION, SID)
DESCRIBE = SERVICES + '/describe'
PUBLIC = SERVICES + '/public'


@pytest.fixture
def client():
    fake = FakeVpcep()
    fake.add_describable(SID, 'orders', is_charge=None)
    fake.public_services = [
        {'id': 'obs-1', 'service_name': '%s.obs.obs-1' % REGION, 'service_type': 'gateway', 'is_charge': False},
        {'id': 'dns-1', 'service_name': '%s.dns.dns-1' % REGION, 'service_type': 'interface', 'description': None},
    ]
    return fake


def query(client, **overrides):
    return ps.query(Context(module_params(argument_spec(), **overrides), client=client))


def test_describe_by_full_name_or_by_id_adds_the_short_name_and_drops_none(client):
    context = Context({}, client=client)
    by_name = ps.describe_service(context, full_name=FULL)
    by_id = ps.describe_service(context, service_id=SID)
    assert by_name == by_id == {'id': SID, 'service_name': FULL, 'name': 'orders', 'service_type': 'interface',
                                'created_at': '2026-01-01T00:00:00Z', 'enable_policy': False}
    assert client.calls == [('GET', DESCRIBE, {'endpoint_service_name': FULL}), ('GET', DESCRIBE, {'id': SID})]


def test_describe_of_an_unknown_service_is_none_and_other_errors_are_labelled(client):
    context = Context({}, client=client)
    assert ps.describe_service(context, full_name='%s.nope.x' % REGION) is None
    client.fail('GET', DESCRIBE, api_error(403, 'GET', DESCRIBE))
    with pytest.raises(ApiError) as info:
        ps.describe_service(context, service_id=SID)
    assert info.value.doing == 'describing endpoint service %s' % SID


def test_query_describe_takes_a_full_name_or_an_id(client):
    assert [s['id'] for s in query(client, describe=FULL)] == [SID]
    assert [s['id'] for s in query(client, describe=SID)] == [SID]
    assert query(client, describe='%s.orders.other' % REGION) == []
    assert client.calls == [('GET', DESCRIBE, {'endpoint_service_name': FULL}), ('GET', DESCRIBE, {'id': SID}),
                            ('GET', DESCRIBE, {'endpoint_service_name': '%s.orders.other' % REGION})]


def test_query_lists_the_public_services_with_the_filters(client):
    result = query(client, name='obs', sort_key='create_at', sort_dir='asc', concurrency=3)
    assert result == [{'id': 'obs-1', 'service_name': '%s.obs.obs-1' % REGION, 'name': 'obs', 'service_type': 'gateway',
                       'is_charge': False}]
    assert client.calls == [('GET', PUBLIC, {'endpoint_service_name': 'obs', 'sort_key': 'create_at', 'sort_dir': 'asc',
                                             'limit': 1000})]
    assert client.opts[0]['workers'] == 3
    everything = query(client)
    assert [s['name'] for s in everything] == ['obs', 'dns']
    assert 'description' not in everything[1]


@pytest.mark.parametrize('overrides, expected', [
    (dict(id='a/b'), 'id: must be 1 to 64 letters, digits and "-"'),
    (dict(describe='a/b'), 'describe: must be 1 to 64 letters, digits and "-"'),
    (dict(describe='a.b c.d'), 'describe: a full service name region.name.id (at most 128 letters, digits'),
    (dict(describe='../x'), 'describe: a full service name region.name.id'),
    (dict(describe='a.b.' + 'c' * 130), 'describe: a full service name'),
    (dict(describe='public'), "describe: must be an id, not one of the words of the API's paths"),
    (dict(describe='Describe'), "describe: must be an id, not one of the words"),
    (dict(id='public'), "id: must be an id, not one of the words"),
])
def test_validation_names_the_option_and_sends_nothing(client, overrides, expected):
    with pytest.raises(ValidationError) as info:
        query(client, **overrides)
    assert info.value.details['errors'][0].startswith(expected)
    assert client.calls == []


def test_a_describe_answer_about_another_service_fails(client):
    # Issue 19 point 10: the answer must be about the service asked for, by id or by the id in the full name.
    client.add_describable('other-id', 'other')
    context = Context({}, client=client)
    client.get = lambda path, params=None: {'id': 'other-id', 'service_name': '%s.other.other-id' % REGION}
    for kwargs in (dict(service_id=SID), dict(full_name=FULL)):
        with pytest.raises(ResourceError) as info:
            ps.describe_service(context, **kwargs)
        assert "answered the service 'other-id'" in info.value.msg
    # An answer without an id is "none for us", as before.
    client.get = lambda path, params=None: {}
    assert ps.describe_service(context, service_id=SID) is None
