# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The hwcloud.vpcep.export_entries filter (issue 24): what the info modules read, as the roles' entries.

Every entry must round-trip: the module's own declaration (its Field rows, tags, permission plan) finds nothing to
change between the resource and its entry, and the roles' entry check (entry_errors) takes the list. The integration
target playbook_export runs the same through ansible-playbook and the simulator.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import importlib

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service, vpc_endpoint
from ansible_collections.hwcloud.vpcep.plugins.module_utils.entries import endpoint_entry_errors, service_entry_errors
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.members import desired_entries, plan_members
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import MARKER_KEY, compare_tags
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_endpoint, vpcep_service

try:
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:  # ansible-core before 2.19 has no controller mark
    module_utils_internal = None

VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
SID2 = '4189d3c2-8882-4871-a3c2-d380272eed84'
OWNER_DOMAIN = '9f1d2c3b4a5e4f6a8b7c6d5e4f3a2b1c'
CONSUMER = 'iam:domain::3a5c7e9b1d2f4a6c8e0b2d4f6a8c0e1d'
STRANGER = 'iam:domain::5e5e5e5e5e5e4e5e8e5e5e5e5e5e5e5e'
ORG = 'organizations:orgPath::o-1234abcd/r-5678efgh/*'
EP1 = '705290f3-0d00-41f2-aedc-71f09844e879'
EP2 = '705290f3-0d00-41f2-aedc-71f09844e87a'
EP3 = '705290f3-0d00-41f2-aedc-71f09844e87b'
SUBNET = '8b2f3c4d-0d00-41f2-aedc-71f09844e880'
SUBNET2 = '8b2f3c4d-0d00-41f2-aedc-71f09844e881'
RT1 = '3c4d5e6f-0d00-41f2-aedc-71f09844e901'
RT2 = '3c4d5e6f-0d00-41f2-aedc-71f09844e902'
OBS = '8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001'
FULL_ACCESS = {'Version': '5.0', 'Statement': [{'Effect': 'Allow', 'Action': ['*'], 'Resource': ['*']}]}


@pytest.fixture
def plugin():
    """The filter plugin, imported only for these tests (the controller mark put back, see test_entry_errors.py)."""
    before = getattr(module_utils_internal, 'is_controller', None)
    try:
        yield importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.filter.export_entries')
    finally:
        if before is not None:
            module_utils_internal.is_controller = before


def service(**fields):
    """A service as vpcep_service_info returns it, from a list answer, with its permissions and connections."""
    answer = {
        'id': SID, 'name': 'web', 'service_name': 'cn-north-4.web.' + SID, 'status': 'available', 'vpc_id': VPC,
        'port_id': PORT, 'server_type': 'LB', 'service_type': 'interface', 'approval_enabled': True, 'description': '',
        'tcp_proxy': 'close', 'enable_policy': False, 'supported_editions': ['basic'], 'domain_id': OWNER_DOMAIN,
        'created_at': '2026-01-01T00:00:00Z', 'connection_count': 0, 'public_border_group': 'center',
        'ports': [{'client_port': 80, 'server_port': 8080, 'protocol': 'TCP'}], 'tags': {},
        'permissions': [{'id': 'p0', 'permission': 'iam:domain::' + OWNER_DOMAIN, 'permission_type': 'domainId'}],
        'connections': [],
    }
    answer.update(fields)
    return answer


def endpoint(**fields):
    """An interface endpoint as vpcep_endpoint_info returns it (a list answer)."""
    answer = {
        'id': EP1, 'status': 'accepted', 'service_type': 'interface', 'endpoint_service_id': SID,
        'endpoint_service_name': 'cn-north-4.web.' + SID, 'vpc_id': VPC, 'subnet_id': SUBNET, 'ip': '192.168.0.10',
        'enable_dns': False, 'enable_whitelist': False, 'whitelist': [], 'description': '', 'tags': {},
        'marker_id': 16777337, 'created_at': '2026-01-01T00:00:00Z', 'policy_document': FULL_ACCESS,
    }
    answer.update(fields)
    return answer


def gateway(**fields):
    answer = dict(id=EP2, service_type='gateway', endpoint_service_id=OBS, subnet_id=None, ip=None,
                  endpoint_service_name='cn-north-4.com.myhuaweicloud.v4.obsv2', routetables=[RT2, RT1],
                  policy_document=None, policy_statement=[])
    answer.update(fields)
    return endpoint(**answer)


# -- the round trip, as the modules' declarations see it -------------------------------------------------------------

