# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Finding a resource again: one match among candidates, and a create that never leaves a duplicate.

Names are not unique in the API, and a create whose answer is lost may still land later. So:
- a create is never repeated; after an unclear answer the identity is looked up for a grace
  period, long enough for a slow create to commit;
- after every create, once any create committed in the same second is visible, the oldest
  resource with that identity (earliest `created_at`, then smallest id) wins: a run whose own
  resource is not the oldest deletes its own, and only its own, and adopts the oldest, so
  runs racing on one identity end with exactly one;
- a lookup that meets several matches waits a moment for such races to settle before it fails.
No Ansible imports.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    HwcloudError,
    ResourceError,
    doing,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import waiter

# Seconds after a create's answer before the identity is listed: created_at has one-second
# resolution, so any create committed in the same second as ours is visible by then.
SETTLE = 1.5
# At most this long (and never longer than wait_timeout) an unanswered create is looked for.
GRACE = 60
# At most this long a lookup that finds several matches waits for a racing run to remove its own.
DUPLICATES_SETTLE = 6


def age_key(answer):
    """Sort key of the creation order: created_at, then id (both strings; ISO times sort as text)."""
    return (str(answer.get('created_at') or ''), str(answer.get('id') or ''))


def oldest_first(answers):
    """Return the answers sorted oldest first."""
    return sorted(answers, key=age_key)


def single(resource, matches):
    """Return the one match, None for none; several that do not settle into one -> ResourceError listing their ids."""
    live = [m for m in matches if m.get('status') != 'deleting']
    if len(live) > 1:
        live = _settle_duplicates(resource)
        if len(live) > 1:
            ids = [m.get('id') for m in live]
            raise ResourceError(resource.ambiguity_message(ids), ids=ids)
    if live:
        return live[0]
    return matches[0] if matches else None


def _settle_duplicates(resource):
    context = resource.context

    def check():
        live = resource.find_matches()
        return len(live) <= 1, live

    live, _done = waiter.poll(context, check, min(DUPLICATES_SETTLE, resource.timeout()), first=1.0, most=2.0)
    return live


def create_once(resource, body):
    """Send the create once and settle what it made; return (API resource to manage, adopted: bool)."""
    context = resource.context
    unclear = None
    with doing('creating %s' % resource.describe()):
        try:
            answer = context.client.post(resource.path, body=body, expect_body=True)
        except AmbiguousRequestError as error:
            answer, unclear = None, error
        except ApiError as error:
            resource.explain_refusal(error)
            racing = _made_meanwhile(resource, error)
            if racing is None:
                raise
            # Refused because a concurrent run just made the same resource (its ports are taken, say): adopt that.
            return racing, True
        # Past this point the create went through or may have: a failure still reports changed.
        context.wrote()
    own = answer.get('id') if isinstance(answer, dict) and isinstance(answer.get('id'), str) else None
    if own is None:
        unclear = unclear or AmbiguousRequestError('the create answer carries no id')
    try:
        return _settle(resource, answer, own, unclear)
    except _Final:
        raise
    except HwcloudError as error:
        raise ResourceError(_after_create_message(resource, own, unclear, error), **_details(error))


def _settle(resource, answer, own, unclear):
    """After the create: find what it made, let concurrent creates show, keep the oldest, remove our duplicate."""
    context = resource.context
    answered_at = context.clock()
    if own is None:
        _await_appearance(resource, unclear)
    _pause_until(context, answered_at + SETTLE)
    with doing('looking up %s after its create' % resource.describe()):
        matches = resource.find_matches()
    if not matches:
        if own is None:
            raise _Final(_vanished_message(resource, unclear))
        return answer, False
    winner = matches[0]
    if own == winner['id']:
        return _fresher(answer, winner), False
    # Ours lost the race (or, after an unclear create, we cannot tell which younger one is ours: every younger
    # one was made while this run looked, by a create racing on the same identity, so none may stay).
    for duplicate in ([own] if own else [m['id'] for m in matches[1:]]):
        _withdraw(resource, duplicate)
    return winner, True


def _made_meanwhile(resource, error):
    """After a refused create (400/409), the oldest resource of the identity that appeared since the lookup, or None."""
    if error.status not in (400, 409):
        return None
    try:
        matches = resource.find_matches()
    except ApiError:
        return None
    return matches[0] if matches else None


def _after_create_message(resource, own, unclear, error):
    made = ('%s %s was created' % (resource.noun, own)) if own else \
        ('the create request for %s got no clear answer (%s)' % (resource.describe(), _summary(unclear)))
    text = error.failure()['msg'] if isinstance(error, ApiError) else str(error)
    return ('%s%s, then this task failed: %s It may exist now: check it (%s) before re-running this task.'
            % (made[0].upper(), made[1:], text.rstrip('.') + '.', resource.check_hint()))


def _details(error):
    details = dict(error.details)
    if isinstance(error, ApiError):
        details['error'] = error.to_dict()
    return details


def _fresher(answer, listed):
    merged = dict(answer)
    merged.update(listed)
    return merged


def _pause_until(context, moment):
    remaining = moment - context.clock()
    if remaining > 0:
        context.sleep(remaining)


def _await_appearance(resource, unclear):
    """Look the identity up for the grace period after an unclear create; none found -> ResourceError."""
    grace = min(GRACE, resource.timeout())

    def check():
        found = resource.find_matches()
        return bool(found), found

    with doing('looking for %s after a create without a clear answer' % resource.describe()):
        _found, done = waiter.poll(resource.context, check, grace, first=1.0, most=5.0)
    if not done:
        raise _Final(
            'The create request for %s got no clear answer (%s), and it did not appear within %s seconds. It may '
            'still be created later: before re-running this task, check whether it exists (%s), or a duplicate may '
            'be made.' % (resource.describe(), _summary(unclear), _seconds(grace), resource.check_hint()))


class _Final(ResourceError):
    """A failure after a create whose message already says what may exist and how to check."""


def _vanished_message(resource, unclear):
    return ('The create request for %s got no clear answer (%s); it appeared, then disappeared again before this task '
            'could adopt it (another run deleted it?). Check whether it exists (%s) before re-running this task.'
            % (resource.describe(), _summary(unclear), resource.check_hint()))


def _withdraw(resource, own):
    """Delete a duplicate that lost the race (this run's own); the API may first want it out of `creating`."""
    context = resource.context
    path = api_path(resource.path, own)
    with doing('deleting the duplicate %s %s' % (resource.noun, own)):
        try:
            context.client.delete(path)
            return
        except ApiError as error:
            if error.status == 404:
                return
            if error.status not in (400, 409):
                raise
        # Refused while the cloud is still making it: wait until it is made, whatever its state then, and delete it.
        waiter.wait_for_status(context, lambda: resource.get(own), '%s %s' % (resource.noun, own),
                               resource.created, resource.timeout(), failed=())
        context.client.delete(path)


def _summary(error):
    if isinstance(error, ApiError):
        status = error.status
        text = error.error_msg or error.message
        return ('HTTP %s: %s' % (status, text)) if status else text
    return str(error)


def _seconds(value):
    return '%g' % value
