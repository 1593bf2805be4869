# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one sequence that brings what exists to the params: plan, then predict (check mode) or apply and wait.

`Resource` (kit/engine.py) converges one existing API resource with it; the connection approvals of an
endpoint service converge that service's connections. Each says how to plan, predict, apply and wait,
and what a state looks like in the diff and in the result; the order, check mode and the diff are here
only. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome


class Convergence:
    """Plan -> predict (check mode) or apply -> wait, and the Outcome; subclasses give the steps.

    A plan is any object with a `changed` property. A state is what the subclass reads and changes (an API
    answer with its member records, a list of connections); `current` is the state as found.
    """

    result_key = 'resource'        # the module's result key: 'service', 'connections'
    # The rules between options that the module's argument spec states (required_one_of, mutually_exclusive,
    # required_if): the module passes them to HwcloudModule, the roles' list check (entries.py) applies them too.
    argument_rules = {}

    def __init__(self, context):
        self.context = context
        self.params = context.params

    def converge(self, current):
        """Bring `current` to the params; return the Outcome (check mode: the predicted state, nothing sent)."""
        plan = self.decide(current)
        before = self.diff_side(self.as_found(current, plan), plan)
        if self.context.check_mode:
            return self.finish(plan, self.predict(current, plan), before)
        current, plan = self.prepare(current, plan)
        state = self.apply(current, plan)
        if self.context.option('wait', True):
            state = self.wait(state, plan)
        return self.finish(plan, state, before)

    def finish(self, plan, state, before):
        """Return the Outcome: the plan's `changed`, the result under `result_key`, the diff from `before` to `state`."""
        return Outcome(plan.changed, diff={'before': before, 'after': self.diff_side(state, plan)},
                       **{self.result_key: self.result(state)})

    # ---- the steps ----------------------------------------------------------------------------

    def decide(self, current):
        """Return the plan that brings `current` to the params (errors that need no write are raised here)."""
        raise NotImplementedError('%s does not declare decide(current), the plan of a convergence'
                                  % type(self).__name__)

    def as_found(self, current, plan):
        """Return the state as found, as the diff's `before` side shows it (the plan may have read more of it)."""
        return current

    def diff_side(self, state, plan):
        """Return one side of the diff for a state."""
        raise NotImplementedError('%s does not declare diff_side(state, plan), how the diff shows a state'
                                  % type(self).__name__)

    def predict(self, current, plan):
        """Return the state the plan would leave (check mode: nothing is sent)."""
        raise NotImplementedError('%s does not declare predict(current, plan), the state a plan leaves'
                                  % type(self).__name__)

    def prepare(self, current, plan):
        """Return (current, plan) ready to apply: let the cloud finish what it is doing first, then plan again."""
        return current, plan

    def apply(self, current, plan):
        """Send the plan; return the state it left."""
        raise NotImplementedError('%s does not declare apply(current, plan), the writes of a plan' % type(self).__name__)

    def wait(self, state, plan):
        """Wait (the wait option is true) until the state is stable; return it."""
        return state

    def result(self, state):
        """Return a state as the module returns it."""
        return state
