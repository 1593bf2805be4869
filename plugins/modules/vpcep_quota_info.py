#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_quota_info
short_description: Read the Huawei Cloud VPC Endpoint quotas of a project
version_added: 0.1.0
description:
  - Return how many endpoint services and VPC endpoints the project uses and may have, with one request.
  - M(hwcloud.vpcep.vpcep_service) and M(hwcloud.vpcep.vpcep_endpoint) name the quota themselves when a create is
    refused because it is used up.
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
  type:
    description:
      - Only this quota. If not set, both.
    type: str
    choices: [endpoint_service, endpoint]
seealso:
  - module: hwcloud.vpcep.vpcep_service
  - module: hwcloud.vpcep.vpcep_endpoint
'''

EXAMPLES = r'''
- name: Read the quotas
  hwcloud.vpcep.vpcep_quota_info:
  register: quotas

- name: Stop before a bulk create that would not fit
  ansible.builtin.assert:
    that: quotas.quotas.endpoint.available >= 10
    fail_msg: "Only {{ quotas.quotas.endpoint.available }} VPC endpoints left in this project's quota."
'''

RETURN = r'''
quotas:
  description: The quotas by type, C(endpoint_service) and C(endpoint).
  returned: always
  type: dict
  sample:
    endpoint:
      available: 45
      quota: 50
      used: 5
    endpoint_service:
      available: 18
      quota: 20
      used: 2
  contains:
    endpoint:
      description: VPC endpoints of the project.
      returned: when reported by the API
      type: dict
      contains:
        available:
          description: How many more may be created (C(quota - used), never below 0).
          returned: always
          type: int
        quota:
          description: How many the project may have.
          returned: always
          type: int
        used:
          description: How many the project has.
          returned: always
          type: int
    endpoint_service:
      description: Endpoint services of the project, with the same keys as RV(quotas.endpoint).
      returned: when reported by the API
      type: dict
      contains:
        available:
          description: How many more may be created (C(quota - used), never below 0).
          returned: always
          type: int
        quota:
          description: How many the project may have.
          returned: always
          type: int
        used:
          description: How many the project has.
          returned: always
          type: int
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.quotas import read_quotas


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return dict(
        type=dict(type='str', choices=['endpoint_service', 'endpoint']),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: Outcome(False, quotas=read_quotas(context, context.params.get('type'))))


if __name__ == '__main__':
    main()
