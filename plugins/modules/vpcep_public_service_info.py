#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_public_service_info
short_description: Describe any Huawei Cloud VPC endpoint service, or list the cloud's public ones
version_added: 0.1.0
description:
  - With O(describe), return the one endpoint service with that full name C(region.name.id) or id, also another
    account's service that this account may connect to. A consumer checks the name an owner handed out with it
    before creating an endpoint (M(hwcloud.vpcep.vpcep_endpoint)).
  - Without O(describe), list the cloud's own public endpoint services (OBS, DNS, ...), optionally filtered.
  - Never fails because nothing matches; RV(services) is then empty. A service the account may not connect to
    cannot be described and gives an empty list.
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
      - How many pages of public services to read at once after the first, V(1) to V(32); another value fails
        before any request.
      - Pages after the first are read in waves of at most this many; the first short or empty page ends the
        listing, whatever C(total_count) the API claims.
    type: int
    default: 8
  describe:
    description:
      - Full name C(region.name.id) or id of one endpoint service to describe. The other filters are then ignored.
    type: str
  id:
    description:
      - Only the public service with this id.
    type: str
  name:
    description:
      - Only the public services whose name contains this text (the API's fuzzy filter).
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
seealso:
  - module: hwcloud.vpcep.vpcep_endpoint
'''

EXAMPLES = r'''
- name: Check the service name a partner handed out
  hwcloud.vpcep.vpcep_public_service_info:
    describe: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
  register: offered

- name: Fail early when this account may not connect to it
  ansible.builtin.assert:
    that: offered.services | length == 1
    fail_msg: Ask the owner to allow this account in the service's permissions.

- name: Find the cloud's OBS endpoint service
  hwcloud.vpcep.vpcep_public_service_info:
    name: obs
  register: obs
'''

RETURN = r'''
services:
  description:
    - The described service, or the matching public services, with RV(services[].name) (the short name) added.
  returned: always
  type: list
  elements: dict
  contains:
    created_at:
      description: When the service was created.
      returned: when reported by the API
      type: str
    enable_policy:
      description: Whether endpoints to it may carry a policy.
      returned: when reported by the API
      type: bool
    id:
      description: ID of the service.
      returned: always
      type: str
    is_charge:
      description: Whether endpoints to it are charged.
      returned: when reported by the API
      type: bool
    name:
      description: Short name of the service, the middle part of RV(services[].service_name).
      returned: always
      type: str
    owner:
      description: Owner of a public service.
      returned: for public services, when reported by the API
      type: str
    public_border_group:
      description: Public border group of the service (described services).
      returned: when reported by the API
      type: str
    service_name:
      description: Full name of the service, C(region.name.id).
      returned: always
      type: str
    service_type:
      description: Type of the service, V(interface) or V(gateway).
      returned: always
      type: str
  sample:
    - created_at: "2026-12-01T09:35:47Z"
      id: 4189d3c2-8882-4871-a3c2-d380272eed83
      is_charge: false
      name: orders-api
      service_name: cn-north-4.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
      service_type: interface
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.public_service import query


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return dict(
        concurrency=dict(type='int', default=limits.CONCURRENCY.default),
        describe=dict(type='str'),
        id=dict(type='str'),
        name=dict(type='str'),
        sort_dir=dict(type='str', choices=['asc', 'desc']),
        sort_key=dict(type='str', choices=['create_at', 'update_at']),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: Outcome(False, services=query(context)))


if __name__ == '__main__':
    main()
