# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A task's credentials: one set from one source, and where each part of it came from.

The set is the access key, secret key, security token, IAM token and project id. When the task
gives any credential option (from its arguments or module_defaults), the whole set is the task's:
nothing of it comes from the environment, and a project id it leaves out is resolved from IAM with
its own credentials. Only a task that gives no credential option takes the set from the
environment, and then from one family of variables (HW_*, HUAWEICLOUD_SDK_* or CLOUD_SDK_*): the
first family with a credential variable set is the source, and the others are not read. Only a
project id given to the task is kept with environment credentials: it authenticates nothing.

Each part remembers its source (an option or a variable name, never a value), so that errors can
say where a refused credential came from. No Ansible imports.
"""

import os

# Options whose presence makes the task the source of the whole set.
CREDENTIAL_OPTIONS = ('access_key', 'secret_key', 'security_token', 'auth_token')
SET_PARTS = CREDENTIAL_OPTIONS + ('project_id',)
SECRET_PARTS = ('auth_token', 'secret_key', 'security_token')

# The environment's sources in the order they are tried, each with its variable per part.
ENV_SOURCES = (
    ('HW_*', (('access_key', 'HW_ACCESS_KEY'), ('secret_key', 'HW_SECRET_KEY'),
              ('security_token', 'HW_SECURITY_TOKEN'), ('auth_token', 'HW_AUTH_TOKEN'),
              ('project_id', 'HW_PROJECT_ID'))),
    ('HUAWEICLOUD_SDK_*', (('access_key', 'HUAWEICLOUD_SDK_AK'), ('secret_key', 'HUAWEICLOUD_SDK_SK'),
                           ('security_token', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'),
                           ('project_id', 'HUAWEICLOUD_SDK_PROJECT_ID'))),
    ('CLOUD_SDK_*', (('access_key', 'CLOUD_SDK_AK'), ('secret_key', 'CLOUD_SDK_SK'))),
)

PART_NAMES = {
    'access_key': 'access key', 'auth_token': 'IAM token', 'project_id': 'project id',
    'secret_key': 'secret key', 'security_token': 'security token',
}


def env_variables(part):
    """Return the environment variables of one part, in the order their families are tried."""
    return [name for _family, variables in ENV_SOURCES for p, name in variables if p == part]


def option_source(part):
    """Return how messages name a part given to the task."""
    return 'option %s' % part


def _clean(value):
    # An empty value (an unset AWX field, an empty variable) counts as not given.
    if isinstance(value, str):
        value = value.strip()
    return value if value not in (None, '') else None


class Credentials:
    """The resolved set: `values` and `sources` per part, the source `origin`, and variables left unread."""

    def __init__(self, values, sources, origin, ignored=()):
        self.values = values        # part -> value or None
        self.sources = sources      # part -> 'option access_key' or 'HW_ACCESS_KEY', for the parts that are set
        self.origin = origin        # 'task', a family such as 'HW_*', or None when nothing was found
        self.ignored = list(ignored)  # set variables of other families, which this set does not read


def resolve(params, environ=None):
    """Return the Credentials of a task from its params, else from one family of environment variables."""
    environ = os.environ if environ is None else environ
    given = dict((part, _clean(params.get(part))) for part in SET_PARTS)
    if any(given[part] for part in CREDENTIAL_OPTIONS):
        sources = dict((part, option_source(part)) for part in SET_PARTS if given[part])
        return Credentials(given, sources, 'task')
    values = dict((part, None) for part in SET_PARTS)
    sources = {}
    origin, ignored = None, []
    for family, variables in ENV_SOURCES:
        found = [(part, name, _clean(environ.get(name))) for part, name in variables]
        found = [(part, name, value) for part, name, value in found if value is not None]
        if origin is None and any(part in CREDENTIAL_OPTIONS for part, _name, _value in found):
            origin = family
            for part, name, value in found:
                values[part], sources[part] = value, name
        else:
            ignored.extend(name for _part, name, _value in found)
    if given['project_id']:
        # A project id given to the task wins: it is explicit, and it authenticates nothing.
        values['project_id'], sources['project_id'] = given['project_id'], option_source('project_id')
    return Credentials(values, sources, origin, ignored if origin else [])


def secrets_in(params, environ=None):
    """Return every secret value of the params and of the environment's credential variables, used or not, for
    masking."""
    environ = os.environ if environ is None else environ
    found = [_clean(params.get(part)) for part in SECRET_PARTS]
    found.extend(_clean(environ.get(name)) for part in SECRET_PARTS for name in env_variables(part))
    return set(value for value in found if value)


def used_parts(values):
    """Return the parts that authenticate a request: the token (and project id), or the keys."""
    if values.get('auth_token'):
        return ['auth_token', 'project_id']
    parts = ['access_key', 'secret_key'] + (['security_token'] if values.get('security_token') else [])
    return parts + ['project_id']


def explain(values, sources, region=None, project=True):
    """Return 'access key from HW_ACCESS_KEY, ..., project id resolved from IAM ...' for the parts in use."""
    shown = []
    for part in used_parts(values)[:None if project else -1]:
        if part in sources:
            shown.append('%s from %s' % (PART_NAMES[part], sources[part]))
        elif part == 'project_id':
            shown.append('project id resolved from IAM for region %s with these credentials' % (region or '(none)'))
        else:
            shown.append('no %s' % PART_NAMES[part])
    return ', '.join(shown)


def ignored_warning(credentials):
    """Return a warning naming environment variables this set does not read, or None."""
    if not credentials.ignored:
        return None
    return ('Credentials come from the %s environment variables (%s); %s %s set but not used: a task\'s credentials are '
            'one set from one source, never mixed.' % (
                credentials.origin, ', '.join(sorted(v for v in credentials.sources.values() if not v.startswith('option '))),
                ', '.join(sorted(credentials.ignored)), 'is' if len(credentials.ignored) == 1 else 'are'))


def conflict_message(credentials):
    """Return why a task's set is two sets (a token and keys both given to the task), or None."""
    values = credentials.values
    keys = [p for p in ('access_key', 'secret_key', 'security_token') if values.get(p)]
    if credentials.origin != 'task' or not values.get('auth_token') or not keys:
        return None
    # A group's module_defaults may carry one account's token while the task gives another's keys: two sets.
    return ('the task gives both auth_token and %s (from its arguments and module_defaults together): they may be two '
            'accounts\' credentials, and a task\'s credentials are one set; give either auth_token or access_key and '
            'secret_key' % ' and '.join(keys))


