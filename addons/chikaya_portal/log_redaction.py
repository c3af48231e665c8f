"""The server log does not record access codes.

A complaint's access code travels in the address of the tracking page
(/complaints/track?number=…&code=…, the acknowledgement's link) and of /my/complaints/<id>
(?access_token=…). Werkzeug logs every request line ("GET /path?query HTTP/1.1"), so without
this filter the codes would sit in plain in the log files, copied to log collectors and
readable by whoever reads them. The filter replaces the value of those parameters in the
records of the request log before any handler writes them.
"""

import logging
import re

# Query parameters holding a secret: the portal's access code (`code`, `access_token`) and
# the email proof's signed link (`token`).
SECRET_PARAMETERS = ("code", "access_token", "token")
_SECRET_VALUE = re.compile(r"([?&](?:" + "|".join(SECRET_PARAMETERS) + r")=)[^&#\s\"]*")
REDACTED = "[redacted]"


def redact(text):
    """`text` with the values of the secret query parameters replaced."""
    return _SECRET_VALUE.sub(r"\1" + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites the request line of werkzeug's request log (its message and arguments)."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install():
    """Attach the filter to werkzeug's logger, once per process."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSecretsFilter) for f in logger.filters):
        logger.addFilter(RedactSecretsFilter())