def assert_service_round_trip(answer, entry):
    assert endpoint_service.FIELDS.updates(answer, entry) == {}
    assert endpoint_service.FIELDS.immutable_differences(answer, entry) == []
    assert compare_tags(answer.get('tags'), entry.get('tags')) == ({}, [])
    if 'permissions' in entry:
        own = 'iam:domain::' + answer['domain_id']
        plan = plan_members(answer['permissions'], desired_entries(entry['permissions']), True,
                            protected=lambda k: k == own)
        assert not plan, (plan.to_add, plan.to_remove, plan.to_set_description)
    assert service_entry_errors([entry], vpcep_service.argument_spec()) == []


def assert_endpoint_round_trip(answer, entry):
    params = dict(entry, endpoint_service_id=answer['endpoint_service_id'])
    assert vpc_endpoint.FIELDS.updates(answer, params) == {}
    assert vpc_endpoint.FIELDS.immutable_differences(answer, params) == []
    assert compare_tags(answer.get('tags'), entry.get('tags')) == ({}, [])
    assert endpoint_entry_errors([entry], vpcep_endpoint.argument_spec()) == []


# -- services --------------------------------------------------------------------------------------------------------

def test_a_service_at_the_api_defaults_keeps_only_its_identity_and_what_a_create_needs(plugin):
    answer = service()
    entries = plugin.export_entries([answer], 'endpoint_services')
    assert entries == [{'name': 'web', 'vpc_id': VPC, 'port_id': PORT, 'server_type': 'LB',
                        'ports': [{'client_port': 80, 'server_port': 8080}]}]
    assert_service_round_trip(answer, entries[0])


def test_every_field_of_a_service_in_the_documented_order(plugin):
    answer = service(
        approval_enabled=False, description='Orders API', tcp_proxy='proxy_open', enable_policy=True,
        supported_editions=['basic', 'profession'], ip='192.168.10.10',
        ports=[{'client_port': 443, 'server_port': 8443, 'protocol': 'TCP'},
               {'client_port': 53, 'server_port': 5353, 'protocol': 'UDP'}],
        tags={'team': 'payments', 'env': 'prod', MARKER_KEY: '0123'},
        permissions=[{'id': 'p1', 'permission': STRANGER, 'permission_type': 'domainId'},
                     {'id': 'p0', 'permission': 'iam:domain::' + OWNER_DOMAIN, 'description': ''},
                     {'id': 'p2', 'permission': CONSUMER, 'description': 'checkout team'},
                     {'id': 'p3', 'permission': ORG, 'description': ''}])
    entry = plugin.export_entries([answer], 'endpoint_services')[0]
    assert entry == {
        'name': 'web', 'vpc_id': VPC, 'port_id': PORT, 'server_type': 'LB',
        'ports': [{'client_port': 53, 'server_port': 5353, 'protocol': 'UDP'}, {'client_port': 443, 'server_port': 8443}],
        'approval_enabled': False, 'description': 'Orders API', 'edition': 'professional', 'enable_policy': True,
        'ip': '192.168.10.10', 'tcp_proxy': 'proxy_open', 'tags': {'env': 'prod', 'team': 'payments'},
        'permissions': [{'permission': CONSUMER, 'description': 'checkout team'}, STRANGER, ORG],
    }
    assert list(entry) == ['name', 'vpc_id', 'port_id', 'server_type', 'ports', 'approval_enabled', 'description',
                           'edition', 'enable_policy', 'ip', 'tcp_proxy', 'tags', 'permissions']
    assert_service_round_trip(answer, entry)


def test_keep_defaults_writes_every_managed_field(plugin):
    answer = service()
    entry = plugin.export_entries([answer], 'endpoint_services', keep_defaults=True)[0]
    assert entry == {
        'name': 'web', 'vpc_id': VPC, 'port_id': PORT, 'server_type': 'LB',
        'ports': [{'client_port': 80, 'server_port': 8080, 'protocol': 'TCP'}], 'service_type': 'interface',
        'approval_enabled': True, 'description': '', 'edition': 'basic', 'enable_policy': False, 'tcp_proxy': 'close',
        'tags': {}, 'permissions': [],
    }
    assert_service_round_trip(answer, entry)


