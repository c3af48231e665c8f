from . import (
    test_faq,
    test_filing,
    test_filing_abuse,
    test_followup,
    test_my_complaints,
    test_portal_accessibility,
    test_portal_attempt,
    test_portal_tours_filing,
    test_portal_tours_followup,
    test_public_accessibility,
    test_tracking,
)
