# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Waiting for the cloud: one polling loop, a wait until a predicate holds, and the status waits built on it.

No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ResourceError

POLL_FIRST = 0.5
POLL_MAX = 10.0
POLL_SHARE = 0.1
LATER = 'The cloud keeps working on it: raise wait_timeout, or re-run later.'


def _nothing(_answer):
    return {}


def poll(context, check, timeout, first=POLL_FIRST, most=POLL_MAX):
    """Call `check()` until it returns (True, value); return (value, done) at the deadline.

    Between calls it sleeps 10 % of the time waited so far, at least `first` and at most `most` seconds:
    the moment a resource becomes ready is seen within max(`first`, 10 % of the wait), and a long wait
    costs few requests.
    """
    started = context.clock()
    deadline = started + timeout
    while True:
        done, value = check()
        if done:
            return value, True
        now = context.clock()
        remaining = deadline - now
        if remaining <= 0:
            return value, False
        context.sleep(min(max(first, (now - started) * POLL_SHARE), most, remaining))


def error_text(answer):
    """Return the API's error details of a failed resource as one line ('the API gave no error details' if none)."""
    error = answer.get('error') if isinstance(answer, dict) else None
    if not error:
        return 'the API gave no error details'
    items = error if isinstance(error, list) else [error]
    parts = []
    for item in items:
        if isinstance(item, dict):
            code = item.get('error_code') or item.get('code')
            text = item.get('error_message') or item.get('error_msg') or item.get('message')
            parts.append(': '.join(str(x) for x in (code, text) if x) or str(item))
        else:
            parts.append(str(item))
    return '; '.join(parts)


def wait_until(context, read, holds, timeout, late):
    """Poll `read()` until `holds(answer)` is true; return that answer.

    `read` or `holds` may raise to end the wait at once (the resource failed, it is gone); at the deadline
    the error `late(last answer)` is raised.
    """
    def check():
        answer = read()
        return holds(answer), answer

    answer, done = poll(context, check, timeout)
    if not done:
        raise late(answer)
    return answer


def wait_for_status(context, read, what, statuses, timeout, failed=('failed',), report=None, explain=None):
    """Poll `read()` until the answer's status is one of `statuses`; return it.

    A status in `failed` fails at once with the API's error details, a read that answers None
    (gone) fails, and the deadline fails naming the last status. `what` names the resource in
    messages ('endpoint service abc'); `report(answer)` gives the result fields returned on failure, and
    `explain(answer)` may give the message for a status in `failed` (None: the generic one).
    """
    report = report or _nothing
    wanted = ' or '.join(statuses)

    def holds(answer):
        if answer is None:
            raise ResourceError('%s disappeared while waiting for it to become %s.' % (_capital(what), wanted))
        status = answer.get('status')
        if status in failed and status not in statuses:
            text = explain(answer) if explain else None
            raise ResourceError(text or '%s ended in status %s: %s' % (_capital(what), status, error_text(answer)),
                                **report(answer))
        return status in statuses

    def late(answer):
        return ResourceError('Timed out after %s seconds (wait_timeout) waiting for %s to become %s; last status seen: '
                             '%s. %s' % (timeout, what, wanted, answer.get('status'), LATER), **report(answer))

    return wait_until(context, read, holds, timeout, late)


def wait_gone(context, read, what, timeout, report=None):
    """Poll `read()` until it answers None (404); the deadline fails naming the last status."""
    report = report or _nothing

    def late(answer):
        return ResourceError('Timed out after %s seconds (wait_timeout) waiting for %s to be deleted; last status seen: '
                             '%s. %s' % (timeout, what, answer.get('status'), LATER), **report(answer))

    wait_until(context, read, lambda answer: answer is None, timeout, late)


def _capital(text):
    return text[0].upper() + text[1:]