def missing_message(values, sources, origin):
    """Return why the set cannot authenticate (a key without its partner, or nothing), or None when it can."""
    if values.get('auth_token'):
        return None
    have_ak, have_sk = bool(values.get('access_key')), bool(values.get('secret_key'))
    if have_ak and have_sk:
        return None
    if origin == 'task':
        given, missing = ('access_key', 'secret_key') if have_ak else ('secret_key', 'access_key')
        if not (have_ak or have_sk):
            return ('the task gives %s but neither access_key and secret_key nor auth_token: a task\'s credentials are '
                    'one set, so give them with it (the environment is not read when a task gives credentials)'
                    % ', '.join(p for p in CREDENTIAL_OPTIONS if p in sources))
        return ('the task gives %s but not %s: a task\'s credentials are one set, so give %s with it (the environment '
                'is not read when a task gives credentials)' % (given, missing, missing))
    if origin is not None:
        family = dict(dict(ENV_SOURCES)[origin])
        lacking = [family[p] for p in ('access_key', 'secret_key') if not values.get(p)]
        have = sorted(name for part, name in sources.items() if part in CREDENTIAL_OPTIONS)
        return ('%s %s set but %s %s not: the credentials come from the %s variables alone, so set %s too' % (
            ', '.join(have), 'is' if len(have) == 1 else 'are', ' and '.join(lacking),
            'is' if len(lacking) == 1 else 'are', origin, ' and '.join(lacking)))
    return ('no credentials: give access_key and secret_key, or auth_token, to the task (or its module_defaults), '
            'or set one family of environment variables: %s' % '; '.join(
                '/'.join(name for part, name in variables if part in CREDENTIAL_OPTIONS) for _f, variables in ENV_SOURCES))
