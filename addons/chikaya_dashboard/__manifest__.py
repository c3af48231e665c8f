{
    "name": "Chikaya Dashboards",
    "summary": "Tableau de Bord as published by Chikaya.ma, pivot reports, per-province boards, "
    "warnings, palmarès, public statistics and XLSX exports",
    "version": "19.0.1.1.0",
    "category": "Services/Complaints",
    "author": "Chikaya contributors",
    "website": "https://github.com/chikaya/chikaya",
    "license": "AGPL-3",
    "depends": ["chikaya_complaints", "chikaya_portal", "website"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/chikaya_dashboard_security.xml",
        "data/website_menu_data.xml",
        "data/ir_cron_data.xml",
        "report/chikaya_complaint_report_views.xml",
        "report/chikaya_complaint_report_warning_views.xml",
        "views/chikaya_dashboard_views.xml",
        "views/chikaya_dashboard_templates.xml",
        "views/chikaya_public_charts_templates.xml",
        "views/chikaya_public_figures_views.xml",
        "wizard/chikaya_palmares_views.xml",
        "views/chikaya_dashboard_menus.xml",
        "data/chikaya_public_figures_data.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_frontend": ["chikaya_dashboard/static/src/scss/chikaya_dashboard_public.scss"],
        "web.assets_backend": [
            "chikaya_dashboard/static/src/dashboard/**/*",
        ],
        "web.assets_tests": [
            "chikaya_dashboard/static/tests/tours/**/*",
        ],
    },
}
