#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_endpoint
short_description: Manage Huawei Cloud VPC endpoints, the consumer's side of a VPC endpoint service
version_added: 0.1.0
description:
  - Create, update and delete VPC endpoints of Huawei Cloud VPC Endpoint (VPCEP). A VPC endpoint connects a VPC of
    this project to a VPC endpoint service, often another account's.
  - The service is given by O(endpoint_service_id), or by O(endpoint_service_name), the full name
    C(region.name.id) that the service's owner hands out; the module resolves the name with the API's describe call,
    which works for other accounts' services this account may connect to.
  - A VPC endpoint has no name. It is identified by O(id), or else by its service and O(vpc_id) (and O(subnet_id)
    when given); when several endpoints of the project fit, the module fails listing their ids. An endpoint found
    by its service and VPC is then read by id, so RV(endpoint) is the same either way.
  - Only O(whitelist) with O(enable_whitelist), O(routetables) and O(policy_statement) or O(policy_document) can be
    changed, each with the API call that owns it; every other field is fixed at creation and a difference fails,
    naming the current and requested values, before anything is sent, with RV(action=replace) and the planned
    RV(changes); check mode reports that plan instead of failing.
  - A service with approval enabled keeps a new endpoint in status C(pendingAcceptance) until its owner accepts it
    (M(hwcloud.vpcep.vpcep_connection)); O(wait_for=accepted) waits for that.
author:
  - hwcloud.vpcep contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.vpcep.attributes
  - hwcloud.vpcep.auth
attributes:
  check_mode:
    support: full
    details:
      - Only read requests are sent. RV(endpoint) is the predicted endpoint; for a new one it holds the requested
        fields, status V(creating) and no id.
      - RV(action) and RV(changes) report the plan, the same as a real run reports what it did; a field fixed at
        creation that differs is reported as RV(action=replace) (with a warning) instead of failing.
      - A new endpoint's service is described first. The describe call answers only for services this account may
        connect to, so a create the API would refuse fails the check-mode run too, with the same advice.
  diff_mode:
    support: full
    details:
      - Shows the managed fields before and after, with O(tags) as a dictionary.
