# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""VPC endpoint services as Ansible sees them (layer 3).

Finding by id or exact name, deciding what differs, creating, updating,
deleting, waiting, and converting API shapes to Ansible shapes all happen here.
No Ansible imports: everything is testable with a fake client.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re
import time

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import (
    AmbiguousRequestError,
    ApiError,
)


SERVICES_PATH = '/v1/{project_id}/vpc-endpoint-services'
TAGS_PATH = '/v1/{project_id}/endpoint_service/%s/tags/action'

LIST_PAGE_SIZE = 1000
PERMISSIONS_PAGE_SIZE = 500

# The only body fields the modify API accepts.
UPDATABLE_FIELDS = ('approval_enabled', 'service_name', 'ports', 'port_id', 'tcp_proxy', 'description', 'ip')
IMMUTABLE_FIELDS = ('vpc_id', 'server_type', 'service_type', 'ip_version', 'snat_network_id')
CREATE_REQUIRED = ('vpc_id', 'port_id', 'server_type', 'ports')
# Option name -> create body field, for the options that go into the create body as they are.
_CREATE_PLAIN = ('vpc_id', 'port_id', 'server_type', 'service_type', 'approval_enabled', 'tcp_proxy',
                 'description', 'ip', 'ip_version', 'snat_network_id')
_UPDATE_PLAIN = ('approval_enabled', 'port_id', 'tcp_proxy', 'description', 'ip')

# Documented defaults: a service that omits these fields has these values, so
# an option equal to the default must not count as a change.
API_DEFAULTS = {'approval_enabled': True, 'description': '', 'service_type': 'interface', 'tcp_proxy': 'close'}

# Fields of a connection that modules return (the API also sends created_at, updated_at and error).
CONNECTION_FIELDS = ('id', 'marker_id', 'domain_id', 'status', 'description')

# Fields shown in diff mode, besides ports, tags and permissions.
DIFF_FIELDS = ('approval_enabled', 'description', 'id', 'ip', 'ip_version', 'name', 'port_id', 'server_type',
               'service_type', 'snat_network_id', 'tcp_proxy', 'vpc_id')

SERVICE_STATUSES = ('creating', 'available', 'failed', 'deleting')
SERVER_TYPES = ('VM', 'LB', 'VIP')
PROTOCOLS = ('TCP', 'UDP')

NAME_MAX = 16
DESCRIPTION_MAX = 512
PORTS_MAX = 200
# The create page allows 10 tags per service (the SDK says 20); the stricter documented limit wins.
TAGS_MAX = 10
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 255
ORG_PATH_MAX = 1024

_NAME_RE = re.compile(r'^[A-Za-z0-9_-]*$')
_TAG_FORBIDDEN = '=*<>\\,|/'
_DOMAIN_PERMISSION_RE = re.compile(r'^iam:domain::[a-zA-Z0-9]{1,64}$')
_ORG_PERMISSION_PREFIX = 'organizations:orgPath::'

POLL_FIRST = 0.5
POLL_MAX = 10.0


class ServiceError(Exception):
    """A failure that is not an API error: bad state, ambiguity, timeout."""

    def __init__(self, msg, **details):
        super(ServiceError, self).__init__(msg)
        self.msg = msg
        self.details = details


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------

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


def _renamed(service_name, service_id, new_name):
    """Predict the API's service_name after a rename, keeping its region and id."""
    if not service_name or '.' not in service_name:
        return new_name
    parts = service_name.split('.')
    region = parts[0]
    sid = service_id or parts[-1]
    if not new_name:
        return '%s.%s' % (region, sid)
    return '%s.%s.%s' % (region, new_name, sid)


def tags_to_dict(tags):
    """Turn the API's `[{"key", "value"}]` into a dict (None and a dict pass through)."""
    if not tags:
        return {}
    if isinstance(tags, dict):
        return dict((str(k), _tag_value(v)) for k, v in tags.items())
    return dict((t.get('key'), _tag_value(t.get('value'))) for t in tags)