def test_the_owners_record_and_the_creation_token_never_appear(plugin):
    answer = service(tags={MARKER_KEY: 'abc'}, permissions=[{'id': 'p0', 'permission': 'iam:domain::' + OWNER_DOMAIN}])
    assert 'tags' not in plugin.export_entries([answer], 'endpoint_services')[0]
    assert 'permissions' not in plugin.export_entries([answer], 'endpoint_services')[0]
    assert plugin.export_entries([answer], 'endpoint_services', keep_defaults=True)[0]['permissions'] == []
    # The API's own tag list form, as a raw answer has it.
    listed = service(tags=[{'key': MARKER_KEY, 'value': 'abc'}, {'key': 'env', 'value': 'prod'}])
    assert plugin.export_entries([listed], 'endpoint_services')[0]['tags'] == {'env': 'prod'}


def test_without_the_owners_domain_id_every_record_is_kept(plugin):
    # A service read by id has no domain_id (the show call's model): the owner's record cannot be told apart. The
    # module never adds or removes it, so an entry that lists it still changes nothing.
    answer = service(permissions=[{'id': 'p0', 'permission': 'iam:domain::' + OWNER_DOMAIN}])
    del answer['domain_id']
    assert plugin.export_entries([answer], 'endpoint_services')[0]['permissions'] == ['iam:domain::' + OWNER_DOMAIN]


def test_permissions_left_out_when_they_were_not_read(plugin):
    answer = service()
    del answer['permissions']
    assert 'permissions' not in plugin.export_entries([answer], 'endpoint_services', keep_defaults=True)[0]


def test_accept_connections_lists_the_accepted_endpoints_of_services_that_require_approval(plugin):
    connections = [{'id': EP2, 'status': 'accepted'}, {'id': EP1, 'status': 'accepted'},
                   {'id': EP3, 'status': 'pendingAcceptance'}, {'id': SID2, 'status': 'rejected'}]
    answer = service(connections=connections)
    assert plugin.export_entries([answer], 'endpoint_services')[0]['accept_connections'] == [EP1, EP2]
    assert 'accept_connections' not in plugin.export_entries([answer], 'endpoint_services', accept_connections=False)[0]
    # Without approval every connection is accepted by the API itself: nothing to list.
    assert 'accept_connections' not in plugin.export_entries([service(approval_enabled=False, connections=connections)],
                                                             'endpoint_services')[0]
    assert 'accept_connections' not in plugin.export_entries([service(connections=connections[2:])], 'endpoint_services')[0]
    assert service_entry_errors(plugin.export_entries([answer], 'endpoint_services'), vpcep_service.argument_spec()) == []


def test_services_without_a_name_or_sharing_one_get_their_id(plugin):
    nameless = service(id=SID2, name='', service_name='cn-north-4.' + SID2)
    twins = [service(), service(id=SID2, service_name='cn-north-4.web.' + SID2),
             service(id=EP1, name='api', service_name='cn-north-4.api.' + EP1)]
    assert [(e.get('name'), e.get('id')) for e in plugin.export_entries([nameless], 'endpoint_services')] == [(None, SID2)]
    # An entry with an id and a name would rename; two of one name are refused: the name is left out.
    assert [(e.get('name'), e.get('id')) for e in plugin.export_entries(twins, 'endpoint_services')] == [
        ('api', None), (None, SID), (None, SID2)]
    for answer, entry in zip([twins[0], twins[1]], plugin.export_entries(twins, 'endpoint_services')[1:]):
        assert_service_round_trip(answer, entry)
    assert service_entry_errors(plugin.export_entries(twins, 'endpoint_services'), vpcep_service.argument_spec()) == []


def test_services_are_sorted_by_name(plugin):
    answers = [service(id=SID2, name='zeta'), service(name='alpha')]
    assert [e['name'] for e in plugin.export_entries(answers, 'endpoint_services')] == ['alpha', 'zeta']


def test_the_defaults_are_the_declarations(plugin):
    """The filter's defaults are those the module's Field rows apply when an answer leaves a field out."""
    for option, default in plugin.SERVICE_FIELDS:
        field = endpoint_service.FIELDS.by_option[option]
        if option == 'edition':
            assert endpoint_service.edition_of({'supported_editions': field.default}) == default
        else:
            assert field.default == default, option
    assert [f for f in endpoint_service.FIELDS if f.required and f.option != 'ports'] == [
        endpoint_service.FIELDS.by_option[o] for o in plugin.SERVICE_REQUIRED]


# -- VPC endpoints ---------------------------------------------------------------------------------------------------

def test_an_interface_endpoint_at_the_api_defaults(plugin):
    answer = endpoint()
    entry = plugin.export_entries([answer], 'endpoints')[0]
    assert entry == {'endpoint_service_name': 'cn-north-4.web.' + SID, 'vpc_id': VPC, 'subnet_id': SUBNET,
                     'port_ip': '192.168.0.10'}
    assert_endpoint_round_trip(answer, entry)


