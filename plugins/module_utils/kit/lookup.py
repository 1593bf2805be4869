# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Finding a resource again, and a create that never leaves a duplicate nor touches what is not its own.

The rule: a run deletes, renames or changes only a resource that the task names by id, that existed
before the run began, or that the run can prove it created. Timing (created_at, order) is no proof.
Names are not unique in the API, a create whose answer is lost may still land later, and another
party (a run, the console, Terraform) may create the same identity at any moment. So:
- every create carries a creation token: a tag (tags.MARKER_KEY) with a random value. A listed
  resource of the identity that carries this run's token is this run's own, whatever answer the
  create got. The run removes the tag once the identity is settled; results, diffs and tag
  comparisons never show it. When the task's own tags leave no room for it, the create goes
  without: a clear answer (an id) is still proof, an unclear one cannot be resolved;
- a create is never repeated; after an unclear answer the identity is looked up for a grace period
  until the token shows up;
- once any create committed in the same second is visible, the run lists the identity. What
  appeared during the run and is not its own is never deleted, changed or adopted. Runs racing on
  one identity still end with one resource: of its own and those that appeared, the oldest
  (created_at, then id: every run computes the same order) stays. A run whose own is not the oldest
  deletes its own, leaves the older one alone, and succeeds only if that one already matches its task;
