from . import models, tools, wizard

# isort: split
# demo/ extends chikaya.complaint, which models/ must have defined first.
from . import demo
