"""The server log does not record secrets sent in a URL.

Werkzeug logs every request line ("GET /path?query HTTP/1.1"), so a secret in a query string
would sit in plain in the log files, copied to log collectors and readable by whoever reads
them. Each module names the query parameters that carry its secrets (`install`): the
portal's access codes (the tracking page's `code`, `/my/complaints/<id>?access_token=`, the
email proof's signed `token`), the Open311 API keys (`api_key`, which older clients send in
the query string even on POST). One filter on werkzeug's logger replaces their values in
the records of the request log before any handler writes them.
"""

import logging
import re

REDACTED = "[redacted]"
# The query parameters whose values are replaced (filled by install()).
SECRET_PARAMETERS = set()
_secret_value = re.compile(r"(?!)")  # matches nothing until a parameter is installed


def redact(text):
    """`text` with the values of the secret query parameters replaced."""
    return _secret_value.sub(r"\1" + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites the request line of werkzeug's request log (its message and arguments)."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(*parameters):
    """Redact these query parameters too, and attach the filter to werkzeug's logger once
    per process (called when a module's Python code is imported)."""
    global _secret_value  # noqa: PLW0603 (one pattern for the process, rebuilt when a module adds parameters)
    SECRET_PARAMETERS.update(parameters)
    names = "|".join(re.escape(name) for name in sorted(SECRET_PARAMETERS))
    _secret_value = re.compile(r"([?&](?:" + names + r")=)[^&#\s\"]*")
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSecretsFilter) for f in logger.filters):
        logger.addFilter(RedactSecretsFilter())
