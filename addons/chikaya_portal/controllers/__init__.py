# controllers/main.py: landing page, filing form, confirmation, FAQ (public pages).
# controllers/complaint_track.py: tracking by number + access code, follow-up actions.
# controllers/portal.py: /my/complaints (CustomerPortal).
# controllers/complaint_assist.py: the filing form's helpers (commune of a point, look-alike
# complaints, support of one).
from . import complaint_assist, complaint_track, main, portal
