from . import chikaya_complaint, chikaya_complaint_receipt, ir_actions_report
