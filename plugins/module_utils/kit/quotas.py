# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Quotas (layer 3): what a project may still create, and a refused create explained by the quota it hit.

No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError, doing

QUOTAS_PATH = '/v1/{project_id}/quotas'
QUOTA_TYPES = ('endpoint_service', 'endpoint')
NOUNS = {'endpoint_service': 'endpoint service', 'endpoint': 'VPC endpoint'}


def read_quotas(context, kind=None):
    """Return {type: {'used': n, 'quota': m, 'available': m - n}} for the project (one type, or all)."""
    with doing('reading the quotas'):
        answer = context.client.get(QUOTAS_PATH, params={'type': kind})
    resources = ((answer or {}).get('quotas') or {}).get('resources') or []
    result = {}
    for item in resources:
        if not isinstance(item, dict) or item.get('type') not in QUOTA_TYPES:
            continue
        used, quota = item.get('used'), item.get('quota')
        entry = {'used': used, 'quota': quota}
        if isinstance(used, int) and isinstance(quota, int):
            entry['available'] = max(quota - used, 0)
        result[item['type']] = entry
    return result


def explain_refusal(context, kind, error):
    """After a create was refused (4xx), raise a ResourceError naming the quota when it is used up; else return."""
    if not isinstance(error, ApiError) or error.status is None or not 400 <= error.status < 500 or error.status == 401:
        return
    try:
        entry = read_quotas(context, kind).get(kind)
    except ApiError:
        return
    if entry and isinstance(entry.get('used'), int) and isinstance(entry.get('quota'), int) and entry['used'] >= entry['quota']:
        raise ResourceError(
            'The %s quota of this project is used up (%d of %d in use), so the API refused the create (%s). Delete '
            '%ss you no longer need, or ask Huawei Cloud support for a higher quota; hwcloud.vpcep.vpcep_quota_info '
            'shows the quotas.' % (kind, entry['used'], entry['quota'], error.summary(), NOUNS[kind]),
            quota={'type': kind, 'used': entry['used'], 'quota': entry['quota']}, error=error.to_dict())
