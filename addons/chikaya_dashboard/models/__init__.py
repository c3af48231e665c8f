from . import (
    chikaya_dashboard,
    chikaya_dashboard_xlsx,
    chikaya_public_statistics,
    chikaya_public_figures,
)
