# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading a declared resource: by id, by list (every page), and finding the one the params identify.

The list filters of the API are fuzzy, so a listed resource is the params' one only when the declaration's
`matches_identity` says so; several matches wait a moment for a race to settle (kit/lookup.py) before they
fail. A declaration can be given the answers of a listing shared by many declarations (a fleet): `find`
then searches them instead of listing for itself. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.declaration import Declaration


class Reads(Declaration):
    """The reads of a declared resource."""

    def get(self, resource_id):
        """Return the API answer for this id, or None when the API answers 404; an answer about another id fails."""
        with doing('reading %s %s' % (self.noun, resource_id)):
            try:
                answer = self.context.client.get(api_path(self.path, resource_id))
            except ApiError as error:
                if error.status == 404:
                    return None
                raise
        if not isinstance(answer, dict) or answer.get('id') != resource_id:
            # Never made up from an answer about something else (a list, another resource): a result built from
            # it would be invented, and an update or delete based on it could hit the wrong resource.
            raise ResourceError('Reading %s %s answered %s, not that %s; check the id, and that endpoint is the '
                                'VPCEP API.' % (self.noun, resource_id, _what_answered(answer), self.noun))
        return answer

    def list(self, **filters):
        """Return every resource the list call gives for these filters (None values dropped), all pages."""
        params = dict((k, v) for k, v in filters.items() if v is not None)
        with doing('listing %ss' % self.noun):
            return list(self.context.client.paginate(self.path, self.list_key, params=params, page_size=limits.PAGE_SIZE,
                                                     workers=self.context.option('concurrency', 1)))

    def find_matches(self, include_deleting=False, listed=None):
        """Return the listed resources the params identify, oldest first; `deleting` ones only when asked.

        `listed`: answers already listed (a shared listing) to search instead of a list call.
        """
        answers = self.list(**self.identity_filters()) if listed is None else listed
        found = [a for a in answers if self.matches_identity(a)]
        if not include_deleting:
            found = [a for a in found if a.get('status') != 'deleting']
        return oldest_first(found)

    def find(self):
        """Return the current API resource the params identify, or None; several -> ResourceError.

        Remembers every match (deleting ones too) in `seen_before`: they existed before this run created anything.
        """
        if self.params.get('id'):
            # A fleet's listing holds it when it existed at the start of the run; else it is read (gone: None).
            listed = [a for a in self.listing or () if a.get('id') == self.params['id']]
            return listed[0] if listed else self.get(self.params['id'])
        matches = self.find_matches(include_deleting=True, listed=self.listing)
        self.seen_before = frozenset(m.get('id') for m in matches)
        if self.params.get('state') != 'absent':
            matches = [m for m in matches if m.get('status') != 'deleting']
        return self.single(matches)

    def single(self, matches):
        """Return the one match, None for none; several that do not settle into one -> ResourceError listing their ids."""
        live = [m for m in matches if m.get('status') != 'deleting']
        if len(live) > 1:
            # Imported here (docs/architecture.md, "What a no-op imports"): only a race of runs on one identity waits.
            from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
            live = lookup.settle_duplicates(self)
            if len(live) > 1:
                ids = [m.get('id') for m in live]
                raise ResourceError(self.ambiguity_message(ids), ids=ids)
        if live:
            return live[0]
        return matches[0] if matches else None


def age_key(answer):
    """Sort key of the creation order: created_at, then id (both strings; ISO times sort as text)."""
    return (str(answer.get('created_at') or ''), str(answer.get('id') or ''))


def oldest_first(answers):
    """Return the answers sorted oldest first."""
    return sorted(answers, key=age_key)


def _what_answered(answer):
    if not isinstance(answer, dict):
        return 'a %s' % ('list' if isinstance(answer, list) else 'value that is not an object')
    if answer.get('id') is None:
        return 'an object without an id (keys: %s)' % (', '.join(sorted(str(k) for k in answer)[:10]) or 'none')
    return 'the object with id %s' % validate.shown(answer.get('id'))
