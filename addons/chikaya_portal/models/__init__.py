from . import (
    chikaya_complaint,
    chikaya_complaint_submission,
    chikaya_faq,
    chikaya_portal_attempt,
    ir_http,
    res_users,
)
