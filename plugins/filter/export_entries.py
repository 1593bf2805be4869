# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: export_entries
short_description: Turn what the info modules read into the entries of the roles' lists
version_added: 0.1.0
author:
  - hwcloud.vpcep contributors (@hwcloud)
description:
  - Turns the RV(hwcloud.vpcep.vpcep_service_info#module:services) of M(hwcloud.vpcep.vpcep_service_info) into entries
    of the role P(hwcloud.vpcep.endpoint_services#role)'s C(endpoint_services_list), or the
    RV(hwcloud.vpcep.vpcep_endpoint_info#module:endpoints) of M(hwcloud.vpcep.vpcep_endpoint_info) into entries of the
    role P(hwcloud.vpcep.endpoints#role)'s C(endpoints_list), so that running the role on them changes nothing.
  - The playbook C(hwcloud.vpcep.export) uses it to write both lists to a file.
  - An entry holds the fields the role manages, in a fixed order - the resource's identity and the fields a create
    needs first - with the API's values. A field at the API's default (an empty description, C(approval_enabled=true),
    C(tcp_proxy=close), no tags, ...) is left out, unless O(keep_defaults=true); a field left out is not managed by
    the role, so a later change of it is not reported.
  - Service entries are identified by C(name), or by C(id) instead for a service without a name and for services
    that share one (names are not unique, and the role refuses two entries of one name). C(ports) are sorted, with C(protocol) only when it is not
    V(TCP). C(tags) leave out the collection's creation token C(hwcloud-vpcep-create-token). C(permissions) are
    sorted and leave out the owner's own account record C(iam:domain::<domain_id>) (the service's C(domain_id), which
    list answers carry); a permission whose record has a description becomes a dictionary with C(permission) and
    C(description), others stay strings. C(edition) is written as V(professional) when C(supported_editions) has
    C(profession).
  - With O(accept_connections=true), a service that requires approval gets C(accept_connections), the ids of the VPC
    endpoints whose connections are C(accepted) in its C(connections) (read with
    O(hwcloud.vpcep.vpcep_service_info#module:include_connections=true)). Connections still waiting for approval are
    left out, so that the role does not accept them.
  - Endpoint entries name their service by C(endpoint_service_name), the full name C(region.name.id), or by
    C(endpoint_service_id) when the full name does not end with the service's id (a public service, a service
    without a name). C(id) is added to endpoints that the service, C(vpc_id) and C(subnet_id) do not tell apart.
    C(port_ip) is the endpoint's C(ip). C(enable_dns), C(whitelist) and C(enable_whitelist) are written for
    endpoints of interface services only, C(routetables) and C(policy_statement) for gateway services only,
    C(policy_document) for interface services only and only when it is not the API's default full access.
    C(ip_version=dualstack) goes with an C(ipv6_address).
  - Every resource given becomes an entry; select the ones at rest (services C(available), endpoints
    C(pendingAcceptance) or C(accepted)) before. The entries are sorted (services by name, endpoints by service, VPC
    and subnet), so that exporting the same resources again writes the same entries.
positional: kind
options:
  _input:
    description: The services or the VPC endpoints, as the info modules return them.
    type: list
    elements: dict
    required: true
  kind:
    description: What to make, the entries of C(endpoint_services_list) or of C(endpoints_list).
    type: str
    required: true
    choices: [endpoint_services, endpoints]
  accept_connections:
    description: Whether the entries of services that require approval list the VPC endpoints already accepted.
    type: bool
    default: true
  keep_defaults:
    description:
      - Whether fields at the API's default are written too, so that the role manages every field (a description
        added later in the console is then reported and removed).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Read the provider's services with their permissions and connections
  hwcloud.vpcep.vpcep_service_info:
    include_permissions: true
    include_connections: true
  register: found

- name: Converge them as they are (nothing changes)
  ansible.builtin.include_role:
    name: hwcloud.vpcep.endpoint_services
  vars:
    endpoint_services_list: >-
      {{ found.services | selectattr('status', 'equalto', 'available') | hwcloud.vpcep.export_entries('endpoint_services') }}
'''

RETURN = r'''
_value:
  description:
    - One entry per resource, sorted, each a dictionary with the role's option names.
  type: list
  elements: dict
'''

from collections import Counter
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_service import DOMAIN_PREFIX
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import MARKER_KEY

# The fields of a service entry after its identity (name, id) and the fields a create needs, in the entry's order,
# each with the API's value when a create leaves it out (None: the field has no default and is written when set).
# tests/unit/plugins/filter/test_export_entries.py holds these defaults against the modules' declarations.
SERVICE_FIELDS = (
    ('service_type', 'interface'),
    ('approval_enabled', True),
    ('description', ''),
    ('edition', 'basic'),
    ('enable_policy', False),
    ('ip', None),
    ('tcp_proxy', 'close'),
)
SERVICE_REQUIRED = ('vpc_id', 'port_id', 'server_type')
PORT_PROTOCOL = 'TCP'
# supported_editions has it once the service was upgraded (the SDK's value).
PROFESSIONAL = 'profession'
ENDPOINT_READY = 'accepted'


def _text(value):
    return value if isinstance(value, str) else None


def _tags(resource, keep_defaults):
    tags = resource.get('tags') or {}
    if not isinstance(tags, Mapping):
        # The API's own form, [{key, value}], in case a caller passes an answer as it is.
        tags = dict((t.get('key'), t.get('value')) for t in tags if isinstance(t, Mapping))
    tags = dict((str(k), '' if v is None else str(v)) for k, v in sorted(tags.items(), key=lambda kv: str(kv[0]))
                if k != MARKER_KEY)
    return tags if tags or keep_defaults else None


def _port_order(port):
    return int(port['client_port']), (port.get('protocol') or PORT_PROTOCOL).upper(), int(port['server_port'])


def _ports(ports, keep_defaults):
    result = []
    for port in sorted(ports or [], key=_port_order):
        entry = {'client_port': int(port['client_port']), 'server_port': int(port['server_port'])}
        protocol = (port.get('protocol') or PORT_PROTOCOL).upper()
        if protocol != PORT_PROTOCOL or keep_defaults:
            entry['protocol'] = protocol
        result.append(entry)
    return result


def _permissions(service, keep_defaults):
    if 'permissions' not in service:
        return None
    own = DOMAIN_PREFIX + service['domain_id'] if service.get('domain_id') else None
    result = []
    for record in sorted(service['permissions'] or [], key=lambda r: r.get('permission') or ''):
        permission = record.get('permission')
        if not permission or permission == own:
            continue
        description = _text(record.get('description'))
        result.append({'permission': permission, 'description': description} if description else permission)
    return result if result or keep_defaults else None


def _accepted(service):
    connections = service.get('connections') or []
    return sorted(c['id'] for c in connections if c.get('status') == ENDPOINT_READY and c.get('id')) or None


def _service_value(service, option):
    if option == 'edition':
        editions = service.get('supported_editions')
        if not isinstance(editions, list) or not editions:
            return None
        return 'professional' if PROFESSIONAL in editions else 'basic'
    return service.get(option)


def service_entry(service, with_id, accept_connections=True, keep_defaults=False):
    """Return the endpoint_services_list entry of one service as vpcep_service_info returns it."""
    # The role takes a service by name, or by id when the name does not tell it (none, or shared): then the name is
    # left out, since two entries of one name are refused and an id with a name renames.
    entry = {'id': service['id']} if with_id or not service.get('name') else {'name': service['name']}
    for option in SERVICE_REQUIRED:
        if service.get(option) is not None:
            entry[option] = service[option]
    entry['ports'] = _ports(service.get('ports'), keep_defaults)
    for option, default in SERVICE_FIELDS:
        value = _service_value(service, option)
        if value is not None and (value != default or keep_defaults):
            entry[option] = value
    optional = (('tags', _tags(service, keep_defaults)), ('permissions', _permissions(service, keep_defaults)))
    entry.update((k, v) for k, v in optional if v is not None)
    if accept_connections and service.get('approval_enabled', True) and _accepted(service):
        entry['accept_connections'] = _accepted(service)
    return entry


# -- VPC endpoints ---------------------------------------------------------------------------------------------------

def _full_access(document):
    """Tell whether a policy document is the API's default, full access (every statement allows * on *)."""
    statements = document.get('Statement') if isinstance(document, Mapping) else None
    if not isinstance(statements, list) or not statements:
        return False
    return all(isinstance(s, Mapping) and s.get('Effect') == 'Allow' and s.get('Action') in ('*', ['*'])
               and s.get('Resource') in ('*', ['*']) and not s.get('Condition') for s in statements)


def _service_ref(endpoint):
    """('endpoint_service_name', full name) when it ends with the service's id (region.name.id), else the id."""
    name, sid = _text(endpoint.get('endpoint_service_name')), endpoint.get('endpoint_service_id')
    if name and sid and name.count('.') >= 2 and name.endswith('.' + sid):
        return 'endpoint_service_name', name
    return 'endpoint_service_id', sid


def _interface_fields(endpoint, keep_defaults):
    fields = []
    whitelist = sorted(endpoint.get('whitelist') or [])
    for option, value, default in (('enable_dns', bool(endpoint.get('enable_dns')), False),
                                   ('enable_whitelist', bool(endpoint.get('enable_whitelist')), False),
                                   ('whitelist', whitelist, [])):
        if value != default or keep_defaults:
            fields.append((option, value))
    document = endpoint.get('policy_document')
    if document and not _full_access(document):
        fields.append(('policy_document', document))
    return fields


def _gateway_fields(endpoint):
    fields = []
    if endpoint.get('routetables'):
        fields.append(('routetables', sorted(endpoint['routetables'])))
    if endpoint.get('policy_statement'):
        fields.append(('policy_statement', endpoint['policy_statement']))
    return fields


def endpoint_entry(endpoint, with_id, keep_defaults=False):
    """Return the endpoints_list entry of one VPC endpoint as vpcep_endpoint_info returns it."""
    option, value = _service_ref(endpoint)
    entry = {option: value}
    if with_id:
        entry['id'] = endpoint['id']
    for option in ('vpc_id', 'subnet_id'):
        if endpoint.get(option):
            entry[option] = endpoint[option]
    if endpoint.get('ip'):
        entry['port_ip'] = endpoint['ip']
    if endpoint.get('ipv6_address'):
        entry.update(ip_version='dualstack', ipv6_address=endpoint['ipv6_address'])
    if endpoint.get('description') or keep_defaults:
        entry['description'] = endpoint.get('description') or ''
    interface = endpoint.get('service_type', 'interface') == 'interface'
    entry.update(_interface_fields(endpoint, keep_defaults) if interface else _gateway_fields(endpoint))
    tags = _tags(endpoint, keep_defaults)
    if tags is not None:
        entry['tags'] = tags
    return entry


# -- lists -----------------------------------------------------------------------------------------------------------

def _services_needing_ids(services):
    names = Counter(s.get('name') or '' for s in services)
    return set(s['id'] for s in services if not s.get('name') or names[s['name']] > 1)


def _endpoints_needing_ids(endpoints):
    """The endpoints that their service, VPC and subnet do not tell apart (no subnet means any, as the role reads it)."""
    groups = {}
    for endpoint in endpoints:
        groups.setdefault((endpoint.get('endpoint_service_id'), endpoint.get('vpc_id')), []).append(endpoint)
    ids = set()
    for group in groups.values():
        subnets = [e.get('subnet_id') for e in group]
        if len(group) > 1 and (None in subnets or len(set(subnets)) < len(subnets)):
            ids.update(e['id'] for e in group)
    return ids


def _endpoint_order(entry):
    service = entry.get('endpoint_service_name') or entry.get('endpoint_service_id') or ''
    return (service, entry.get('vpc_id', ''), entry.get('subnet_id', ''), entry.get('id', ''))


def export_entries(resources, kind, accept_connections=True, keep_defaults=False):
    """Return the role entries of the services or endpoints the info modules returned (see DOCUMENTATION)."""
    if not is_sequence(resources) or not all(isinstance(r, Mapping) and r.get('id') for r in resources):
        raise AnsibleFilterError('export_entries: the input must be the list of services or endpoints an info module '
                                 'returns, each with its id')
    # Sorted, so that a later export of the same resources writes the same file and a re-export's diff shows changes.
    if kind == 'endpoint_services':
        ids = _services_needing_ids(resources)
        entries = [service_entry(s, s['id'] in ids, accept_connections, keep_defaults) for s in resources]
        return sorted(entries, key=lambda e: (e.get('name', '~'), e.get('id', '')))
    if kind == 'endpoints':
        ids = _endpoints_needing_ids(resources)
        entries = [endpoint_entry(e, e['id'] in ids, keep_defaults) for e in resources]
        return sorted(entries, key=_endpoint_order)
    raise AnsibleFilterError('export_entries: kind must be endpoint_services or endpoints, got %r' % (kind,))


class FilterModule:
    """The collection's filters."""

    def filters(self):
        """Return the filters by name."""
        return {'export_entries': export_entries}
