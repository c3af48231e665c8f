# open311_data first: tools/georeport.py imports it while the models below import tools.
from . import open311_data

# The messages' mixin before the model that inherits it (models register in import order).
from . import chikaya_open311_message_mixin
from . import (
    chikaya_complaint,
    chikaya_open311_api_key,
    chikaya_open311_attempt,
    chikaya_open311_request,
    chikaya_theme,
    ir_http,
)
