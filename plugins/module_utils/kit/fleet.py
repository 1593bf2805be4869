# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A fleet: many entries of one declaration converged in one module run (vpcep_services, vpcep_endpoints).

The order of a run: the whole list is checked first (an entry that breaks a rule, or two entries for one
resource, and nothing is sent); one listing is shared by every entry's lookup instead of one per entry (two
entries that find one listed resource, one by id and one by name, fail before any write); when
entries would create, the quota is read once and a list that does not fit fails before the first write; then
each entry runs exactly what the single module runs (its own Context: check mode, diff, the race-safe create
and the ownership rule, waits). Up to limits.FLEET_ENTRIES entries are in progress at once, and at most
`concurrency` requests of theirs are in flight (the transport's gate): an entry waiting for the cloud holds no
request slot, so fifty creates provision together. The entries share one client, so a 429 on any request holds
every thread (client/retry.py). An entry's failure becomes its result and the others go
on; the task then fails naming each failed entry. Each entry is one resource, and one thread converges it from
start to end, so the writes to any one resource stay in order. No Ansible imports.
"""

import threading

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ResourceError, ValidationError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import quotas, validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Outcome, conclude
from ansible_collections.hwcloud.vpcep.plugins.module_utils.parallel import gather


class Entry:
    """One entry of the list: its place, its params, its own Context (sharing the fleet's client) and declaration."""

    def __init__(self, fleet, index, params):
        self.index = index
        self.params = params
        self.context = fleet.context.child(params)
        self.declaration = fleet.declaration(self.context)
        # The module result of this entry, once it has run (kit.context.conclude).
        self.result = None

    def label(self, option):
        """Return how messages name the entry: `services[2] (endpoint service 'web')`."""
        return '%s[%d] (%s)' % (option, self.index, self.declaration.label())

    def parts(self):
        """Return the module results of this entry: its converge's, then each step's after it (accepting connections)."""
        return [part for _step, part in self.steps()]

    def steps(self):
        """Return (None, the converge's result), then (result key, result) of each step after it, in key order."""
        return [(None, self.result)] + sorted((k, v) for k, v in self.result.items() if isinstance(v, dict) and 'failed' in v)

    def failures(self):
        """Return the messages of what failed for this entry (its converge, and any step after it), [] when none."""
        return [part.get('msg') or 'failed' for part in self.parts() if part.get('failed')]

    def changed(self):
        """Tell whether the entry changed anything (its converge, or any step after it)."""
        return any(part.get('changed') for part in self.parts())


class Fleet:
    """Converges the entries of the list option `option`, each with the declaration `declaration`."""

    declaration = None          # the kit.engine.Resource subclass of every entry
    option = 'entries'          # the module's list option: 'services'
    result_key = 'entries'      # the module's result key: 'services'
    inherited = ('wait', 'wait_timeout')  # the task's options an entry takes when it leaves them unset

    def __init__(self, context):
        self.context = context
        self.params = context.params

    # ---- hooks ----------------------------------------------------------------------------------

    def entry_errors(self, entries):
        """Return the rules the list breaks (each entry's, and two entries for one resource), naming the entry."""
        raise NotImplementedError('%s does not declare entry_errors(entries)' % type(self).__name__)

    def list_all(self, resource):
        """Return the listing every entry's lookup searches: every resource of the project, all pages, read once."""
        with doing('listing the %ss the entries name' % resource.noun):
            return resource.list()

    def prepare(self, entries):
        """Get the entries ready for the listing and the quota (a declaration that resolves a reference first)."""

    def ensure(self, entry):
        """Converge one entry; return its Outcome (may raise: the entry's result is then its error)."""
        return entry.declaration.ensure()

    def after(self, entry):
        """Steps that follow an entry's converge (accepting connections): add their results to `entry.result`."""

    # ---- the run --------------------------------------------------------------------------------

    def run(self):
        """Check the list, list once, check the quota, converge every entry; return the Outcome, or fail naming each
        failed entry once all have run."""
        given = self.params.get(self.option) or []
        # The task's own numbers too: an entry that leaves wait_timeout unset takes the task's, unchecked by its rules.
        errors = [text for name in ('concurrency',) + self.inherited if name in limits.BOUNDS
                  for text in validate.bounded(name, self.params.get(name))]
        errors.extend(self.entry_errors(given))
        if errors:
            raise ValidationError(errors)
        entries = [Entry(self, index, self.entry_params(params)) for index, params in enumerate(given)]
        if entries:
            self.prepare(entries)
            listing = self.list_all(self.declaration(self.context))
            for entry in entries:
                entry.declaration.listing = listing
            self.check_targets(entries, listing)
            self.check_quota(entries)
        self.context.client.transport.gate = threading.BoundedSemaphore(
            self.context.option('concurrency', limits.CONCURRENCY.default))
        gather(self.converge, entries, limits.FLEET_ENTRIES, ceiling=limits.FLEET_ENTRIES)
        return self.outcome(entries)

    def entry_params(self, params):
        """Return an entry's params as its converge reads them: the task's wait options where the entry leaves them unset."""
        params = dict(params)
        for name in self.inherited:
            if params.get(name) is None:
                params[name] = self.params.get(name)
        return params

    def converge(self, entry):
        """Run one entry (never raises: every error becomes the entry's result), then the steps after it."""
        entry.result = conclude(entry.context, lambda _context: self.ensure(entry))
        if not entry.result['failed']:
            self.after(entry)
        return entry

    def check_targets(self, entries, listing):
        """Fail before any write when two entries mean one listed resource, one by its id and the other by name (or
        identity): run in two threads at once they would race, and every run would write it twice. (Two by id, or two
        by name, were refused with the list.) Only those pairs are compared, not each entry with the whole listing."""
        listed = dict((a.get('id'), a) for a in listing or () if a.get('status') != 'deleting')
        by_name = [e for e in entries if not e.params.get('id')]
        pairs = sorted((min(e.index, other.index), max(e.index, other.index), e.params['id'])
                       for e in entries if e.params.get('id') in listed
                       for other in by_name if other.declaration.matches_identity(listed[e.params['id']]))
        errors = ['%s and %s both mean %s %s: give each resource one entry'
                  % (entries[first].label(self.option), entries[second].label(self.option),
                     entries[first].declaration.noun, target) for first, second, target in pairs]
        if errors:
            raise ValidationError(errors)

    def check_quota(self, entries):
        """Fail before any write when the entries to create exceed what the quota leaves (the quota read once)."""
        kind = self.declaration.quota_type
        creating = [e for e in entries if kind and self.would_create(e)]
        if not creating:
            return
        try:
            entry = quotas.read_quotas(self.context, kind).get(kind) or {}
        except ApiError as error:
            if error.status not in (403, 404):
                raise
            # The single module never reads the quota: an account whose policy leaves the call out may still create.
            self.context.warn('The %s quota could not be read (%s), so this task creates without checking first that '
                              'the list fits; a create the quota refuses fails its entry.' % (kind, error.summary()))
            return
        available = entry.get('available')
        if available is None or len(creating) <= available:
            return
        raise ResourceError(
            'The %s quota of this project leaves room for %d more (%d of %d in use), but this task would create %d: '
            '%s. Nothing was changed. Delete %ss you no longer need, split the list, or ask Huawei Cloud support for a '
            'higher quota; hwcloud.vpcep.vpcep_quota_info shows the quotas.'
            % (kind, available, entry['used'], entry['quota'], len(creating),
               ', '.join(e.label(self.option) for e in creating), quotas.NOUNS[kind]),
            quota={'type': kind, 'used': entry['used'], 'quota': entry['quota'], 'to_create': len(creating)})

    def would_create(self, entry):
        """Tell whether an entry would create its resource: present, no id, and no live match in the listing."""
        params, declaration = entry.params, entry.declaration
        if params.get('id') or params.get('state') == 'absent':
            return False
        try:
            matches = declaration.find_matches(listed=declaration.listing)
        except (ResourceError, NotImplementedError):
            return False
        return not matches

    def outcome(self, entries):
        """Return the Outcome (each entry's result in input order), or raise naming every failed entry."""
        results = [e.result for e in entries]
        for entry in entries:
            for text in entry.context.warnings:
                self.context.warn('%s: %s' % (entry.label(self.option), text))
        diff = [d for e in entries for d in self.entry_diffs(e)]
        changed = any(e.changed() for e in entries)
        failed = [e for e in entries if e.failures()]
        if not failed:
            return Outcome(changed, diff=[d for d in diff if d['before'] != d['after']], **{self.result_key: results})
        if changed:
            self.context.wrote()
        raise ResourceError(self.failure_message(entries, failed), **{self.result_key: results})

    def entry_diffs(self, entry):
        """Return an entry's diffs, its converge's and each step's (as the step's own module shows it), with headers
        naming the entry and the step (Ansible shows a list of diffs one after the other)."""
        diffs = []
        for step, part in entry.steps():
            label = entry.label(self.option) + (' %s' % step if step else '')
            diff = part.get('diff')
            if diff:
                diffs.append({'before_header': label, 'after_header': label,
                              'before': diff.get('before'), 'after': diff.get('after')})
        return diffs

    def failure_message(self, entries, failed):
        """Return '1 of 3 entries failed (the other 2 converged): services[1] (...): why; ...'."""
        total = len(entries)
        head = ('the only entry failed' if total == 1 else 'all %d entries failed' % total if len(failed) == total
                else '%d of %d entries failed (the other %d converged)' % (len(failed), total, total - len(failed)))
        return '%s: %s' % (head[0].upper() + head[1:], '; '.join(
            '%s: %s' % (e.label(self.option), ' '.join(e.failures())) for e in failed))
