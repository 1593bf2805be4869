# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Mirrors AUTH_ARGUMENT_SPEC in plugins/module_utils/base.py; tests/unit/plugins/module_utils/test_base.py keeps them equal.
    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - Access key ID (AK) used to sign requests with C(SDK-HMAC-SHA256).
      - Required together with O(secret_key) unless O(auth_token) is set.
      - One of the credential options (O(access_key), O(secret_key), O(security_token), O(auth_token)). When the task
        gives any of them (as an argument or through C(module_defaults)), the whole credential set comes from the task
        and no part of it from the environment (see the notes).
      - When the task gives none of them, the set comes from one family of environment variables; this option's are
        E(HW_ACCESS_KEY), E(HUAWEICLOUD_SDK_AK) and E(CLOUD_SDK_AK).
    type: str
  api_timeout:
    description:
      - Timeout in seconds for connecting to the API and for each answer, V(1) to V(3600) (an hour); another value
        fails before any request.
    type: int
    default: 30
  auth_token:
    description:
      - An IAM token, sent as C(X-Auth-Token) instead of signing requests with O(access_key) and O(secret_key).
      - A task gives either O(auth_token) or O(access_key) and O(secret_key), never both. A task that gets both (from
        its arguments and C(module_defaults) together, say) fails before any request, since they may be two accounts'
        credentials. In the environment, E(HW_AUTH_TOKEN) replaces AK/SK signing with the keys of its family.
      - A credential option; when the task gives no credential option, the environment variable E(HW_AUTH_TOKEN) is
        read with the other C(HW_*) credential variables (see the notes).
    type: str
  ca_cert:
    description:
      - Path to a PEM CA bundle used to verify the TLS certificates of the API endpoints,
        for example the CA of a private cloud or of a test endpoint.
      - When set, it is used for verification instead of the system CA bundle.
      - If not set, the environment variable E(HW_CA_CERT) is used.
    type: path
  cloud:
    description:
      - Domain of the cloud the endpoints are derived from, as C(https://vpcep.<region>.<cloud>) and
        C(https://iam.<region>.<cloud>). Letters, digits, C(-) and dots only.
      - With the default, region C(eu-west-101) uses C(myhuaweicloud.eu).
      - If not set, the environment variable E(HW_CLOUD) is used, then the default.
    type: str
    default: myhuaweicloud.com
  endpoint:
    description:
      - Base URL of the VPCEP API, overriding the one derived from O(region) and O(cloud).
      - Use it for private clouds, proxies or a local simulator, for example V(http://127.0.0.1:8080).
      - Must be a URL C(https://host[:port][/path]) or C(http://host[:port][/path]), without user name, query string
        or fragment. A plain C(http://) URL to a host that is not this machine gives a warning, because requests and
        credentials travel unencrypted.
      - If not set, the environment variable E(HW_VPCEP_ENDPOINT) is used.
    type: str
  iam_endpoint:
    description:
      - Base URL of the IAM API, used only to resolve the project id when O(project_id) is not set.
      - Overrides the one derived from O(region) and O(cloud). The same URL rules as O(endpoint) apply.
      - If not set, the first environment variable found of E(HW_IAM_ENDPOINT) and E(HUAWEICLOUD_SDK_IAM_ENDPOINT)
        is used (first found wins).
    type: str
  max_retries:
    description:
      - How many times a request is retried after throttling (HTTP 429), a server error (HTTP 500, 502, 503, 504)
        or a connection error, with jittered exponential backoff that honours C(Retry-After).
      - Requests that are not idempotent, such as creating a resource, are never blindly repeated when they may
        already have taken effect (a timeout or lost connection after sending, or a server error); the module fails
        and reports that instead. Throttled requests are always retried.
      - One request spends at most 120 seconds in all waiting between its retries. When the server asks for a
        longer wait (C(Retry-After)), the module fails at once, naming the throttling, instead of blocking.
      - Several requests of one task that run at once (see the info modules' C(concurrency)) slow down together
        when one of them is throttled.
      - V(0) disables retries; at most V(20). Another value fails before any request.
      - If not set, the environment variable E(HW_MAX_RETRIES) is used, then the default.
    type: int
    default: 5
  project_id:
    description:
      - ID of the project the resources belong to, 1 to 64 letters, digits and C(-).
      - Part of the credential set. When the task gives a credential option, only the task's O(project_id) is used,
        never E(HW_PROJECT_ID) or E(HUAWEICLOUD_SDK_PROJECT_ID) from the environment. When the task gives no
        credential option, the project id of the family of environment variables the credentials come from is used,
        unless the task gives O(project_id).
      - If still not set, the project id is resolved once from IAM, with the credentials in use, by the project named
        after O(region); the module fails when no project or several projects match.
    type: str
  region:
    description:
      - Region name, for example V(cn-north-4), of lowercase letters, digits and C(-).
      - Required unless both O(endpoint) and O(project_id) are set.
      - If not set, the environment variable E(HW_REGION_NAME) is used.
    type: str
  secret_key:
    description:
      - Secret access key (SK) used to sign requests.
      - Required together with O(access_key) unless O(auth_token) is set.
      - A credential option; when the task gives no credential option, it comes from the family of environment
        variables the access key comes from, E(HW_SECRET_KEY), E(HUAWEICLOUD_SDK_SK) or E(CLOUD_SDK_SK).
    type: str
  security_token:
    description:
      - Security token of temporary AK/SK credentials, sent as C(X-Security-Token) with signed requests.
      - A credential option; when the task gives no credential option, it comes from the family of environment
        variables the keys come from, E(HW_SECURITY_TOKEN) or E(HUAWEICLOUD_SDK_SECURITY_TOKEN).
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the API endpoints.
      - Set to V(false) only for test endpoints you trust; prefer O(ca_cert) for private CAs.
      - If not set, the environment variable E(HW_VALIDATE_CERTS) is used, then the default.
    type: bool
    default: true
requirements:
  - requests
notes:
  - A task's credentials are one set from one source. The set is O(access_key), O(secret_key), O(security_token),
    O(auth_token) and O(project_id). When the task gives any of the first four (as arguments or through
    C(module_defaults)), the whole set is the task's - no part of it comes from the environment, and a project id
    the task leaves out is resolved from IAM with the task's credentials. Only when the task gives none of them is
    the set read from the environment, and then from one family of variables - the first of C(HW_*)
    (E(HW_ACCESS_KEY), E(HW_SECRET_KEY), E(HW_SECURITY_TOKEN), E(HW_AUTH_TOKEN), E(HW_PROJECT_ID)),
    C(HUAWEICLOUD_SDK_*) (E(HUAWEICLOUD_SDK_AK), E(HUAWEICLOUD_SDK_SK), E(HUAWEICLOUD_SDK_SECURITY_TOKEN),
    E(HUAWEICLOUD_SDK_PROJECT_ID)) and C(CLOUD_SDK_*) (E(CLOUD_SDK_AK), E(CLOUD_SDK_SK)) that has a credential
    variable set. Variables of the other families are not read (a warning names them). A O(project_id) given to
    the task is used with credentials from the environment.
  - So a consumer task that gives its own O(access_key) and O(secret_key) never uses a provider's E(HW_AUTH_TOKEN)
    or E(HW_PROJECT_ID) from the environment, as AWX credentials or CI secrets inject them.
  - Errors HTTP 401, HTTP 403 and C(EndPoint.0014), and a project id that cannot be resolved, name where each
    credential part came from (the option or variable name, never a value).
  - The other connection options (O(region), O(endpoint), O(cloud) and so on) are not credentials. Each falls back
    to its own environment variable when the task does not give it; where several variables are listed for one
    option, the first one found wins.
  - Either O(auth_token), or O(access_key) and O(secret_key) must be set, from the task or from the environment.
  - Secrets (O(secret_key), O(security_token), O(auth_token)) are never included in error messages or results.
    Ansible itself writes module parameters in clear text on the managed host when C(ANSIBLE_DEBUG=1) or
    C(ANSIBLE_KEEP_REMOTE_FILES=1) is set, so give secrets through the environment variables or the AWX credential
    type rather than as task parameters.
  - Ids that become part of a URL path (resource ids, the project id) are checked before any request, and every
    path segment is percent-encoded, so no value can change which API path is called.
'''
