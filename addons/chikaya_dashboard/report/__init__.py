from . import chikaya_complaint_report
