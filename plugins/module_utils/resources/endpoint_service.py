# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The endpoint service declaration (layer 3): its fields, its permissions, its few hooks, and the info query.

Everything generic (finding, creating once, planning, waiting, tags) is the kit's; this file
says what is particular to a VPC endpoint service: the field rows, the rename, ports compared
as a set, permissions as records that the owner's own account may sit in, and the exact-name
identity (the API's name filter is fuzzy and its answers carry the full `region.name.id`).
No Ansible imports.
"""

import re

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    ResourceError,
    ValidationError,
    doing,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.engine import UpdateCall
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fields import Field, FieldSet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.members import (
    desired_entries,
    member_view,
    plan_members,
    predict_members,
    sort_members,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import validate_tags
from ansible_collections.hwcloud.vpcep.plugins.module_utils.names import SERVICES_PATH, NamedService, renamed, short_name

# The v2 calls on a service: upgrade to the professional edition, add server resources.
SERVICES_V2_PATH = '/v2/{project_id}/vpc-endpoint-services'
PERMISSIONS_PAGE_SIZE = 500

NAME_MAX = 16
PORTS_MAX = 200
ORG_PATH_MAX = 1024
_NAME_RE = re.compile(r'^[A-Za-z0-9_-]*\Z')
# The SDK and the API reference: a domain id of 1 to 64 letters, digits or '*' ('iam:domain::*' allows every account).
_DOMAIN_PERMISSION_RE = re.compile(r'^iam:domain::[a-zA-Z0-9*]{1,64}\Z')
DOMAIN_PREFIX = 'iam:domain::'
ORG_PREFIX = 'organizations:orgPath::'
# supported_editions values (the SDK: profession, basic) and the edition option's names for them.
PROFESSIONAL_EDITION = 'profession'
BASIC_EDITION = 'basic'

# The answer keys a service result keeps: the show call's model, plus what only the list call
# returns (domain_id, connection_count, public_border_group). Create and modify answers also carry
# pool_id and ip_version, which no read returns; they are left out so results do not depend on the call.
SHAPE = frozenset([
    'approval_enabled', 'cidr_type', 'created_at', 'description', 'enable_policy', 'error', 'id', 'ip', 'port_id',
    'ports', 'project_id', 'server_type', 'service_name', 'service_type', 'status', 'supported_editions', 'tags',
    'tcp_proxy', 'updated_at', 'vpc_id',
    'connection_count', 'domain_id', 'public_border_group',
])


# ---------------------------------------------------------------------------
# Names and ports
# ---------------------------------------------------------------------------

def _rename(answer, new_name):
    """Predict the API's service_name after a rename, keeping its region and id."""
    answer['service_name'] = renamed(answer.get('service_name'), new_name, answer.get('id'))


def _port_tuple(port):
    return (int(port.get('client_port')), int(port.get('server_port')), (port.get('protocol') or 'TCP').upper())


def ports_key(ports):
    """Return an order-free key of port mappings: a frozenset of (client_port, server_port, protocol)."""
    return frozenset(_port_tuple(p) for p in (ports or []))


def normalize_ports(ports):
    """Return port mappings as sorted dicts with exactly client_port, server_port and protocol."""
    return [{'client_port': c, 'server_port': s, 'protocol': p} for c, s, p in sorted(set(_port_tuple(x) for x in ports or []))]


def edition_of(answer):
    """Return 'professional' or 'basic' from an answer's supported_editions, None when it does not report them."""
    editions = answer.get('supported_editions')
    if not isinstance(editions, list) or not editions:
        return None
    return 'professional' if PROFESSIONAL_EDITION in editions else 'basic'


def _set_edition(answer, wanted):
    """Predict supported_editions after an upgrade (an upgrade adds the professional edition; nothing removes it)."""
    editions = list(answer.get('supported_editions') or [BASIC_EDITION])
    if wanted == 'professional' and PROFESSIONAL_EDITION not in editions:
        editions.append(PROFESSIONAL_EDITION)
    answer['supported_editions'] = editions


def permission_type(permission):
    """Return the API's `permission_type` for a permission string."""
    return 'orgPath' if permission.startswith(ORG_PREFIX) else 'domainId'


# ---------------------------------------------------------------------------
# Validation (what the argument spec cannot say)
# ---------------------------------------------------------------------------

def _validate_ports(ports):
    errors = []
    if not 1 <= len(ports) <= PORTS_MAX:
        errors.append('ports: must hold 1 to %d port mappings (got %d)' % (PORTS_MAX, len(ports)))
    mappings, client_ports = set(), set()
    for index, port in enumerate(ports):
        where = 'ports[%d]' % index
        bad = [f for f in ('client_port', 'server_port') if not 1 <= port[f] <= 65535]
        errors.extend('%s.%s: must be between 1 and 65535 (got %s)' % (where, f, port[f]) for f in bad)
        if bad:
            continue
        key = _port_tuple(port)
        if key in mappings:
            errors.append('ports: duplicate mapping client_port=%d server_port=%d protocol=%s' % key)
        elif (key[0], key[2]) in client_ports:
            errors.append('%s: client_port %d/%s is mapped twice; a client port and protocol may appear once per service'
                          % (where, key[0], key[2]))
        mappings.add(key)
        client_ports.add((key[0], key[2]))
    return errors


def _validate_permission(where, permission):
    if permission == '*' or _DOMAIN_PERMISSION_RE.match(permission):
        return []
    if permission.startswith(ORG_PREFIX) and 1 <= len(permission) - len(ORG_PREFIX) <= ORG_PATH_MAX:
        return []
    return ['%s: %s must be "*", "iam:domain::<domain id>" (1 to 64 letters, digits or "*") or '
            '"organizations:orgPath::<path>" (1 to %d characters)' % (where, validate.shown(permission), ORG_PATH_MAX)]


def validate_permissions(entries, option='permissions'):
    """Check permission entries: strings, or {permission, description} dicts; no permission twice."""
    errors, seen = [], []
    for index, entry in enumerate(entries):
        where = '%s[%d]' % (option, index)
        seen.append(None)
        if isinstance(entry, dict):
            unknown = sorted(str(k) for k in entry if k not in ('permission', 'description'))
            if unknown or not isinstance(entry.get('permission'), str):
                errors.append('%s: must be a string or a dictionary with permission (a string) and description '
                              '(got keys %s)' % (where, ', '.join(sorted(str(k) for k in entry)) or 'none'))
                continue
            if entry.get('description') is not None and not isinstance(entry['description'], str):
                errors.append('%s.description: must be a string' % where)
                continue
            errors.extend(validate.description(entry.get('description'), where + '.description'))
            permission = entry['permission']
        elif isinstance(entry, str):
            permission = entry
        else:
            errors.append('%s: must be a string or a dictionary with permission and description' % where)
            continue
        errors.extend(_validate_permission(where, permission))
        seen[-1] = permission
    # Written as a string or as a dictionary, a permission is one whitelist record: listed twice, it is sent twice.
    errors.extend(validate.duplicates(option, seen, what='permission'))
    return errors


def validate_params(params):
    """Return a list of messages, one per rule the parameters break, each naming the option; [] when valid."""
    errors = []
    name = params.get('name')
    if name == '' and not params.get('id'):
        # The argument spec says id or name; an empty name it cannot refuse.
        errors.append('name: required when id is not given (a nameless service cannot be found again)')
    if name:
        if len(name) > NAME_MAX:
            errors.append('name: must be at most %d characters long (got %d)' % (NAME_MAX, len(name)))
        if not _NAME_RE.match(name):
            errors.append('name: may only contain letters, digits, "_" and "-" (got %s)' % validate.shown(name))
    for option in ('id', 'port_id', 'snat_network_id', 'vpc_id'):
        errors.extend(validate.resource_id(option, params.get(option)))
    if params.get('ports') is not None:
        errors.extend(_validate_ports(params['ports']))
    errors.extend(validate.description(params.get('description')))
    errors.extend(validate.ipv4_or_hostname('ip', params.get('ip')))
    if params.get('tags') is not None:
        errors.extend(validate_tags(params['tags']))
    if params.get('permissions') is not None:
        errors.extend(validate_permissions(params['permissions']))
    errors.extend(_validate_server_resources(params.get('server_resources') or []))
    errors.extend(validate.bounded('wait_timeout', params.get('wait_timeout')))
    return errors


def _validate_server_resources(resources):
    errors, seen = [], set()
    for index, resource in enumerate(resources):
        where = 'server_resources[%d]' % index
        errors.extend(validate.resource_id(where + '.resource_id', resource.get('resource_id')))
        errors.extend(validate.resource_id(where + '.availability_zone_id', resource.get('availability_zone_id')))
        key = (resource.get('resource_id'), resource.get('availability_zone_id'))
        if key in seen:
            errors.append('%s: the same resource_id and availability_zone_id are listed twice' % where)
        seen.add(key)
    return errors


# ---------------------------------------------------------------------------
# The declaration
# ---------------------------------------------------------------------------

FIELDS = FieldSet(
    # The create-required fields first: messages name them in this order.
    Field('vpc_id', required=True),
    Field('port_id', update='modify', required=True),
    Field('server_type', required=True),
    Field('ports', update='modify', required=True, key=ports_key, send=normalize_ports),
    Field('approval_enabled', update='modify', default=True),
    Field('description', update='modify', default=''),
    # Not taken by the create call: the v2 upgrade call adds the professional edition once the service is available.
    # Compared only where an answer reports supported_editions (show and list do; create and modify do not). A new
    # service is basic: the upgrade call exists to add the professional edition.
    Field('edition', api='supported_editions', update='upgrade', create=False, read=edition_of, write=_set_edition,
          default=[BASIC_EDITION], compare_if=lambda answer: edition_of(answer) is not None),
    # Sent at creation (the Terraform provider does; the SDK's create model lacks it) and fixed afterwards.
    Field('enable_policy', default=False),
    Field('ip', update='modify'),
    Field('ip_version', returned=False),
    Field('name', api='service_name', update='modify',
          read=lambda answer: short_name(answer.get('service_name'), answer.get('id')), write=_rename),
    Field('service_type', default='interface'),
    Field('snat_network_id', returned=False),
    Field('tcp_proxy', update='modify', default='close'),
)


class EndpointService(NamedService):
    """A VPC endpoint service, identified by id or by its exact short name (names.NamedService)."""

    result_key = 'service'
    tag_type = 'endpoint_service'
    quota_type = 'endpoint_service'
    argument_rules = dict(required_one_of=[('id', 'name')], required_if=[('ip_version', 'ipv6', ('snat_network_id',))])
    fields = FIELDS
    update_calls = {'modify': UpdateCall('PUT'),
                    'upgrade': UpdateCall('POST', suffix=('upgrade',), doing_text='upgrading to the professional edition')}
    shape = SHAPE
    members_option = 'permissions'

    def __init__(self, context, listing=None):
        super().__init__(context, listing)
        self._owner_domain = None

    # -- identity ------------------------------------------------------------------------------

    def validate(self):
        return validate_params(self.params)

    def find(self):
        current = super().find()
        wanted = self.params.get('name')
        if current is None or not self.params.get('id') or wanted is None:
            return current
        have = short_name(current.get('service_name'), current.get('id'))
        if have != wanted and self.params.get('state') == 'absent':
            raise ResourceError(
                'Endpoint service %s is named %r, not %r as the task says: nothing was deleted. The id may be stale; '
                'give the right id, or leave name out to delete whatever service has this id.'
                % (current['id'], have, wanted), service=self.to_ansible(current))
        return current

    def before_update(self, current):
        have = short_name(current.get('service_name'), current.get('id'))
        wanted = self.params.get('name')
        if self.params.get('id') and wanted is not None and have != wanted:
            self._check_name_free(current, have, wanted)
            self.context.warn('Renaming endpoint service %s from %r to %r, as the id and name options ask. If the id is '
                              'stale, this renames another service: check the id.' % (current['id'], have, wanted))
        if self.params.get('edition') == 'basic' and edition_of(current) == 'professional':
            raise ResourceError(
                'Cannot change edition of endpoint service %s from professional to basic: an upgrade cannot be undone '
                '(the API has no call for it). Delete and re-create the service to go back.' % current['id'],
                fields=['edition'])
        if self.params.get('server_resources'):
            self.context.warn(
                'server_resources were not sent to endpoint service %s: they are added only when the module creates the '
                'service, because no read returns a service\'s server resources, so the module cannot tell whether they '
                'are there already.' % current['id'])

    def after_create(self, current, managing_members):
        # The v2 calls need the service provisioned, as the permissions do; the create answer has no supported_editions.
        professional = self.params.get('edition') == 'professional'
        if professional or self.params.get('server_resources'):
            current = self.wait_ready(current)
        if professional and edition_of(current) is None:
            current = self.get(current['id']) or current
        if professional and edition_of(current) != 'professional':
            current = self.send_update(current, 'upgrade', {})
        if self.params.get('server_resources'):
            add_server_resources(self.context, current['id'], self.params['server_resources'])
        return super().after_create(current, managing_members)

    def send_update(self, answer, name, body):
        if name != 'upgrade':
            return super().send_update(answer, name, body)
        with doing('upgrading endpoint service %s to the professional edition' % answer['id']):
            self.context.write('POST', api_path(SERVICES_V2_PATH, answer['id'], 'upgrade'), idempotent=True)
        return self.fields.predict(answer, self.params, ['edition'])

    def _check_name_free(self, current, have, wanted):
        """Refuse a rename onto a name another live service carries: two services of one name break every run by name."""
        with doing('looking up endpoint services named %r before the rename' % wanted):
            taken = [s.get('id') for s in self.list(endpoint_service_name=wanted)
                     if short_name(s.get('service_name'), s.get('id')) == wanted and s.get('id') != current['id']
                     and s.get('status') != 'deleting']
        if taken:
            raise ResourceError(
                'Cannot rename endpoint service %s from %r to %r: %s named %r already (%s). Names are not unique in the '
                'API, and two services of one name make every later run that finds %r by name fail. Nothing was '
                'changed: choose another name, or rename or delete the other service first.'
                % (current['id'], have, wanted, 'another endpoint service is' if len(taken) == 1 else
                   '%d other endpoint services are' % len(taken), wanted, '%s: %s' % ('id' if len(taken) == 1 else 'ids', ', '.join(sorted(taken))),
                   wanted), ids=sorted(taken), service=self.to_ansible(current))

    # -- shapes -------------------------------------------------------------------------------

    def predict_create(self):
        predicted = super().predict_create()
        predicted['service_name'] = self.params.get('name') or ''
        return predicted

    def to_ansible(self, answer):
        result = super().to_ansible(answer)
        if result:
            result = dict((k, v) for k, v in result.items() if v is not None)
            result['name'] = short_name(answer.get('service_name'), answer.get('id'))
        return result

    # -- permissions --------------------------------------------------------------------------

    def read_members(self, answer):
        if self.params.get('permissions') is None or not answer.get('id'):
            return None
        return read_permissions(self.context, answer['id'])

    def plan_members(self, answer, records):
        desired = desired_entries(self.params.get('permissions'))
        purge = self.context.option('purge_permissions', True)
        self.warn_uncompared_descriptions(records, desired)
        plan = plan_members(records, desired, purge)
        touched = [k for k, _d in plan.to_add] + [r.get('permission') for r in plan.to_remove]
        if not any(k.startswith(DOMAIN_PREFIX) for k in touched):
            return plan
        own = self.owner_domain(answer)
        if own is None:
            return plan
        own = DOMAIN_PREFIX + own
        # The owner's own account is in its services' whitelist by default, whether or not the list shows it.
        purge_own = self.context.option('purge_owner_permission', False)
        plan = plan_members(records, desired, purge, protected=lambda k: k == own)
        if purge and purge_own and own not in desired:
            plan.to_remove.extend(r for r in records if r.get('permission') == own)
        return plan

    def warn_uncompared_descriptions(self, records, desired):
        """Say which requested descriptions of existing permissions could not be compared (the list omits them)."""
        listed = dict((r.get('permission'), r) for r in records)
        blind = sorted(k for k, d in desired.items() if d is not None and k in listed and 'description' not in listed[k])
        if blind:
            one = len(blind) == 1
            self.context.warn(
                'The description%s of permission%s %s could not be compared: the API\'s permission list does not '
                'report descriptions, so %s not changed. A description is set when the module adds a permission.'
                % ('' if one else 's', '' if one else 's', ', '.join(blind), 'it was' if one else 'they were'))

    def list(self, **filters):
        found = super().list(**filters)
        # Every service of the project belongs to the caller's account: any list answer tells its domain id.
        if self._owner_domain is None:
            self._owner_domain = next((s['domain_id'] for s in found if isinstance(s, dict) and s.get('domain_id')), None)
        return found

    def owner_domain(self, answer):
        """Return the owner's domain id: from a list answer, else one list call by id (None if the API does not say)."""
        if answer.get('domain_id'):
            return answer['domain_id']
        if self._owner_domain is None and answer.get('id'):
            listed = self.list(id=answer['id'])
            self._owner_domain = next((s.get('domain_id') for s in listed if s.get('id') == answer['id']), None) or ''
        return self._owner_domain or None

    def apply_members(self, answer, records, plan):
        return apply_permissions(self.context, answer['id'], records, plan)

    def predict_members(self, records, plan):
        return predict_members(records, plan, _new_record)

    def member_view(self, records):
        return member_view(records)


def _new_record(permission, description):
    return {'permission': permission, 'permission_type': permission_type(permission), 'description': description or ''}


def add_server_resources(context, service_id, resources):
    """Add load balancers (with their availability zones) to a service with the v2 call."""
    body = {'server_resources': [dict((k, v) for k, v in r.items() if v is not None) for r in resources]}
    with doing('adding server resources to endpoint service %s' % service_id):
        context.write('POST', api_path(SERVICES_V2_PATH, service_id, 'add-server-resources'), body=body)


def permissions_path(service_id, *suffix):
    """Return the path of a service's permissions (or of one of their calls)."""
    return api_path(SERVICES_PATH, service_id, 'permissions', *suffix)


def read_permissions(context, service_id):
    """Return the service's permission records, sorted by permission."""
    with doing('reading the permissions of endpoint service %s' % service_id):
        items = context.client.paginate(permissions_path(service_id), 'permissions', page_size=PERMISSIONS_PAGE_SIZE)
        return sort_members([dict(r) for r in items if isinstance(r, dict)])


def apply_permissions(context, service_id, records, plan):
    """Remove by record id, set descriptions, add with descriptions (one call per type); return the records left."""
    result = dict((r.get('permission'), r) for r in records)
    if plan.to_remove:
        with doing('removing permissions from endpoint service %s' % service_id):
            _remove_permissions(context, service_id, plan.to_remove)
        for record in plan.to_remove:
            result.pop(record.get('permission'), None)
    for record, description in plan.to_set_description:
        with doing('setting the description of permission %s of endpoint service %s' % (record.get('permission'), service_id)):
            context.write('PUT', permissions_path(service_id, record['id']), body={'permission': {'description': description}},
                          expect_body=True)
        result[record.get('permission')] = dict(record, description=description)
    by_type = {}
    for permission, description in plan.to_add:
        entry = {'permission': permission}
        if description is not None:
            entry['description'] = description
        by_type.setdefault(permission_type(permission), []).append(entry)
    for kind in sorted(by_type):
        with doing('adding permissions to endpoint service %s' % service_id):
            answer = context.write('POST', permissions_path(service_id, 'batch-create'),
                                   body={'permissions': by_type[kind], 'permission_type': kind}, idempotent=True)
        created = dict((r.get('permission'), r) for r in (answer or {}).get('permissions') or [] if isinstance(r, dict))
        for entry in by_type[kind]:
            result[entry['permission']] = created.get(entry['permission']) or _new_record(entry['permission'], entry.get('description'))
    return sort_members(result.values())


def _remove_permissions(context, service_id, records):
    wanted = set(r['id'] for r in records)

    def took_effect():
        # The answer was lost or was a 5xx: a fresh read tells whether the records went (None: some did).
        left = wanted & set(r.get('id') for r in read_permissions(context, service_id))
        return True if not left else (False if left == wanted else None)

    context.write('POST', permissions_path(service_id, 'batch-delete'), body={'permissions': [{'id': r['id']} for r in records]},
                  idempotent=False, took_effect=took_effect)


# ---------------------------------------------------------------------------
# Reading many services (vpcep_service_info)
# ---------------------------------------------------------------------------

def query(context, read_connections):
    """Return the Ansible-shaped services matching vpcep_service_info's filters (an empty list when none match), each
    with its permissions and connections when asked: `read_connections(context, service_id, status, sort_key,
    sort_dir)` reads a service's connections (the module hands over endpoint_connection's: no declaration imports
    another)."""
    # Imported here (docs/architecture.md, "What a no-op imports"): vpcep_service_info queries, vpcep_service does not.
    from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import query as kit_query
    params = context.params
    errors = kit_query.query_errors(params)
    if errors:
        raise ValidationError(errors)
    resource = EndpointService(context)
    if params.get('id'):
        found = resource.get(params['id'])
        services = [found] if found and (not params.get('status') or found.get('status') == params['status']) else []
    else:
        services = resource.list(endpoint_service_name=params.get('name') or None, status=params.get('status'),
                                 sort_key=params.get('sort_key'), sort_dir=params.get('sort_dir'),
                                 public_border_group=params.get('public_border_group'), net_type=params.get('net_type'))
    services = [resource.to_ansible(s) for s in kit_query.only_tagged(context, 'endpoint_service', services)]
    if params.get('name') is not None:
        services = [s for s in services if s['name'] == params['name']]
    details = {}
    if params.get('include_permissions'):
        details['permissions'] = lambda service: read_permissions(context, service['id'])
    if params.get('include_connections'):
        details['connections'] = lambda service: read_connections(
            context, service['id'], status=params.get('connection_status'), sort_key=params.get('connection_sort_key'),
            sort_dir=params.get('connection_sort_dir'))
    return kit_query.with_details(context, services, details)


# ---------------------------------------------------------------------------
# The module's options
# ---------------------------------------------------------------------------

def argument_spec():
    """Return vpcep_service's own options (HwcloudModule adds the shared connection options): also each entry's options of
    the fleet module (vpcep_services), which the module's argument spec holds as suboptions."""
    return dict(
        approval_enabled=dict(type='bool'),
        description=dict(type='str'),
        edition=dict(type='str', choices=['basic', 'professional']),
        enable_policy=dict(type='bool'),
        id=dict(type='str'),
        ip=dict(type='str'),
        ip_version=dict(type='str', choices=['ipv4', 'ipv6']),
        name=dict(type='str'),
        permissions=dict(type='list', elements='raw'),
        port_id=dict(type='str'),
        ports=dict(type='list', elements='dict', options=dict(
            client_port=dict(type='int', required=True),
            protocol=dict(type='str', default='TCP', choices=['TCP', 'UDP']),
            server_port=dict(type='int', required=True),
        )),
        purge_owner_permission=dict(type='bool', default=False),
        purge_permissions=dict(type='bool', default=True),
        purge_tags=dict(type='bool', default=True),
        server_resources=dict(type='list', elements='dict', options=dict(
            availability_zone_id=dict(type='str'),
            resource_id=dict(type='str', required=True),
        )),
        server_type=dict(type='str', choices=['VM', 'LB', 'VIP']),
        service_type=dict(type='str', choices=['interface']),
        snat_network_id=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        tags=dict(type='dict'),
        tcp_proxy=dict(type='str', choices=['close', 'toa_open', 'proxy_open', 'open']),
        vpc_id=dict(type='str'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=limits.WAIT_TIMEOUT.default),
    )
