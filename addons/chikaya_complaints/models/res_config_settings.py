from odoo import fields, models

from .complaint_data import (
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_REOPEN_DAYS,
    PARAM_DEADLINE_DAYS,
    PARAM_REOPEN_DAYS,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    chikaya_deadline_days = fields.Integer(
        "Legal answer deadline (days)",
        config_parameter=PARAM_DEADLINE_DAYS,
        default=DEFAULT_DEADLINE_DAYS,
    )
    chikaya_reopen_days = fields.Integer(
        "Reopening window after the answer (days)",
        config_parameter=PARAM_REOPEN_DAYS,
        default=DEFAULT_REOPEN_DAYS,
    )
