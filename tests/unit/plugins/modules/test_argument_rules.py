# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 22 point 4: the rules between options are stated once, in the declaration's `argument_rules`, which the
module's argument spec states (Ansible refuses the task before any request) and the roles' list check applies;
no declaration re-checks them in Python."""
import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.entries import endpoint_entry_errors, service_entry_errors
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import vpc_endpoint
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_connection import Approvals
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_service import EndpointService
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.vpc_endpoint import VpcEndpoint
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_connection, vpcep_endpoint, vpcep_service
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import run_module

SID = '4189d3c2-8882-4871-a3c2-d380272eed83'
VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'


@pytest.mark.parametrize('module, args, words', [
    (vpcep_endpoint, dict(endpoint_service_id=SID, subnet_id=VPC), 'one of the following is required: id, vpc_id'),
    (vpcep_endpoint, dict(vpc_id=VPC), 'one of the following is required: id, endpoint_service_id, endpoint_service_name'),
    (vpcep_endpoint, dict(id=SID, policy_statement=[], policy_document={}), 'mutually exclusive'),
    (vpcep_service, dict(vpc_id=VPC), 'one of the following is required: id, name'),
    (vpcep_service, dict(name='web', ip_version='ipv6'), 'ip_version is ipv6 but all of the following are missing'),
    (vpcep_connection, dict(service_id=SID, state='accepted'), 'one of the following is required: endpoints, domain_ids'),
])
def test_the_argument_spec_states_the_rules_before_any_request(sim, capsys, module, args, words):
    result, calls = run_module(module, sim, capsys, **args)
    assert result['failed'] is True
    assert words in result['msg']
    assert calls == []


def test_each_module_passes_its_declaration_s_rules():
    for module, declaration in ((vpcep_service, EndpointService), (vpcep_endpoint, VpcEndpoint),
                                (vpcep_connection, Approvals)):
        with open(module.__file__, encoding='utf-8') as handle:
            source = handle.read()
        assert '**%s.argument_rules' % declaration.__name__ in source, module.__name__


def test_the_declarations_no_longer_check_them():
    assert vpc_endpoint.validate_params(dict(endpoint_service_id=SID)) == []


@pytest.mark.parametrize('entry, expected', [
    ({'vpc_id': VPC}, ['endpoints_list[0].endpoint_service_id, endpoint_service_name: one of them is required when id '
                       'is not given']),
    ({'endpoint_service_id': SID}, ['endpoints_list[0].vpc_id: required when id is not given']),
    ({'endpoint_service_id': SID, 'endpoint_service_name': 'r.n.' + SID, 'vpc_id': VPC},
     ['endpoints_list[0].endpoint_service_id, endpoint_service_name: give only one of them']),
])
def test_the_roles_list_check_applies_the_same_rules(entry, expected):
    assert endpoint_entry_errors([entry], vpcep_endpoint.argument_spec()) == expected


def test_required_if_in_a_list():
    assert service_entry_errors([{'name': 'web', 'ip_version': 'ipv6'}], vpcep_service.argument_spec()) == [
        'endpoint_services_list[0].snat_network_id: required when ip_version is ipv6']
