from . import (
    chikaya_dashboard,
    chikaya_dashboard_xlsx,
    chikaya_public_statistics,
    chikaya_public_figures,
    chikaya_public_page,
)
