# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every role has a molecule scenario (extensions/molecule/<role>/), and every scenario runs the whole
sequence: check mode, converge, idempotence, verify and destroy (`make molecule` runs them)."""
import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MOLECULE = os.path.join(ROOT, 'extensions', 'molecule')
ROLES = sorted(name for name in os.listdir(os.path.join(ROOT, 'roles'))
               if os.path.isdir(os.path.join(ROOT, 'roles', name, 'tasks')))
SCENARIOS = sorted(name for name in os.listdir(MOLECULE)
                   if os.path.isfile(os.path.join(MOLECULE, name, 'molecule.yml')))


def load(path):
    with open(path, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_every_role_has_a_scenario_and_every_scenario_a_role():
    assert ROLES
    assert SCENARIOS == ROLES


def test_the_shared_sequence_has_every_step_and_ends_clean():
    config = load(os.path.join(MOLECULE, 'config.yml'))
    sequence = config['scenario']['test_sequence']
    for step in ('syntax', 'check', 'converge', 'idempotence', 'verify', 'destroy'):
        assert step in sequence, step
    assert sequence[0] == 'destroy' and sequence[-1] == 'destroy'
    assert sequence.index('converge') < sequence.index('idempotence') < sequence.index('verify')
    # Localhost against the simulator: no instances to create, no containers.
    assert config['driver'] == {'name': 'default', 'options': {'managed': False}}
    assert os.path.isfile(os.path.join(MOLECULE, 'destroy.yml'))


@pytest.mark.parametrize('scenario', SCENARIOS)
def test_a_scenario_converges_its_role_and_verifies_it(scenario):
    folder = os.path.join(MOLECULE, scenario)
    assert load(os.path.join(folder, 'molecule.yml'))['scenario']['name'] == scenario
    converge = load(os.path.join(folder, 'converge.yml'))
    roles = [task.get('ansible.builtin.include_role', task.get('ansible.builtin.import_role', {})).get('name')
             for play in converge for task in play.get('tasks', [])]
    roles += [role if isinstance(role, str) else role.get('role') for play in converge for role in play.get('roles', [])]
    assert 'hwcloud.vpcep.%s' % scenario in roles
    verify = load(os.path.join(folder, 'verify.yml'))
    assert any('ansible.builtin.assert' in task for play in verify for task in play.get('tasks', []))
