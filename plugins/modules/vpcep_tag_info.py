#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
---
module: vpcep_tag_info
short_description: List the tag keys and values of a project's VPC endpoint services or VPC endpoints
version_added: 0.1.0
description:
  - Return every tag key that the project's endpoint services (or VPC endpoints) carry, each with all its values,
    with the API's project tags call (C(GET /v1/{project_id}/{resource_type}/tags)), one request.
  - Use it to build the tag filters of M(hwcloud.vpcep.vpcep_service_info) and M(hwcloud.vpcep.vpcep_endpoint_info)
    (O(hwcloud.vpcep.vpcep_service_info#module:tags) and the like), which take at most 10 keys of 10 values each.
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
  resource_type:
    description:
      - Whose tags, the project's endpoint services or its VPC endpoints.
    type: str
    default: endpoint_service
    choices: [endpoint_service, endpoint]
seealso:
  - module: hwcloud.vpcep.vpcep_service_info
  - module: hwcloud.vpcep.vpcep_endpoint_info
'''

EXAMPLES = r'''
- name: Which tags do the project's endpoint services carry?
  hwcloud.vpcep.vpcep_tag_info:
  register: service_tags

- name: List the services of every team that has one
  hwcloud.vpcep.vpcep_service_info:
    tags_any:
      team: "{{ service_tags.tags.team }}"
  when: "'team' in service_tags.tags"

- name: The tags of the project's VPC endpoints
  hwcloud.vpcep.vpcep_tag_info:
    resource_type: endpoint
  register: endpoint_tags
'''

RETURN = r'''
tags:
  description:
    - Each tag key of the resources of that type in the project, with the sorted list of every value it has on some
      resource (V("") for a tag without a value), the API's C({key, values}) entries as a dictionary.
    - A value list fits the tag filters of M(hwcloud.vpcep.vpcep_service_info) and
      M(hwcloud.vpcep.vpcep_endpoint_info) as it is (any of the values).
    - An empty dictionary when no resource has a tag.
  returned: always
  type: dict
  sample:
    env: [dev, prod]
    team: [payments]
'''

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import HwcloudModule
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.query import project_tags


def argument_spec():
    """Return the module's own options (the shared connection options are added by HwcloudModule)."""
    return dict(
        resource_type=dict(type='str', default='endpoint_service', choices=['endpoint_service', 'endpoint']),
    )


def main():
    """Run the module."""
    module = HwcloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    module.run(lambda context: Outcome(False, tags=project_tags(context, context.params['resource_type'])))


if __name__ == '__main__':
    main()
