# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One engine for present/absent x exists/missing: plan -> predict -> apply, for every resource declaration.

A declaration (a subclass of `Resource`) gives the facts: its noun, paths, the `FieldSet`, the
update calls that own its fields, its statuses, and how it is identified (the contract, with every
default, is kit/declaration.py). The engine finds it (kit/reads.py), creates it (never twice, and
touching only what it can prove its own: kit/lookup.py), plans only what differs, predicts the result
for check mode and diff, applies the plan with the call that owns each change, and waits: for an
existing resource in the kit's one sequence, kit/converge.py. No Ansible imports.
"""

import copy

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError, ValidationError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import plan as kit_plan
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.members import MemberPlan
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.reads import Reads
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import (
    apply_tags,
    check_room,
    compare_tags,
    tag_calls,
    tags_to_dict,
)


class UpdateCall:
    """A call that changes some fields of an existing resource: method, path suffix, and which fields go in the body.

    With `whole=True` the body carries every field of the call (the current value for those that
    do not change), for APIs that replace them together (a whitelist and its switch).
    """

    def __init__(self, method='PUT', suffix=(), whole=False, doing_text='updating'):
        self.method = method
        self.suffix = tuple(suffix)
        self.whole = whole
        self.doing_text = doing_text


class Plan:
    """Everything an update of an existing resource takes; empty means no change."""

    def __init__(self, updates, to_set, to_unset, members=None, members_before=None, replace=None):
        self.updates = updates          # {call name: body}
        self.to_set = to_set            # tags to create or overwrite
        self.to_unset = to_unset        # tag keys to remove
        self.members = members or MemberPlan()
        self.members_before = members_before  # current records, None when not managed
        self.replace = replace or []    # [(option, current, requested)] of fields fixed at creation that differ
        self.action = 'none'            # as kit/plan.py reports it, with the changes (set by Resource.decide)
        self.changes = []

    @property
    def changed(self):
        """Whether applying the plan changes anything."""
        return bool(self.updates or self.to_set or self.to_unset or self.members or self.replace)


class Resource(Reads):
    """A resource declaration and the engine that makes it match the params.

    The facts and hooks a declaration sets are declared, with their defaults, in kit/declaration.py; the reads in
    kit/reads.py. An existing resource is brought to the params by the kit's one sequence (kit/converge.py), with
    the steps below.
    """

    # ---- the engine ---------------------------------------------------------------------------

    def ensure(self):
        """Validate, then make the resource present or absent as the params say; return an Outcome."""
        errors = self.validate()
        if errors:
            raise ValidationError(errors)
        if self.params.get('state') == 'absent':
            return self.absent()
        return self.present()

    def present(self):
        """Create the resource if it is missing, else update only what differs."""
        current = self.find()
        if current is None:
            if self.params.get('id'):
                raise ResourceError('No %s with id %s. To create one, leave id out.' % (self.noun, self.params['id']))
            return self.create()
        return self.update(current)

    def absent(self):
        """Delete the resource if it exists and wait until it is gone."""
        current = self.find()
        if current is None:
            return self.outcome(False, {}, {}, {})
        before = self.diff_view(current)
        resource_id = current['id']
        # A delete already under way (someone else's) needs no second request.
        changed = current.get('status') != 'deleting'
        planned = kit_plan.of_delete(self, current) if changed else []
        if changed and not self.context.check_mode:
            changed = self.delete(resource_id)
        if self.context.option('wait', True) and not self.context.check_mode:
            # Imported here (docs/architecture.md, "What a no-op imports"): only a delete waits for a resource to go.
            from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import waiter
            waiter.wait_gone(self.context, lambda: self.get(resource_id), '%s %s' % (self.noun, resource_id),
                             self.timeout(), report=self.report)
        # A delete that found the resource gone (someone else's, or our lost answer's) changed nothing: no plan to show.
        return self.outcome(changed, {}, before, {}, 'delete' if changed else 'none', planned if changed else [])

    def delete(self, resource_id):
        """Send the delete; return whether this run deleted it (a 404 only after an attempt that may have)."""
        with doing('deleting %s %s' % (self.noun, resource_id)):
            try:
                self.context.write('DELETE', api_path(self.path, resource_id))
            except ApiError as error:
                if error.status == 404:
                    # Gone: by someone else, or by an earlier attempt of ours whose answer was lost.
                    return error.may_have_applied
                raise
        return True

    def create(self):
        """Create the resource (never twice), wait, add its members; return the Outcome."""
        missing = self.fields.missing(self.params)
        if missing:
            raise ResourceError('The %s does not exist; to create it these options are required: %s (missing: %s).'
                                % (self.label(), ', '.join(self.fields.required), ', '.join(missing)), missing=missing)
        managing_members = self.members_option and self.params.get(self.members_option) is not None
        predicted = self.predict_create()
        members = self.predict_members([], self.plan_members(predicted, [])) if managing_members else None
        planned = kit_plan.of_create(self, predicted, members)
        if self.context.check_mode:
            return self.outcome(True, self.with_members(self.to_ansible(predicted), members), {},
                                self.diff_view(predicted, members), 'create', planned)
        # Imported here (docs/architecture.md, "What a no-op imports"): only a create needs the race-safe create.
        from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
        made = lookup.create_once(self, self.create_body())
        if made.own:
            outcome = self.after_create(made.answer, managing_members)
            outcome.values.update(action='create', changes=planned)
            return outcome
        # Another party's resource that already matches the task, reported as it is: this run changed nothing of it
        # (it may have created and removed its own duplicate: then the run changed something, from nothing).
        members = made.members if managing_members else None
        after = self.diff_view(made.answer, members)
        changed = self.context.changed
        return self.outcome(changed, self.with_members(self.to_ansible(made.answer), members), {} if changed else after,
                            after)

    def after_create(self, current, managing_members):
        """Wait for a new resource and add its members (only once it is ready: the API needs that)."""
        members, plan = None, None
        if managing_members:
            plan = self.plan_members(current, [])
        if plan or self.context.option('wait', True):
            current = self.wait_ready(current)
        if managing_members:
            members = self.apply_members(current, [], plan) if plan else []
        result = self.with_members(self.to_ansible(current), members)
        return self.outcome(True, result, {}, self.diff_view(current, members))

    def update(self, current):
        """Bring an existing resource to the params: each change goes to the call that owns it; a field fixed at
        creation that differs makes the plan a replacement, which check mode reports and a real run refuses."""
        self.before_update(current)
        return self.converge(current)

    # ---- the steps of kit.converge: a state is (API answer, member records or None) -----------

    def decide(self, current):
        """Return the Plan; tags the change would leave beyond the limit fail before any write."""
        plan = self.plan(current)
        if self.tag_type:
            check_room(current.get('tags'), plan.to_set, plan.to_unset, '%s %s' % (self.noun, current.get('id')))
        plan.action, plan.changes = kit_plan.of_update(self, current, plan)
        if plan.replace and self.context.check_mode:
            self.context.warn(kit_plan.replace_warning(self.noun, current.get('id'), plan.replace))
        return plan

    def prepare(self, current, plan):
        """Refuse a plan that needs a re-creation before any write: the module does not delete what the task names."""
        if plan.replace:
            raise ResourceError(kit_plan.replace_message(self.noun, current.get('id'), plan.replace),
                                fields=[d[0] for d in plan.replace], action=plan.action, changes=plan.changes)
        return current, plan

    def finish(self, plan, state, before):
        outcome = super().finish(plan, state, before)
        outcome.values.update(action=plan.action, changes=plan.changes)
        return outcome

    def as_found(self, current, plan):
        return current, plan.members_before

    def diff_side(self, state, plan):
        return self.diff_view(*state)

    def wait(self, state, plan):
        answer, members = state
        if answer.get('status') not in self.ready:
            answer = self.wait_ready(answer)
        return answer, members

    def result(self, state):
        answer, members = state
        return self.with_members(self.to_ansible(answer), members)

    def plan(self, current):
        """Return the Plan for an existing resource: field updates by call, tag changes, member changes."""
        updates = self.fields.updates(current, self.params)
        for name, body in updates.items():
            if self.update_calls[name].whole:
                full = self.fields.predict(current, self.params, self.fields_of_call(name))
                updates[name] = dict((f.api, f.send(f.current(full))) for f in self.fields if f.update == name)
        to_set, to_unset = {}, []
        if self.tag_type:
            to_set, to_unset = compare_tags(current.get('tags'), self.params.get('tags'), self.context.option('purge_tags', True))
        records = self.read_members(current)
        members = self.plan_members(current, records) if records is not None else MemberPlan()
        return Plan(updates, to_set, to_unset, members, records, self.fields.immutable_differences(current, self.params))

    def differences(self, answer):
        """Return (the options this task would change on a resource, sorted; its member records): reads only."""
        options = [d[0] for d in self.fields.immutable_differences(answer, self.params)]
        for call, body in self.fields.updates(answer, self.params).items():
            options.extend(self.fields.options_in(call, body))
        plan = self.plan(answer)
        if plan.to_set or plan.to_unset:
            options.append('tags')
        if plan.members:
            options.append(self.members_option)
        return sorted(set(options)), plan.members_before

    def fields_of_call(self, call):
        """Return the options an update call changes."""
        return [f.option for f in self.fields if f.update == call]

    def predict(self, current, plan):
        """Return (API-shaped resource, records) as the plan would leave them."""
        options = [o for call in plan.updates for o in self.fields.options_in(call, plan.updates[call])]
        options.extend(d[0] for d in plan.replace)
        predicted = self.fields.predict(current, self.params, options)
        if self.tag_type:
            predicted['tags'] = apply_tags(current.get('tags'), plan.to_set, plan.to_unset)
        members = None
        if plan.members_before is not None:
            members = self.predict_members(plan.members_before, plan.members)
        return predicted, members

    def apply(self, current, plan):
        """Send the plan: each update call, then tags, then members; return (API-shaped resource, records)."""
        answer = copy.deepcopy(current)
        for name in sorted(plan.updates):
            answer = self.send_update(answer, name, plan.updates[name])
        if plan.to_set or plan.to_unset:
            tag_calls(self.context, self.tag_type, current['id'], self.noun, plan.to_set, plan.to_unset,
                      tags_to_dict(current.get('tags')))
            answer['tags'] = apply_tags(answer.get('tags'), plan.to_set, plan.to_unset)
        members = plan.members_before
        if plan.members:
            members = self.apply_members(answer, plan.members_before, plan.members)
        return answer, members

    def send_update(self, answer, name, body):
        """Send one update call; return the resource with its answer (or the body, when it answers less) merged in."""
        call = self.update_calls[name]
        with doing('%s %s %s' % (call.doing_text, self.noun, answer['id'])):
            path = api_path(self.path, answer['id'], *call.suffix)
            reply = self.context.write(call.method, path, body=body, expect_body=False)
        merged = self.fields.predict(answer, self.params, self.fields.options_in(name, body))
        if isinstance(reply, dict) and reply.get('id') == answer['id']:
            merged.update((k, v) for k, v in reply.items() if k != 'tags' or 'tags' not in merged)
        return merged

    # ---- helpers ------------------------------------------------------------------------------

    def timeout(self):
        """Return the wait_timeout option (seconds)."""
        return self.context.option('wait_timeout', limits.WAIT_TIMEOUT.default)

    def report(self, answer):
        """Return the result fields a failure reports for this answer ({'service': ...})."""
        return {self.result_key: self.to_ansible(answer)}

    def wait_ready(self, answer, statuses=None):
        """Poll the resource until it is ready (the declaration's `ready` statuses); failed or timeout fail."""
        resource_id = answer['id']
        if answer.get('status') in (statuses or self.ready):
            return answer
        # Imported here (docs/architecture.md, "What a no-op imports"): a resource that is ready needs no waiter.
        from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import waiter
        with doing('waiting for %s %s' % (self.noun, resource_id)):
            return waiter.wait_for_status(self.context, lambda: self.get(resource_id), '%s %s' % (self.noun, resource_id),
                                          statuses or self.ready, self.timeout(), failed=self.failed, report=self.report,
                                          explain=self.explain_failure)

    def with_members(self, result, members):
        """Return the result with the sub-collection's records added when they are managed."""
        if members is not None:
            result = dict(result)
            result[self.members_option] = members
        return result

    def outcome(self, changed, result, before, after, action='none', changes=()):
        """Return the module Outcome: changed, the result under the declaration's key, the diff, the plan."""
        return Outcome(changed, diff={'before': before, 'after': after}, action=action, changes=list(changes),
                       **{self.result_key: result})
