"""The main menu's entry to the landing page goes: the landing page is now the home page
(`/`). Its record is deleted here so that data/website_menu_data.xml (noupdate) creates the
new entries, "Follow a request" and "Questions and answers", with their translations."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["website.menu"].with_context(active_test=False).search(
        [("url", "=", "/complaints")]
    ).unlink()
