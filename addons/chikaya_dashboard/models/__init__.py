from . import (
    chikaya_dashboard,
    chikaya_dashboard_xlsx,
    chikaya_palmares,
    chikaya_public_statistics,
    chikaya_sla_warning,
)
