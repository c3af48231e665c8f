from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import geo
from . import complaint_data as cd


class ChikayaComplaintLocationMixin(models.AbstractModel):
    """Where a complaint is: a point (WGS84 latitude and longitude) and an address line, as
    the citizen placed them (the portal's map, their phone's position, the API's lat/long),
    and the commune the point falls in (tools/geo.py: offline boundaries)."""

    _name = "chikaya.complaint.location.mixin"
    _description = "Complaint: location"

    latitude = fields.Float(digits=cd.COORDINATE_DIGITS, tracking=True)
    longitude = fields.Float(digits=cd.COORDINATE_DIGITS, tracking=True)
    address = fields.Char(
        "Address or place",
        help="The address or place the citizen gave (street, landmark, district).",
    )
    has_location = fields.Boolean(
        compute="_compute_map_url", help="Whether the complaint carries a point."
    )
    map_url = fields.Char(
        "Map",
        compute="_compute_map_url",
        help="The point on OpenStreetMap's website.",
    )

    @api.depends("latitude", "longitude")
    def _compute_map_url(self):
        for complaint in self:
            located = bool(complaint.latitude or complaint.longitude)
            complaint.has_location = located
            complaint.map_url = located and cd.OSM_POINT_URL.format(
                lat=complaint.latitude, lon=complaint.longitude
            )

    @api.constrains("latitude", "longitude")
    def _check_location(self):
        for complaint in self:
            if not (complaint.latitude or complaint.longitude):
                continue
            if not geo.in_morocco(complaint.latitude, complaint.longitude):
                raise ValidationError(self._location_error(complaint.latitude, complaint.longitude))

    @api.model
    def _location_error(self, latitude, longitude):
        south, west, north, east = geo.MOROCCO_BBOX
        return self.env._(
            "The point (latitude %(lat)s, longitude %(lon)s) is not in Morocco: the latitude "
            "must be between %(south)s and %(north)s and the longitude between %(west)s and "
            "%(east)s (decimal degrees, e.g. 33.97 and -6.85 for Rabat).",
            lat=latitude,
            lon=longitude,
            south=south,
            north=north,
            west=west,
            east=east,
        )

    # ---- Point -> collectivities ------------------------------------------------------------

    @api.model
    def _collectivities_at(self, latitude, longitude):
        """{"commune", "province", "region"} records (empty where unknown) of the point: the
        commune (an arrondissement's commune) whose outline holds it. Any reader of the
        territory may ask (the territory is public)."""
        Unit = self.env["chikaya.collectivity"]
        empty = {"commune": Unit, "province": Unit, "region": Unit}
        if latitude is None or longitude is None or not geo.in_morocco(latitude, longitude):
            return empty
        code = geo.commune_code_at(latitude, longitude)
        unit = code and Unit.search([("code", "=", code)], limit=1)
        if not unit:
            return empty
        if unit.type == "arrondissement":
            unit = unit.parent_id
        if unit.type not in cd.COMMUNE_TYPES:
            return empty
        return {"commune": unit, "province": unit.parent_id, "region": unit.region_id}

    # ---- Map (the handlers' client action) -----------------------------------------------------

    @api.model
    def get_map_settings(self):
        """The tile server of the maps (a setting; OpenStreetMap's by default)."""
        param_sudo = self.env["ir.config_parameter"].sudo()
        return {
            "tile_url": param_sudo.get_param(cd.PARAM_TILE_URL) or cd.DEFAULT_TILE_URL,
            "attribution": param_sudo.get_param(cd.PARAM_TILE_ATTRIBUTION)
            or cd.DEFAULT_TILE_ATTRIBUTION,
        }

    @api.model
    def get_map_points(self, open_only=True):
        """The located complaints the caller may read (their access rights and record rules:
        a handler sees the complaints of their collectivities), with their SLA level, for the
        map. At most cd.MAP_MAX_POINTS, the oldest first."""
        domain = [("latitude", "!=", False), ("longitude", "!=", False)]
        if open_only:
            domain.append(("state", "in", cd.OPEN_STATES))
        return self.search_read(
            domain,
            ["name", "subject", "latitude", "longitude", "sla_level", "state", "collectivity_id"],
            limit=cd.MAP_MAX_POINTS,
            order="received_date asc, id asc",
        )
