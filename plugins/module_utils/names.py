# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An endpoint service's names, as every declaration sees them: shared, so no declaration imports another.

The API answers with a service's full name `region.name.id` (the name its owner hands out to consumers);
users give the short `name`. A service is found by id or by its exact short name (the API's name filter is
fuzzy), and a consumer resolves a full name (or an id) to the service with the describe call, which also
answers for services of other accounts. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.engine import Resource

SERVICES_PATH = '/v1/{project_id}/vpc-endpoint-services'
DESCRIBE_PATH = api_path(SERVICES_PATH, 'describe')


def short_name(service_name, service_id=None):
    """Return the name a user gave from the API's full `region.name.id` form (also `region.id` and bare names)."""
    if not service_name:
        return ''
    parts = service_name.split('.')
    if len(parts) == 1:
        # The seed pages show the bare name.
        return service_name
    if service_id and parts[-1] != service_id:
        # Not the documented shape; the region is still the first part.
        return '.'.join(parts[1:])
    return '.'.join(parts[1:-1])


def renamed(service_name, new_name, service_id=None):
    """Return the full name a rename to `new_name` leaves: the region and the id kept (a bare name is replaced)."""
    if not service_name or '.' not in service_name:
        return new_name
    parts = service_name.split('.')
    service_id = service_id or parts[-1]
    return '%s.%s.%s' % (parts[0], new_name, service_id) if new_name else '%s.%s' % (parts[0], service_id)


def id_of(full_name):
    """Return the id a full name `region.name.id` ends with (the whole value when it has no dot)."""
    return full_name.rsplit('.', 1)[-1]


def with_short_name(answer):
    """Return a service answer without None values, with `name`, the short name of its full `service_name`."""
    result = dict((k, v) for k, v in answer.items() if v is not None)
    result['name'] = short_name(answer.get('service_name'), answer.get('id'))
    return result


class NamedService(Resource):
    """An endpoint service of this project, found by id or by its exact short name (params `id` and `name`).

    The endpoint service declaration adds what it manages; the connection approvals find their service with it.
    """

    noun = 'endpoint service'
    path = SERVICES_PATH
    list_key = 'endpoint_services'

    def label(self):
        if self.params.get('id'):
            return 'endpoint service %s' % self.params['id']
        return 'endpoint service %r' % self.params.get('name')

    def identity_filters(self):
        return {'endpoint_service_name': self.params.get('name')}

    def matches_identity(self, answer):
        return short_name(answer.get('service_name'), answer.get('id')) == self.params.get('name')

    def ambiguity_message(self, ids):
        return ('Found %d endpoint services named %r (ids: %s); names are not unique, give the id option to choose one.'
                % (len(ids), self.params.get('name'), ', '.join(ids)))

    def check_hint(self):
        return 'hwcloud.vpcep.vpcep_service_info with name: %s' % self.params.get('name')


def describe_service(context, full_name=None, service_id=None):
    """Return the describe answer for a service's full name (region.name.id) or id, None when the API has none for us."""
    what = full_name or service_id
    with doing('describing endpoint service %s' % what):
        try:
            answer = context.client.get(DESCRIBE_PATH, params={'endpoint_service_name': full_name, 'id': service_id})
        except ApiError as error:
            if error.status == 404:
                return None
            raise
    if not isinstance(answer, dict) or not answer.get('id'):
        return None
    if not _is_about(answer, full_name, service_id):
        raise ResourceError('Describing endpoint service %s answered the service %s (%s), not that one; check the name '
                            'or id, and that endpoint is the VPCEP API.'
                            % (what, validate.shown(answer.get('id')), validate.shown(answer.get('service_name'))))
    return with_short_name(answer)


def _is_about(answer, full_name, service_id):
    """Tell whether a describe answer is about the service asked for (by id, or by the full name region.name.id)."""
    if service_id is not None:
        return answer.get('id') == service_id
    return answer.get('service_name') == full_name or answer.get('id') == id_of(full_name)
