def post_init_hook(env):
    """Compute the public figures once on installation, after the module's translations are
    loaded (the figures' tables are stored rendered in each language): the public pages
    never compute them on a visitor's request."""
    env["chikaya.public.figures"]._refresh()
