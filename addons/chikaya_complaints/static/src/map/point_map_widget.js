import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef } from "@odoo/owl";
import { loadCSS, loadJS } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const LEAFLET = "/chikaya_complaints/static/lib/leaflet/";

/**
 * A small map of the complaint's point on its form (`<widget name="chikaya_point_map"/>`),
 * on the tile server of the settings. Without Leaflet or tiles, the coordinates and the
 * OpenStreetMap link beside it remain.
 */
export class ChikayaPointMap extends Component {
    static template = "chikaya_complaints.PointMap";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.mapRef = useRef("map");
        onWillStart(async () => {
            try {
                await Promise.all([
                    loadJS(LEAFLET + "leaflet.js"),
                    loadCSS(LEAFLET + "leaflet.css"),
                ]);
                this.settings = await this.orm.call("chikaya.complaint", "get_map_settings", []);
            } catch {
                this.settings = null;
            }
        });
        onMounted(() => this.draw());
        onPatched(() => this.draw());
        onWillUnmount(() => this.map && this.map.remove());
    }

    draw() {
        const { latitude, longitude } = this.props.record.data;
        if (!this.settings || !window.L || !this.mapRef.el || !(latitude || longitude)) {
            return;
        }
        const L = window.L;
        L.Icon.Default.imagePath = LEAFLET + "images/";
        if (!this.map) {
            this.map = L.map(this.mapRef.el, { scrollWheelZoom: false });
            L.tileLayer(this.settings.tile_url, {
                attribution: this.settings.attribution,
                maxZoom: 19,
            }).addTo(this.map);
            this.marker = L.marker([latitude, longitude]).addTo(this.map);
        }
        this.marker.setLatLng([latitude, longitude]);
        this.map.setView([latitude, longitude], 16);
    }
}

registry.category("view_widgets").add("chikaya_point_map", { component: ChikayaPointMap });
