"""Helpers of the tests that attack the public routes (test_hostile_input.py,
test_security_headers.py, test_filing_abuse.py, test_tracking.py)."""

import contextlib
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

# Every violation of the page's Content-Security-Policy becomes a console error, which fails
# the browser test or tour (Odoo's test browser fails on console.error).
CSP_WATCH_JS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(
        `Content-Security-Policy violation on ${location.pathname}: ` +
        `${event.violatedDirective} blocked ${event.blockedURI || "inline code"} ` +
        `(${event.sourceFile || "?"}:${event.lineNumber || "?"})`
    );
});
"""


@contextlib.contextmanager
def csp_watch():
    """Within the block, every document the test's Chromium loads reports each CSP violation
    as a console error. The listener is installed before the page's own scripts run (CDP
    Page.addScriptToEvaluateOnNewDocument, which the page's policy does not apply to), so a
    violation during the page's loading is caught too."""
    navigate_to = ChromeBrowser.navigate_to

    def navigate_watching(browser, url, wait_stop=False):
        browser._websocket_request(
            "Page.addScriptToEvaluateOnNewDocument", params={"source": CSP_WATCH_JS}
        )
        return navigate_to(browser, url, wait_stop=wait_stop)

    with patch.object(ChromeBrowser, "navigate_to", navigate_watching):
        yield


def access_code(complaint):
    """The complaint's access code in plain, as its citizen has it: the core hands it out
    only in the transaction that created the complaint (`new_access_code`; `access_token`
    before the code was stored hashed)."""
    if "new_access_code" in complaint._fields:
        return complaint.new_access_code
    return complaint.access_token
