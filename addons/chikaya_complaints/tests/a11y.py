"""Accessibility audits in the real browser, with axe-core (npm registry).

scripts/setup.sh installs axe-core outside the repo and exports its path as CHIKAYA_AXE_JS.
`axe_in_browser(case)` makes every page the test's Chromium opens load axe-core plus
`window.chikayaAxeCheck(label)`, which runs the WCAG 2.0/2.1 A and AA rules and rejects (so a
tour step fails) when a violation of impact "serious" or "critical" is found, listing the rule,
its help text and the first offending nodes. A missing axe-core fails the test: an audit that
cannot run is not a passed audit.

    with axe_in_browser(self):
        self.browser_js("/complaints", AXE_CODE % {"label": "landing"})   # one page
        self.start_tour("/complaints/new", "chikaya_form_errors_tour")     # steps call it
"""

import contextlib
import json
import os
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

AXE_ENV = "CHIKAYA_AXE_JS"
# The impacts that fail an audit (axe's scale: minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUNNER = """
window.chikayaAxeCheck = async function (label) {
    const result = await window.axe.run(document, {
        runOnly: {type: "tag", values: %(tags)s},
        resultTypes: ["violations"],
    });
    const bad = result.violations.filter((v) => %(impacts)s.includes(v.impact));
    if (bad.length) {
        const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help} -> ` +
            v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | "));
        throw new Error(`axe found ${bad.length} serious/critical violation(s) on ` +
            `${label} (${location.pathname}):\\n` + lines.join("\\n"));
    }
    console.info(`axe: ${label} (${location.pathname}): no serious or critical violation`);
    return true;
};
""".replace("%(tags)s", json.dumps(WCAG_TAGS)).replace("%(impacts)s", json.dumps(FAILING_IMPACTS))

# browser_js code auditing the page it opened: success signal, or the violations as an error.
AXE_CODE = """
window.chikayaAxeCheck(%(label)r).then(
    () => console.log("test successful"),
    (error) => console.error(error.message),
);
"""


def axe_source(case):
    path = os.environ.get(AXE_ENV)
    if not path or not os.path.isfile(path):
        case.fail(
            f"axe-core not found ({AXE_ENV}={path!r}): run `bash scripts/setup.sh node`, "
            "or `make test`, which does."
        )
    with open(path, encoding="utf-8") as f:
        return f.read() + ";\n" + _RUNNER


def axe_code(label):
    """The browser_js code that audits the page it opened."""
    return AXE_CODE % {"label": label}


@contextlib.contextmanager
def axe_in_browser(case):
    """Within the block, every document the test's Chromium loads has axe-core and
    window.chikayaAxeCheck before its own scripts run (CDP addScriptToEvaluateOnNewDocument,
    sent before the browser navigates)."""
    source = axe_source(case)
    navigate_to = ChromeBrowser.navigate_to

    def navigate_with_axe(browser, url, wait_stop=False):
        browser._websocket_request(
            "Page.addScriptToEvaluateOnNewDocument", params={"source": source}
        )
        return navigate_to(browser, url, wait_stop=wait_stop)

    with patch.object(ChromeBrowser, "navigate_to", navigate_with_axe):
        yield
