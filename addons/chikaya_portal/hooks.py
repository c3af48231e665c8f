# The website's languages besides its default one: codes of res.lang.
WEBSITE_LANGUAGES = ("fr_FR", "ar_001")


def enable_website_languages(env):
    """Put French and Arabic on every website when they are installed (loaded by
    `--load-language=fr_FR,ar_001`, as `make run` and `make test` do, or from Settings);
    returns them. A language that was not loaded is left alone: activating it here would
    give a language switcher entry without translations."""
    langs = env["res.lang"].search([("code", "in", list(WEBSITE_LANGUAGES))])
    if langs:
        env["website"].search([]).write({"language_ids": [(4, lang.id) for lang in langs]})
    return langs


def post_init_hook(env):
    """Languages on the website and open sign-up, right after installation.

    - French and Arabic, when installed, are added to every website's languages, so that
      the language switcher offers them. The default language is left as it is: the
      database's (the first language loaded, French with `make run` / `make test`, which
      also leave English inactive).
    - Citizens create their account themselves: Odoo's sign-up is opened to everyone
      (`auth_signup.invitation_scope` = `b2c`; with website, the setting is per website,
      "Customer Account: Free sign up", which website reads first).
    """
    enable_website_languages(env)
    env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
    env["website"].search([]).write({"auth_signup_uninvited": "b2c"})