def dict_to_tags(tags):
    """Turn a dict into the API's `[{"key", "value"}]`, sorted by key."""
    return [{'key': k, 'value': _tag_value(v)} for k, v in sorted((tags or {}).items())]


def _tag_value(value):
    # YAML turns `env: 1` into an int and `env:` into None; the API only knows strings.
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def compare_tags(current, desired, purge=True):
    """Return `(to_set, to_unset)`: a dict of new or changed tags and a sorted list of keys to remove."""
    if desired is None:
        return {}, []
    current = tags_to_dict(current)
    desired = tags_to_dict(desired)
    to_set = dict((k, v) for k, v in desired.items() if current.get(k) != v or k not in current)
    to_unset = sorted(k for k in current if k not in desired) if purge else []
    return to_set, to_unset


def compare_permissions(current, desired, purge=True):
    """Return `(to_add, to_remove)` as sorted lists of permission strings."""
    if desired is None:
        return [], []
    current = set(current or [])
    desired = set(desired)
    to_add = sorted(desired - current)
    to_remove = sorted(current - desired) if purge else []
    return to_add, to_remove


def permission_type(permission):
    """Return the API's `permission_type` for a permission string."""
    if permission.startswith(_ORG_PERMISSION_PREFIX):
        return 'orgPath'
    return 'domainId'


def _port_tuple(port):
    return (int(port.get('client_port')), int(port.get('server_port')), (port.get('protocol') or 'TCP').upper())


def ports_key(ports):
    """Return an order-free key of port mappings: a frozenset of (client_port, server_port, protocol)."""
    return frozenset(_port_tuple(p) for p in (ports or []))


def normalize_ports(ports):
    """Return port mappings as sorted dicts with exactly client_port, server_port and protocol."""
    return [{'client_port': c, 'server_port': s, 'protocol': p} for c, s, p in sorted(set(_port_tuple(x) for x in ports or []))]


def to_ansible(api_service):
    """Return the API service with `name` (short name) added and `tags` as a dict."""
    if not api_service:
        return {}
    result = copy.deepcopy(api_service)
    result['name'] = short_name(result.get('service_name'), result.get('id'))
    result['tags'] = tags_to_dict(result.get('tags'))
    return result


def diff_view(service, with_permissions=False):
    """Return the managed fields of an Ansible-shaped service, as diff mode shows them."""
    if not service:
        return {}
    view = dict((k, service[k]) for k in DIFF_FIELDS if service.get(k) is not None)
    if service.get('ports') is not None:
        view['ports'] = normalize_ports(service['ports'])
    view['tags'] = tags_to_dict(service.get('tags'))
    if with_permissions:
        view['permissions'] = sorted(service.get('permissions') or [])
    return view


def connection_view(connection):
    """Return an API connection as modules show it: id, marker_id, domain_id, status and description."""
    return dict((k, connection.get(k)) for k in CONNECTION_FIELDS)


def _has_tags(service_tags, wanted):
    """Tell whether a tag dict carries every wanted tag; a wanted value of "" matches any value."""
    for key, value in tags_to_dict(wanted).items():
        if key not in service_tags:
            return False
        if value != '' and service_tags[key] != value:
            return False
    return True


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def _validate_tags(tags):
    errors = []
    if not isinstance(tags, dict):
        return ['tags: must be a dictionary of key: value']
    if len(tags) > TAGS_MAX:
        errors.append('tags: at most %d tags per service (got %d)' % (TAGS_MAX, len(tags)))
    for key, value in sorted(tags.items(), key=lambda kv: str(kv[0])):
        key = str(key)
        value = _tag_value(value)
        if not 1 <= len(key) <= TAG_KEY_MAX:
            errors.append('tags: key %r must be 1 to %d characters long' % (key, TAG_KEY_MAX))
        if len(value) > TAG_VALUE_MAX:
            errors.append('tags: value of %r must be at most %d characters long' % (key, TAG_VALUE_MAX))
        for what, text in (('key %r' % key, key), ('value of %r' % key, value)):
            bad = sorted(set(c for c in text if c in _TAG_FORBIDDEN))
            if bad:
                errors.append('tags: %s must not contain any of %s (found %s)' % (what, ' '.join(_TAG_FORBIDDEN), ' '.join(bad)))
            if text != text.strip(' '):
                errors.append('tags: %s must not start or end with a space' % what)
    return errors


