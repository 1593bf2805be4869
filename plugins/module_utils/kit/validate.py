# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rules the argument spec cannot state: lengths, patterns, ranges. Each returns messages naming the option.

Types, choices, required and mutually exclusive options are the argument spec's job (and a
list or dict given for a string never gets here: HwcloudModule refuses it). No Ansible imports.
"""

import ipaddress
import re

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ID_RE

DESCRIPTION_MAX = 512
# The fixed words the API's paths have where an id stands (the official SDK's vpcep_client.py): an id that is
# one of them calls another API (GET .../vpc-endpoint-services/public lists the public services, .../describe
# describes one; .../endpoint_service/tags, .../permissions/batch-create ...). Real ids are UUIDs.
PATH_WORDS = frozenset(['action', 'batch-create', 'batch-delete', 'describe', 'public', 'resource_instances', 'tags'])
SHOWN_MAX = 60
_HOSTNAME_RE = re.compile(r'^(?=.{1,253}\Z)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?\Z')


_NUMERIC_RE = re.compile(r'^[0-9.]+\Z')
_FULL_NAME_RE = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*(\.[A-Za-z0-9_-]+)+\Z')


def full_service_name(value, parts=2):
    """Tell whether a value is a service's full name region.name.id (at least `parts` dots apart: region and id)."""
    return len(value) <= 128 and bool(_FULL_NAME_RE.match(value)) and value.count('.') >= parts - 1


def shown(value):
    """Return a value's repr for a message, cut to a readable length (a 10 KB string stays a short message)."""
    text = repr(value)
    if len(text) > SHOWN_MAX:
        text = text[:SHOWN_MAX - 3] + '...'
    return text


def resource_id(option, value):
    """Check an id that becomes a URL path segment or a body id: 1 to 64 letters, digits and '-', not a path word."""
    if value is None:
        return []
    if not ID_RE.match(value):
        return ['%s: must be 1 to 64 letters, digits and "-" (got %s)' % (option, shown(value))]
    if value.lower() in PATH_WORDS:
        return ['%s: must be an id, not one of the words of the API\'s paths (%s), which would call another API '
                '(got %s)' % (option, ', '.join(sorted(PATH_WORDS)), shown(value))]
    return []


def resource_ids(option, values):
    """Check every id of a list option, naming each one by its index."""
    errors = []
    for index, value in enumerate(values or []):
        errors.extend(resource_id('%s[%d]' % (option, index), value))
    return errors


def duplicates(option, values, key=None, what='value'):
    """Check that no value of a list option comes twice (compared by `key(value)`; None is no value), naming each repeat."""
    where = {}
    for index, value in enumerate(values or []):
        compared = None if value is None else (key or _same)(value)
        if compared is not None:
            where.setdefault(compared, []).append(index)
    return ['%s: lists the same %s %s %d times (%s); give each once'
            % (option, what, shown(values[found[0]]), len(found), ', '.join('%s[%d]' % (option, i) for i in found))
            for found in sorted(where.values()) if len(found) > 1]


def _same(value):
    return value


def description(value, option='description'):
    """Check a description: at most 512 characters, no '<' or '>' (services, endpoints and connections alike)."""
    errors = []
    if value is not None:
        if len(value) > DESCRIPTION_MAX:
            errors.append('%s: must be at most %d characters long (got %d)' % (option, DESCRIPTION_MAX, len(value)))
        if '<' in value or '>' in value:
            errors.append('%s: must not contain "<" or ">"' % option)
    return errors


def bounded(option, value):
    """Check a number against its option's range (limits.BOUNDS: wait_timeout, concurrency ...)."""
    text = limits.problem(option, value)
    return [text] if text else []


def ipv4_or_hostname(option, value):
    """Check an IPv4 address or a domain name (the API takes no IPv6 address there)."""
    if value is None:
        return []
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        return ['%s: must be an IPv4 address or a domain name, not an IPv6 address (got %s)' % (option, shown(value))]
    if address is None and _NUMERIC_RE.match(value):
        # Digits and dots only: meant as an IPv4 address, and not a valid one (999.1.1.1); never a host name.
        return ['%s: must be an IPv4 address or a domain name; %s is neither (an address has four numbers of 0 to 255, '
                'a domain name is not all digits)' % (option, shown(value))]
    if address is None and not _HOSTNAME_RE.match(value):
        return ['%s: must be an IPv4 address or a domain name (got %s)' % (option, shown(value))]
    return []


def ip_address(option, value, version=4):
    """Check an IP address of one version."""
    if value is None:
        return []
    try:
        if ipaddress.ip_address(value).version == version:
            return []
    except ValueError:
        pass
    return ['%s: must be an IPv%d address (got %s)' % (option, version, shown(value))]


def ip_networks(option, values):
    """Check a list of IPv4 addresses or CIDR blocks (an endpoint's whitelist), none twice (1.1.1.1 is 1.1.1.1/32)."""
    errors = []
    for index, value in enumerate(values or []):
        network = _network(value)
        if network is None or network.version != 4:
            errors.append('%s[%d]: must be an IPv4 address or CIDR block such as 10.0.0.0/24 (got %s)'
                          % (option, index, shown(value)))
    if not errors:
        errors = duplicates(option, values, key=_network, what='address or block')
    return errors


def _network(value):
    try:
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None
