from . import controllers, log_redaction, models
from .hooks import post_init_hook

log_redaction.install()