def _validate_ports(ports):
    errors = []
    if not isinstance(ports, list):
        return ['ports: must be a list of port mappings']
    if not 1 <= len(ports) <= PORTS_MAX:
        errors.append('ports: must hold 1 to %d port mappings (got %d)' % (PORTS_MAX, len(ports)))
    seen = set()
    for index, port in enumerate(ports):
        where = 'ports[%d]' % index
        if not isinstance(port, dict):
            errors.append('%s: must be a dictionary with client_port, server_port and protocol' % where)
            continue
        valid = True
        for field in ('client_port', 'server_port'):
            value = port.get(field)
            if value is None:
                errors.append('%s.%s: is required' % (where, field))
                valid = False
                continue
            try:
                number = int(value)
            except (TypeError, ValueError):
                errors.append('%s.%s: must be an integer (got %r)' % (where, field, value))
                valid = False
                continue
            if not 1 <= number <= 65535:
                errors.append('%s.%s: must be between 1 and 65535 (got %s)' % (where, field, number))
                valid = False
        protocol = port.get('protocol') or 'TCP'
        if protocol.upper() not in PROTOCOLS:
            errors.append('%s.protocol: must be one of %s (got %r)' % (where, ', '.join(PROTOCOLS), protocol))
            valid = False
        if valid:
            key = _port_tuple(port)
            if key in seen:
                errors.append('ports: duplicate mapping client_port=%d server_port=%d protocol=%s' % key)
            seen.add(key)
    return errors


def _validate_permissions(permissions):
    errors = []
    if not isinstance(permissions, list):
        return ['permissions: must be a list of strings']
    for permission in permissions:
        if not isinstance(permission, str):
            errors.append('permissions: %r is not a string' % (permission,))
        elif permission == '*' or _DOMAIN_PERMISSION_RE.match(permission):
            continue
        elif permission.startswith(_ORG_PERMISSION_PREFIX):
            path = permission[len(_ORG_PERMISSION_PREFIX):]
            if not 1 <= len(path) <= ORG_PATH_MAX:
                errors.append('permissions: the path of %r must be 1 to %d characters long' % (permission[:60], ORG_PATH_MAX))
        else:
            errors.append('permissions: %r must be "*", "iam:domain::<domain id>" (1 to 64 letters or digits) '
                          'or "organizations:orgPath::<path>" (at most %d characters)' % (permission, ORG_PATH_MAX))
    if len(set(p for p in permissions if isinstance(p, str))) != len(permissions):
        errors.append('permissions: must not list the same permission twice')
    return errors


def validate_params(params):
    """Return a list of messages, one per rule the parameters break, each naming the option; [] when valid."""
    errors = []
    name = params.get('name')
    if not params.get('id') and not name:
        errors.append('name: required when id is not given (a nameless service cannot be found again)')
    if name is not None:
        if len(name) > NAME_MAX:
            errors.append('name: must be at most %d characters long (got %d)' % (NAME_MAX, len(name)))
        if not _NAME_RE.match(name):
            errors.append('name: may only contain letters, digits, "_" and "-" (got %r)' % name)
    if params.get('ports') is not None:
        errors.extend(_validate_ports(params['ports']))
    errors.extend(validate_description(params.get('description')))
    if params.get('server_type') is not None and params['server_type'] not in SERVER_TYPES:
        errors.append('server_type: must be one of %s (got %r)' % (', '.join(SERVER_TYPES), params['server_type']))
    if params.get('tags') is not None:
        errors.extend(_validate_tags(params['tags']))
    if params.get('permissions') is not None:
        errors.extend(_validate_permissions(params['permissions']))
    errors.extend(validate_wait_timeout(params.get('wait_timeout')))
    return errors


