from odoo import fields, models


class ChikayaRejectionReason(models.Model):
    """Why a complaint is inadmissible (not competent, before the courts, ...): a list
    administrators keep, so that rejections can be counted by reason."""

    _name = "chikaya.rejection.reason"
    _description = "Rejection reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
