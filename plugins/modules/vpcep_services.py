#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_services
short_description: Manage many Huawei Cloud VPC endpoint services in one task
version_added: 0.2.0
description:
  - Create, update and delete a list of VPC endpoint services in one task, each entry of O(services) exactly as
    M(hwcloud.vpcep.vpcep_service) manages one service (the same options, rules, check mode, diff and result), and
    accept the connections an entry lists, as M(hwcloud.vpcep.vpcep_connection) does.
  - The whole list is checked before any request - each entry by the rules of M(hwcloud.vpcep.vpcep_service), and no
    two entries may name the same service (the same name or the same id). A list that breaks any rule fails the
    task, naming each entry (C(services[2])), option and rule, and nothing is sent.
  - Two entries that mean one existing service, one by its name and another by its id, fail the task once the
    services are listed, naming both entries and the id, before any write.
  - The services are listed once for all entries (one request per 1000 services) instead of once per entry; a
    no-op entry then sends no further request, unless it manages O(services[].permissions) (their own list call)
    or accepts connections (the service's connections are read).
  - When entries would create services, the project's quota is read once before the first write; a list that
    would exceed it fails, naming the quota and the numbers, and nothing is created. When the account may not read
    the quota (HTTP 403, or 404 where the API lacks the call), a warning says so and the creates go on unchecked, as
    M(hwcloud.vpcep.vpcep_service) creates; another failure of that read fails the task before any write.
  - Then the entries run at once, at most O(concurrency) at a time, each from start to end in one thread (the
    writes to any one service stay in order). The entries share one connection; when the API throttles any
    request (HTTP 429), every entry waits with it.
  - One entry that fails does not stop the others. Every entry runs to its end, then the task fails once, naming
    each failed entry and why; RV(services) holds every entry's result either way, and RV(ignore:changed) is true
    when any entry changed something.
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
        M(hwcloud.vpcep.vpcep_service) predicts for it.
  diff_mode:
    support: full
    details:
      - Shows one diff per entry that changes, headed by the entry, such as C(services[0]) followed by how messages name the service,
        with the managed fields before and after as M(hwcloud.vpcep.vpcep_service) shows them; each entry's own
        diff is also in its result.
      - An accept step that changes a connection shows its own diff, as M(hwcloud.vpcep.vpcep_connection) shows it, headed
        by the entry and then the step's result key, such as C(accepted_endpoints), also when the service does not change.
options:
  concurrency:
    description:
      - How many API requests are in flight at once, V(1) to V(32); another value fails before any request.
      - Every entry is in progress at once (up to 64; a longer list goes on as entries finish), and an entry waiting
        for the cloud holds no request slot, so the entries provision together; a 429 answer holds every request.
      - Also how many pages of the shared listing are read at once.
    type: int
    default: 8
  services:
    description:
      - The endpoint services to converge, in order; each entry takes the options of M(hwcloud.vpcep.vpcep_service)
        (same names, types, defaults and rules), and O(services[].accept_connections) and
        O(services[].accept_domains).
    type: list
    elements: dict
    required: true
    suboptions:
      accept_connections:
        description:
          - IDs of VPC endpoints whose connections to this service are accepted once it has converged, as
            M(hwcloud.vpcep.vpcep_connection) does with O(hwcloud.vpcep.vpcep_connection#module:state=accepted); the
            step's result is RV(services[].accepted_endpoints).
          - An id that is not connected to the service fails the entry (nothing of it is accepted).
          - Left alone for a service that does not exist yet (check mode), that failed, or with O(services[].state=absent).
        type: list
        elements: str
      accept_domains:
        description:
          - Account (domain) IDs whose VPC endpoints' connections to this service are accepted once it has converged; the
            step's result is RV(services[].accepted_domains).
          - An account without a connection to the service fails the entry (nothing of it is accepted), as
            M(hwcloud.vpcep.vpcep_connection) does with O(hwcloud.vpcep.vpcep_connection#module:require_match=true).
        type: list
        elements: str
      approval_enabled:
        description:
          - Whether connections from VPC endpoints need approval.
          - If not set, the API default V(true) applies at creation and the setting is left alone on update.
        type: bool
      description:
        description:
          - Description of the service, at most 512 characters, without C(<) or C(>).
          - V("") clears it.
        type: str
      edition:
        description:
          - The edition the service supports, as its C(supported_editions) report it (the API's values C(basic) and
            C(profession)). V(professional) lets consumers create professional VPC endpoints, which take
            O(hwcloud.vpcep.vpcep_endpoint#module:ip_version) and O(hwcloud.vpcep.vpcep_endpoint#module:ipv6_address).
          - V(professional) upgrades a service that does not support it with the API's v2 upgrade call (no request
            body), once the service is available, also right after creating it. The API reference offers the upgrade in
            a few regions only (cn-east-4, me-east-1, cn-east-5 and af-north-1, per the Terraform provider); elsewhere it
            refuses it.
          - An upgrade cannot be undone, so V(basic) on a service that supports the professional edition fails, naming
            the field, and changes nothing.
          - If not set, the edition is left alone.
        type: str
        choices: [basic, professional]
      enable_policy:
        description:
          - Whether consumers may set a VPC endpoint policy on their endpoints to this service
            (O(hwcloud.vpcep.vpcep_endpoint#module:policy_document)).
          - Sent at creation and fixed afterwards, as the Terraform provider does (the SDK's create model lacks it). A
            difference fails, naming the current and requested values, like the other fields fixed at creation.
          - If not set, the API default V(false) applies at creation.
        type: bool
      id:
        description:
          - ID of the service. When given, it identifies the service and O(services[].name) may be used to rename it.
          - A rename onto a name that another service carries fails before any change, naming that service's id (two
            services of one name make every later run by that name fail).
          - A service cannot be created with a given id; with O(services[].state=present) an unknown id fails.
          - 1 to 64 letters, digits and C(-), and not one of the words the API's paths use where an id stands
            (C(describe), C(public), C(tags), ...), checked before any request. A number fails; quote the id.
          - One of O(services[].id) and O(services[].name) is required.
        type: str
      ip:
        description:
          - IPv4 address or domain name of the interface VPC endpoint in VLAN scenarios (not an IPv6 address). Digits
            and dots only that are no IPv4 address (C(999.1.1.1)) fail.
        type: str
      ip_version:
        description:
          - IP version of the service. Only professional VPC endpoint services support it.
          - Fixed at creation. No read returns it, so it is sent at creation and never compared afterwards.
          - V(ipv6) requires O(services[].snat_network_id).
        type: str
        choices: [ipv4, ipv6]
      name:
        description:
          - Name of the service, at most 16 letters, digits, C(_) and C(-).
          - Identifies the service when O(services[].id) is not given (exact, case-sensitive match on the short name).
          - A string; a YAML boolean (V(true), V(yes) unquoted) or a number fails instead of becoming its text.
          - One of O(services[].id) and O(services[].name) is required.
        type: str
      permissions:
        description:
          - Whitelist of accounts and organizations allowed to connect to the service.
          - Each entry is a permission string, or a dictionary with C(permission) and C(description) (at most 512
            characters, without C(<) or C(>)), where teams note who asked for the access and why.
          - A permission is C(iam:domain::<domain_id>) (domain id of 1 to 64 letters, digits or C(*), so
            C(iam:domain::*) is allowed, as the API reference says), C(organizations:orgPath::<path>) (path of at most
            1024 characters), or C(*) for everyone.
          - A permission listed twice (as a string or as a dictionary) fails, naming it.
          - New permissions are added with their descriptions (one request per permission type). A description is
            changed (one request per permission) only when the API's permission list reports descriptions; when it does
            not (the SDK's list model has no description), a requested description of an existing permission cannot be
            compared and is not changed, and a warning names those permissions. A description left out is not managed.
            Removed permissions are deleted by record id.
          - The owner's own account is in its services' whitelist by default. Its record C(iam:domain::<owner domain
            id>) is never added, never removed by O(services[].purge_permissions) (unless O(services[].purge_owner_permission=true)) and never
            counts as a change, whether or not the API lists it.
          - On a new service the permissions are added once it is C(available), as the API needs, also with
            O(services[].wait=false).
          - If not set, the permissions are left alone and not read.
        type: list
        elements: raw
      port_id:
        description:
          - ID of the backend resource of the service (a NIC port, load balancer or virtual IP).
          - Required to create a service.
        type: str
      ports:
        description:
          - Port mappings of the service, 1 to 200, without duplicates.
          - Compared as a set, so their order does not matter. When they differ, the whole list is replaced.
          - Required to create a service.
        type: list
        elements: dict
        suboptions:
          client_port:
            description:
              - Port the VPC endpoint offers, 1 to 65535.
            type: int
            required: true
          protocol:
            description:
              - Protocol of the mapping. Some regions only support V(TCP).
            type: str
            default: TCP
            choices: [TCP, UDP]
          server_port:
            description:
              - Port of the backend resource, 1 to 65535.
            type: int
            required: true
      purge_owner_permission:
        description:
          - Whether O(services[].purge_permissions) also removes the owner's own account record when the API lists it and
            O(services[].permissions) does not name it.
        type: bool
        default: false
      purge_permissions:
        description:
          - Whether permissions not listed in O(services[].permissions) are removed.
          - Only used when O(services[].permissions) is given.
        type: bool
        default: true
      purge_tags:
        description:
          - Whether tags not listed in O(services[].tags) are removed.
          - Only used when O(services[].tags) is given.
        type: bool
        default: true
      server_resources:
        description:
          - Load balancers to add to a new service as its backend resources, with the API's v2 add-server-resources call
            once the service is available.
          - Sent only when the module creates the service. No read returns a service's server resources, so on an
            existing service the module cannot tell whether they are there already; it sends nothing and warns.
        type: list
        elements: dict
        suboptions:
          availability_zone_id:
            description:
              - ID of the availability zone the load balancer is in.
            type: str
          resource_id:
            description:
              - ID of the load balancer (ELB instance).
            type: str
            required: true
      server_type:
        description:
          - Type of the backend resource.
          - Required to create a service. Fixed at creation.
        type: str
        choices: [VM, LB, VIP]
      service_type:
        description:
          - Type of the service. Only V(interface) services can be created.
          - If not set, the API default V(interface) applies at creation. Fixed at creation.
        type: str
        choices: [interface]
      snat_network_id:
        description:
          - ID of the network used for source NAT. Required when O(services[].ip_version=ipv6).
          - Fixed at creation. No read returns it, so it is sent at creation and never compared afterwards.
        type: str
      state:
        description:
          - Whether the service should exist.
        type: str
        default: present
        choices: [present, absent]
      tags:
        description:
          - Tags of the service as a dictionary, at most 20 (the current API reference and SDK; the older create page
            said 10).
          - Keys are 1 to 128 characters, values at most 255; neither may contain C(= * < > \ , | /) or a control
            character (a NUL, a newline, a tab), nor start or end with a space or other whitespace.
          - Values are strings; numbers are sent as their digits and booleans as V(true) or V(false). A dictionary or
            list as a value fails, naming the key.
          - The key C(hwcloud-vpcep-create-token) is reserved for the creation token (see the notes) and refused.
          - If not set, the tags are left alone.
        type: dict
      tcp_proxy:
        description:
          - How client information (source IP, port, marker ID) is passed to the server.
          - V(close) passes nothing, V(toa_open) uses TCP TOA, V(proxy_open) uses Proxy Protocol, V(open) uses both.
          - If not set, the API default V(close) applies at creation and the setting is left alone on update.
        type: str
        choices: [close, toa_open, proxy_open, open]
      vpc_id:
        description:
          - ID of the VPC of the backend resource.
          - Required to create a service. Fixed at creation.
        type: str
      wait:
        description:
          - Default O(wait) (the task's option of that name).
          - Whether to wait after a create or update until the service is C(available), and after a delete until it
            is gone.
          - A service that ends in status C(failed) fails the task with the API's error details.
          - With V(false), a new service with O(services[].permissions) is still waited for until C(available), because the API
            adds permissions only then.
        type: bool
      wait_timeout:
        description:
          - Default O(wait_timeout) (the task's option of that name).
          - How many seconds to wait when O(services[].wait=true), V(1) to V(86400) (a day); another value fails before any
            request.
          - Also bounds how long an unanswered create is looked for (at most 60 seconds).
        type: int
  wait:
    description:
      - Whether to wait for each service, as O(hwcloud.vpcep.vpcep_service#module:wait) does, for the entries that
        do not set O(services[].wait).
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds an entry waits when it waits, V(1) to V(86400), for the entries that do not set
        O(services[].wait_timeout); another value fails before any request.
    type: int
    default: 600
notes:
  - Each entry follows the notes of M(hwcloud.vpcep.vpcep_service) - among them the creation token that proves a
    run's own create, and the rule that a run deletes, renames or changes only what the entry names by id, what
    existed before the run began, or what it can prove it created. Two runs of the same list at once end with one
    service per entry.
  - The roles C(hwcloud.vpcep.endpoint_services) converges its list with this module.
seealso:
  - module: hwcloud.vpcep.vpcep_service
  - module: hwcloud.vpcep.vpcep_connection
  - module: hwcloud.vpcep.vpcep_quota_info
'''

EXAMPLES = r'''
- name: Converge three services in one task, accepting a partner's connections to the first
  hwcloud.vpcep.vpcep_services:
    region: cn-north-4
    services:
      - name: billing-api
        vpc_id: 4189d3c2-8882-4871-a3c2-d380272eed80
        port_id: 4189d3c2-8882-4871-a3c2-d380272eed88
        server_type: LB
        ports:
          - client_port: 443
            server_port: 8443
        permissions:
          - iam:domain::0b2f3e8a8d00f3c30f1dc00e4fa9d4c4
        accept_domains:
          - 0b2f3e8a8d00f3c30f1dc00e4fa9d4c4
      - name: search-api
        vpc_id: 4189d3c2-8882-4871-a3c2-d380272eed80
        port_id: 4189d3c2-8882-4871-a3c2-d380272eed89
        server_type: VM
        ports:
          - client_port: 80
            server_port: 8080
        wait_timeout: 60
      - name: legacy-api
        state: absent
  register: converged

- name: Show the full name consumers connect to, per service
  ansible.builtin.debug:
    msg: "{{ converged.services | map(attribute='service') | map(attribute='service_name', default='') | list }}"
'''

RETURN = r'''
errors:
  description:
    - Each rule the list breaks, one message per entry, option and rule (the task then fails before any write).
  returned: when the list breaks a rule
  type: list
  elements: str
  sample:
    - "services[1].name: must be at most 16 characters long (got 17)"
quota:
  description:
    - The quota that the services to create would exceed (the task then fails before any write).
  returned: when the quota refuses the list
  type: dict
  sample:
    quota: 20
    to_create: 3
    type: endpoint_service
    used: 19
services:
  description:
    - One result per entry of O(services), in the same order, each what M(hwcloud.vpcep.vpcep_service) returns for
      it, with the results of the entry's accept steps.
    - Also returned when the task fails, the failed entries with RV(services[].failed=true) and their error.
    - Not returned when the task fails before any entry runs (a list that breaks a rule, two entries for one listed
      service, a listing that fails, the quota); the task's RV(ignore:msg) then says why and nothing was changed.
  returned: always, except when the task fails before any entry runs
  type: list
  elements: dict
  contains:
    accepted_domains:
      description:
        - The result of accepting the connections of O(services[].accept_domains), what
          M(hwcloud.vpcep.vpcep_connection) returns, with its own RV(services[].accepted_domains.changed),
          RV(services[].accepted_domains.failed) and RV(services[].accepted_domains.msg).
      returned: when the entry lists accept_domains and its service exists
      type: dict
      contains:
        changed:
          description: Whether a connection was accepted.
          returned: always
          type: bool
        connections:
          description: Every connection of VPC endpoints to the service after the step, as vpcep_connection returns them.
          returned: success
          type: list
          elements: dict
        diff:
          description: The step's diff, with --diff.
          returned: with --diff
          type: dict
        failed:
          description: Whether the step failed.
          returned: always
          type: bool
        msg:
          description: Why the step failed.
          returned: failure
          type: str
    accepted_endpoints:
      description:
        - The result of accepting the connections of O(services[].accept_connections), as for
          RV(services[].accepted_domains).
      returned: when the entry lists accept_connections and its service exists
      type: dict
      contains:
        changed:
          description: Whether a connection was accepted.
          returned: always
          type: bool
        connections:
          description: Every connection of VPC endpoints to the service after the step, as vpcep_connection returns them.
          returned: success
          type: list
          elements: dict
        diff:
          description: The step's diff, with --diff.
          returned: with --diff
          type: dict
        failed:
          description: Whether the step failed.
          returned: always
          type: bool
        msg:
          description: Why the step failed.
          returned: failure
          type: str
    action:
      description:
        - What the entry does to its service, the same in check mode and in a real run - V(create), V(update),
          V(replace) (a field the API fixes at creation differs; check mode reports it, a real run fails naming the
          fields and changes nothing), V(delete) or V(none).
        - Also returned when a real run fails because the plan is a replacement.
      returned: success, and a failure for a replacement
      type: str
      sample: update
    changed:
      description: Whether the entry changed its service (M(hwcloud.vpcep.vpcep_service)'s C(changed)).
      returned: always
      type: bool
    changes:
      description:
        - What the entry changes, one item per option that differs, sorted by option name - for V(create) each option
          the task sets (before V(null)), for V(delete) each managed option as found and the V(id) (after V(null)),
          empty for V(none).
        - O(services[].tags) and O(services[].permissions) are named key by key - V(tags.env) with the tag's values,
          V(permissions.iam:domain::<id>) with the permission's description (V("") when it has none).
        - Values as the diff shows them (RV(services[].changes[].field) names the same key there). Never a credential
          nor the creation token tag.
      returned: success, and a failure for a replacement
      type: list
      elements: dict
      sample:
        - field: tags.env
          before: dev
          after: prod
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
      description: The entry's diff (C(before) and C(after)), as M(hwcloud.vpcep.vpcep_service) returns it.
      returned: with --diff
      type: dict
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
      description: Whether the entry failed; its service's converge only (its accept steps carry their own).
      returned: always
      type: bool
    msg:
      description: Why the entry failed, as M(hwcloud.vpcep.vpcep_service) says it.
      returned: failure
      type: str
    service:
      description:
        - The endpoint service as the API's show call returns it, plus RV(services[].service.name) and RV(services[].service.tags) as a
          dictionary; fields without a value are left out. A service found by name, or just created, also carries what
          only the list call returns (RV(services[].service.domain_id), RV(services[].service.connection_count),
          RV(services[].service.public_border_group)).
        - In check mode, the predicted service.
        - An empty dictionary when the service is absent.
      returned: always, except for an entry that failed before its service was found or made
      type: dict
      sample:
        approval_enabled: false
        created_at: "2022-04-14T09:35:47Z"
        description: ""
        id: 4189d3c2-8882-4871-a3c2-d380272eed83
        name: web
        port_id: 4189d3c2-8882-4871-a3c2-d380272eed88
        ports:
          - client_port: 8080
            protocol: TCP
            server_port: 80
        project_id: 6e9dfd51d1124e8d8498dce894923a0d
        server_type: LB
        service_name: cn-north-4.web.4189d3c2-8882-4871-a3c2-d380272eed83
        service_type: interface
        status: available
        tags:
          env: prod
        tcp_proxy: close
        updated_at: "2022-04-14T09:36:47Z"
        vpc_id: 4189d3c2-8882-4871-a3c2-d380272eed80
      contains:
        approval_enabled:
          description: Whether connections from VPC endpoints need approval.
          returned: success and the service exists
          type: bool
          sample: false
        cidr_type:
          description: Type of the CIDR block of the service, V(internal) (the API's default) or V(public), when the API
            reports it (show answers only).
          returned: when reported by the API
          type: str
          sample: internal
        connection_count:
          description: Number of VPC endpoints connected to the service (list answers only; a service found by name).
          returned: when reported by the API
          type: int
          sample: 0
        created_at:
          description: When the service was created (UTC, C(YYYY-MM-DDTHH:MM:SSZ)).
          returned: success and the service exists, except in check mode for a new service
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
          returned: success and the service exists, except in check mode for a new service
          type: str
          sample: 4189d3c2-8882-4871-a3c2-d380272eed83
        ip:
          description: IPv4 address or domain name of the interface VPC endpoint in VLAN scenarios.
          returned: when set
          type: str
          sample: 192.168.0.10
        name:
          description:
            - Short name of the service, the name given at creation or rename.
            - Derived from RV(services[].service.service_name), which the API returns as C(region.name.id).
            - An empty string for a service without a name.
          returned: success and the service exists
          type: str
          sample: web
        permissions:
          description:
            - Whitelist records of the service, sorted by permission.
            - The owner's own account record is included when the API lists it.
          returned: when O(services[].permissions) is given
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
          returned: success and the service exists
          type: str
          sample: 4189d3c2-8882-4871-a3c2-d380272eed88
        ports:
          description: Port mappings of the service.
          returned: success and the service exists
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
          returned: success and the service exists, except in check mode for a new service
          type: str
          sample: 6e9dfd51d1124e8d8498dce894923a0d
        public_border_group:
          description: Public border group of the service's pool (list answers only; a service found by name).
          returned: when reported by the API
          type: str
          sample: center
        server_type:
          description: Type of the backend resource.
          returned: success and the service exists
          type: str
          sample: LB
        service_name:
          description:
            - Full name of the service as the API returns it, C(region.name.id), or C(region.id) without a name.
            - In check mode for a new service, the short name.
          returned: success and the service exists
          type: str
          sample: cn-north-4.web.4189d3c2-8882-4871-a3c2-d380272eed83
        service_type:
          description: Type of the service.
          returned: success and the service exists
          type: str
          sample: interface
        status:
          description: Status of the service, one of V(creating), V(available), V(failed) and V(deleting).
          returned: success and the service exists
          type: str
          sample: available
        supported_editions:
          description: Editions the service supports, V(basic) and, once upgraded, V(profession) (see O(services[].edition)).
          returned: when reported by the API
          type: list
          elements: str
          sample: [basic]
        tags:
          description: Tags of the service as a dictionary.
          returned: success and the service exists
          type: dict
          sample:
            env: prod
        tcp_proxy:
          description: How client information is passed to the server.
          returned: success and the service exists
          type: str
          sample: close
        updated_at:
          description: When the service was last updated (UTC, C(YYYY-MM-DDTHH:MM:SSZ)).
          returned: when reported by the API
          type: str
          sample: "2022-04-14T09:36:47Z"
        vpc_id:
          description: ID of the VPC of the backend resource.
          returned: success and the service exists
          type: str
          sample: 4189d3c2-8882-4871-a3c2-d380272eed80
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils import entries, limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service
from ansible_collections.hwcloud.vpcep.plugins.module_utils.fleets import ServiceFleet


def argument_spec():
    """Return the module's own options: each entry takes vpcep_service's (its wait options default to the task's)."""
    entry = endpoint_service.argument_spec()
    entry.update(entries.ACCEPT_SPEC)
    for name in ServiceFleet.inherited:
        entry[name] = dict((k, v) for k, v in entry[name].items() if k != 'default')
    return dict(
        concurrency=dict(type='int', default=limits.CONCURRENCY.default),
        services=dict(type='list', elements='dict', required=True, options=entry),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=limits.WAIT_TIMEOUT.default),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: ServiceFleet(context).run())


if __name__ == '__main__':
    main()
