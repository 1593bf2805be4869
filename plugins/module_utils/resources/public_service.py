# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Services seen from the consumer's side (layer 3): describe any service by full name or id, list public ones.

Describe works for services of other accounts that the caller may connect to, so a consumer
can check the name the owner handed out before it creates an endpoint. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ValidationError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.names import SERVICES_PATH, describe_service, with_short_name

PUBLIC_PATH = api_path(SERVICES_PATH, 'public')


def validate_params(params):
    """Return the broken rules of vpcep_public_service_info's params."""
    errors = validate.resource_id('id', params.get('id'))
    wanted = params.get('describe')
    if wanted is not None and '.' not in wanted:
        errors.extend(validate.resource_id('describe', wanted))
    elif wanted is not None and not validate.full_service_name(wanted):
        errors.append('describe: a full service name region.name.id (at most 128 letters, digits, ".", "_" and "-"), or an '
                      'id (got %s)' % validate.shown(wanted))
    errors.extend(validate.bounded('concurrency', params.get('concurrency')))
    return errors


def query(context):
    """Return the services vpcep_public_service_info asks for: one described service, or the public services."""
    params = context.params
    errors = validate_params(params)
    if errors:
        raise ValidationError(errors)
    wanted = params.get('describe')
    if wanted is not None:
        found = describe_service(context, full_name=wanted if '.' in wanted else None,
                                 service_id=None if '.' in wanted else wanted)
        return [found] if found else []
    filters = dict(endpoint_service_name=params.get('name'), id=params.get('id'), sort_key=params.get('sort_key'),
                   sort_dir=params.get('sort_dir'))
    with doing('listing public endpoint services'):
        items = context.client.paginate(PUBLIC_PATH, 'endpoint_services', params=filters, page_size=limits.PAGE_SIZE,
                                        workers=context.option('concurrency', 1))
        return [with_short_name(s) for s in items if isinstance(s, dict)]
