from . import (
    chikaya_complaint,
    chikaya_complaint_submission,
    chikaya_faq,
    chikaya_portal_attempt,
    chikaya_public_page,
    ir_http,
    res_company,
    res_config_settings,
    res_users,
    website_page,
)
