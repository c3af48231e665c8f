from . import chikaya_complaint_demo
