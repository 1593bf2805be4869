# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The plan as modules report it: an `action` and the `changes`, field by field, from two diff views.

A diff view (Declaration.diff_view) holds a resource's managed options as the user writes them. The changes
between the view as found and the view the plan leaves are what a run would change: one `{field, before,
after}` per option that differs, sorted by option name (the documentation's order), and for options kept as
a dictionary of keys (tags, permissions) one per key, named `tags.<key>` / `permissions.<permission>`, so that
one tag or one permission changed outside Ansible is named with both values. `None` on a side means absent.
The views never hold the creation token tag (kit/tags.py) nor a credential, so neither do the changes.
No Ansible imports.
"""

ACTIONS = ('create', 'update', 'replace', 'delete', 'none')
# Options left out of a change list: the id identifies the resource, it is not changed (a delete lists it: it goes).
IDENTITY = ('id',)


def changes(before, after, keyed=(), only=None, identity=IDENTITY):
    """Return `[{field, before, after}]` between two diff views (dicts; `{}`: the resource does not exist).

    `keyed` names the options whose dictionary values are compared key by key; `only`, when given, the options
    reported (a create reports the options the task sets, not the defaults the API fills in).
    """
    found = []
    for option in sorted(set(before) | set(after)):
        if option in identity or (only is not None and option not in only):
            continue
        old, new = before.get(option), after.get(option)
        if option in keyed and (isinstance(old, dict) or isinstance(new, dict)):
            found.extend(_keyed(option, old or {}, new or {}))
        elif old != new:
            found.append({'field': option, 'before': old, 'after': new})
    return found


def _keyed(option, before, after):
    return [{'field': '%s.%s' % (option, key), 'before': before.get(key), 'after': after.get(key)}
            for key in sorted(set(before) | set(after), key=str) if before.get(key) != after.get(key)
            or (key in before) != (key in after)]


def replace_message(noun, resource_id, differences):
    """Return the error for fields fixed at creation that a task would change (`(option, current, requested)`)."""
    return ('Cannot change %s of %s %s: the API fixes them at creation (%s). Delete and re-create it to change them.'
            % (', '.join(d[0] for d in differences), noun, resource_id,
               '; '.join('%s: current %r, requested %r' % d for d in differences)))


def replace_warning(noun, resource_id, differences):
    """Return the check-mode warning for a plan that would need a re-creation, which the real run refuses."""
    return ('Check mode: %s %s would have to be replaced, since the API fixes %s at creation; the real run fails and '
            'changes nothing. Delete and re-create it to change them.'
            % (noun, resource_id, ', '.join(d[0] for d in differences)))


# ---- the three cases, for a resource declaration (kit/engine.py) --------------------------------------------

def keyed_options(resource):
    """Return the options of a declaration whose values the changes name key by key (tags, its members)."""
    return tuple(o for o in ('tags' if resource.tag_type else None, resource.members_option) if o)


def of_create(resource, predicted, members):
    """Return the changes of a create: each option the task sets, before None, after as the prediction has it."""
    params = resource.params
    only = set(f.option for f in resource.fields if params.get(f.option) is not None)
    only.update(o for o in keyed_options(resource) if params.get(o) is not None)
    return changes({}, resource.diff_view(predicted, members), keyed_options(resource), only)


def of_delete(resource, current):
    """Return the changes of a delete: each managed option as found, and the id, after None."""
    return changes(resource.diff_view(current), {}, keyed_options(resource), identity=())


def of_update(resource, current, plan):
    """Return (action, changes) of a plan for an existing resource: the view as found against the predicted one."""
    before = resource.diff_view(current, plan.members_before)
    after = resource.diff_view(*resource.predict(current, plan))
    found = changes(before, after, keyed_options(resource))
    return ('replace' if plan.replace else 'update' if plan.changed else 'none'), found
