"""Settings kept as system parameters (ir.config_parameter), read as integers.

Administrators edit these values as free text in *Settings > Technical > System parameters*.
A typo there must not turn a page, a form or the scheduled job into a server error, so a value
that is not an integer reads as the setting's default, as an unset or empty one does. Every
module reads its integer settings through this one function so that they all behave alike.
"""


def get_int_param(env, key, default):
    """The value of the system parameter `key` as an int; `default` when it is unset, empty
    or not an integer. A valid value is returned as it is (0 included: for some settings 0
    means "off"); the caller applies its own bounds.

    Read as superuser: settings are read on behalf of visitors, citizens and handlers, none
    of whom may read system parameters.
    """
    value = env["ir.config_parameter"].sudo().get_param(key)
    try:
        return int(value) if value else default
    except (TypeError, ValueError):
        return default