def validate_description(description):
    """Return the broken rules of a description (services and connections share them): at most 512, no < >."""
    errors = []
    if description is not None:
        if len(description) > DESCRIPTION_MAX:
            errors.append('description: must be at most %d characters long (got %d)' % (DESCRIPTION_MAX, len(description)))
        if '<' in description or '>' in description:
            errors.append('description: must not contain "<" or ">"')
    return errors


def validate_wait_timeout(timeout):
    """Return the broken rule of a wait_timeout, if any: it must be positive."""
    if timeout is not None and timeout <= 0:
        return ['wait_timeout: must be greater than 0 (got %s)' % timeout]
    return []


def missing_for_create(params):
    """Return the options required to create a service that the parameters leave out."""
    return [option for option in CREATE_REQUIRED if params.get(option) is None]


def create_body(params):
    """Return the create request body: only the fields the parameters give."""
    body = {}
    if params.get('name'):
        body['service_name'] = params['name']
    for field in _CREATE_PLAIN:
        if params.get(field) is not None:
            body[field] = params[field]
    if params.get('ports') is not None:
        body['ports'] = normalize_ports(params['ports'])
    if params.get('tags'):
        body['tags'] = dict_to_tags(params['tags'])
    return body


def _reported(current, field):
    # An API answer that leaves a field out means the field has its documented default.
    value = current.get(field)
    return API_DEFAULTS.get(field) if value is None else value


def immutable_differences(current, params):
    """Return `(field, current, requested)` for each field fixed at creation that the parameters would change."""
    differences = []
    for field in IMMUTABLE_FIELDS:
        wanted = params.get(field)
        if wanted is None:
            continue
        have = _reported(current, field)
        # A field the API does not report cannot be compared; it is not treated as a difference.
        if have is not None and have != wanted:
            differences.append((field, have, wanted))
    return differences


def update_body(current, params):
    """Return the modify request body: only the updatable fields that differ from the current service."""
    body = {}
    for field in _UPDATE_PLAIN:
        wanted = params.get(field)
        if wanted is None:
            continue
        have = _reported(current, field)
        if have != wanted:
            body[field] = wanted
    # Found by name, the name matches by definition; found by id, a different name is a rename.
    if params.get('name') is not None and short_name(current.get('service_name'), current.get('id')) != params['name']:
        body['service_name'] = params['name']
    if params.get('ports') is not None and ports_key(params['ports']) != ports_key(current.get('ports')):
        body['ports'] = normalize_ports(params['ports'])
    return body


def predict_update(current, put_body, to_set, to_unset, permissions=None):
    """Return the Ansible-shaped service a modify would leave, from the current one and the pending changes."""
    service = to_ansible(current)
    for field, value in put_body.items():
        if field == 'service_name':
            service['service_name'] = _renamed(current.get('service_name'), current.get('id'), value)
            service['name'] = value
        else:
            service[field] = copy.deepcopy(value)
    tags = dict(service['tags'])
    for key in to_unset:
        tags.pop(key, None)
    tags.update(to_set)
    service['tags'] = tags
    if permissions is not None:
        service['permissions'] = sorted(permissions)
    return service


def predict_create(params):
    """Return the Ansible-shaped service a create would return: the requested fields, status creating, no id."""
    service = dict((k, API_DEFAULTS[k]) for k in ('approval_enabled', 'service_type', 'tcp_proxy'))
    service.update(create_body(params))
    service.pop('tags', None)
    service['service_name'] = params.get('name') or ''
    service['name'] = params.get('name') or ''
    service['status'] = 'creating'
    service['tags'] = tags_to_dict(params.get('tags'))
    if params.get('permissions') is not None:
        service['permissions'] = sorted(set(params['permissions']))
    return service