- a lookup that meets several matches waits a moment for such races to settle before it fails.
No Ansible imports.
"""

import secrets

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import (
    AmbiguousRequestError,
    ApiError,
    HwcloudError,
    ResourceError,
    doing,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import waiter
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.reads import oldest_first
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import (
    MARKER_KEY,
    TAGS_MAX,
    carries_token,
    without_token,
)

# Seconds after a create's answer (or after its token showed up) before the identity is listed: created_at has
# one-second resolution, so any create committed in the same second as ours is visible by then.
SETTLE = 1.5
# At most this long (and never longer than wait_timeout) an unanswered create is looked for.
GRACE = 60
# At most this long a lookup that finds several matches waits for a racing run to remove its own.
DUPLICATES_SETTLE = 6
# At most this long a run that left an older resource alone waits for its members to match the task: the run that
# made it adds them once it is ready.
MATCH_SETTLE = 15
# Refusals that may come from a create racing on the same identity (a port taken, a conflict).
REFUSALS = (400, 409)


def settle_duplicates(resource):
    """Return the live matches once a race of runs on the identity has settled (reads.single, several matches)."""
    context = resource.context

    def check():
        live = resource.find_matches()
        return len(live) <= 1, live

    live, _done = waiter.poll(context, check, min(DUPLICATES_SETTLE, resource.timeout()), first=1.0, most=2.0)
    return live


class Creation:
    """What a create leaves: the API resource to report, and whether it is this run's own.

    `own` False: another party's resource that already matches the task, reported read-only (with its
    member records, when the task manages them); nothing of it was changed.
    """

    def __init__(self, answer, own=True, members=None):
        self.answer = answer
        self.own = own
        self.members = members


def create_once(resource, body):
    """Send the create once (with this run's creation token) and settle what it made; return a Creation."""
    return _Create(resource, body).run()


def new_token():
    """Return a new random creation token (32 hex digits: a valid tag value of the API's strictest rules)."""
    return secrets.token_hex(16)


def creation_token(resource, body):
    """Add a new creation token tag to a create body and return its value; None when the task's tags leave no room."""
    if not resource.tag_type or len(body.get('tags') or []) >= TAGS_MAX:
        return None
    token = new_token()
    body['tags'] = list(body.get('tags') or []) + [{'key': MARKER_KEY, 'value': token}]
    return token


class _Create:
    """One create and what follows it: the answer, the proof of ownership, the settle, the token's removal."""

    def __init__(self, resource, body):
        self.resource = resource
        self.context = resource.context
        self.body = body
        # The identity's matches listed before this run created anything (deleting ones too).
        self.before = frozenset(resource.seen_before or ())
        self.token = creation_token(resource, body)
        self.answer = None
        self.own = None
        self.unclear = None
        self.seen_at = None

    def run(self):
        """Send the create; then find this run's own and settle the identity."""
        resource = self.resource
        with doing('creating %s' % resource.label()):
            try:
                # Context.write records that the create went through or may have (an unclear answer): from here
                # on a failure still reports changed.
                self.answer = self.context.write('POST', resource.path, body=self.body, idempotent=False, expect_body=True)
            except AmbiguousRequestError as error:
                self.unclear = error
            except ApiError as error:
                return self.refused(error)
        self.seen_at = self.context.clock()
        answer = self.answer
        self.own = answer.get('id') if isinstance(answer, dict) and isinstance(answer.get('id'), str) else None
        if self.own is None:
            self.answer = None
            self.unclear = self.unclear or AmbiguousRequestError('the create answer carries no id')
        return self.guarded(self.settle)

    def guarded(self, step):
        """Run a step after the create; any failure says what may exist now and stays changed."""
        try:
            return step()
        except _Final:
            raise
        except HwcloudError as error:
            raise ResourceError(_after_create_message(self.resource, self.own, self.unclear, error), **_details(error))

    # ---- a refused create (point 7 of issue 19): the answer may lie, the token tells -------------

    def refused(self, error):
        """A create the API refused: ours if a match carries our token, else the refusal stands (nothing adopted)."""
        resource = self.resource
        matches = []
        if error.status in REFUSALS:
            try:
                matches = resource.find_matches()
            except ApiError:
                matches = []
            mine = [m for m in matches if carries_token(m, self.token)]
            if mine:
                # The create committed and its answer lied: this run made it.
                self.context.wrote()
                self.answer, self.own, self.seen_at = mine[0], mine[0]['id'], self.context.clock()
                return self.guarded(self.settle)
        resource.explain_refusal(error)
        others = self.appeared(matches)
        if others:
            return self.defer(others[0], refusal=error)
        raise error

    # ---- after the create ------------------------------------------------------------------------

    def settle(self):
        """Find our own, let concurrent creates show, keep ours if it is the oldest, else withdraw it."""
        resource = self.resource
        if self.own is None:
            self.await_own()
        _pause_until(self.context, self.seen_at + SETTLE)
        with doing('looking up %s after its create' % resource.label()):
            matches = resource.find_matches(include_deleting=True)
        listed = dict((m.get('id'), m) for m in matches)
        if self.own not in listed and self.unclear is not None:
            raise _Final(_vanished_message(resource, self.unclear))
        current = _fresher(self.answer or {}, listed[self.own]) if self.own in listed else self.answer
        others = self.appeared(matches)
        oldest = oldest_first([current] + others)[0]
        if oldest.get('id') == self.own:
            if others:
                self.context.warn(_left_alone_warning(resource, others))
            return Creation(self.unmark(current))
        _withdraw(resource, self.own)
        return self.defer(oldest, withdrawn=current)

    def appeared(self, matches):
        """Return the live matches that appeared during this run and are not its own, oldest first."""
        return oldest_first(m for m in matches if m.get('id') not in self.before and m.get('id') != self.own
                            and m.get('status') != 'deleting')

    def await_own(self):
        """Look the identity up for the grace period until a match carries our token; else fail, touching nothing."""
        resource = self.resource
        grace = min(GRACE, resource.timeout())

        def check():
            new = self.appeared(resource.find_matches())
            mine = [m for m in new if carries_token(m, self.token)]
            if self.token is None:
                return bool(new), new
            return bool(mine), mine or new

        with doing('looking for %s after a create without a clear answer' % resource.label()):
            found, done = waiter.poll(self.context, check, grace, first=1.0, most=5.0)
        if done and self.token is not None:
            self.answer, self.own, self.seen_at = found[0], found[0]['id'], self.context.clock()
            return
        if not found:
            raise _Final(
                'The create request for %s got no clear answer (%s), and it did not appear within %s seconds. It may '
                'still be created later: before re-running this task, check whether it exists (%s), or a duplicate '
                'may be made.' % (resource.label(), self.unclear.summary(), _seconds(grace), resource.check_hint()))
        raise _Final(_unprovable_message(resource, self.unclear, found, self.token is None, grace))

    def defer(self, other, withdrawn=None, refusal=None):
        """Leave an older resource alone: report it read-only if it matches the task, else fail saying what to do."""
        other, differences, members = _await_match(self.resource, other)
        if differences:
            raise _Final(_differs_message(self.resource, other, differences, withdrawn, refusal),
                         **_refusal_details(refusal))
        self.context.warn(_deferred_warning(self.resource, other, withdrawn))
        return Creation(other, own=False, members=members)

    def unmark(self, current):
        """Remove our creation token tag from our own resource; a failure says how to remove it and stays changed."""
        if self.token is None:
            return current
        resource = self.resource
        path = api_path('/v1/{project_id}/%s' % resource.tag_type, self.own, 'tags', 'action')
        body = {'action': 'delete', 'tags': [{'key': MARKER_KEY, 'value': self.token}]}
        with doing('removing the creation token tag from %s %s' % (resource.noun, self.own)):
            try:
                _send_removal(resource, path, body, self.own)
            except HwcloudError as error:
                raise _Final(_leftover_message(resource, self.own, self.token, error),
                             **dict(_details(error), **resource.report(current)))
        return without_token(current, self.token)


def _send_removal(resource, path, body, own):
    """Send the token's removal; refused while the cloud still makes the resource: wait until it is made, retry once."""
    context = resource.context
    try:
        context.write('POST', path, body=body, idempotent=True)
        return
    except ApiError as error:
        if error.status == 404:
            # Gone already (deleted under us): no tag is left; what follows reports the disappearance.
            return
        if error.status not in REFUSALS:
            raise
    waiter.wait_for_status(context, lambda: resource.get(own), '%s %s' % (resource.noun, own), resource.created,
                           resource.timeout(), failed=())
    context.write('POST', path, body=body, idempotent=True)


def _await_match(resource, other):
    """Read the older resource until it matches the task: (answer, differing options, member records); read only.

    The run that made it may still be adding its members (only once it is ready), so a difference in members alone
    is waited for, at most MATCH_SETTLE seconds; any other difference is final.
    """
    context = resource.context
    managing_members = resource.members_option and resource.params.get(resource.members_option) is not None
    if managing_members or context.option('wait', True):
        other = resource.wait_ready(other)
    other_id = other['id']
    first = [other]

    def check():
        answer = first.pop() if first else resource.get(other_id)
        if answer is None:
            raise ResourceError('%s %s, which this run left alone, disappeared while this run compared it with its task.'
                                % (_capital(resource.noun), other_id))
        differences, members = resource.differences(answer)
        return differences != [resource.members_option], (answer, differences, members)

    (answer, differences, members), _done = waiter.poll(context, check, min(MATCH_SETTLE, resource.timeout()),
                                                        first=1.0, most=2.0)
    return answer, differences, members


def _after_create_message(resource, own, unclear, error):
    made = ('%s %s was created' % (resource.noun, own)) if own else \
        ('the create request for %s got no clear answer (%s)' % (resource.label(), unclear.summary()))
    text = error.failure()['msg'] if isinstance(error, ApiError) else str(error)
    return ('%s%s, then this task failed: %s It may exist now: check it (%s) before re-running this task.'
            % (made[0].upper(), made[1:], text.rstrip('.') + '.', resource.check_hint()))


def _details(error):
    details = dict(error.details)
    if isinstance(error, ApiError):
        details['error'] = error.to_dict()
    return details


def _refusal_details(refusal):
    return {'error': refusal.to_dict()} if refusal is not None else {}


def _fresher(answer, listed):
    merged = dict(answer)
    merged.update(listed)
    return merged


def _pause_until(context, moment):
    remaining = moment - context.clock()
    if remaining > 0:
        context.sleep(remaining)


def _listing(answers):
    return ', '.join('%s (created_at %s)' % (a.get('id'), a.get('created_at') or 'unknown') for a in answers)


def _capital(text):
    return text[0].upper() + text[1:]


def _nouns(resource, count):
    return '%d %s%s' % (count, resource.noun, '' if count == 1 else 's')


def _left_alone_warning(resource, others):
    return ('%s matching %s appeared during this run, not made by it: %s. This run left %s alone (a concurrent run of '
            'this same task removes its own again). While more than one stays, runs that look %s up fail until one is '
            'removed or chosen with the id option.'
            % (_capital(_nouns(resource, len(others))), resource.label(), _listing(others),
               'it' if len(others) == 1 else 'them', resource.label()))


def _deferred_warning(resource, other, withdrawn):
    if withdrawn:
        return ('%s %s, which matches %s, appeared during this run and is older than the one this run created: it '
                'already matches this task, so this run removed its own duplicate %s and changed nothing of %s.'
                % (_capital(resource.noun), other['id'], resource.label(), withdrawn['id'], other['id']))
    return ('The API refused this run\'s create of %s: %s %s, which matches it, appeared during this run. It already '
            'matches this task, so this run changed nothing of it.' % (resource.label(), resource.noun, other['id']))


def _differs_message(resource, other, differences, withdrawn, refusal):
    who = '%s %s (created_at %s)' % (resource.noun, other['id'], other.get('created_at') or 'unknown')
    if withdrawn:
        story = ('%s, which matches %s, appeared during this run and is older than the one this run created. This run '
                 'removed its own duplicate %s (created_at %s)'
                 % (_capital(who), resource.label(), withdrawn['id'], withdrawn.get('created_at') or 'unknown'))
    else:
        story = ('The API refused this run\'s create of %s (%s); %s, which matches it, appeared during this run, and '
                 'this run did not make it' % (resource.label(), refusal.summary(), who))
    return ('%s. It changed nothing of %s, which differs from this task in: %s. To manage it, re-run this task (a new '
            'run finds it and brings it to the task), or give its id.' % (story, other['id'], ', '.join(differences)))


def _unprovable_message(resource, unclear, found, unmarked, grace):
    why = ('this run could not mark its create (the task\'s tags fill the %d a resource may carry, leaving no room for '
           'the creation token), so it cannot tell whether one of them is its own' % TAGS_MAX) if unmarked else \
        'none carries this run\'s creation token, so none is proven to be this run\'s'
    return ('The create request for %s got no clear answer (%s). Within %s seconds %s matching it appeared, but %s: '
            '%s. Nothing of them was touched. Check them (%s); re-run this task later (this run\'s create may still '
            'land), or give the id option to manage one of them.'
            % (resource.label(), unclear.summary(), _seconds(grace), _nouns(resource, len(found)), why,
               _listing(found), resource.check_hint()))


def _leftover_message(resource, own, token, error):
    text = error.failure()['msg'] if isinstance(error, ApiError) else str(error)
    return ('%s %s was created, but its creation token tag could not be removed: %s It still carries the tag %s=%s, '
            'which results never show and no run removes (other runs leave creation tokens alone). Remove it in the '
            'console, or with POST /v1/{project_id}/%s/%s/tags/action and the body {"action": "delete", "tags": '
            '[{"key": "%s", "value": "%s"}]}: it counts towards the %d tags a resource may carry.'
            % (_capital(resource.noun), own, text.rstrip('.') + '.', MARKER_KEY, token, resource.tag_type, own,
               MARKER_KEY, token, TAGS_MAX))


def _vanished_message(resource, unclear):
    return ('The create request for %s got no clear answer (%s); it appeared, then disappeared again before this task '
            'could take it over (another run deleted it?). Check whether it exists (%s) before re-running this task.'
            % (resource.label(), unclear.summary(), resource.check_hint()))


class _Final(ResourceError):
    """A failure after a create whose message already says what may exist and how to check."""


def _withdraw(resource, own):
    """Delete this run's own duplicate (proven its own); the API may first want it out of `creating`."""
    context = resource.context
    path = api_path(resource.path, own)
    with doing('deleting the duplicate %s %s' % (resource.noun, own)):
        try:
            context.write('DELETE', path)
            return
        except ApiError as error:
            if error.status == 404:
                return
            if error.status not in REFUSALS:
                raise
        # Refused while the cloud is still making it: wait until it is made, whatever its state then, and delete it.
        waiter.wait_for_status(context, lambda: resource.get(own), '%s %s' % (resource.noun, own),
                               resource.created, resource.timeout(), failed=())
        context.write('DELETE', path)


def _seconds(value):
    return '%g' % value
