# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What one module run carries through the resource layer, and what it hands back. No Ansible imports."""

import time
import traceback

from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, HwcloudError


class Context:
    """One module run: params, check mode, the client (built on first use), and what the run has done so far.

    `changed` turns true at the first write that went through (or may have), so a failure after
    it still reports changed=true; `known` holds result values learnt so far, returned on failure
    too; `warnings` are shown to the user either way.
    """

    def __init__(self, params, client=None, connect=None, check_mode=False, sleep=time.sleep, clock=time.monotonic,
                 diff=False):
        self.params = params
        self.check_mode = check_mode
        # Whether the result carries the diff (the task runs with --diff).
        self.diff = diff
        self.sleep = sleep
        self.clock = clock
        self.changed = False
        self.known = {}
        self.warnings = []
        self._client = client
        self._connect = connect

    def child(self, params):
        """Return a Context for `params` that shares this one's client, check mode, diff, sleep and clock (a fleet's
        entry, an entry's accept step); its changes and warnings are its own."""
        return Context(params, connect=lambda: self.client, check_mode=self.check_mode, sleep=self.sleep,
                       clock=self.clock, diff=self.diff)

    @property
    def client(self):
        """Return the API client, built on first use."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def wrote(self):
        """Record that a write went through (or may have): the run has changed something."""
        self.changed = True

    def write(self, method, path, body=None, took_effect=None, **options):
        """Send a write (client.request options: idempotent, expect_body) and return its answer; every write goes here.

        The run has changed something once a write went through, or may have: also when it fails with an
        error whose `may_have_applied` says an attempt may have taken effect (a lost answer, a 5xx). Then
        `took_effect()`, when given, reads afresh and says True (it did: the write counts as done and None is
        returned), False (it did not: the error is raised, with may_have_applied cleared) or None (cannot tell).
        """
        try:
            answer = self.client.request(method, path, body=body, **options)
        except ApiError as error:
            if not error.may_have_applied:
                raise
            verdict = self._took_effect(took_effect)
            if verdict is False:
                error.may_have_applied = False
                raise
            self.wrote()
            if verdict:
                return None
            raise
        self.wrote()
        return answer

    @staticmethod
    def _took_effect(check):
        if check is None:
            return None
        try:
            return check()
        except HwcloudError:
            # The fresh read failed too: whether the write went through stays unknown.
            return None

    def warn(self, text):
        """Add a warning for the user (each text once)."""
        if text not in self.warnings:
            self.warnings.append(text)

    def derive(self, **params):
        """Return a context for a helper lookup with its own params that shares this run's client, clock and record."""
        child = Context(params, connect=lambda: self.client, check_mode=self.check_mode, sleep=self.sleep, clock=self.clock,
                        diff=self.diff)
        child.wrote = self.wrote
        child.warn = self.warn
        child.known = self.known
        return child

    def option(self, name, default=None):
        """Return a parameter, or `default` when it is not set (None)."""
        value = self.params.get(name)
        return default if value is None else value


class Outcome:
    """What a module returns: changed, the result values (e.g. service=...), and the diff (None: no diff)."""

    def __init__(self, changed, diff=None, **values):
        self.changed = bool(changed)
        self.diff = diff
        self.values = values


def conclude(context, action):
    """Run `action(context)` and return the module result it makes: the one way a run's outcome or error becomes a result.

    The result has `failed`; a success: the Outcome's values, its `changed`, and its diff when `context.diff`; a
    failure: what the run learnt (`known`), the error's message and fields, `changed` as far as the run wrote, and for
    an error that is not the collection's own (a bug) `exception` with the traceback. Every failure is caught here,
    so that a module (HwcloudModule.run) and each entry of a fleet (kit/fleet.py) report alike.
    """
    try:
        outcome = action(context)
    except HwcloudError as error:
        return dict(context.known, changed=context.changed, failed=True, **error.failure())
    except Exception as error:  # pylint: disable=broad-except
        # A bug, not a user error: still a clean message, and `changed` says whether anything was written.
        return dict(context.known, changed=context.changed, failed=True, exception=traceback.format_exc(),
                    msg='Unexpected error in hwcloud.vpcep (please report it as a bug): %s: %s'
                    % (type(error).__name__, error))
    result = dict(outcome.values, changed=outcome.changed, failed=False)
    if context.diff and outcome.diff is not None:
        result['diff'] = outcome.diff
    return result