def test_every_field_of_an_interface_endpoint(plugin):
    document = {'Version': '5.0', 'Statement': [{'Effect': 'Allow', 'Action': ['dns:*'], 'Resource': ['*']}]}
    answer = endpoint(description='checkout', enable_dns=True, enable_whitelist=True, whitelist=['10.0.1.5', '10.0.0.0/24'],
                      tags={'app': 'checkout', MARKER_KEY: 'x'}, policy_document=document, ipv6_address='2001:db8::5')
    entry = plugin.export_entries([answer], 'endpoints')[0]
    assert entry == {
        'endpoint_service_name': 'cn-north-4.web.' + SID, 'vpc_id': VPC, 'subnet_id': SUBNET, 'port_ip': '192.168.0.10',
        'ip_version': 'dualstack', 'ipv6_address': '2001:db8::5', 'description': 'checkout', 'enable_dns': True,
        'enable_whitelist': True, 'whitelist': ['10.0.0.0/24', '10.0.1.5'], 'policy_document': document,
        'tags': {'app': 'checkout'}}
    assert list(entry) == ['endpoint_service_name', 'vpc_id', 'subnet_id', 'port_ip', 'ip_version', 'ipv6_address',
                           'description', 'enable_dns', 'enable_whitelist', 'whitelist', 'policy_document', 'tags']
    assert_endpoint_round_trip(answer, entry)


def test_keep_defaults_writes_the_interface_endpoints_managed_fields(plugin):
    answer = endpoint()
    entry = plugin.export_entries([answer], 'endpoints', keep_defaults=True)[0]
    assert entry == {'endpoint_service_name': 'cn-north-4.web.' + SID, 'vpc_id': VPC, 'subnet_id': SUBNET,
                     'port_ip': '192.168.0.10', 'description': '', 'enable_dns': False, 'enable_whitelist': False,
                     'whitelist': [], 'tags': {}}
    assert_endpoint_round_trip(answer, entry)


def test_a_gateway_endpoint_names_a_public_service_by_id_and_keeps_its_route_tables_and_policy(plugin):
    statement = [{'Effect': 'Allow', 'Action': ['obs:object:GetObject'], 'Resource': ['backup/*']}]
    answer = gateway(policy_statement=statement, tags={'app': 'backup'}, enable_dns=False)
    entry = plugin.export_entries([answer], 'endpoints', keep_defaults=True)[0]
    # No enable_dns, whitelist or policy_document on a gateway endpoint, whatever keep_defaults says.
    assert entry == {'endpoint_service_id': OBS, 'vpc_id': VPC, 'description': '', 'routetables': [RT1, RT2],
                     'policy_statement': statement, 'tags': {'app': 'backup'}}
    assert_endpoint_round_trip(answer, entry)
    assert 'policy_statement' not in plugin.export_entries([gateway()], 'endpoints')[0]


def test_a_service_without_a_name_is_named_by_id(plugin):
    entry = plugin.export_entries([endpoint(endpoint_service_name='cn-north-4.' + SID)], 'endpoints')[0]
    assert entry['endpoint_service_id'] == SID and 'endpoint_service_name' not in entry


def test_the_full_access_document_is_the_default(plugin):
    """Left out exactly when the module's own comparison key says it is no policy."""
    key = vpc_endpoint.FIELDS.by_option['policy_document'].key
    allow_all = {'Effect': 'Allow', 'Action': '*', 'Resource': ['*']}
    documents = [FULL_ACCESS, {'Statement': [allow_all, allow_all]}, {'Statement': [dict(allow_all, Condition={'a': 1})]},
                 {'Statement': [dict(allow_all, Effect='Deny')]}, {'Statement': []}, {'Version': '5.0'},
                 {'Statement': [dict(allow_all, Action=['obs:*'])]}]
    for document in documents:
        written = 'policy_document' in plugin.export_entries([endpoint(policy_document=document)], 'endpoints')[0]
        assert written == (key(document) is not None), document


