from . import (
    test_board,
    test_board_security,
    test_board_tour,
    test_complaint_report,
    test_form_options_cache,
    test_palmares,
    test_public_figures,
    test_public_pages,
    test_sla_warning,
    test_xlsx,
)
