# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lists of resources converged together (the roles' entries): every entry's rules, and no resource named twice.

A list is checked whole before anything is changed: each entry by the same rules its module applies (types,
then lengths, patterns and ranges), and no two entries may mean the same resource, because two entries for
one resource make every run change it twice. The roles call this through the hwcloud.vpcep.entry_errors
filter; a module that converges a list can call it directly. Each message starts with the entry it is about
(`endpoint_services_list[2]`). No Ansible imports of its own (base's strict types use only the spec).
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import strict_type_errors
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.names import id_of
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_connection, endpoint_service, vpc_endpoint

# The options a service entry has beyond vpcep_service's: the connections to accept once it has converged.
ACCEPT_SPEC = dict(
    accept_connections=dict(type='list', elements='str'),
    accept_domains=dict(type='list', elements='str'),
)


def service_entry_errors(entries, spec, option='endpoint_services_list'):
    """Return the problems of a list of endpoint service entries; `spec` is vpcep_service's own argument spec."""
    spec = dict(spec, **ACCEPT_SPEC)
    errors = _each_entry(entries, spec, option, _service_rules, endpoint_service.EndpointService.argument_rules)
    errors.extend(_same_resource(entries, option, _service_clash, _service_keys))
    return errors


def endpoint_entry_errors(entries, spec, option='endpoints_list'):
    """Return the problems of a list of VPC endpoint entries; `spec` is vpcep_endpoint's own argument spec."""
    errors = _each_entry(entries, spec, option, vpc_endpoint.validate_params, vpc_endpoint.VpcEndpoint.argument_rules)
    errors.extend(_same_resource(entries, option, _endpoint_clash, _endpoint_keys))
    return errors


def _service_rules(entry):
    errors = endpoint_service.validate_params(entry)
    errors.extend(validate.resource_ids('accept_connections', entry.get('accept_connections')))
    errors.extend(endpoint_connection.domain_id_errors('accept_domains', entry.get('accept_domains')))
    return errors


def _each_entry(entries, spec, option, rules, argument_rules):
    if not isinstance(entries, list):
        return ['%s: must be a list of dictionaries' % option]
    errors = []
    for index, entry in enumerate(entries):
        where = '%s[%d]' % (option, index)
        if not isinstance(entry, dict):
            errors.append('%s: must be a dictionary' % where)
            continue
        found = strict_type_errors(spec, entry)
        # The rules read the values as the module would get them: only an entry of the right types gets that far.
        found = found or (argument_rule_errors(entry, argument_rules) + rules(_as_the_module_gets_it(entry, spec)))
        errors.extend('%s.%s' % (where, text) for text in found)
    return errors


def argument_rule_errors(values, rules):
    """Return the broken rules between options (the argument spec's required_one_of, mutually_exclusive, required_if
    of a declaration) of one entry, each naming the options."""
    given = dict((name, value) for name, value in values.items() if value is not None)
    errors = [_one_of_message(terms) for terms in rules.get('required_one_of', ()) if not set(terms) & set(given)]
    for terms in rules.get('mutually_exclusive', ()):
        both = [term for term in terms if term in given]
        if len(both) > 1:
            errors.append('%s: give only one of them' % ', '.join(both))
    for key, value, required in rules.get('required_if', ()):
        missing = [name for name in required if name not in given]
        if given.get(key) == value and missing:
            errors.append('%s: required when %s is %s' % (', '.join(missing), key, value))
    return errors


def _one_of_message(terms):
    others = [term for term in terms if term != 'id']
    if len(others) == len(terms):
        return '%s: one of them is required' % ', '.join(terms)
    if len(others) == 1:
        return '%s: required when id is not given' % others[0]
    return '%s: one of them is required when id is not given' % ', '.join(others)


def _as_the_module_gets_it(entry, spec):
    """The entry with the numbers that text options may take (a description of 123) turned into text, as Ansible does."""
    result = dict(entry)
    for name, option in spec.items():
        value = result.get(name)
        if option.get('type') == 'str' and isinstance(value, (int, float)):
            result[name] = str(value)
        elif option.get('type') == 'list' and option.get('elements') == 'str' and isinstance(value, list):
            result[name] = [str(v) if isinstance(v, (int, float)) else v for v in value]
    return result


def _same_resource(entries, option, clash, keys):
    """Name every pair of entries that mean the same resource, as `clash(a, b)` tells (None: different ones).

    Only entries that share a key (`keys(entry)`: what a clash needs equal, such as the name) are compared, so a long
    list of different resources costs one pass, not a comparison of every pair.
    """
    entries = entries if isinstance(entries, list) else []
    groups = {}
    for index, entry in enumerate(entries):
        for key in keys(entry) if isinstance(entry, dict) else ():
            groups.setdefault(key, []).append(index)
    pairs = set((second, first) for members in groups.values() for at, second in enumerate(members)
                for first in members[:at])
    errors = []
    for second, first in sorted(pairs):
        text = clash(entries[first], entries[second])
        if text:
            errors.append('%s[%d] and %s[%d] both %s: give each resource one entry' % (option, first, option, second, text))
    return errors


def _service_keys(entry):
    return [(key, _text(entry, key)) for key in ('id', 'name') if _text(entry, key) is not None]


def _endpoint_keys(entry):
    # An entry with an id clashes only with one of the same id; one without, only with one of its service and VPC.
    if _text(entry, 'id') is not None:
        return [('id', _text(entry, 'id'))]
    service, vpc = _service_id(entry), _text(entry, 'vpc_id')
    return [('service', service, vpc)] if service is not None and vpc is not None else []


def _service_clash(first, second):
    for key, what in (('id', 'have the id'), ('name', 'name the service')):
        value = _text(first, key)
        if value is not None and value == _text(second, key):
            return '%s %s' % (what, validate.shown(value))
    return None


def _endpoint_clash(first, second):
    """The same id, or the same service and VPC with the same subnet (an entry without subnet_id means any subnet)."""
    if _text(first, 'id') is not None or _text(second, 'id') is not None:
        same = _text(first, 'id') == _text(second, 'id')
        return ('have the id %s' % validate.shown(_text(first, 'id'))) if same else None
    service, vpc = _service_id(first), _text(first, 'vpc_id')
    if service is None or vpc is None or (service, vpc) != (_service_id(second), _text(second, 'vpc_id')):
        return None
    subnets = (_text(first, 'subnet_id'), _text(second, 'subnet_id'))
    if None not in subnets and subnets[0] != subnets[1]:
        return None
    return 'mean the VPC endpoint to endpoint service %s in VPC %s%s' % (
        service, vpc, ' (subnet %s)' % subnets[0] if None not in subnets else ', one of them in any subnet')


def _text(entry, key):
    value = entry.get(key)
    return value if isinstance(value, str) and value else None


def _service_id(entry):
    # The full name region.name.id ends with the service's id: both forms of one service compare equal.
    name = _text(entry, 'endpoint_service_name')
    return id_of(name) if name else _text(entry, 'endpoint_service_id')
