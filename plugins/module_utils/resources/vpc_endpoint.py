# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPC endpoint declaration (layer 3): the consumer's side of an endpoint service.

A VPC endpoint has no name. Without an id it is identified by the service it connects to and
its VPC (and subnet, when given). Only the whitelist (one PUT for the list and its switch),
the route tables and the policy (each its own call) change after creation; every other field
is fixed. The service is given by id or by the full name `region.name.id` its owner hands out,
resolved with the describe call, which works across accounts. No Ansible imports.
"""

import json

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import api_path
from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ResourceError, ValidationError, doing
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import query as kit_query
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import validate
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.engine import Resource, UpdateCall
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fields import Field, FieldSet
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import validate_tags
from ansible_collections.hwcloud.vpcep.plugins.module_utils.names import describe_service, id_of, short_name

ENDPOINTS_PATH = '/v1/{project_id}/vpc-endpoints'
# The Terraform provider documents "the max length of whitelist is 20"; the SDK and the API reference give no figure.
WHITELIST_MAX = 20
# The policy field an endpoint takes by its service's type, when the service has enable_policy (the SDK's models).
POLICY_FIELDS = {'gateway': 'policy_statement', 'interface': 'policy_document'}
POLICY_OPTIONS = ('policy_document', 'policy_statement')
# wait_for -> the statuses that end a wait.
READY = {'connected': ('pendingAcceptance', 'accepted'), 'accepted': ('accepted',)}

# What an endpoint result keeps: the show call's model (the list call's is a subset of it).
SHAPE = frozenset([
    'active_status', 'created_at', 'description', 'dns_names', 'enable_dns', 'enable_status', 'enable_whitelist',
    'endpoint_pool_id', 'endpoint_service_id', 'endpoint_service_name', 'error', 'id', 'ip', 'ipv6_address',
    'marker_id', 'policy_document', 'policy_statement', 'project_id', 'public_border_group', 'routetables',
    'service_type', 'specification_name', 'status', 'subnet_id', 'tags', 'updated_at', 'vpc_id', 'whitelist',
])


def _set_key(values):
    return frozenset(str(v) for v in values or [])


def _json_key(value):
    return json.dumps(value, sort_keys=True) if value not in (None, [], {}) else None


def _allows_everything(statement):
    def star(value):
        return value in ('*', ['*'])
    return (isinstance(statement, dict) and statement.get('Effect') == 'Allow' and star(statement.get('Action'))
            and star(statement.get('Resource')) and not statement.get('Condition'))


def _document_key(value):
    # The API's default document is full access (the SDK), and removing a policy puts it back: a document that allows
    # everything and no document at all are the same policy, so asking for none is met by the default.
    statements = value.get('Statement') if isinstance(value, dict) else None
    if isinstance(statements, list) and statements and all(_allows_everything(s) for s in statements):
        return None
    return _json_key(value)


def _is_interface(answer):
    return answer.get('service_type', 'interface') == 'interface'


FIELDS = FieldSet(
    Field('endpoint_service_id', required=True),
    Field('vpc_id', required=True),
    Field('description', default=''),
    # A gateway endpoint gets no domain name whatever enable_dns says (the SDK), so it is compared only on interface
    # endpoints, as the Terraform provider reads it.
    Field('enable_dns', default=False, compare_if=_is_interface),
    Field('enable_whitelist', update='whitelist', default=False),
    Field('ip_version', returned=False),
    Field('ipv6_address'),
    Field('policy_document', update='policy', key=_document_key),
    Field('policy_statement', update='policy', key=_json_key),
    Field('port_ip', read_as='ip'),
    Field('routetables', update='routetables', key=_set_key, default=[]),
    Field('subnet_id'),
    Field('whitelist', update='whitelist', key=_set_key, default=[]),
)


def validate_params(params):
    """Return one message per rule the params break that the argument spec cannot state."""
    errors = []
    for option in ('id', 'endpoint_service_id', 'subnet_id', 'vpc_id'):
        errors.extend(validate.resource_id(option, params.get(option)))
    errors.extend(validate.resource_ids('routetables', params.get('routetables')))
    errors.extend(validate.duplicates('routetables', params.get('routetables'), what='route table'))
    name = params.get('endpoint_service_name')
    if name is not None and not validate.full_service_name(name, parts=3):
        errors.append('endpoint_service_name: the full name region.name.id the owner hands out (at most 128 '
                      'characters), not the short name (got %s)' % validate.shown(name))
    errors.extend(validate.description(params.get('description')))
    errors.extend(validate.ip_address('port_ip', params.get('port_ip'), 4))
    errors.extend(validate.ip_address('ipv6_address', params.get('ipv6_address'), 6))
    if params.get('ipv6_address') and params.get('ip_version') != 'dualstack':
        errors.append('ipv6_address: only for a dual-stack endpoint, give ip_version: dualstack with it')
    if params.get('whitelist') is not None:
        if len(params['whitelist']) > WHITELIST_MAX:
            errors.append('whitelist: at most %d entries (got %d)' % (WHITELIST_MAX, len(params['whitelist'])))
        errors.extend(validate.ip_networks('whitelist', params['whitelist']))
    if params.get('tags') is not None:
        errors.extend(validate_tags(params['tags']))
    errors.extend(validate.bounded('wait_timeout', params.get('wait_timeout')))
    return errors


class VpcEndpoint(Resource):
    """A VPC endpoint of this project, identified by id, or by its service and VPC (and subnet)."""

    noun = 'VPC endpoint'
    result_key = 'endpoint'
    path = ENDPOINTS_PATH
    list_key = 'endpoints'
    tag_type = 'endpoint'
    quota_type = 'endpoint'
    argument_rules = dict(
        required_one_of=[('id', 'vpc_id'), ('id', 'endpoint_service_id', 'endpoint_service_name')],
        mutually_exclusive=[('endpoint_service_id', 'endpoint_service_name'), ('policy_statement', 'policy_document')])
    fields = FIELDS
    update_calls = {
        'policy': UpdateCall('PUT', suffix=('policy',), doing_text='setting the policy of'),
        'routetables': UpdateCall('PUT', suffix=('routetables',), doing_text='setting the route tables of'),
        'whitelist': UpdateCall('PUT', whole=True, doing_text='setting the whitelist of'),
    }
    shape = SHAPE
    failed = ('failed', 'rejected')
    created = ('pendingAcceptance', 'accepted', 'rejected', 'failed')

    def __init__(self, context, listing=None):
        super().__init__(context, listing)
        # The params with the service's id resolved from its full name (copied: the module's own stay as given).
        self.params = dict(context.params)
        self.service = None
        self.ready = READY[context.option('wait_for', 'connected')]

    # -- the service it connects to -------------------------------------------------------------

    def resolve_service(self, required=True, creating=False):
        """Describe the service once (by full name, or by id when a create needs it); fill endpoint_service_id.

        Unknown and not required (a clean-up after the service is gone): None, and endpoints are matched by the
        service's full name instead of its id. Unknown while `creating` in check mode: the create would be refused.
        """
        if self.service is None:
            name, sid = self.params.get('endpoint_service_name'), self.params.get('endpoint_service_id')
            self.service = describe_service(self.context, full_name=name, service_id=None if name else sid)
            if self.service is None and not required:
                return None
            if self.service is None:
                raise ResourceError(
                    '%sNo endpoint service %s that this account may connect to: the describe call found none. Check the '
                    'full name region.name.id (or id) the owner gave you, and ask the owner to allow your account '
                    '(iam:domain::<your domain id>) in the service\'s permissions.'
                    % ('Check mode: the create would be refused. ' if creating and self.context.check_mode else '',
                       name or sid))
            self.params['endpoint_service_id'] = self.service['id']
        return self.service

    def ensure(self):
        errors = validate_params(self.params)
        if errors:
            raise ValidationError(errors)
        if self.params.get('endpoint_service_name') and not self.listed_service():
            self.resolve_service(required=self.params.get('state') != 'absent')
        return super().ensure()

    def listed_service(self):
        """In a fleet (a shared listing), tell whether a listed endpoint fits the identity by the service id its full name
        ends with, and names the service by that very full name; then that id is the service's, and finding the
        endpoint needs no describe call."""
        if self.listing is None or self.params.get('id'):
            return False
        name = self.params['endpoint_service_name']
        self.params['endpoint_service_id'] = id_of(name)
        # The id alone would let a wrong full name pass (a typo, another region) that the describe call refuses.
        if any(m.get('endpoint_service_name') == name for m in self.find_matches(listed=self.listing)):
            return True
        self.params['endpoint_service_id'] = None
        return False

    # -- identity -------------------------------------------------------------------------------

    def label(self):
        if self.params.get('id'):
            return 'VPC endpoint %s' % self.params['id']
        return 'the VPC endpoint to endpoint service %s in VPC %s%s' % (
            self.params.get('endpoint_service_name') or self.params.get('endpoint_service_id'), self.params.get('vpc_id'),
            ' (subnet %s)' % self.params['subnet_id'] if self.params.get('subnet_id') else '')

    def check_hint(self):
        """Say how a user checks whether the endpoint exists."""
        return 'hwcloud.vpcep.vpcep_endpoint_info with vpc_id: %s' % self.params.get('vpc_id')

    def identity_filters(self):
        return {'vpc_id': self.params.get('vpc_id')}

    def matches_identity(self, answer):
        subnet = self.params.get('subnet_id')
        service_id = self.params.get('endpoint_service_id')
        if service_id is None:
            # The service is gone or hidden (state=absent): its full name still marks its endpoints.
            return (answer.get('endpoint_service_name') == self.params.get('endpoint_service_name')
                    and answer.get('vpc_id') == self.params.get('vpc_id')
                    and (subnet is None or answer.get('subnet_id') == subnet))
        return (answer.get('endpoint_service_id') == service_id
                and answer.get('vpc_id') == self.params.get('vpc_id')
                and (subnet is None or answer.get('subnet_id') == subnet))

    def find(self):
        found = super().find()
        if self.listing is not None:
            # A fleet reports what its shared listing says (no read per entry); ipv6_address, which the list call's
            # model lacks, is compared only after a read by id.
            needs_read = found is not None and self.params.get('ipv6_address') is not None and 'ipv6_address' not in found
            return self.get(found['id']) if needs_read else found
        if found is None or self.params.get('id'):
            return found
        # The list call's model lacks ipv6_address, enable_status and specification_name: read the match by id, so
        # the result is the same however the endpoint was found (one GET; merging the list answer cannot add them).
        return self.get(found['id'])

    def ambiguity_message(self, ids):
        """The error for several endpoints that fit the identity."""
        return ('Found %d VPC endpoints of this project connected to endpoint service %s in VPC %s (ids: %s); give the '
                'id option (or subnet_id) to choose one.' % (len(ids), self.params.get('endpoint_service_id'),
                                                             self.params.get('vpc_id'), ', '.join(ids)))

    # -- create ---------------------------------------------------------------------------------

    def create(self):
        if not self.fields.missing(self.params) and (self.context.check_mode or not self.params.get('subnet_id')):
            # Describe answers only for services this account may connect to: in check mode it tells a create the
            # API would refuse (403) from one it would make, instead of predicting a success the real run fails.
            service = self.resolve_service(creating=True)
            if not self.params.get('subnet_id') and service.get('service_type', 'interface') == 'interface':
                raise ResourceError('The VPC endpoint does not exist; to create it for interface endpoint service %s, '
                                    'subnet_id is required.' % service['id'], missing=['subnet_id'])
        if not self.fields.missing(self.params):
            self.check_policy()
        return super().create()

    def before_update(self, current):
        self.check_policy(current.get('endpoint_service_id'))

    # -- policies -------------------------------------------------------------------------------

    def check_policy(self, service_id=None):
        """Refuse, before any write, a policy the service does not take: none without its enable_policy, and only
        policy_statement for gateway services (OBS, SFS), only policy_document for the others (the SDK's models)."""
        given = [o for o in POLICY_OPTIONS if self.params.get(o)]
        if not given:
            return
        if service_id and not self.params.get('endpoint_service_id'):
            self.params['endpoint_service_id'] = service_id
        service = self.resolve_service(required=False)
        if service is None:
            return
        wanted = POLICY_FIELDS.get(service.get('service_type', 'interface')) if service.get('enable_policy') else None
        errors = ['%s: endpoint service %s takes %s' % (option, service['id'], (
            wanted + ' (its endpoints are %s endpoints)' % service.get('service_type', 'interface')) if wanted
            else 'no endpoint policy (its enable_policy is false)') for option in given if option != wanted]
        if errors:
            raise ValidationError(errors)

    def send_update(self, answer, name, body):
        if name == 'routetables':
            return self.set_routetables(answer, body)
        if name == 'policy' and not any(body.get(o) for o in POLICY_OPTIONS):
            return self.delete_policy(answer)
        return super().send_update(answer, name, body)

    def delete_policy(self, answer):
        """Remove the endpoint's policy with DELETE .../policy (the API then applies its default)."""
        with doing('removing the policy of VPC endpoint %s' % answer['id']):
            reply = self.context.write('DELETE', api_path(self.path, answer['id'], 'policy'))
        merged = self.fields.predict(answer, self.params, [o for o in POLICY_OPTIONS if self.params.get(o) is not None])
        if isinstance(reply, dict) and reply.get('id') == answer['id']:
            merged.update((k, v) for k, v in reply.items() if k != 'tags')
        return merged

    def set_routetables(self, answer, body):
        """PUT the route tables; a table the API could not bind or unbind fails the task (changed), naming each."""
        with doing('setting the route tables of VPC endpoint %s' % answer['id']):
            reply = self.context.write('PUT', api_path(self.path, answer['id'], 'routetables'), body=body,
                                       expect_body=False)
        reply = reply if isinstance(reply, dict) else {}
        merged = dict(answer, routetables=list(reply['routetables'] if isinstance(reply.get('routetables'), list)
                                               else body['routetables']))
        failures = routetable_failures(reply.get('error'))
        if failures:
            raise ResourceError(
                'The route tables of VPC endpoint %s were changed only in part: %s. The endpoint now has route tables %s. '
                'Check that each table is in VPC %s and free to use, then run the task again.' % (
                    answer['id'], '; '.join('route table %s failed to %s: %s' % (f['id'], f['action'], f['error_message'])
                                            for f in failures),
                    ', '.join(merged['routetables']) or 'none', answer.get('vpc_id')),
                routetable_errors=failures, endpoint=self.to_ansible(merged))
        return merged

    def predict_create(self):
        predicted = super().predict_create()
        if self.service:
            predicted['endpoint_service_name'] = self.service.get('service_name')
            predicted['service_type'] = self.service.get('service_type')
        return predicted

    def explain_refusal(self, error):
        super().explain_refusal(error)
        if error.status == 403:
            raise ResourceError(
                'The API refused to connect to endpoint service %s (%s). Its owner has to allow this account: ask them '
                'to add iam:domain::<your domain id> to the service\'s permissions (vpcep_service permissions).'
                % (self.params.get('endpoint_service_id'), error.summary()), error=error.to_dict())

    # -- waiting and shapes ---------------------------------------------------------------------

    def explain_failure(self, answer):
        if answer.get('status') == 'rejected':
            return ('VPC endpoint %s was rejected by the owner of endpoint service %s. The endpoint still exists: ask the '
                    'owner to accept it (vpcep_connection), or delete it with state=absent.'
                    % (answer.get('id'), answer.get('endpoint_service_name') or answer.get('endpoint_service_id')))
        return None

    def to_ansible(self, answer):
        result = super().to_ansible(answer)
        return dict((k, v) for k, v in result.items() if v is not None)


def routetable_failures(errors):
    """Return [{id, action, error_message}] from the route tables answer's error list (bind_failed, unbind_failed)."""
    found = []
    for entry in errors if isinstance(errors, list) else []:
        for key, action in (('bind_failed', 'bind'), ('unbind_failed', 'unbind')):
            for failure in (entry.get(key) or []) if isinstance(entry, dict) else []:
                if isinstance(failure, dict):
                    found.append({'id': failure.get('id'), 'action': action,
                                  'error_message': failure.get('error_message') or 'no message from the API'})
    return found


# ---------------------------------------------------------------------------
# Reading many endpoints (vpcep_endpoint_info)
# ---------------------------------------------------------------------------

def validate_query(params):
    """Return the broken rules of vpcep_endpoint_info's params."""
    return kit_query.query_errors(params) + validate.resource_id('vpc_id', params.get('vpc_id'))


def _service_matches(endpoint, wanted):
    full = endpoint.get('endpoint_service_name') or ''
    if '.' in wanted:
        return full == wanted
    return short_name(full, endpoint.get('endpoint_service_id')) == wanted


def query(context):
    """Return the project's endpoints matching vpcep_endpoint_info's filters, as vpcep_endpoint returns one."""
    params = context.params
    errors = validate_query(params)
    if errors:
        raise ValidationError(errors)
    resource = VpcEndpoint(context.derive(wait_for='connected', concurrency=params.get('concurrency')))
    if params.get('id'):
        found = resource.get(params['id'])
        endpoints = [found] if found else []
    else:
        endpoints = resource.list(endpoint_service_name=params.get('endpoint_service_name'), vpc_id=params.get('vpc_id'),
                                  sort_key=params.get('sort_key'), sort_dir=params.get('sort_dir'))
    if params.get('endpoint_service_name'):
        endpoints = [e for e in endpoints if _service_matches(e, params['endpoint_service_name'])]
    if params.get('vpc_id'):
        endpoints = [e for e in endpoints if e.get('vpc_id') == params['vpc_id']]
    if params.get('status'):
        endpoints = [e for e in endpoints if e.get('status') == params['status']]
    return [resource.to_ansible(e) for e in kit_query.only_tagged(context, 'endpoint', endpoints)]


# ---------------------------------------------------------------------------
# The module's options
# ---------------------------------------------------------------------------

def argument_spec():
    """Return vpcep_endpoint's own options (HwcloudModule adds the shared connection options): also each entry's options of
    the fleet module (vpcep_endpoints), which the module's argument spec holds as suboptions."""
    return dict(
        description=dict(type='str'),
        enable_dns=dict(type='bool'),
        enable_whitelist=dict(type='bool'),
        endpoint_service_id=dict(type='str'),
        endpoint_service_name=dict(type='str'),
        id=dict(type='str'),
        ip_version=dict(type='str', choices=['ipv4', 'dualstack']),
        ipv6_address=dict(type='str'),
        policy_document=dict(type='dict'),
        policy_statement=dict(type='list', elements='dict'),
        port_ip=dict(type='str'),
        purge_tags=dict(type='bool', default=True),
        routetables=dict(type='list', elements='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        subnet_id=dict(type='str'),
        tags=dict(type='dict'),
        vpc_id=dict(type='str'),
        wait=dict(type='bool', default=True),
        wait_for=dict(type='str', default='connected', choices=['connected', 'accepted']),
        wait_timeout=dict(type='int', default=limits.WAIT_TIMEOUT.default),
        whitelist=dict(type='list', elements='str'),
    )
