# Mixins first: chikaya.complaint and the other modules' models inherit them (registered
# in import order).
from . import (
    chikaya_attempt_mixin,
    chikaya_cached_lists_mixin,
    chikaya_complaint_access_mixin,
    chikaya_complaint_citizen_mixin,
    chikaya_complaint_duplicate_mixin,
    chikaya_complaint_location_mixin,
    chikaya_complaint_sla_mixin,
    chikaya_complaint_workflow_mixin,
)
from . import (
    chikaya_collectivity,
    chikaya_complaint,
    chikaya_complaint_reorientation,
    chikaya_complaint_supporter,
    chikaya_handler,
    chikaya_rejection_reason,
    chikaya_theme,
    complaint_data,
    ir_attachment,
    mail_followers,
    mail_message,
    res_config_settings,
    res_partner,
    res_users,
)
