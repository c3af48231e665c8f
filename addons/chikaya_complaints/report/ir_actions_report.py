import logging
import os
import shutil
import subprocess
import tempfile

from odoo import models, modules, tools
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# The reports printed by Chromium rather than wkhtmltopdf (their templates are whole pages
# without Odoo's report assets).
CHROMIUM_REPORTS = ("chikaya_complaints.report_chikaya_complaint_receipt",)
# The browser's names, tried in order on the PATH.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_TIMEOUT = 60  # seconds


def chromium_executable():
    """The path of the Chromium (or Chrome) executable, or None."""
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


class IrActionsReport(models.Model):
    """The receipt is printed by Chromium (headless) instead of wkhtmltopdf.

    Why: Debian's wkhtmltopdf (0.12.6, QtWebKit 5.212, the one `scripts/setup.sh` installs)
    shapes Arabic letters but measures a right-to-left line shorter than it draws it: a
    wrapped Arabic paragraph prints its words on top of each other, a right-aligned Arabic
    line is pushed off the page by its first words, and numbers inside Arabic text garble
    the line (seen in its PDFs, see readme/CONTEXT.md). Chromium lays Arabic out as the
    website does. Where no Chromium is installed, Odoo's wkhtmltopdf prints the receipt,
    with a warning in the log."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        report_sudo = self._get_report(report_ref)
        if report_sudo.report_name not in CHROMIUM_REPORTS:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        chromium = chromium_executable()
        if not chromium:
            _logger.warning(
                "Chromium not found (%s): %s is printed by wkhtmltopdf, whose Arabic lines "
                "may be misplaced",
                ", ".join(CHROMIUM_NAMES),
                report_sudo.report_name,
            )
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        # As Odoo does for wkhtmltopdf: tests get the HTML unless they ask for the PDF.
        testing = modules.module.current_test or tools.config["test_enable"]
        if testing and not self.env.context.get("force_report_rendering"):
            return self._render_qweb_html(report_ref, res_ids, data=data)
        html = self._render_qweb_html(report_ref, res_ids, data=data)[0]
        return self._chikaya_print_with_chromium(chromium, html), "pdf"

    def _chikaya_print_with_chromium(self, chromium, html):
        """The PDF Chromium prints from the page `html` (bytes): a self-contained page
        (styles inline, images as data URIs, no script: every value is escaped by QWeb),
        opened from a file."""
        with tempfile.TemporaryDirectory(prefix="chikaya_report_") as folder:
            page = os.path.join(folder, "report.html")
            pdf = os.path.join(folder, "report.pdf")
            with open(page, "wb") as file:
                file.write(b"<!DOCTYPE html>\n" + html)
            # Odoo's server limits its address space (limit_memory_hard, RLIMIT_AS) and its
            # children inherit the limit, which Chromium's memory reservations exceed (it
            # dies with SIGTRAP): the shell lifts the soft limit before running it (as Odoo's
            # tests do for theirs).
            command = [
                "/bin/sh",
                "-c",
                'ulimit -v unlimited 2>/dev/null; exec "$0" "$@"',
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                f"--user-data-dir={os.path.join(folder, 'profile')}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                f"file://{page}",
            ]
            try:
                process = subprocess.run(
                    command, capture_output=True, timeout=CHROMIUM_TIMEOUT, check=False
                )
            except subprocess.TimeoutExpired as error:
                raise UserError(self.env._("The PDF could not be printed in time.")) from error
            if not os.path.exists(pdf):
                _logger.error(
                    "Chromium printed no PDF (exit code %s): %s",
                    process.returncode,
                    process.stderr.decode(errors="replace")[-1000:],
                )
                raise UserError(self.env._("The PDF could not be printed."))
            with open(pdf, "rb") as file:
                return file.read()
