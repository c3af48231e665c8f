from .models import portal_data as pd

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


def set_up_public_site(env):
    """Make every website a public service's site from the first start, with nothing of
    Odoo's sample content a citizen could reach:

    - the companies get an institution's name and a neutral emblem in place of Odoo's
      “YourCompany” and “Your logo” (res.company._chikaya_set_up_institution; an
      administrator sets the real ones in Settings > Complaints), and their websites take
      them;
    - `/` serves the complaints' landing page (website.homepage_url: same content, no
      redirect), with the key figures and the first questions of the FAQ;
    - the header's call to action, its phone, the footer and the contact page are the
      module's templates (views/website_templates.xml), which read the institution's values;
    - as a designer would in the website builder: the colours become the emblem's blue and
      the flag's green (Odoo's sample palette is purple), and the header's search box is
      switched off (it searches the website's pages, of which a complaints site has few,
      and it pushes the main menu into a "+" at common screen widths).
    """
    websites = env["website"].search([])
    websites.company_id._chikaya_set_up_institution()
    websites.write({"homepage_url": pd.HOMEPAGE_URL})
    for website in websites:
        env["website.assets"].with_context(website_id=website.id).make_scss_customization(
            pd.SITE_PALETTE_SCSS, dict(pd.SITE_COLORS)
        )
    search_box = env.ref(pd.HEADER_SEARCH_BOX_VIEW, raise_if_not_found=False)
    if search_box:
        search_box.active = False


def post_init_hook(env):
    """Languages, the public site and open sign-up, right after installation.

    - French and Arabic, when installed, are added to every website's languages, so that
      the language switcher offers them. The default language is left as it is: the
      database's (the first language loaded, French with `make run` / `make test`, which
      also leave English inactive).
    - The websites become the institution's public site (set_up_public_site).
    - Citizens create their account themselves: Odoo's sign-up is opened to everyone
      (`auth_signup.invitation_scope` = `b2c`; with website, the setting is per website,
      "Customer Account: Free sign up", which website reads first).
    """
    enable_website_languages(env)
    set_up_public_site(env)
    env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
    env["website"].search([]).write({"auth_signup_uninvited": "b2c"})
