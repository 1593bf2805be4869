# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The two fleets (above the declarations, beside entries.py): many endpoint services (vpcep_services) and many VPC endpoints (vpcep_endpoints) in one run.

Everything generic (the list check, the shared listing, the quota, the bounded pool, per-entry results and
the failure naming each entry) is kit/fleet.py's. Here: which declaration each entry is, which rules its list
keeps (entries.py, the same the roles apply), and the step after a service's converge: accepting the
connections an entry lists, as vpcep_connection does. No Ansible imports of its own.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils import entries as entry_rules
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import conclude
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fleet import Fleet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service, vpc_endpoint
from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources.endpoint_connection import Approvals

# Entry option -> (the vpcep_connection option it fills, the result key of that accept step).
ACCEPT_STEPS = (
    ('accept_connections', 'endpoints', 'accepted_endpoints'),
    ('accept_domains', 'domain_ids', 'accepted_domains'),
)


class ServiceFleet(Fleet):
    """Endpoint services, each converged as vpcep_service does, then its listed connections accepted."""

    declaration = endpoint_service.EndpointService
    option = 'services'
    result_key = 'services'

    def entry_errors(self, entries):
        return entry_rules.service_entry_errors(entries, endpoint_service.argument_spec(), option=self.option)

    def would_create(self, entry):
        """An entry without the options a create needs fails on its own, as vpcep_service does, and creates nothing:
        counted, it would make the quota refuse a list that fits."""
        return not entry.declaration.fields.missing(entry.params) and super().would_create(entry)

    def after(self, entry):
        """Accept the connections the entry lists (once its service exists: a service to create in check mode has no
        id, so there is nothing to accept yet); each step's result under its key, as vpcep_connection returns it."""
        service_id = (entry.result.get('service') or {}).get('id')
        for option, target, key in ACCEPT_STEPS:
            if service_id and entry.params.get(option) and entry.params.get('state') != 'absent':
                entry.result[key] = self.accept(entry, service_id, target, entry.params[option])

    def accept(self, entry, service_id, target, values):
        """Run vpcep_connection's converge for one accept list of one entry; return its module result."""
        params = dict(service_id=service_id, service_name=None, endpoints=None, domain_ids=None, description=None,
                      current_status=None, sort_key=None, sort_dir=None, state='accepted',
                      # An account without a connection fails the step instead of passing as accepted.
                      require_match=True, wait=entry.params.get('wait'), wait_timeout=entry.params.get('wait_timeout'))
        params[target] = values
        context = entry.context.child(params)
        result = conclude(context, lambda run: Approvals(run, service_id=service_id).ensure())
        entry.context.warnings.extend(w for w in context.warnings if w not in entry.context.warnings)
        return result


class EndpointFleet(Fleet):
    """VPC endpoints, each converged as vpcep_endpoint does (waiting for approval as its wait_for says)."""

    declaration = vpc_endpoint.VpcEndpoint
    option = 'endpoints'
    result_key = 'endpoints'
    inherited = ('wait', 'wait_for', 'wait_timeout')

    def entry_errors(self, entries):
        return entry_rules.endpoint_entry_errors(entries, vpc_endpoint.argument_spec(), option=self.option)
