from . import models, tools, wizard

# isort: split
# demo/ and report/ extend chikaya.complaint, which models/ must have defined first.
from . import demo, report