def test_endpoints_that_service_vpc_and_subnet_do_not_tell_apart_get_their_ids(plugin):
    same_subnet = [endpoint(), endpoint(id=EP2)]
    other_subnets = [endpoint(), endpoint(id=EP2, subnet_id=SUBNET2)]
    gateways = [gateway(), gateway(id=EP3)]
    assert [e.get('id') for e in plugin.export_entries(same_subnet, 'endpoints')] == [EP1, EP2]
    assert [e.get('id') for e in plugin.export_entries(other_subnets, 'endpoints')] == [None, None]
    assert [e.get('id') for e in plugin.export_entries(gateways, 'endpoints')] == [EP2, EP3]
    for group in (same_subnet, other_subnets, gateways):
        assert endpoint_entry_errors(plugin.export_entries(group, 'endpoints'), vpcep_endpoint.argument_spec()) == []


def test_endpoints_are_sorted_by_service_vpc_and_subnet(plugin):
    answers = [endpoint(id=EP3, subnet_id=SUBNET2), gateway(), endpoint()]
    assert [(e.get('endpoint_service_name') or e['endpoint_service_id'], e.get('subnet_id'))
            for e in plugin.export_entries(answers, 'endpoints')] == [
        (OBS, None), ('cn-north-4.web.' + SID, SUBNET), ('cn-north-4.web.' + SID, SUBNET2)]


def test_the_endpoint_defaults_are_the_declarations():
    fields = vpc_endpoint.FIELDS.by_option
    assert (fields['description'].default, fields['enable_dns'].default, fields['enable_whitelist'].default,
            fields['whitelist'].default, fields['routetables'].default) == ('', False, False, [], [])


# -- errors ----------------------------------------------------------------------------------------------------------

def test_bad_input_and_kinds_are_errors_that_say_what_is_expected(plugin):
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError, match='kind must be endpoint_services or endpoints'):
        plugin.export_entries([], 'services')
    with pytest.raises(AnsibleFilterError, match='each with its id'):
        plugin.export_entries([{'name': 'web'}], 'endpoint_services')
    with pytest.raises(AnsibleFilterError, match='the list of services or endpoints'):
        plugin.export_entries({'id': SID}, 'endpoints')
    assert plugin.export_entries([], 'endpoints') == []


def test_the_filter_is_registered_and_documented(plugin):
    assert plugin.FilterModule().filters() == {'export_entries': plugin.export_entries}
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc['name'] == 'export_entries'
    assert doc['options']['kind']['choices'] == ['endpoint_services', 'endpoints']
    yaml.safe_load(plugin.EXAMPLES)
    yaml.safe_load(plugin.RETURN)


# -- the round trip over many services --------------------------------------------------------------------------------

NAMES = st.text(alphabet='abcdefghijklmnopqrstuvwxyz0123456789_-', min_size=1, max_size=16)
TEXT = st.text(alphabet=st.characters(blacklist_characters='<>', blacklist_categories=('Cs', 'Cc')), max_size=40)
TAG_KEYS = st.text(alphabet='abcdefghijklmnopqrstuvwxyz-_.', min_size=1, max_size=12)


@st.composite
def services(draw):
    client_ports = draw(st.lists(st.integers(1, 65535), min_size=1, max_size=4, unique=True))
    ports = [{'client_port': c, 'server_port': draw(st.integers(1, 65535)), 'protocol': draw(st.sampled_from(['TCP', 'UDP']))}
             for c in client_ports]
    permissions = draw(st.lists(st.sampled_from([CONSUMER, STRANGER, ORG, '*', 'iam:domain::' + OWNER_DOMAIN]),
                                unique=True))
    records = [{'id': 'p%d' % i, 'permission': p, 'description': draw(TEXT)} for i, p in enumerate(permissions)]
    name = draw(NAMES)
    return service(name=name, service_name='cn-north-4.%s.%s' % (name, SID), approval_enabled=draw(st.booleans()), description=draw(TEXT),
                   tcp_proxy=draw(st.sampled_from(['close', 'toa_open', 'proxy_open', 'open'])),
                   enable_policy=draw(st.booleans()),
                   supported_editions=draw(st.sampled_from([['basic'], ['basic', 'profession']])), ports=ports,
                   tags=draw(st.dictionaries(TAG_KEYS, st.text(alphabet='abc123 ', max_size=8).map(str.strip), max_size=5)),
                   permissions=records)


@settings(max_examples=60, deadline=None)
@given(answer=services(), keep_defaults=st.booleans())
def test_any_service_round_trips(answer, keep_defaults):
    module = importlib.import_module('ansible_collections.hwcloud.vpcep.plugins.filter.export_entries')
    entry = module.export_entries([copy.deepcopy(answer)], 'endpoint_services', keep_defaults=keep_defaults)[0]
    assert_service_round_trip(answer, entry)
    assert yaml.safe_load(yaml.safe_dump(entry)) == entry
