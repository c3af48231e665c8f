from . import (
    test_a11y_audit,
    test_collectivity_load,
    test_complaint_generic_routes,
    test_complaint_numbering,
    test_complaint_security,
    test_complaint_sla,
    test_complaint_trust,
    test_complaint_ui,
    test_complaint_validation,
    test_complaint_workflow,
    test_demo,
)