options:
  description:
    description:
      - Description of the endpoint, at most 512 characters, without C(<) or C(>). Fixed at creation.
    type: str
  enable_dns:
    description:
      - Whether to create a private domain name for the endpoint. Fixed at creation.
      - If not set, the API default V(false) applies at creation.
      - Endpoints of C(gateway) services never get a domain name, whatever this says (the API reference), so the
        option is compared only on endpoints of C(interface) services; on a gateway endpoint it is sent at creation
        and never fails a later run.
    type: bool
  enable_whitelist:
    description:
      - Whether the O(whitelist) is enforced. Changed with the whitelist call, together with O(whitelist).
    type: bool
  endpoint_service_id:
    description:
      - ID of the endpoint service to connect to. Fixed at creation.
      - One of O(id), O(endpoint_service_id) and O(endpoint_service_name) is required; O(endpoint_service_id) and
        O(endpoint_service_name) are mutually exclusive.
    type: str
  endpoint_service_name:
    description:
      - Full name of the endpoint service to connect to, C(region.name.id), as its owner hands it out. The short name
        is not enough, because names are not unique across accounts.
      - Resolved with the describe call before anything else is sent.
    type: str
  id:
    description:
      - ID of the VPC endpoint. When given, it identifies the endpoint.
      - An endpoint cannot be created with a given id; with O(state=present) an unknown id fails.
    type: str
  ip_version:
    description:
      - IP version of the endpoint, V(ipv4) or V(dualstack) (IPv4 and IPv6). Fixed at creation. No read returns it,
        so it is sent at creation and never compared afterwards.
      - Only professional endpoints take it, that is endpoints of a service that supports the professional edition
        (M(hwcloud.vpcep.vpcep_service) O(hwcloud.vpcep.vpcep_service#module:edition=professional)); the API refuses it
        otherwise.
    type: str
    choices: [ipv4, dualstack]
  ipv6_address:
    description:
      - IPv6 address of a dual-stack endpoint; requires O(ip_version=dualstack). If not set, the API picks one. Fixed
        at creation.
    type: str
  policy_document:
    description:
      - Endpoint policy as an IAM policy document (C(Version) and C(Statement)), for endpoints of C(interface)
        services whose C(enable_policy) is true; the OBS and SFS services take O(policy_statement) instead (the
        API reference and the SDK). Changed with the policy call.
      - The API's default is full access. V({}) removes the endpoint's own policy with the API's policy delete
        call, which puts the default back; a document that allows every action on every resource counts as the
        default, so either one is met by the other and a re-run changes nothing.
      - A service that takes no policy, or takes O(policy_statement), fails the task before anything is written.
      - Mutually exclusive with O(policy_statement).
    type: dict
  policy_statement:
    description:
      - Endpoint policy statements for endpoints of C(gateway) services (OBS, SFS) whose C(enable_policy) is true,
        each with C(Effect), C(Action), C(Resource) and optional C(Condition). Changed with the policy call.
      - V([]) removes the endpoint's policy with the API's policy delete call.
      - A service that takes no policy, or takes O(policy_document), fails the task before anything is written.
    type: list
    elements: dict
  port_ip:
    description:
      - Private IPv4 address of the endpoint in O(subnet_id). If not set, the API picks one. Fixed at creation.
    type: str
  purge_tags:
    description:
      - Whether tags not listed in O(tags) are removed. Only used when O(tags) is given.
    type: bool
    default: true
  routetables:
    description:
      - IDs of the route tables the endpoint uses (gateway services). Compared as a set; changed with the route
        tables call. An id listed twice fails, naming it.
      - That call can succeed while some tables fail to bind or unbind. The task then fails with C(changed=true),
        naming each table and the API's message in RV(routetable_errors), and RV(endpoint) holds the route tables
        the endpoint really has.
    type: list
    elements: str
  state:
    description:
      - Whether the endpoint should exist.
    type: str
    default: present
    choices: [present, absent]
  subnet_id:
    description:
      - ID of the subnet the endpoint's IP comes from. Required to create an endpoint of an C(interface) service.
        Fixed at creation.
      - Narrows the identity when O(id) is not given.
    type: str
  tags:
    description:
      - Tags of the endpoint as a dictionary, at most 20, with the same rules as M(hwcloud.vpcep.vpcep_service)'s.
      - The key C(hwcloud-vpcep-create-token) is reserved for the creation token (see the notes) and refused.
      - If not set, the tags are left alone.
    type: dict
  vpc_id:
    description:
      - ID of the VPC the endpoint lives in. Required when O(id) is not given. Fixed at creation.
    type: str
  wait:
    description:
      - Whether to wait after a create or change until the endpoint reaches O(wait_for), and after a delete until it
        is gone.
      - An endpoint that ends in status C(failed) fails the task with the API's error details; one that the owner
        rejected (C(rejected)) fails saying so, and it still exists.
    type: bool
    default: true
  wait_for:
    description:
      - What to wait for. V(connected) ends at C(pendingAcceptance) or C(accepted); V(accepted) also waits for the
        service owner's approval.
    type: str
    default: connected
    choices: [connected, accepted]
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true), V(1) to V(86400) (a day); another value fails before any
        request.
    type: int
    default: 600
  whitelist:
    description:
      - IPv4 addresses or CIDR blocks allowed to use the endpoint, at most 20 (the Terraform provider's documented
        limit; the API reference gives none). Compared as a set; changed with the whitelist call.
      - An address or block listed twice (C(1.1.1.1) and C(1.1.1.1/32) are one) fails, naming it.
    type: list
    elements: str
notes:
  - Creates are never repeated and never touch what the run cannot prove it created, as with
    M(hwcloud.vpcep.vpcep_service) - every create carries the creation token tag C(hwcloud-vpcep-create-token),
    removed once the run has settled the endpoint's identity (service, VPC and subnet); an unanswered create is
    looked up for a grace period until an endpoint carrying the token appears; an endpoint of the same identity that
    another party creates during the run is never deleted, changed or adopted; concurrent runs of one task end with
    one endpoint.
  - A refused create names the cause when the module can tell it - the endpoint quota used up, or an account the
    service's owner has not allowed.
seealso:
  - module: hwcloud.vpcep.vpcep_endpoint_info
  - module: hwcloud.vpcep.vpcep_public_service_info
  - module: hwcloud.vpcep.vpcep_connection
'''

EXAMPLES = r'''
- name: Check the name the owner handed out
  hwcloud.vpcep.vpcep_public_service_info:
    describe: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
  register: offered

- name: Connect a VPC to the owner's service and wait until it is pending approval
  hwcloud.vpcep.vpcep_endpoint:
    endpoint_service_name: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
    vpc_id: 0b2f3e8a-0d00-41f2-aedc-71f09844e879
    subnet_id: 5e8a7d1c-9b1a-4c6e-8b0e-2f3a4c5d6e7f
    enable_dns: true
    tags:
      app: checkout
  register: endpoint

- name: Wait for the owner's approval, then show the address to use
  hwcloud.vpcep.vpcep_endpoint:
    id: "{{ endpoint.endpoint.id }}"
    wait_for: accepted
  register: accepted

- name: Show the endpoint's IP and DNS name
  ansible.builtin.debug:
    msg: "{{ accepted.endpoint.ip }} {{ accepted.endpoint.dns_names | default([]) }}"

- name: Restrict who may use it
  hwcloud.vpcep.vpcep_endpoint:
    id: "{{ endpoint.endpoint.id }}"
    whitelist:
      - 10.0.0.0/24
    enable_whitelist: true

- name: Delete it
  hwcloud.vpcep.vpcep_endpoint:
    id: "{{ endpoint.endpoint.id }}"
    state: absent
'''

RETURN = r'''
action:
  description:
    - What the task does to the endpoint, the same in check mode and in a real run - V(create), V(update),
      V(replace) (a field the API fixes at creation differs; check mode reports it, a real run fails naming the
      fields and changes nothing), V(delete) or V(none).
    - Also returned when a real run fails because the plan is a replacement.
  returned: success, and a failure for a replacement
  type: str
  sample: update
changes:
  description:
    - What the task changes, one item per option that differs, sorted by option name - for V(create) each option the
      task sets (before V(null)), for V(delete) each managed option as found and the V(id) (after V(null)), empty
      for V(none).
    - O(tags) are named key by key - V(tags.env) with the tag's values; O(whitelist), O(routetables) and the policy are whole values.
    - Values as the diff shows them (RV(changes[].field) names the same key there). Never a credential nor the
      creation token tag.
  returned: success, and a failure for a replacement
  type: list
  elements: dict
  sample:
    - field: whitelist
      before: ["10.0.1.0/24"]
      after: ["10.0.0.0/24"]
  contains:
    after:
      description: The value the task asks for; V(null) when the option or key would be absent.
      returned: always
      type: raw
    before:
      description: The value as found; V(null) when the option or key is absent.
      returned: always
      type: raw
    field:
      description: The option, or V(<option>.<key>) for one key of a dictionary option.
      returned: always
      type: str
endpoint:
  description:
    - The VPC endpoint as the API returns it, with RV(endpoint.tags) as a dictionary; fields without a value are left
      out.
    - In check mode, the predicted endpoint. An empty dictionary when the endpoint is absent.
  returned: always
  type: dict
  sample:
    created_at: "2026-12-01T09:35:47Z"
    dns_names:
      - 0b2f3e8a.orders-api.cn-north-4.vpcep.example
    enable_dns: true
    enable_whitelist: false
    endpoint_service_id: 4189d3c2-8882-4871-a3c2-d380272eed83
    endpoint_service_name: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
    id: 705290f3-0d00-41f2-aedc-71f09844e879
    ip: 172.16.0.12
    marker_id: 16777337
    service_type: interface
    status: accepted
    subnet_id: 5e8a7d1c-9b1a-4c6e-8b0e-2f3a4c5d6e7f
    tags:
      app: checkout
    updated_at: "2026-12-01T09:36:47Z"
    vpc_id: 0b2f3e8a-0d00-41f2-aedc-71f09844e879
    whitelist: []
  contains:
    active_status:
      description: Whether the endpoint is active (for example V(active)), as the API reports it.
      returned: when reported by the API
      type: list
      elements: str
    created_at:
      description: When the endpoint was created (UTC).
      returned: success and the endpoint exists, except in check mode for a new endpoint
      type: str
    description:
      description: Description of the endpoint.
      returned: when set
      type: str
    dns_names:
      description: Private domain names of the endpoint, when O(enable_dns=true).
      returned: when reported by the API
      type: list
      elements: str
    enable_dns:
      description: Whether the endpoint has a private domain name.
      returned: success and the endpoint exists
      type: bool
    enable_status:
      description: Whether the endpoint is enabled, as the API reports it.
      returned: when reported by the API
      type: str
    enable_whitelist:
      description: Whether the whitelist is enforced.
      returned: when reported by the API
      type: bool
    endpoint_pool_id:
      description: ID of the pool the endpoint belongs to.
      returned: when reported by the API
      type: str
    endpoint_service_id:
      description: ID of the endpoint service.
      returned: success and the endpoint exists
      type: str
    endpoint_service_name:
      description: Full name of the endpoint service, C(region.name.id).
      returned: when reported by the API
      type: str
    error:
      description: Error details of a failed endpoint, as the API reports them.
      returned: when reported by the API
      type: list
      elements: dict
    id:
      description: ID of the endpoint.
      returned: success and the endpoint exists, except in check mode for a new endpoint
      type: str
    ip:
      description: Private IP address of the endpoint, the one clients connect to.
      returned: when reported by the API
      type: str
    ipv6_address:
      description: IPv6 address of the endpoint.
      returned: when set
      type: str
    marker_id:
      description: Packet marker ID of the endpoint; the service's owner sees it in the connection.
      returned: when reported by the API
      type: int
    policy_document:
      description: Endpoint policy document of an interface endpoint (full access by default).
      returned: when reported by the API
      type: dict
    policy_statement:
      description: Endpoint policy statements of a gateway endpoint.
      returned: when reported by the API
      type: list
      elements: dict
    project_id:
      description: ID of the endpoint's project.
      returned: when reported by the API
      type: str
    public_border_group:
      description: Public border group of the endpoint.
      returned: when reported by the API
      type: str
    routetables:
      description: Route tables of a gateway endpoint.
      returned: when reported by the API
      type: list
      elements: str
    service_type:
      description: Type of the service, V(interface) or V(gateway).
      returned: when reported by the API
      type: str
    specification_name:
      description: Specification of the endpoint.
      returned: when reported by the API
      type: str
    status:
      description: >-
        Status of the endpoint: V(creating), V(pendingAcceptance), V(accepted), V(rejected), V(failed) or
        V(deleting).
      returned: success and the endpoint exists
      type: str
    subnet_id:
      description: ID of the subnet of the endpoint.
      returned: when reported by the API
      type: str
    tags:
      description: Tags of the endpoint as a dictionary.
      returned: success and the endpoint exists
      type: dict
    updated_at:
      description: When the endpoint last changed (UTC).
      returned: when reported by the API
      type: str
    vpc_id:
      description: ID of the endpoint's VPC.
      returned: success and the endpoint exists
      type: str
    whitelist:
      description: IPv4 addresses or CIDR blocks allowed to use the endpoint.
      returned: when reported by the API
      type: list
      elements: str
routetable_errors:
  description:
    - The route tables the route tables call could not bind or unbind, each with the API's message. The task fails
      with C(changed=true) when there is any.
  returned: when the route tables call reported failures
  type: list
  elements: dict
  contains:
    action:
      description: What failed, V(bind) (a table added) or V(unbind) (a table removed).
      type: str
      returned: always
    error_message:
      description: The API's message for this table.
      type: str
      returned: always
    id:
      description: ID of the route table.
      type: str
      returned: always
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import vpc_endpoint
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.vpc_endpoint import VpcEndpoint


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return vpc_endpoint.argument_spec()


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True, **VpcEndpoint.argument_rules)
    module.run(lambda context: VpcEndpoint(context).ensure())


if __name__ == '__main__':
    main()
