from . import access, public_input, settings, workflow
