# controllers/main.py: public pages (statistics, palmarès).
# controllers/xlsx.py: XLSX exports.
from . import main, xlsx
