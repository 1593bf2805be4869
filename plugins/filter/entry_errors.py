# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: entry_errors
short_description: Check a list of endpoint services or VPC endpoints before any of them is changed
version_added: 0.1.0
author:
  - hwcloud.vpcep contributors (@hwcloud)
description:
  - Returns one message per rule that a list of entries breaks, an empty list when every entry is valid.
  - Each entry is checked by the rules its module applies before sending anything (M(hwcloud.vpcep.vpcep_service) for
    V(endpoint_services), M(hwcloud.vpcep.vpcep_endpoint) for V(endpoints)) - types, lengths, patterns, ranges,
    repeated values - and a service entry's C(accept_connections) (VPC endpoint ids) and C(accept_domains) (account
    ids) too.
  - Two entries that mean the same resource are an error, because they would change it back and forth on every run.
    For V(endpoint_services) that is the same C(name) or the same C(id); for V(endpoints) the same C(id), or the same
    service (C(endpoint_service_id), or the id at the end of C(endpoint_service_name)), C(vpc_id) and C(subnet_id),
    an entry without C(subnet_id) meaning any subnet.
  - The roles P(hwcloud.vpcep.endpoint_services#role) and P(hwcloud.vpcep.endpoints#role) use it to refuse a list
    before they change anything.
positional: kind
options:
  _input:
    description: The entries, as the roles' C(endpoint_services_list) or C(endpoints_list) hold them.
    type: list
    elements: dict
    required: true
  kind:
    description: What the entries are.
    type: str
    required: true
    choices: [endpoint_services, endpoints]
'''

EXAMPLES = r'''
- name: Refuse the list before anything is changed
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: "{{ my_services | hwcloud.vpcep.entry_errors('endpoint_services') }}"
'''

RETURN = r'''
_value:
  description:
    - One message per problem, each starting with the entry it is about (C(endpoint_services_list[2].name) or
      C(endpoints_list[0] and endpoints_list[3])); empty when the list is valid.
  type: list
  elements: str
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.hwcloud.vpcep.plugins.module_utils.entries import endpoint_entry_errors, service_entry_errors
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_endpoint, vpcep_service

# kind -> (the function, the module whose options an entry has, the role variable messages name)
KINDS = {
    'endpoint_services': (service_entry_errors, vpcep_service, 'endpoint_services_list'),
    'endpoints': (endpoint_entry_errors, vpcep_endpoint, 'endpoints_list'),
}


def plain(value):
    """The value in plain dict, list and str. ansible-core's lazy containers (2.19 and later) template on every access,
    and the checks walk each entry many times: 2100 entries took over a minute, plain ones two seconds."""
    if isinstance(value, Mapping):
        return dict((plain(k), plain(v)) for k, v in value.items())
    if is_sequence(value):
        return [plain(v) for v in value]
    # str.__str__ copies a subclass (tagged or unsafe text) into a plain str.
    return str.__str__(value) if isinstance(value, str) else value


def entry_errors(entries, kind):
    """Return the problems of a list of entries of this kind (see DOCUMENTATION)."""
    if kind not in KINDS:
        raise AnsibleFilterError('entry_errors: kind must be one of %s, got %r' % (', '.join(sorted(KINDS)), kind))
    check, module, option = KINDS[kind]
    return check(plain(entries), module.argument_spec(), option)


class FilterModule:
    """The collection's filters."""

    def filters(self):
        """Return the filters by name."""
        return {'entry_errors': entry_errors}
