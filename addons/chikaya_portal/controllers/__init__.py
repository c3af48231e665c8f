# controllers/main.py: landing page, filing form, confirmation, FAQ (public pages).
# controllers/complaint_track.py: tracking by number + access code, follow-up actions.
# controllers/portal.py: /my/complaints (CustomerPortal).
from . import complaint_track, main, portal
