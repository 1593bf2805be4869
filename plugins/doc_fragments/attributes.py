# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    """What the attributes every hwcloud.vpcep module documents mean; each module says how far it supports them."""

    DOCUMENTATION = r'''
attributes:
  action_group:
    description: Use C(group/hwcloud.vpcep.vpcep) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - hwcloud.vpcep.vpcep
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
'''
