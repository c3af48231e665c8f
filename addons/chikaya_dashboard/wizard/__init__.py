from . import chikaya_palmares
