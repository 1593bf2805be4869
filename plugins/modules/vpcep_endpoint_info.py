#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_endpoint_info
short_description: List Huawei Cloud VPC endpoints of a project
version_added: 0.1.0
description:
  - Return the VPC endpoints of a project, optionally filtered by id, endpoint service name, VPC, status and tags.
  - Pages through all results with the largest page the API allows (1000); the pages after the first are read
    concurrently.
  - The API filters by service name (fuzzily), VPC and tags; the module then keeps exact service-name matches and
    filters by status, which the API's list call cannot.
  - Never fails because nothing matches; RV(endpoints) is then empty.
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
      - How many pages to read at once after the first. V(1) reads one after another; at most V(32), a larger
        value fails before any request.
      - Pages after the first are read in waves of at most this many; the first short or empty page ends the
        listing, whatever C(total_count) the API claims.
    type: int
    default: 8
  endpoint_service_name:
    description:
      - Only the endpoints connected to this service, given by its full name C(region.name.id) (exact match) or by
        its short name (exact match on the middle part).
    type: str
  id:
    description:
      - ID of the endpoint to return. Read with one request; an unknown id gives an empty list.
    type: str
  not_tags:
    description:
      - Leave out the endpoints that carry all these tags (same value forms as O(tags)).
    type: dict
  not_tags_any:
    description:
      - Leave out the endpoints that carry any of these tags (same value forms as O(tags)).
    type: dict
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
      - Only the endpoints in this status.
    type: str
    choices: [creating, pendingAcceptance, accepted, rejected, failed, deleting]
  tags:
    description:
      - Only the endpoints that carry all these tags, filtered by the API.
      - A value is a string, a list of strings (any of them) or V("") (any value of that key).
      - Each of O(tags), O(tags_any), O(not_tags) and O(not_tags_any) takes at most 10 keys, each with at most 10
        values, as the API does; more fails before any request. M(hwcloud.vpcep.vpcep_tag_info) lists the keys and
        values the project's endpoints carry.
    type: dict
  tags_any:
    description:
      - Only the endpoints that carry any of these tags (same value forms as O(tags)).
    type: dict
  vpc_id:
    description:
      - Only the endpoints in this VPC.
    type: str
seealso:
  - module: hwcloud.vpcep.vpcep_endpoint
'''

EXAMPLES = r'''
- name: List every VPC endpoint of the project
  hwcloud.vpcep.vpcep_endpoint_info:
  register: all_endpoints

- name: The endpoints to a partner's service that still wait for approval
  hwcloud.vpcep.vpcep_endpoint_info:
    endpoint_service_name: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
    status: pendingAcceptance
  register: waiting

- name: The endpoints of one app in one VPC
  hwcloud.vpcep.vpcep_endpoint_info:
    vpc_id: 0b2f3e8a-0d00-41f2-aedc-71f09844e879
    tags:
      app: checkout
'''

RETURN = r'''
endpoints:
  description:
    - The matching VPC endpoints, in the shape M(hwcloud.vpcep.vpcep_endpoint) returns one, in the API's order.
    - Read by O(id), an endpoint is the show call's answer, as M(hwcloud.vpcep.vpcep_endpoint) returns it. Listed,
      endpoints carry the list call's fields, which lack C(ipv6_address), C(enable_status) and
      C(specification_name) (the API's list model); read one by O(id) for those.
    - Empty when nothing matches.
  returned: always
  type: list
  elements: dict
  sample:
    - endpoint_service_id: 4189d3c2-8882-4871-a3c2-d380272eed83
      endpoint_service_name: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
      id: 705290f3-0d00-41f2-aedc-71f09844e879
      ip: 172.16.0.12
      marker_id: 16777337
      status: accepted
      tags:
        app: checkout
      vpc_id: 0b2f3e8a-0d00-41f2-aedc-71f09844e879
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.vpc_endpoint import query


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return dict(
        concurrency=dict(type='int', default=limits.CONCURRENCY.default),
        endpoint_service_name=dict(type='str'),
        id=dict(type='str'),
        not_tags=dict(type='dict'),
        not_tags_any=dict(type='dict'),
        sort_dir=dict(type='str', choices=['asc', 'desc']),
        sort_key=dict(type='str', choices=['create_at', 'update_at']),
        status=dict(type='str', choices=['creating', 'pendingAcceptance', 'accepted', 'rejected', 'failed', 'deleting']),
        tags=dict(type='dict'),
        tags_any=dict(type='dict'),
        vpc_id=dict(type='str'),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: Outcome(False, endpoints=query(context)))


if __name__ == '__main__':
    main()
