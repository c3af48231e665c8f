import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadCSS, loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const LEAFLET = "/chikaya_complaints/static/lib/leaflet/";
// The SLA levels' colours, as the kanban's (green on time, orange past 30, red past 60).
const SLA_COLORS = { on_time: "#28a745", past_30: "#fd7e14", past_60: "#dc3545" };

/**
 * The handlers' map of their complaints (Odoo Community has no map view): the located
 * complaints they may read (chikaya.complaint.get_map_points: their access rights and
 * record rules), one circle each coloured by SLA level; a click opens the complaint.
 */
export class ComplaintMap extends Component {
    static template = "chikaya_complaints.ComplaintMap";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.mapRef = useRef("map");
        this.state = useState({ openOnly: true, count: 0, error: false });
        this.labels = {
            on_time: _t("On time"),
            past_30: _t("Past 30 days"),
            past_60: _t("Past 60 days"),
        };
        this.colors = SLA_COLORS;
        onWillStart(async () => {
            try {
                await Promise.all([loadJS(LEAFLET + "leaflet.js"), loadCSS(LEAFLET + "leaflet.css")]);
            } catch {
                this.state.error = true;
            }
            this.settings = await this.orm.call("chikaya.complaint", "get_map_settings", []);
        });
        onMounted(() => this.renderMap());
        onWillUnmount(() => this.map && this.map.remove());
    }

    async renderMap() {
        if (this.state.error || !window.L) {
            this.state.error = true;
            return;
        }
        const L = window.L;
        this.map = L.map(this.mapRef.el).setView([31.8, -7.1], 5);
        L.tileLayer(this.settings.tile_url, {
            attribution: this.settings.attribution,
            maxZoom: 19,
        }).addTo(this.map);
        this.layer = L.layerGroup().addTo(this.map);
        await this.loadPoints();
    }

    async loadPoints() {
        const L = window.L;
        const points = await this.orm.call("chikaya.complaint", "get_map_points", [], {
            open_only: this.state.openOnly,
        });
        this.layer.clearLayers();
        const bounds = [];
        for (const point of points) {
            const marker = L.circleMarker([point.latitude, point.longitude], {
                radius: 7,
                color: SLA_COLORS[point.sla_level] || "#6c757d",
                fillOpacity: 0.8,
            });
            const title = document.createElement("a");
            title.href = "#";
            title.textContent = `${point.name}: ${point.subject}`;
            title.addEventListener("click", (ev) => {
                ev.preventDefault();
                this.openComplaint(point.id);
            });
            marker.bindPopup(title);
            marker.addTo(this.layer);
            bounds.push([point.latitude, point.longitude]);
        }
        this.state.count = points.length;
        if (bounds.length) {
            this.map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
        }
    }

    async toggleOpenOnly() {
        this.state.openOnly = !this.state.openOnly;
        await this.loadPoints();
    }

    openComplaint(id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "chikaya.complaint",
            res_id: id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("chikaya_complaints.complaint_map", ComplaintMap);
