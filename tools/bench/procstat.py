# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a measured process reports about itself; imported before its clock starts, so it costs every side alike."""


def peak_rss_kib():
    """This process's peak resident set in KiB (VmHWM: unlike ru_maxrss, not inherited from the parent before exec); None without /proc."""
    try:
        with open('/proc/self/status', encoding='ascii') as handle:
            for line in handle:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None
