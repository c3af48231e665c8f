from urllib.parse import quote

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .a11y import axe_code, axe_in_browser

GOOD = """<!DOCTYPE html><html lang="en"><head><title>Good</title></head><body><main>
<h1>A page</h1><label for="n">Name</label><input id="n" name="n"></main></body></html>"""
# Two critical violations: an image without a text alternative, a field without a label.
BAD = """<!DOCTYPE html><html lang="en"><head><title>Bad</title></head><body><main>
<h1>A page</h1><img src="/web/static/img/logo.png"><input name="n"></main></body></html>"""


@tagged("post_install", "-at_install")
class TestA11yAudit(HttpCase):
    """The audit helper the portal and dashboard tests rely on must be able to fail."""

    def test_clean_page_passes(self):
        with axe_in_browser(self):
            self.browser_js("data:text/html," + quote(GOOD), axe_code("clean page"))

    def test_violations_fail(self):
        with (
            axe_in_browser(self),
            # (the browser's console.error is logged at ERROR under the test's own logger)
            mute_logger(f"{__name__}.{type(self).__name__}.{self._testMethodName}.browser"),
            self.assertRaises(AssertionError) as caught,
        ):
            self.browser_js("data:text/html," + quote(BAD), axe_code("bad page"))
        message = str(caught.exception)
        self.assertIn("image-alt", message)
        self.assertIn("label", message)
