"""Constants of the dashboards, in one place (the pattern of rating/models/rating_data.py).

The board reproduces the table Chikaya.ma publishes: two channel columns (web portal,
bureau d'ordre) for the selected year and for the years before it, and four rows. The
definitions below are the ones written on the page; the board's SQL, its cell domains and
the tests all read them from here.
"""

from odoo.addons.chikaya_complaints.models import complaint_data as cd

# --- Channel columns -----------------------------------------------------------------------
# The published table has two columns. Every complaint falls in exactly one of them, so the
# columns add up to the total: what the citizen filed online (the portal and the mobile/API
# channel) is "web portal"; what the administration registered itself (a letter at the
# bureau d'ordre, a call noted by a handler) is "bureau d'ordre".
BUCKET_PORTAL = "portal"
BUCKET_PAPER = "paper"
CHANNEL_BUCKETS = {
    BUCKET_PORTAL: (cd.CHANNEL_PORTAL, cd.CHANNEL_MOBILE),
    BUCKET_PAPER: (cd.CHANNEL_PAPER, cd.CHANNEL_PHONE),
}

# --- Year columns --------------------------------------------------------------------------
# "Current year" is the selected year (received in it); "previous years" is everything
# received before it (only its in-progress rows are shown, as on Chikaya.ma).
PERIOD_CURRENT = "current"
PERIOD_PREVIOUS = "previous"
# Column order on the screen and in the XLSX.
COLUMNS = [
    (PERIOD_CURRENT, BUCKET_PORTAL),
    (PERIOD_CURRENT, BUCKET_PAPER),
    (PERIOD_PREVIOUS, BUCKET_PORTAL),
    (PERIOD_PREVIOUS, BUCKET_PAPER),
]

# --- Rows ----------------------------------------------------------------------------------
ROW_RECEIVED = "received"
ROW_OPEN = "open"
ROW_PAST_30 = "past_30"
ROW_PAST_60 = "past_60"
# Row order (their labels, translated, are in chikaya.dashboard._row_labels).
ROWS = [ROW_RECEIVED, ROW_OPEN, ROW_PAST_30, ROW_PAST_60]
# Rows left empty ("–") in the previous-years columns, as on Chikaya.ma.
ROWS_CURRENT_ONLY = (ROW_RECEIVED,)
# The two overdue rows are the core's SLA levels (they never overlap): past 30 days is an age
# of 31 to 60 days, past 60 days an age above 60 (calendar days since receipt).
ROW_SLA_LEVELS = {ROW_PAST_30: cd.SLA_PAST_30, ROW_PAST_60: cd.SLA_PAST_60}

# "In progress": received and not yet answered, closed or rejected.
OPEN_STATES = cd.OPEN_STATES
# Processing time: receipt -> answer, over the answered complaints (answered or closed after
# the answer) received in the selected year. Rejections are left out: rejecting a letter as
# inadmissible is not answering it, and would pull the mean down. A reopened complaint is
# open again (its answer date is cleared) and counts again once it is re-answered, from its
# first receipt to its last answer.
ANSWERED_STATES = cd.ANSWERED_STATES

# --- Palmarès and public pages -------------------------------------------------------------
# Rankings: communes (an arrondissement's complaints count for its commune) and
# prefectures/provinces (every complaint of their territory).
PALMARES_LEVEL_COMMUNE = "commune"
PALMARES_LEVEL_PROVINCE = "province"
PALMARES_LEVELS = [
    (PALMARES_LEVEL_COMMUNE, "Communes"),
    (PALMARES_LEVEL_PROVINCE, "Prefectures and provinces"),
]
# A unit ranks once it has answered at least this many complaints of the period, so that a
# handful of answers does not put it first or last (setting, ir.config_parameter).
PARAM_PALMARES_MIN_ANSWERED = "chikaya_dashboard.palmares_min_answered"
DEFAULT_PALMARES_MIN_ANSWERED = 10
# Public statistics: a rate (satisfied, processing time) computed over fewer complaints than
# this is not published, so that one or two citizens' ratings cannot be read off the page.
PUBLIC_MIN_BASE = 5
# "Treated" on the public page: the citizen has a final reply (an answer or a rejection).
TREATED_STATES = cd.DONE_STATES
# The oldest year the public pages offer (Chikaya.ma publishes from the decree's first years).
PUBLIC_FIRST_YEAR = 2018
# The statistics page's monthly charts: the last 24 months (the current year's page), or the
# page's year and the one before (an earlier year's page), by month of receipt.
PUBLIC_CHART_MONTHS = 24
# The maps' units: regions, and prefectures/provinces (a prefecture of arrondissements is
# drawn and counted with the prefecture whose territory holds it: Casablanca's eight).
MAP_LEVEL_REGION = "region"
MAP_LEVEL_PROVINCE = "province"

# --- Snapshot of the public figures (chikaya.public.figures) --------------------------------
# The public pages never aggregate the complaints on a visitor's request: they read figures
# computed ahead, by the hourly scheduled action and by an administrator's button. One
# record per page and period (and ranking level), keyed as below.
FIGURES_STATISTICS = "statistics"
FIGURES_PALMARES = "palmares"
FIGURES_PAGES = [
    (FIGURES_STATISTICS, "Complaint statistics"),
    (FIGURES_PALMARES, "Palmarès"),
]
# The palmarès' default period (the last 12 complete months), beside the calendar years.
FIGURES_PERIOD_LAST_12_MONTHS = "last_12_months"
# The time zone in which the pages say when the figures were computed (the collectivities'
# time: visitors have no time zone of their own).
PUBLIC_TZ = "Africa/Casablanca"

# --- Downloads -----------------------------------------------------------------------------
# The media type of the XLSX files (the board and the palmarès), as Odoo's pivot export sends it.
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
