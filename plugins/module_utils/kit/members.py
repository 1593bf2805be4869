# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Set-valued sub-collections kept as records (a service's permissions): desired entries, plan, prediction.

A record has a key (the permission string), an id given by the API, and an optional
description. Entries are written as a key or as `{key, description}`; a description left out
is not managed. Records the API keeps for itself (the owner's own account) can be protected:
never added, never removed, never a change. No Ansible imports.
"""


class MemberPlan:
    """What bringing a sub-collection to the desired entries takes."""

    def __init__(self, to_add=None, to_remove=None, to_set_description=None):
        # [(key, description or None)], [record], [(record, description)]
        self.to_add = to_add or []
        self.to_remove = to_remove or []
        self.to_set_description = to_set_description or []

    def __bool__(self):
        return bool(self.to_add or self.to_remove or self.to_set_description)


def desired_entries(entries, key='permission'):
    """Return `{key: description or None}` from entries written as strings or `{key, description}` dicts."""
    result = {}
    for entry in entries or []:
        if isinstance(entry, dict):
            result[entry[key]] = entry.get('description')
        else:
            result[entry] = None
    return result


def plan_members(current, desired, purge=True, protected=None, key='permission'):
    """Return the MemberPlan from current records to the desired entries (`desired_entries` form).

    A description is compared only when the records carry one (the list call may not return it).
    """
    protected = protected or (lambda _key: False)
    by_key = dict((r.get(key), r) for r in current)
    to_add = [(k, d) for k, d in sorted(desired.items()) if k not in by_key and not protected(k)]
    to_remove = []
    if purge:
        to_remove = [r for r in current if r.get(key) not in desired and not protected(r.get(key))]
    to_set_description = [(by_key[k], d) for k, d in sorted(desired.items())
                          if k in by_key and d is not None and 'description' in by_key[k]
                          and (by_key[k].get('description') or '') != d]
    return MemberPlan(to_add, to_remove, to_set_description)


def predict_members(current, plan, make, key='permission'):
    """Return the records the plan leaves: current minus removed, ones with a new description updated, `make(key, description)` added."""
    removed = set(r.get(key) for r in plan.to_remove)
    new_description = dict((r.get(key), d) for r, d in plan.to_set_description)
    result = []
    for record in current:
        if record.get(key) in removed:
            continue
        if record.get(key) in new_description:
            record = dict(record, description=new_description[record.get(key)])
        result.append(record)
    result.extend(make(k, d) for k, d in plan.to_add)
    return sort_members(result, key)


def sort_members(records, key='permission'):
    """Return records sorted by key, the order modules return them in."""
    return sorted(records, key=lambda r: str(r.get(key)))


def member_view(records, key='permission'):
    """Return `{key: description}` of records, as diff mode shows them."""
    return dict((r.get(key), r.get('description') or '') for r in records)