def _describe(params):
    if params.get('id'):
        return 'endpoint service %s' % params['id']
    return 'endpoint service %r' % params.get('name')


# ---------------------------------------------------------------------------
# I/O
# ---------------------------------------------------------------------------

class ServiceManager(object):
    """Endpoint service calls over a layer-2 Client, and the present/absent/query engines built on them."""

    def __init__(self, client, sleep=time.sleep, clock=time.monotonic):
        self.client = client
        self._sleep = sleep
        self._clock = clock
        # True once any write went through, so a failure after it still reports changed.
        self.changed = False

    # -- paths -------------------------------------------------------------

    @staticmethod
    def _path(service_id=None, suffix=''):
        path = SERVICES_PATH
        if service_id:
            path += '/' + service_id
        return path + suffix

    # -- reads -------------------------------------------------------------

    def get(self, service_id):
        """Return the API service with this id, or None when the API answers 404."""
        with Step('reading endpoint service %s' % service_id):
            try:
                return self.client.get(self._path(service_id))
            except ApiError as err:
                if err.status == 404:
                    return None
                raise

    def list(self, **filters):
        """Return every API service the list call gives for these filters (None values dropped), all pages."""
        params = dict((k, v) for k, v in filters.items() if v is not None)
        with Step('listing endpoint services'):
            return list(self.client.paginate(self._path(), 'endpoint_services', params=params, page_size=LIST_PAGE_SIZE))

    def find_by_name(self, name):
        """Return the API services whose short name is exactly `name` (the API filter is fuzzy)."""
        return [s for s in self.list(endpoint_service_name=name) if short_name(s.get('service_name'), s.get('id')) == name]

    def find(self, id=None, name=None):  # pylint: disable=redefined-builtin
        """Return the API service with this id, else the one with this exact name, else None; several → ServiceError."""
        if id:
            return self.get(id)
        matches = self.find_by_name(name)
        if len(matches) > 1:
            ids = sorted(s.get('id') for s in matches)
            raise ServiceError(
                'Found %d endpoint services named %r (ids: %s); names are not unique, give the id option to choose one.'
                % (len(matches), name, ', '.join(ids)), ids=ids)
        return matches[0] if matches else None

    def get_permissions(self, service_id):
        """Return the service's permissions as a sorted list of strings."""
        with Step('reading the permissions of endpoint service %s' % service_id):
            items = self.client.paginate(self._path(service_id, '/permissions'), 'permissions',
                                         page_size=PERMISSIONS_PAGE_SIZE)
            return sorted(set(item.get('permission') for item in items))

    def list_connections(self, service_id):
        """Return the service's endpoint connections (id, marker_id, domain_id, status, description)."""
        with Step('reading the connections of endpoint service %s' % service_id):
            items = self.client.paginate(self._path(service_id, '/connections'), 'connections', page_size=LIST_PAGE_SIZE)
            return [connection_view(c) for c in items]

    # -- writes ------------------------------------------------------------

    def create(self, body):
        """Create a service; the API answers at once with status creating."""
        with Step('creating endpoint service %r' % body.get('service_name', '')):
            answer = self.client.post(self._path(), body=body)
            self.changed = True
            return answer

    def update(self, service_id, body):
        """Send one modify request with this body."""
        with Step('updating endpoint service %s' % service_id):
            answer = self.client.put(self._path(service_id), body=body)
            self.changed = True
            return answer

    def delete(self, service_id):
        """Delete a service; the API answers 204 and the service passes through deleting."""
        with Step('deleting endpoint service %s' % service_id):
            answer = self.client.delete(self._path(service_id))
            self.changed = True
            return answer

    def set_tags(self, service_id, tags):
        """Create or overwrite these tags (a dict) on the service."""
        with Step('tagging endpoint service %s' % service_id):
            self.client.post(TAGS_PATH % service_id, body={'action': 'create', 'tags': dict_to_tags(tags)}, idempotent=True)
            self.changed = True

    def unset_tags(self, service_id, tags):
        """Remove these tags (a dict of key: current value) from the service."""
        with Step('removing tags from endpoint service %s' % service_id):
            self.client.post(TAGS_PATH % service_id, body={'action': 'delete', 'tags': dict_to_tags(tags)}, idempotent=True)
            self.changed = True

    def _permission_action(self, service_id, action, permissions):
        by_type = {}
        for permission in sorted(permissions):
            by_type.setdefault(permission_type(permission), []).append(permission)
        for kind in sorted(by_type):
            body = {'permissions': by_type[kind], 'permission_type': kind, 'action': action}
            self.client.post(self._path(service_id, '/permissions/action'), body=body, idempotent=True)
            self.changed = True

    def add_permissions(self, service_id, permissions):
        """Grant these permissions, one call per permission type."""
        with Step('adding permissions to endpoint service %s' % service_id):
            self._permission_action(service_id, 'add', permissions)

    def remove_permissions(self, service_id, permissions):
        """Revoke these permissions, one call per permission type."""
        with Step('removing permissions from endpoint service %s' % service_id):
            self._permission_action(service_id, 'remove', permissions)

    # -- waits -------------------------------------------------------------

    def poll(self, check, timeout):
        """Call `check()` until it returns (True, value); sleep 0.5 s doubling to 10 s; return (value, done) at the deadline."""
        deadline = self._clock() + timeout
        delay = POLL_FIRST
        while True:
            done, value = check()
            if done:
                return value, True
            remaining = deadline - self._clock()
            if remaining <= 0:
                return value, False
            self._sleep(min(delay, remaining))
            delay = min(delay * 2, POLL_MAX)

    def wait_for(self, service_id, statuses=('available',), timeout=600):
        """Poll until the service reaches one of `statuses` and return it; failed, gone or timeout → ServiceError."""
        statuses = tuple(statuses)

        def check():
            service = self.get(service_id)
            if service is None:
                raise ServiceError('Endpoint service %s disappeared while waiting for it to become %s.'
                                   % (service_id, ' or '.join(statuses)))
            status = service.get('status')
            if status in statuses:
                return True, service
            if status == 'failed':
                raise ServiceError('Endpoint service %s ended in status failed: %s'
                                   % (service_id, _error_text(service)), service=to_ansible(service))
            return False, service

        with Step('waiting for endpoint service %s' % service_id):
            service, done = self.poll(check, timeout)
        if not done:
            raise ServiceError('Timed out after %s seconds (wait_timeout) waiting for endpoint service %s to become %s; '
                               'last status seen: %s. The cloud keeps working on it: raise wait_timeout, or re-run later.'
                               % (timeout, service_id, ' or '.join(statuses), service.get('status')),
                               service=to_ansible(service))
        return service

    def wait_gone(self, service_id, timeout=600):
        """Poll until reading the service answers 404; timeout → ServiceError with the last status seen."""
        last = {}

        def check():
            service = self.get(service_id)
            if service is None:
                return True, None
            last['status'] = service.get('status')
            return False, service

        with Step('waiting for endpoint service %s to be deleted' % service_id):
            service, done = self.poll(check, timeout)
        if not done:
            raise ServiceError('Timed out after %s seconds (wait_timeout) waiting for endpoint service %s to be deleted; '
                               'last status seen: %s. The cloud keeps working on it: raise wait_timeout, or re-run later.'
                               % (timeout, service_id, last.get('status')), service=to_ansible(service))

    # -- engines -----------------------------------------------------------

    def ensure_present(self, params, check_mode=False):
        """Make the service match `params`; return dict(changed, service, diff)."""
        current = self.find(id=params.get('id'), name=params.get('name'))
        if current is None:
            if params.get('id'):
                raise ServiceError('No endpoint service with id %s. To create a service, give name without id.' % params['id'])
            return self._create(params, check_mode)
        return self._reconcile(current, params, check_mode)

    def ensure_absent(self, params, check_mode=False):
        """Delete the service if it exists; return dict(changed, service, diff)."""
        current = self.find(id=params.get('id'), name=params.get('name'))
        if current is None:
            return _result(False, {}, {}, {})
        before = diff_view(to_ansible(current))
        service_id = current['id']
        if current.get('status') == 'deleting':
            # Someone else's delete is under way; sending another would fail.
            changed = False
        else:
            changed = True
            if not check_mode:
                try:
                    self.delete(service_id)
                except ApiError as err:
                    if err.status != 404:
                        raise
                    changed = False
        if params.get('wait', True) and not check_mode:
            self.wait_gone(service_id, params.get('wait_timeout') or 600)
        return _result(changed, {}, before, {})

    def _create(self, params, check_mode):
        missing = missing_for_create(params)
        if missing:
            raise ServiceError('The %s does not exist; to create it these options are required: %s (missing: %s).'
                               % (_describe(params), ', '.join(CREATE_REQUIRED), ', '.join(missing)),
                               missing=missing)
        with_permissions = params.get('permissions') is not None
        if check_mode:
            service = predict_create(params)
            return _result(True, service, {}, diff_view(service, with_permissions))
        body = create_body(params)
        try:
            created = self.create(body)
        except AmbiguousRequestError as err:
            adopted = self._after_ambiguous_create(params, err)
            self.changed = True
            result = self._reconcile(adopted, params, check_mode=False)
            result['changed'] = True
            result['diff']['before'] = {}
            return result
        service_id = created['id']
        if params.get('permissions'):
            self.add_permissions(service_id, params['permissions'])
        if params.get('wait', True):
            created = self.wait_for(service_id, ('available',), params.get('wait_timeout') or 600)
        service = to_ansible(created)
        if with_permissions:
            service['permissions'] = sorted(set(params['permissions']))
        return _result(True, service, {}, diff_view(service, with_permissions))

    def _after_ambiguous_create(self, params, err):
        """Look for the service an unanswered create may have made; return it or raise ServiceError."""
        name = params.get('name')
        if not name:
            raise ServiceError('The create request for a nameless endpoint service got no clear answer (%s), and a '
                               'nameless service cannot be looked up: check the services list before re-running, '
                               'or a duplicate may be created.' % _error_summary(err))
        matches = self.find_by_name(name)
        if len(matches) > 1:
            ids = sorted(s.get('id') for s in matches)
            raise ServiceError('The create request for endpoint service %r got no clear answer (%s), and %d services '
                               'with that name exist now (ids: %s); give the id option to choose one.'
                               % (name, _error_summary(err), len(matches), ', '.join(ids)), ids=ids)
        if not matches:
            raise ServiceError('The create request for endpoint service %r got no clear answer (%s) and no service with '
                               'that name exists: the create may not have happened. It is safe to re-run the task.'
                               % (name, _error_summary(err)))
        return matches[0]

    def _reconcile(self, current, params, check_mode):
        service_id = current['id']
        immutable = immutable_differences(current, params)
        if immutable:
            raise ServiceError(
                'Cannot change %s of endpoint service %s: the API fixes them at creation (%s). Delete and re-create '
                'the service to change them.'
                % (', '.join(f for f, _h, _w in immutable), service_id,
                   '; '.join('%s: current %r, requested %r' % d for d in immutable)),
                fields=[f for f, _h, _w in immutable])
        put_body = update_body(current, params)
        current_tags = tags_to_dict(current.get('tags'))
        to_set, to_unset = compare_tags(current_tags, params.get('tags'), params.get('purge_tags', True))
        with_permissions = params.get('permissions') is not None
        current_permissions = None
        to_add, to_remove = [], []
        if with_permissions:
            current_permissions = self.get_permissions(service_id)
            to_add, to_remove = compare_permissions(current_permissions, params['permissions'],
                                                    params.get('purge_permissions', True))
        changed = bool(put_body or to_set or to_unset or to_add or to_remove)

        before = to_ansible(current)
        if with_permissions:
            before['permissions'] = current_permissions
        permissions_after = None
        if with_permissions:
            permissions_after = sorted((set(current_permissions) | set(to_add)) - set(to_remove))
        predicted = predict_update(current, put_body, to_set, to_unset, permissions_after)

        if check_mode:
            return _result(changed, predicted, diff_view(before, with_permissions), diff_view(predicted, with_permissions))

        updated = None
        if put_body:
            updated = self.update(service_id, put_body)
        if to_unset:
            self.unset_tags(service_id, dict((k, current_tags[k]) for k in to_unset))
        if to_set:
            self.set_tags(service_id, to_set)
        if to_remove:
            self.remove_permissions(service_id, to_remove)
        if to_add:
            self.add_permissions(service_id, to_add)

        # The status last seen: the PUT answer's, else the one read before the change (tag and permission
        # calls leave it alone). Only a service that is not available yet is polled; re-reading an
        # available one after a change would cost a request per change and tell nothing new.
        last_status = (updated if updated else current).get('status')
        if params.get('wait', True) and last_status != 'available':
            result = to_ansible(self.wait_for(service_id, ('available',), params.get('wait_timeout') or 600))
        elif updated:
            # No re-read: the PUT answer plus the tag changes is the new state.
            result = predict_update(updated, {}, to_set, to_unset)
        elif changed:
            result = predict_update(current, put_body, to_set, to_unset)
        else:
            result = to_ansible(current)
        if with_permissions:
            result['permissions'] = permissions_after
        return _result(changed, result, diff_view(before, with_permissions), diff_view(result, with_permissions))

    def query(self, params):
        """Return the Ansible-shaped services matching the info module's filters (an empty list when none match)."""
        name = params.get('name')
        status = params.get('status')
        if params.get('id'):
            found = self.get(params['id'])
            services = [found] if found else []
            if status:
                services = [s for s in services if s.get('status') == status]
        else:
            services = self.list(endpoint_service_name=name or None, status=status,
                                 sort_key=params.get('sort_key'), sort_dir=params.get('sort_dir'))
        result = []
        for api_service in services:
            service = to_ansible(api_service)
            if name is not None and service['name'] != name:
                continue
            if params.get('tags') and not _has_tags(service['tags'], params['tags']):
                continue
            result.append(service)
        for service in result:
            if params.get('include_permissions'):
                service['permissions'] = self.get_permissions(service['id'])
            if params.get('include_connections'):
                service['connections'] = self.list_connections(service['id'])
        return result


