def post_init_hook(env):
    """Give the themes that exist at installation (the core's starting list, and any an
    administrator created) their Open311 service code: see chikaya.theme
    ._set_default_open311_codes."""
    themes = env["chikaya.theme"].with_context(active_test=False)
    themes.search([("open311_code", "=", False)])._set_default_open311_codes()
