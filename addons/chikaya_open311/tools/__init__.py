from . import georeport
