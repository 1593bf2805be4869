# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type of extensions/awx/, loaded and injected the way AWX does it.

`inject()` follows AWX's injection (awx_plugins.interfaces, `inject_credential`): empty fields
are left out of the template namespace (so they render as ""), missing boolean fields are False,
file templates are written first and their path is `tower.filename`, every env injector is set.
"""
import os
import types

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
AWX_DIR = os.path.join(ROOT, 'extensions', 'awx')


def load_credential_type(prefix=''):
    """Return (inputs, injectors) as AWX would store them; prefix 'consumer_' for the consumer's type."""
    with open(os.path.join(AWX_DIR, prefix + 'credential_type_inputs.yml'), encoding='utf-8') as handle:
        inputs = yaml.safe_load(handle)
    with open(os.path.join(AWX_DIR, prefix + 'credential_type_injectors.yml'), encoding='utf-8') as handle:
        injectors = yaml.safe_load(handle)
    return inputs, injectors


def inject(inputs, injectors, credential, private_data_dir):
    """Return the environment variables AWX injects for a credential (a dict of field id -> value)."""
    namespace = {}
    for name, value in credential.items():
        if isinstance(value, bool) or value:
            namespace[name] = value
    for field in inputs.get('fields', []):
        if field.get('type') == 'boolean' and field['id'] not in credential:
            namespace[field['id']] = False
    tower = types.SimpleNamespace(filename=None)
    namespace['tower'] = tower
    sandbox = ImmutableSandboxedEnvironment()
    env_dir = os.path.join(private_data_dir, 'env')
    os.makedirs(env_dir, exist_ok=True)
    files = {}
    for label, template in injectors.get('file', {}).items():
        path = os.path.join(env_dir, 'credential_%s' % label.replace('.', '_'))
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, 0o600)
        if '.' in label:
            files[label.split('.', 1)[1]] = path
        else:
            tower.filename = path
    if files:
        tower.filename = types.SimpleNamespace(**files)
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in injectors.get('env', {}).items())


@pytest.fixture
def credential_type():
    """The credential type's (inputs, injectors)."""
    return load_credential_type()


@pytest.fixture
def consumer_credential_type():
    """The consumer's credential type's (inputs, injectors)."""
    return load_credential_type('consumer_')


@pytest.fixture
def awx_inject():
    """inject(inputs, injectors, credential, private_data_dir) -> the environment AWX injects."""
    return inject
