{
    "name": "Chikaya Open311 API",
    "summary": "Open311 GeoReport v2 API for mobile applications and call centres: services, "
    "filing and following complaints, API keys",
    "version": "19.0.1.0.0",
    "category": "Services/Complaints",
    "author": "Chikaya contributors",
    "website": "https://github.com/chikaya/chikaya",
    "license": "AGPL-3",
    "depends": ["chikaya_complaints"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "views/chikaya_open311_api_key_views.xml",
        "views/chikaya_theme_views.xml",
        "views/chikaya_complaint_views.xml",
        "views/chikaya_open311_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
}
