from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.translate import html_translate

from . import portal_data as pd


class ChikayaFaq(models.Model):
    """A question citizens often ask, with its answer, shown on /complaints/faq.

    Question and answer are translatable (French and Arabic through Odoo's field
    translations). The answer is HTML written by Chikaya administrators, sanitized on save,
    and translated paragraph by paragraph (`html_translate`, as website pages and product
    descriptions are): the starting answers get their French and Arabic from i18n/*.po, and
    an edited paragraph keeps the translations of the others. Only `active` entries are
    published."""

    _name = "chikaya.faq"
    _inherit = ["chikaya.cached.lists.mixin"]  # the home page, kept rendered, lists the first
    _description = "Frequently asked question"
    _order = "sequence, id"
    _rec_name = "question"

    question = fields.Char(required=True, translate=True)
    answer = fields.Html(required=True, translate=html_translate, sanitize=True)
    theme_id = fields.Many2one(
        "chikaya.theme",
        index=True,
        ondelete="set null",
        help="Groups the question on the public page; leave empty for general questions.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, help="Only active questions are published.")

    @api.model
    def _get_published_domain(self, search=None):
        domain = Domain("active", "=", True)
        if search:
            domain &= Domain("question", "ilike", search) | Domain("answer", "ilike", search)
        return domain

    @api.model
    def _get_published_groups(self, search=None):
        """[(theme or empty recordset, questions)] in theme order, general questions first."""
        faqs = self.search(self._get_published_domain(search))
        groups = {}
        for faq in faqs:
            groups.setdefault(faq.theme_id, self.browse())
            groups[faq.theme_id] |= faq
        return sorted(
            groups.items(),
            key=lambda item: (bool(item[0]), item[0].sequence, item[0].display_name or ""),
        )

    @api.model
    def _get_home_questions(self):
        """The questions the home page shows: the first published ones in the FAQ's order
        (administrators put the most asked first with the sequence)."""
        return self.search(self._get_published_domain(), limit=pd.HOME_FAQ_COUNT)