class Step(object):
    """Label an ApiError with what was being done, for the module's failure message."""

    def __init__(self, doing):
        self.doing = doing

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None and isinstance(exc, ApiError) and not getattr(exc, 'doing', None):
            exc.doing = self.doing
        return False


def error_context(err, default='calling the VPCEP API'):
    """Return what was being done when this ApiError was raised, e.g. 'creating endpoint service 'web''."""
    return getattr(err, 'doing', None) or default


def _error_text(service):
    error = service.get('error')
    if not error:
        return 'the API gave no error details'
    if isinstance(error, list):
        parts = []
        for item in error:
            if isinstance(item, dict):
                code = item.get('error_code') or item.get('code')
                text = item.get('error_message') or item.get('error_msg') or item.get('message')
                parts.append(': '.join(str(x) for x in (code, text) if x))
            else:
                parts.append(str(item))
        return '; '.join(parts)
    if isinstance(error, dict):
        code = error.get('error_code') or error.get('code')
        text = error.get('error_message') or error.get('error_msg') or error.get('message')
        return ': '.join(str(x) for x in (code, text) if x) or str(error)
    return str(error)


def _error_summary(err):
    status = getattr(err, 'status', None)
    text = getattr(err, 'error_msg', None) or str(err)
    return ('HTTP %s: %s' % (status, text)) if status else text


def _result(changed, service, before, after):
    return {'changed': changed, 'service': service, 'diff': {'before': before, 'after': after}}
