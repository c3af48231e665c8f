"""A real keyboard, and a zoomed page, in the test's Chromium.

Odoo's tour helpers (`run: "press Tab"`) dispatch synthetic events from the page's own
JavaScript: the browser does nothing a real key would do (a synthetic Enter submits no form,
a synthetic arrow key changes no <select>), the helpers imitate some of it. Here the keys are
sent as the operating system sends them, through the DevTools protocol
(Input.dispatchKeyEvent, Input.insertText): trusted events, the browser's own focus moves,
form submission and select changes. The zoom is Chromium's device metrics: a 1366 px wide
window at 200 % is a 683 px wide page of CSS pixels, drawn twice as large.

    with browser_session(self, scenario):
        self.browser_js("/complaints/new", "")

runs scenario(Page(browser)) once the page is loaded, instead of browser_js's code."""

import contextlib
import json
import time
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

# Window of HttpCase's Chromium (HttpCase.browser_size) and the zoom of the checks.
WINDOW_WIDTH, WINDOW_HEIGHT = 1366, 768
ZOOM = 2
# Keys: DevTools key name -> (code, Windows virtual key code, text typed).
KEYS = {
    "Tab": ("Tab", 9, None),
    "Enter": ("Enter", 13, "\r"),
    " ": ("Space", 32, " "),
    "ArrowDown": ("ArrowDown", 40, None),
    "ArrowUp": ("ArrowUp", 38, None),
}
SHIFT = 8  # DevTools modifier bit


class Page:
    """The page open in the test's Chromium, driven from Python."""

    def __init__(self, browser):
        self.browser = browser

    def evaluate(self, expression):
        """The JSON value of a JavaScript expression in the page."""
        result = self.browser._websocket_request(
            "Runtime.evaluate",
            params={"expression": f"JSON.stringify({expression})", "awaitPromise": True},
        )["result"]
        value = result.get("value")
        return json.loads(value) if isinstance(value, str) else None

    def wait_for(self, expression, timeout=30):
        """Wait until `expression` is true in the page (the page may be loading)."""
        deadline = time.time() + timeout
        check = f"(() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()"
        while time.time() < deadline:
            try:
                done = self.evaluate(check)
            except Exception:  # noqa: BLE001  (a navigation replaced the page's context)
                done = False
            if done:
                return True
            time.sleep(0.2)
        raise AssertionError(f"never true in the page: {expression}")

    def wait_ready(self):
        """Wait until the website's scripts are running: the frontend sets body[is-ready]
        once its interactions have started (e.g. the filing form's lists)."""
        self.wait_for(
            "document.readyState === 'complete'"
            " && document.body.getAttribute('is-ready') === 'true'"
        )

    def goto(self, url):
        self.browser.navigate_to(url, wait_stop=True)
        self.wait_ready()

    def zoom(self, factor=ZOOM):
        """The page as a window of WINDOW_WIDTH px shows it at `factor` (x 100 %)."""
        self.browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={
                "width": WINDOW_WIDTH // factor,
                "height": WINDOW_HEIGHT // factor,
                "deviceScaleFactor": factor,
                "mobile": False,
            },
        )

    def press(self, key, shift=False):
        code, virtual_key, text = KEYS[key]
        params = {
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": virtual_key,
            "nativeVirtualKeyCode": virtual_key,
            "modifiers": SHIFT if shift else 0,
        }
        self.browser._websocket_request(
            "Input.dispatchKeyEvent",
            params={
                **params,
                "type": "keyDown" if text else "rawKeyDown",
                **({"text": text} if text else {}),
            },
        )
        self.browser._websocket_request(
            "Input.dispatchKeyEvent", params={**params, "type": "keyUp"}
        )

    def type(self, text):
        """Type `text` into the focused field."""
        self.browser._websocket_request("Input.insertText", params={"text": text})

    def focused(self, selector):
        return self.evaluate(
            f"!!document.activeElement && document.activeElement.matches({json.dumps(selector)})"
        )

    def tab_to(self, selector, limit=60):
        """Press Tab until the focus is on `selector`; the number of presses."""
        for count in range(1, limit + 1):
            self.press("Tab")
            if self.focused(selector):
                return count
        raise AssertionError(f"Tab never reached {selector} ({limit} presses)")

    def choose(self, label, limit=60):
        """Choose the option `label` of the focused <select> with the arrow keys."""
        for _count in range(limit):
            if self.evaluate("document.activeElement.selectedOptions[0]?.text.trim()") == label:
                return
            self.press("ArrowDown")
        raise AssertionError(f"no option {label!r} reached with the arrow keys")

    def horizontal_overflow(self):
        """How many CSS pixels the page is wider than the window (0: no horizontal
        scrolling)."""
        return self.evaluate(
            "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
        )

    def focused_in_view(self):
        """Whether the focused element is inside the window, left to right."""
        return self.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return r.left >= 0 && r.right <= window.innerWidth; })()"
        )


@contextlib.contextmanager
def browser_session(case, scenario):
    """Within the block, browser_js runs scenario(Page(browser)) on the page it opened,
    instead of evaluating JavaScript; a console error in the page fails the test, as it does
    in browser_js."""

    def run(browser, code, timeout, error_checker=None):
        scenario(Page(browser))
        result = browser._result
        if result.done() and result.exception():
            raise result.exception()

    with patch.object(ChromeBrowser, "_wait_code_ok", run):
        yield
