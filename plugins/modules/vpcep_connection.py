#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_connection
short_description: Accept or reject VPC endpoint connections to a Huawei Cloud VPC endpoint service
version_added: 0.1.0
description:
  - Accept or reject the connections of VPC endpoints to a VPC endpoint service of Huawei Cloud VPC Endpoint (VPCEP).
    A service with approval enabled (the API's default) keeps every consumer's VPC endpoint in status
    C(pendingAcceptance) until its owner accepts it.
  - The service is identified by O(service_id), or else by its exact O(service_name).
  - The connections are chosen by VPC endpoint id with O(endpoints), or by the consumer's account with O(domain_ids).
  - The module reads the service's connections and acts only on those not already in the requested O(state), with
    one accept or reject request per VPC endpoint, as the API requires. A re-run changes nothing.
author:
  - hwcloud.vpcep contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.vpcep.attributes
  - hwcloud.vpcep.auth
attributes:
  check_mode:
    support: full
    details:
      - Only read requests are sent. RV(connections) holds the predicted connections.
  diff_mode:
    support: full
    details:
      - Shows the status of each selected connection before and after, keyed by VPC endpoint id, and its description
        when O(description) is given.
options:
  current_status:
    description:
      - Act only on the selected connections whose current status is this one; the others are left alone with a
        warning. For example V(pendingAcceptance) with O(domain_ids) accepts an account's new connections without
        accepting again those that were rejected.
    type: str
    choices: [pendingAcceptance, accepted, rejected, creating, failed, deleting]
  description:
    description:
      - Description to set on the selected connections, at most 512 characters, without C(<) or C(>).
      - V("") clears it. If not set, the descriptions are left alone.
      - Set with one request for all the connections whose description differs, before any accept or reject.
    type: str
  domain_ids:
    description:
      - Select every connection from VPC endpoints of these accounts (domain ids).
      - An account without a connection to the service fails the task before anything is changed, naming it and
        listing the connections that exist; with O(require_match=false) it only gets a warning.
      - Connections from these accounts that cannot be accepted or rejected (status C(failed) or C(deleting)) are
        left alone with a warning.
      - Exactly one of O(endpoints) and O(domain_ids) is required. An empty list selects nothing.
      - Each is 1 to 64 letters and digits.
    type: list
    elements: str
  endpoints:
    description:
      - IDs of the VPC endpoints whose connections to act on.
      - An id that is not connected to the service fails the task before anything is changed; the message lists the
        connections that exist.
      - Exactly one of O(endpoints) and O(domain_ids) is required. An empty list selects nothing.
      - Each is 1 to 64 letters, digits and C(-), and not one of the API's path words (C(describe), C(public), ...),
        checked before any request.
    type: list
    elements: str
  require_match:
    description:
      - Whether every account in O(domain_ids) must have at least one VPC endpoint connected to the service.
      - With V(true), an account without a connection fails the task before any accept or reject, so a typo in a
        domain id or a consumer that has not connected yet does not pass as a successful run that accepted nothing.
      - With V(false), the accounts without a connection are skipped with a warning.
      - O(endpoints) always fail on an id that is not connected to the service, whatever this option says.
    type: bool
    default: true
  service_id:
    description:
      - ID of the endpoint service.
      - Exactly one of O(service_id) and O(service_name) is required.
    type: str
  service_name:
    description:
      - Short name of the endpoint service, as given at creation (exact, case-sensitive match). The module fails when
        several services carry this name; use O(service_id) then.
      - Exactly one of O(service_id) and O(service_name) is required.
    type: str
  sort_dir:
    description:
      - Sort direction of RV(connections), applied by the API.
    type: str
    choices: [asc, desc]
  sort_key:
    description:
      - Field to sort RV(connections) by, applied by the API (its default is the creation time, newest first).
    type: str
    choices: [create_at, update_at]
  state:
    description:
      - The status the selected connections should have.
      - V(accepted) accepts them (the API's C(receive) action), V(rejected) rejects them (C(reject)).
    type: str
    required: true
    choices: [accepted, rejected]
  wait:
    description:
      - Whether to wait until each selected connection has reached O(state). An accept may pass through status
        C(creating) first.
      - A connection that ends in status C(failed) fails the task.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true), and for an accept under way to finish before a reject.
      - V(1) to V(86400) (a day); another value fails before any request.
    type: int
    default: 600
notes:
  - A connection in status C(creating) is on its way to C(accepted). With O(state=accepted) it is not acted on again.
    With O(state=rejected), the module first waits (up to O(wait_timeout), also with O(wait=false)) until the accept
    has finished, because the API refuses to reject it before.
  - If an accept or reject request fails, the task fails with a message naming the VPC endpoints already changed and
    those not changed, reports C(changed=true) when any were, and returns the connections as last known. A request
    without a clear answer (a lost connection, a timeout, a 5xx) is not repeated; the module reads the connections
    to find out whether it went through, and C(changed) follows what that read shows (C(true) when the read fails
    too). A description request that fails after it may have taken effect reports C(changed=true).
seealso:
  - module: hwcloud.vpcep.vpcep_service
  - module: hwcloud.vpcep.vpcep_service_info
'''

EXAMPLES = r'''
- name: Accept a consumer's VPC endpoint
  hwcloud.vpcep.vpcep_connection:
    service_name: web
    endpoints:
      - 705290f3-0d00-41f2-aedc-71f09844e879
    state: accepted

- name: Accept every connection from two partner accounts, with a description
  hwcloud.vpcep.vpcep_connection:
    service_id: 4189d3c2-8882-4871-a3c2-d380272eed83
    domain_ids:
      - 0b2f3e8a8d00f3c30f1dc00e4fa9d4c4
      - 1564ec50ef2a47c791ea5536353ed4b9
    state: accepted
    description: partner access, ticket 4711

- name: Find the connections that wait for approval
  hwcloud.vpcep.vpcep_service_info:
    name: web
    include_connections: true
  register: web

- name: Accept them all
  hwcloud.vpcep.vpcep_connection:
    service_name: web
    endpoints: "{{ web.services[0].connections | selectattr('status', 'equalto', 'pendingAcceptance') | map(attribute='id') }}"
    state: accepted

- name: Reject a VPC endpoint without waiting
  hwcloud.vpcep.vpcep_connection:
    service_name: web
    endpoints:
      - 705290f3-0d00-41f2-aedc-71f09844e879
    state: rejected
    wait: false
'''

RETURN = r'''
connections:
  description:
    - Every connection of VPC endpoints to the service after the change, not only the selected ones, in the API's order
      (newest first).
    - In check mode, the predicted connections. With O(wait=false), an accepted connection may still show status
      V(creating).
    - When the task fails after the connections were read, the connections as last known.
  returned: success, and on failure once the connections were read
  type: list
  elements: dict
  sample:
    - description: partner access
      domain_id: 0b2f3e8a8d00f3c30f1dc00e4fa9d4c4
      id: 705290f3-0d00-41f2-aedc-71f09844e879
      marker_id: 16777337
      status: accepted
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
      sample: partner access
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
      sample: 705290f3-0d00-41f2-aedc-71f09844e879
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
endpoints_done:
  description: IDs of the VPC endpoints this task accepted or rejected before a request failed.
  returned: when an accept or reject request fails
  type: list
  elements: str
  sample:
    - 705290f3-0d00-41f2-aedc-71f09844e879
endpoints_not_done:
  description: IDs of the VPC endpoints not accepted or rejected because a request failed, the failed one first.
  returned: when an accept or reject request fails
  type: list
  elements: str
  sample:
    - 9a6f2f1c-5d2e-4b7e-9d61-1f0a3c4b5d6e
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_connection import Approvals, ensure

STATUSES = ['pendingAcceptance', 'accepted', 'rejected', 'creating', 'failed', 'deleting']


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return dict(
        current_status=dict(type='str', choices=STATUSES),
        description=dict(type='str'),
        domain_ids=dict(type='list', elements='str'),
        endpoints=dict(type='list', elements='str'),
        require_match=dict(type='bool', default=True),
        service_id=dict(type='str'),
        service_name=dict(type='str'),
        sort_dir=dict(type='str', choices=['asc', 'desc']),
        sort_key=dict(type='str', choices=['create_at', 'update_at']),
        state=dict(type='str', required=True, choices=['accepted', 'rejected']),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=limits.WAIT_TIMEOUT.default),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True, **Approvals.argument_rules)
    module.run(ensure)


if __name__ == '__main__':
    main()
