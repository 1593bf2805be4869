#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_endpoints
short_description: Manage many Huawei Cloud VPC endpoints in one task
version_added: 0.2.0
description:
  - Create, update and delete a list of VPC endpoints in one task, each entry of O(endpoints) exactly as
    M(hwcloud.vpcep.vpcep_endpoint) manages one endpoint (the same options, rules, check mode, diff, waits for the
    owner's approval with O(endpoints[].wait_for=accepted), and result).
  - The whole list is checked before any request - each entry by the rules of M(hwcloud.vpcep.vpcep_endpoint), and
    no two entries may mean the same endpoint (the same id, or the same service and VPC with the same subnet). A list
    that breaks any rule fails the task, naming each entry (C(endpoints[2])), option and rule, and nothing is sent.
  - The project's endpoints are listed once for all entries (one request per 1000 endpoints) instead of once per
    entry. Two entries that find one listed endpoint (one by O(endpoints[].id), the other by its service and VPC)
    fail the task before any write, naming both.
  - An entry whose endpoint is listed needs no further read - its service is known from the listing (when the listed
    endpoint carries the very full name the entry gives), so it is not described. Its result holds what the list
    call returns, which lacks C(enable_status), C(specification_name) and C(ipv6_address) unless the entry gives
    O(endpoints[].ipv6_address).
  - When entries would create endpoints, the project's quota is read once before the first write; a list that
    would exceed it fails, naming the quota and the numbers, and nothing is created. When the account may not read
    the quota (HTTP 403, or 404 where the API lacks the call), a warning says so and the creates go on unchecked, as
    M(hwcloud.vpcep.vpcep_endpoint) creates; another failure of that read fails the task before any write.
  - Then the entries run at once, at most O(concurrency) at a time, each from start to end in one thread. The entries
    share one connection; when the API throttles any request (HTTP 429), every entry waits with it.
  - One entry that fails does not stop the others. Every entry runs to its end, then the task fails once, naming
    each failed entry and why; RV(endpoints) holds every entry's result either way.
author:
  - hwcloud.vpcep contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.vpcep.attributes
  - hwcloud.vpcep.auth
attributes:
  check_mode:
    support: full
    details:
      - Only read requests are sent, for the whole list. Each entry's result is what
        M(hwcloud.vpcep.vpcep_endpoint) predicts for it.
  diff_mode:
    support: full
    details:
      - Shows one diff per entry that changes, headed by the entry, with the managed fields before and after as
        M(hwcloud.vpcep.vpcep_endpoint) shows them; each entry's own diff is also in its result.
options:
  concurrency:
    description:
      - How many API requests are in flight at once, V(1) to V(32); another value fails before any request.
      - Every entry is in progress at once (up to 64; a longer list goes on as entries finish), and an entry waiting
        for the cloud holds no request slot, so the entries provision together; a 429 answer holds every request.
      - Also how many pages of the shared listing are read at once.
    type: int
    default: 8
  endpoints:
    description:
      - The VPC endpoints to converge, in order; each entry takes the options of M(hwcloud.vpcep.vpcep_endpoint)
        (same names, types, defaults and rules).
    type: list
    elements: dict
    required: true
    suboptions:
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
          - Whether the O(endpoints[].whitelist) is enforced. Changed with the whitelist call, together with O(endpoints[].whitelist).
        type: bool
      endpoint_service_id:
        description:
          - ID of the endpoint service to connect to. Fixed at creation.
          - One of O(endpoints[].id), O(endpoints[].endpoint_service_id) and O(endpoints[].endpoint_service_name)
            is required; O(endpoints[].endpoint_service_id) and
            O(endpoints[].endpoint_service_name) are mutually exclusive.
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
          - An endpoint cannot be created with a given id; with O(endpoints[].state=present) an unknown id fails.
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
          - IPv6 address of a dual-stack endpoint; requires O(endpoints[].ip_version=dualstack). If not set, the API picks one. Fixed
            at creation.
        type: str
      policy_document:
        description:
          - Endpoint policy as an IAM policy document (C(Version) and C(Statement)), for endpoints of C(interface)
            services whose C(enable_policy) is true; the OBS and SFS services take O(endpoints[].policy_statement) instead (the
            API reference and the SDK). Changed with the policy call.
          - The API's default is full access. V({}) removes the endpoint's own policy with the API's policy delete
            call, which puts the default back; a document that allows every action on every resource counts as the
            default, so either one is met by the other and a re-run changes nothing.
          - A service that takes no policy, or takes O(endpoints[].policy_statement), fails the task before anything is written.
          - Mutually exclusive with O(endpoints[].policy_statement).
        type: dict
      policy_statement:
        description:
          - Endpoint policy statements for endpoints of C(gateway) services (OBS, SFS) whose C(enable_policy) is true,
            each with C(Effect), C(Action), C(Resource) and optional C(Condition). Changed with the policy call.
          - V([]) removes the endpoint's policy with the API's policy delete call.
          - A service that takes no policy, or takes O(endpoints[].policy_document), fails the task before anything is written.
        type: list
        elements: dict
      port_ip:
        description:
          - Private IPv4 address of the endpoint in O(endpoints[].subnet_id). If not set, the API picks one. Fixed at creation.
        type: str
      purge_tags:
        description:
          - Whether tags not listed in O(endpoints[].tags) are removed. Only used when O(endpoints[].tags) is given.
        type: bool
        default: true
      routetables:
        description:
          - IDs of the route tables the endpoint uses (gateway services). Compared as a set; changed with the route
            tables call. An id listed twice fails, naming it.
          - That call can succeed while some tables fail to bind or unbind. The task then fails with C(changed=true),
            naming each table and the API's message in C(routetable_errors) of its result, and RV(endpoints[].endpoint) holds the route tables
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
          - Narrows the identity when O(endpoints[].id) is not given.
        type: str
      tags:
        description:
          - Tags of the endpoint as a dictionary, at most 20, with the same rules as M(hwcloud.vpcep.vpcep_service)'s.
          - The key C(hwcloud-vpcep-create-token) is reserved for the creation token (see the notes) and refused.
          - If not set, the tags are left alone.
        type: dict
      vpc_id:
        description:
          - ID of the VPC the endpoint lives in. Required when O(endpoints[].id) is not given. Fixed at creation.
        type: str
      wait:
        description:
          - Default O(wait) (the task's option of that name).
          - Whether to wait after a create or change until the endpoint reaches O(endpoints[].wait_for), and after a delete until it
            is gone.
          - An endpoint that ends in status C(failed) fails the task with the API's error details; one that the owner
            rejected (C(rejected)) fails saying so, and it still exists.
        type: bool
      wait_for:
        description:
          - Default O(wait_for) (the task's option of that name).
          - What to wait for. V(connected) ends at C(pendingAcceptance) or C(accepted); V(accepted) also waits for the
            service owner's approval.
        type: str
        choices: [connected, accepted]
      wait_timeout:
        description:
          - Default O(wait_timeout) (the task's option of that name).
          - How many seconds to wait when O(endpoints[].wait=true), V(1) to V(86400) (a day); another value fails before any
            request.
        type: int
      whitelist:
        description:
          - IPv4 addresses or CIDR blocks allowed to use the endpoint, at most 20 (the Terraform provider's documented
            limit; the API reference gives none). Compared as a set; changed with the whitelist call.
          - An address or block listed twice (C(1.1.1.1) and C(1.1.1.1/32) are one) fails, naming it.
        type: list
        elements: str
  wait:
    description:
      - Whether to wait for each endpoint, as O(hwcloud.vpcep.vpcep_endpoint#module:wait) does, for the entries that do
        not set O(endpoints[].wait).
    type: bool
    default: true
  wait_for:
    description:
      - What to wait for, as O(hwcloud.vpcep.vpcep_endpoint#module:wait_for) says, for the entries that do not set
        O(endpoints[].wait_for).
    type: str
    default: connected
    choices: [connected, accepted]
  wait_timeout:
    description:
      - How many seconds an entry waits when it waits, V(1) to V(86400), for the entries that do not set
        O(endpoints[].wait_timeout); another value fails before any request.
    type: int
    default: 600
notes:
  - Each entry follows the notes of M(hwcloud.vpcep.vpcep_endpoint) - among them the creation token that proves a
    run's own create and the rule that a run deletes or changes only what the entry names by id, what existed before
    the run began, or what it can prove it created.
  - The role C(hwcloud.vpcep.endpoints) converges its list with this module.
seealso:
  - module: hwcloud.vpcep.vpcep_endpoint
  - module: hwcloud.vpcep.vpcep_quota_info
'''

EXAMPLES = r'''
- name: Connect one VPC to two services, waiting for the owner to accept the first
  hwcloud.vpcep.vpcep_endpoints:
    region: cn-north-4
    wait_for: accepted
    endpoints:
      - endpoint_service_name: cn-north-4.orders.4189d3c2-8882-4871-a3c2-d380272eed83
        vpc_id: 7a1e2b3c-0d00-41f2-aedc-71f09844e879
        subnet_id: 8b2f3c4d-0d00-41f2-aedc-71f09844e880
        enable_dns: true
      - endpoint_service_name: cn-north-4.search.5189d3c2-8882-4871-a3c2-d380272eed84
        vpc_id: 7a1e2b3c-0d00-41f2-aedc-71f09844e879
        subnet_id: 8b2f3c4d-0d00-41f2-aedc-71f09844e880
        wait_for: connected
  register: connected

- name: Show each endpoint's IP address
  ansible.builtin.debug:
    msg: "{{ connected.endpoints | map(attribute='endpoint') | map(attribute='ip', default='') | list }}"
'''

RETURN = r'''
endpoints:
  description:
    - One result per entry of O(endpoints), in the same order, each what M(hwcloud.vpcep.vpcep_endpoint) returns for
      it.
    - Also returned when the task fails, the failed entries with RV(endpoints[].failed=true) and their error.
    - Not returned when the task fails before any entry runs (a list that breaks a rule, two entries for one listed
      endpoint, a listing that fails, the quota); the task's RV(ignore:msg) then says why and nothing was changed.
  returned: always, except when the task fails before any entry runs
  type: list
  elements: dict
  contains:
    action:
      description:
        - What the entry does to its endpoint, the same in check mode and in a real run - V(create), V(update),
          V(replace) (a field the API fixes at creation differs; check mode reports it, a real run fails naming the
          fields and changes nothing), V(delete) or V(none).
        - Also returned when a real run fails because the plan is a replacement.
      returned: success, and a failure for a replacement
      type: str
      sample: update
    changed:
      description: Whether the entry changed its endpoint (M(hwcloud.vpcep.vpcep_endpoint)'s C(changed)).
      returned: always
      type: bool
    changes:
      description:
        - What the entry changes, one item per option that differs, sorted by option name - for V(create) each option
          the task sets (before V(null)), for V(delete) each managed option as found and the V(id) (after V(null)),
          empty for V(none).
        - O(endpoints[].tags) are named key by key - V(tags.env) with the tag's values; O(endpoints[].whitelist),
          O(endpoints[].routetables) and the policy are whole values.
        - Values as the diff shows them (RV(endpoints[].changes[].field) names the same key there). Never a credential
          nor the creation token tag.
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
    diff:
      description: The entry's diff (C(before) and C(after)), as M(hwcloud.vpcep.vpcep_endpoint) returns it.
      returned: with --diff
      type: dict
    endpoint:
      description:
        - The VPC endpoint as the API returns it, with RV(endpoints[].endpoint.tags) as a dictionary; fields without a value are left
          out.
        - In check mode, the predicted endpoint. An empty dictionary when the endpoint is absent.
      returned: always, except for an entry that failed before its endpoint was found or made
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
          description: Private domain names of the endpoint, when O(endpoints[].enable_dns=true).
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
    error:
      description:
        - The API's answer to the call that failed the entry.
      returned: when the entry failed on an API call
      type: dict
      contains:
        error_code:
          description: The API's error code, for example C(EndPoint.0002); null when the answer had none.
          returned: always
          type: str
        error_msg:
          description: The API's error message; null when the answer had none.
          returned: always
          type: str
        method:
          description: The HTTP method of the call.
          returned: always
          type: str
        path:
          description: The path of the call.
          returned: always
          type: str
        request_id:
          description: The request id the API gave the call (quote it to Huawei Cloud support); null when none came.
          returned: always
          type: str
        status:
          description: The HTTP status of the answer, null when none came.
          returned: always
          type: int
    failed:
      description: Whether the entry failed.
      returned: always
      type: bool
    msg:
      description: Why the entry failed, as M(hwcloud.vpcep.vpcep_endpoint) says it.
      returned: failure
      type: str
    routetable_errors:
      description:
        - The route tables the route tables call could not bind or unbind, each with the API's message, as
          M(hwcloud.vpcep.vpcep_endpoint) returns them. The entry then fails with RV(endpoints[].changed=true).
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
errors:
  description:
    - Each rule the list breaks, one message per entry, option and rule (the task then fails before any write).
  returned: when the list breaks a rule
  type: list
  elements: str
  sample:
    - "endpoints[1].name: must be at most 16 characters long (got 17)"
quota:
  description:
    - The quota that the endpoints to create would exceed (the task then fails before any write).
  returned: when the quota refuses the list
  type: dict
  sample:
    quota: 50
    to_create: 3
    type: endpoint
    used: 49
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.fleets import EndpointFleet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import vpc_endpoint


def argument_spec():
    """Return the module's own options: each entry takes vpcep_endpoint's (its wait options default to the task's)."""
    entry = vpc_endpoint.argument_spec()
    for name in EndpointFleet.inherited:
        entry[name] = dict((k, v) for k, v in entry[name].items() if k != 'default')
    return dict(
        concurrency=dict(type='int', default=limits.CONCURRENCY.default),
        endpoints=dict(type='list', elements='dict', required=True, options=entry),
        wait=dict(type='bool', default=True),
        wait_for=dict(type='str', default='connected', choices=['connected', 'accepted']),
        wait_timeout=dict(type='int', default=limits.WAIT_TIMEOUT.default),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: EndpointFleet(context).run())


if __name__ == '__main__':
    main()
