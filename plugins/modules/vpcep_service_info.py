#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_service_info
short_description: List Huawei Cloud VPC endpoint services
version_added: 0.1.0
description:
  - Return the VPC endpoint services of a project, optionally filtered by id, exact name, status and tags, with
    their permissions and connections on request.
  - Pages through all results with the largest page the API allows, so large projects cost few requests.
  - Filters the API supports (name, status, id, border group, network type, sorting and the tag filters) are
    applied by the API; the exact name match is applied by the module, because the API's name filter is fuzzy.
  - The tag filters use the API's resource filter call (one request per 1000 matches) and are combined with the
    other filters.
  - Permissions and connections of several services are read concurrently, at most O(concurrency) requests at a
    time.
  - Never fails because nothing matches; RV(services) is then empty.
author:
  - hwcloud.vpcep contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.vpcep.attributes
  - hwcloud.vpcep.auth
attributes:
  check_mode:
    support: full
    details:
      - The module only reads, so it runs the same in check mode.
  diff_mode:
    support: none
options:
  concurrency:
    description:
      - How many requests to send at once when reading pages after the first and the permissions and connections
        of several services. V(1) reads one after another; at most V(32), a larger value fails before any
        request.
      - A throttling answer (HTTP 429) slows every request of the task down together, as C(Retry-After) asks.
      - Pages after the first are read in waves of at most this many; the first short or empty page ends the
        listing, whatever C(total_count) the API claims.
    type: int
    default: 8
  connection_sort_dir:
    description:
      - Sort direction of RV(services[].connections), applied by the API.
    type: str
    choices: [asc, desc]
  connection_sort_key:
    description:
      - Field to sort RV(services[].connections) by, applied by the API.
    type: str
    choices: [create_at, update_at]
  connection_status:
    description:
      - Only the connections in this status in RV(services[].connections), filtered by the API.
    type: str
    choices: [pendingAcceptance, accepted, rejected, creating, failed, deleting]
  id:
    description:
      - ID of the service to return. Read with one request; an unknown id gives an empty list.
    type: str
  include_connections:
    description:
      - Whether to add each service's RV(services[].connections), the connections of VPC endpoints to it.
      - Costs at least one request per service.
    type: bool
    default: false
  include_permissions:
    description:
      - Whether to add each service's whitelist RV(services[].permissions).
      - Costs at least one request per service.
    type: bool
    default: false
  name:
    description:
      - Only the services with exactly this short name (case-sensitive).
    type: str
  net_type:
    description:
      - Only the services of this network type, filtered by the API (its C(net_type) list filter).
    type: str
  not_tags:
    description:
      - Leave out the services that carry all these tags (same value forms as O(tags)).
    type: dict
  not_tags_any:
    description:
      - Leave out the services that carry any of these tags (same value forms as O(tags)).
    type: dict
  public_border_group:
    description:
      - Only the services of this public border group, filtered by the API.
    type: str
  sort_dir:
    description:
      - Sort direction, applied by the API.
    type: str
    choices: [asc, desc]
  sort_key:
    description:
      - Field to sort by, applied by the API.
    type: str
    choices: [create_at, update_at]
  status:
    description:
      - Only the services in this status.
    type: str
    choices: [creating, available, failed, deleting]
  tags:
    description:
      - Only the services that carry all these tags.
      - A value is a string, a list of strings (any of them) or V("") (any value of that key).
      - Each of O(tags), O(tags_any), O(not_tags) and O(not_tags_any) takes at most 10 keys, each with at most 10
        values, as the API does; more fails before any request. M(hwcloud.vpcep.vpcep_tag_info) lists the keys and
        values the project's services carry.
    type: dict
  tags_any:
    description:
      - Only the services that carry any of these tags (same value forms as O(tags)).
    type: dict
seealso:
  - module: hwcloud.vpcep.vpcep_service
'''

EXAMPLES = r'''
- name: List every endpoint service of the project
  hwcloud.vpcep.vpcep_service_info:
    region: cn-north-4
  register: all_services

- name: Find the service named web, with its whitelist and connections
  hwcloud.vpcep.vpcep_service_info:
    name: web
    include_permissions: true
    include_connections: true
  register: web

- name: List available production services, newest first
  hwcloud.vpcep.vpcep_service_info:
    status: available
    tags:
      env: prod
      team: ""
    sort_key: create_at
    sort_dir: desc

