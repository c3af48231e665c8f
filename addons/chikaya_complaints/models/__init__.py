from . import (
    chikaya_collectivity,
    chikaya_complaint,
    chikaya_complaint_demo,
    chikaya_complaint_reorientation,
    chikaya_handler,
    chikaya_rejection_reason,
    chikaya_theme,
    complaint_data,
    res_config_settings,
    res_users,
)