- name: Services of two teams that are not deprecated, with the connections waiting for approval
  hwcloud.vpcep.vpcep_service_info:
    tags_any:
      team: [payments, orders]
    not_tags:
      lifecycle: deprecated
    include_connections: true
    connection_status: pendingAcceptance
    connection_sort_key: create_at
    connection_sort_dir: asc
'''

RETURN = r'''
services:
  description:
    - The matching endpoint services, in the shape M(hwcloud.vpcep.vpcep_service) returns a service.
    - Empty when nothing matches.
  returned: always
  type: list
  elements: dict
  sample:
    - approval_enabled: false
      created_at: "2022-04-14T09:35:47Z"
      id: 4189d3c2-8882-4871-a3c2-d380272eed83
      name: web
      port_id: 4189d3c2-8882-4871-a3c2-d380272eed88
      ports:
        - client_port: 8080
          protocol: TCP
          server_port: 80
      server_type: LB
      service_name: cn-north-4.web.4189d3c2-8882-4871-a3c2-d380272eed83
      service_type: interface
      status: available
      tags:
        env: prod
      vpc_id: 4189d3c2-8882-4871-a3c2-d380272eed80
  contains:
    approval_enabled:
      description: Whether connections from VPC endpoints need approval.
      returned: always
      type: bool
      sample: false
    cidr_type:
      description: Type of the CIDR block of the service, when the API reports it (show answers only).
      returned: when reported by the API
      type: str
      sample: public
    connection_count:
      description: Number of VPC endpoints connected to the service (list answers only; a service found by name).
      returned: when reported by the API
      type: int
      sample: 0
    connections:
      description: Connections of VPC endpoints to the service.
      returned: when O(include_connections=true)
      type: list
      elements: dict
      contains:
        created_at:
          description: When the VPC endpoint's connection was created.
          returned: always
          type: str
          sample: "2022-04-14T09:35:47Z"
        description:
          description: Description of the connection.
          returned: always
          type: str
          sample: ""
        domain_id:
          description: Account (domain) ID of the VPC endpoint's owner.
          returned: always
          type: str
          sample: 0b2f3e8a8d00f3c30f1dc00e4fa9d4c4
        error:
          description: Error details of a failed connection, as the API reports them.
          returned: always (V(null) or empty when there is none)
          type: list
          elements: dict
          sample: []
        id:
          description: ID of the VPC endpoint.
          returned: always
          type: str
          sample: 4189d3c2-8882-4871-a3c2-d380272eed99
        marker_id:
          description: Packet marker ID of the VPC endpoint.
          returned: always
          type: int
          sample: 16777337
        status:
          description: >-
            Status of the connection: V(pendingAcceptance), V(accepted), V(rejected), V(creating), V(failed)
            or V(deleting).
          returned: always
          type: str
          sample: accepted
        updated_at:
          description: When the connection last changed.
          returned: always
          type: str
          sample: "2022-04-14T09:36:47Z"
    created_at:
      description: When the service was created (UTC, C(YYYY-MM-DDTHH:MM:SSZ)).
      returned: always
      type: str
      sample: "2022-04-14T09:35:47Z"
    description:
      description: Description of the service.
      returned: when set
      type: str
      sample: web front end
    domain_id:
      description: Account (domain) ID of the service's owner (list answers only; a service found by name).
      returned: when reported by the API
      type: str
      sample: 9f1d2c3b4a5e4f6a8b7c6d5e4f3a2b1c
    enable_policy:
      description: Whether VPC endpoint policies can be customized.
      returned: when reported by the API
      type: bool
      sample: false
    error:
      description: Error details of a service that failed, as the API reports them.
      returned: when reported by the API
      type: list
      elements: dict
      sample:
        - error_code: EndPoint.0001
          error_message: System error.
    id:
      description: ID of the service.
      returned: always
      type: str
      sample: 4189d3c2-8882-4871-a3c2-d380272eed83
    ip:
      description: IPv4 address or domain name of the interface VPC endpoint in VLAN scenarios.
      returned: when set
      type: str
      sample: 192.168.0.10
    name:
      description:
        - Short name of the service, derived from RV(services[].service_name).
        - An empty string for a service without a name.
      returned: always
      type: str
      sample: web
    permissions:
      description:
        - Whitelist records of the service, sorted by permission.
        - The owner's own account record is included when the API lists it.
      returned: when O(include_permissions=true)
      type: list
      elements: dict
      contains:
        created_at:
          description: When the record was created.
          returned: when reported by the API
          type: str
          sample: "2022-04-14T09:35:47Z"
        description:
          description: Description of the record.
          returned: when reported by the API, or set by this task
          type: str
          sample: partner access, ticket 4711
        id:
          description: ID of the record, used to change its description or remove it.
          returned: when reported by the API (not in check mode for new records)
          type: str
          sample: 6e9dfd51-d112-4e8d-8498-dce894923a0d
        permission:
          description: The permission, C(iam:domain::<domain_id>), C(organizations:orgPath::<path>) or C(*).
          returned: always
          type: str
          sample: iam:domain::0b2f3e8a8d00f3c30f1dc00e4fa9d4c4
        permission_type:
          description: V(domainId) or V(orgPath).
          returned: always
          type: str
          sample: domainId
    port_id:
      description: ID of the backend resource of the service.
      returned: always
      type: str
      sample: 4189d3c2-8882-4871-a3c2-d380272eed88
    ports:
      description: Port mappings of the service.
      returned: always
      type: list
      elements: dict
      contains:
        client_port:
          description: Port the VPC endpoint offers.
          returned: always
          type: int
          sample: 8080
        protocol:
          description: Protocol of the mapping.
          returned: always
          type: str
          sample: TCP
        server_port:
          description: Port of the backend resource.
          returned: always
          type: int
          sample: 80
    project_id:
      description: ID of the project of the service.
      returned: when reported by the API
      type: str
      sample: 6e9dfd51d1124e8d8498dce894923a0d
    public_border_group:
      description: Public border group of the service's pool (list answers only; a service found by name).
      returned: when reported by the API
      type: str
      sample: center
    server_type:
      description: Type of the backend resource.
      returned: always
      type: str
      sample: LB
    service_name:
      description: Full name of the service as the API returns it, C(region.name.id), or C(region.id) without a name.
      returned: always
      type: str
      sample: cn-north-4.web.4189d3c2-8882-4871-a3c2-d380272eed83
    service_type:
      description: Type of the service.
      returned: always
      type: str
      sample: interface
    status:
      description: Status of the service, one of V(creating), V(available), V(failed) and V(deleting).
      returned: always
      type: str
      sample: available
    supported_editions:
      description: Editions the service supports, when the API reports them.
      returned: when reported by the API
      type: list
      elements: str
      sample: [default]
    tags:
      description: Tags of the service as a dictionary.
      returned: always
      type: dict
      sample:
        env: prod
    tcp_proxy:
      description: How client information is passed to the server.
      returned: when reported by the API
      type: str
      sample: close
    updated_at:
      description: When the service was last updated (UTC, C(YYYY-MM-DDTHH:MM:SSZ)).
      returned: when reported by the API
      type: str
      sample: "2022-04-14T09:36:47Z"
    vpc_id:
      description: ID of the VPC of the backend resource.
      returned: always
      type: str
      sample: 4189d3c2-8882-4871-a3c2-d380272eed80
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_connection import list_connections


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return dict(
        concurrency=dict(type='int', default=limits.CONCURRENCY.default),
        connection_sort_dir=dict(type='str', choices=['asc', 'desc']),
        connection_sort_key=dict(type='str', choices=['create_at', 'update_at']),
        connection_status=dict(type='str', choices=['pendingAcceptance', 'accepted', 'rejected', 'creating', 'failed',
                                                    'deleting']),
        id=dict(type='str'),
        include_connections=dict(type='bool', default=False),
        include_permissions=dict(type='bool', default=False),
        name=dict(type='str'),
        net_type=dict(type='str'),
        not_tags=dict(type='dict'),
        not_tags_any=dict(type='dict'),
        public_border_group=dict(type='str'),
        sort_dir=dict(type='str', choices=['asc', 'desc']),
        sort_key=dict(type='str', choices=['create_at', 'update_at']),
        status=dict(type='str', choices=['creating', 'available', 'failed', 'deleting']),
        tags=dict(type='dict'),
        tags_any=dict(type='dict'),
    )


def query(context):
    """Return the services the options select, with their permissions and connections when asked."""
    return endpoint_service.query(context, list_connections)


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: Outcome(False, services=query(context)))


if __name__ == '__main__':
    main()
