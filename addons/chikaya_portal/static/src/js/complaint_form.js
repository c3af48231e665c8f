import { Interaction } from "@web/public/interaction";
import { loadCSS, loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

const LEAFLET = "/chikaya_complaints/static/lib/leaflet/";
// Wait this long after the last keystroke before asking for look-alike requests.
const SIMILAR_DELAY = 800;

/**
 * The filing form: narrows the province list to the chosen region and the commune list to
 * the chosen province (native <select>s, so keyboards and screen readers work as usual),
 * and moves the focus to the error summary when the server refused the form.
 *
 * Without JavaScript the lists are complete, grouped by their parent, and the server
 * checks that the commune is in the province and the province in the region.
 *
 * With it, also: "Use my position" and a map (Leaflet, loaded only here) fill the point's
 * latitude and longitude and propose its commune (/complaints/locate); as the citizen
 * types, the open requests of the same commune and theme that look alike are listed
 * (/complaints/similar), each with a button to support it instead (/complaints/support, a
 * form post with the CSRF token, the email address and the consent typed in this form).
 * Without the map's library or tiles the coordinates stay plain fields.
 */
export class ChikayaComplaintForm extends Interaction {
    static selector = "#chikaya_complaint_form";
    dynamicContent = {
        "#chikaya_region_id": { "t-on-change": () => this.narrow("province") },
        "#chikaya_province_id": { "t-on-change": () => this.narrow("commune") },
        "#chikaya_commune_id": { "t-on-change": () => this.scheduleSimilar() },
        "#chikaya_theme_id": { "t-on-change": () => this.scheduleSimilar() },
        "#chikaya_subject": { "t-on-input": () => this.scheduleSimilar() },
        "#chikaya_description": { "t-on-input": () => this.scheduleSimilar() },
        "#chikaya_use_position": { "t-on-click": () => this.usePosition() },
        "#chikaya_latitude": { "t-on-change": () => this.pointTyped() },
        "#chikaya_longitude": { "t-on-change": () => this.pointTyped() },
    };

    setup() {
        this.lists = {
            province: this.makeList("#chikaya_province_id", "#chikaya_region_id"),
            commune: this.makeList("#chikaya_commune_id", "#chikaya_province_id"),
        };
    }

    start() {
        this.narrow("province");
        this.setUpLocation();
        const summary = document.querySelector("#chikaya_form_errors");
        if (summary) {
            summary.focus();
        }
    }

    /** The select, its parent select and a copy of all its groups of options. */
    makeList(selector, parentSelector) {
        const select = this.el.querySelector(selector);
        return {
            select,
            parent: this.el.querySelector(parentSelector),
            groups: [...select.querySelectorAll("optgroup")].map((group) => group.cloneNode(true)),
        };
    }

    /** Show only the options under the chosen parent (all of them when none is chosen). */
    narrow(name) {
        const { select, parent, groups } = this.lists[name];
        const current = select.value;
        for (const group of select.querySelectorAll("optgroup")) {
            group.remove();
        }
        const shown = groups.filter((group) => !parent.value || group.dataset.parent === parent.value);
        for (const group of shown) {
            select.append(group.cloneNode(true));
        }
        const stillThere = [...select.options].some((option) => option.value === current);
        select.value = stillThere ? current : "";
        if (name === "province") {
            this.narrow("commune");
        }
    }

    // ---- Location ----------------------------------------------------------------------

    field(name) {
        return this.el.querySelector(`#chikaya_${name}`);
    }

    setStatus(message) {
        const status = this.field("location_status");
        if (status) {
            status.textContent = message;
        }
    }

    async setUpLocation() {
        const tools = this.el.querySelector(".o_chikaya_location_tools");
        if (!tools) {
            return;
        }
        if (navigator.geolocation) {
            tools.classList.remove("d-none");
        }
        const mapEl = this.field("map");
        try {
            await Promise.all([loadJS(LEAFLET + "leaflet.js"), loadCSS(LEAFLET + "leaflet.css")]);
        } catch {
            return; // no map: the coordinates stay plain fields
        }
        if (!window.L || !mapEl) {
            return;
        }
        tools.classList.remove("d-none");
        mapEl.classList.remove("d-none");
        const L = window.L;
        L.Icon.Default.imagePath = LEAFLET + "images/";
        this.map = L.map(mapEl).setView([31.8, -7.1], 5);
        L.tileLayer(mapEl.dataset.tileUrl, {
            attribution: mapEl.dataset.attribution,
            maxZoom: 19,
        }).addTo(this.map);
        this.map.on("click", (ev) => this.placePoint(ev.latlng.lat, ev.latlng.lng, false));
        this.pointTyped(true);
    }

    pointTyped(quiet = false) {
        const lat = parseFloat(this.field("latitude").value);
        const lng = parseFloat(this.field("longitude").value);
        if (Number.isFinite(lat) && Number.isFinite(lng)) {
            this.placePoint(lat, lng, true, quiet);
        }
    }

    placePoint(lat, lng, center, quiet = false) {
        this.field("latitude").value = lat.toFixed(6);
        this.field("longitude").value = lng.toFixed(6);
        if (this.map) {
            const L = window.L;
            if (this.marker) {
                this.marker.setLatLng([lat, lng]);
            } else {
                this.marker = L.marker([lat, lng]).addTo(this.map);
            }
            if (center) {
                this.map.setView([lat, lng], 16);
            }
        }
        if (!quiet) {
            this.proposeCommune(lat, lng);
        }
    }

    usePosition() {
        if (!navigator.geolocation) {
            return;
        }
        this.setStatus(_t("Looking for your position…"));
        navigator.geolocation.getCurrentPosition(
            (position) => {
                this.setStatus("");
                this.placePoint(position.coords.latitude, position.coords.longitude, true);
            },
            () => this.setStatus(_t("Your position is not available: place the pin on the map.")),
            { enableHighAccuracy: true, timeout: 15000 }
        );
    }

    /** Choose the point's region, province and commune in the lists (the citizen can
     * change them: their choice is the one filed). */
    async proposeCommune(latitude, longitude) {
        let units = {};
        try {
            units = await rpc("/complaints/locate", { latitude, longitude });
        } catch {
            return;
        }
        if (!units.commune) {
            this.setStatus(_t("No commune found for this point: choose it in the lists above."));
            return;
        }
        this.field("region_id").value = String(units.region.id);
        this.narrow("province");
        this.field("province_id").value = String(units.province.id);
        this.narrow("commune");
        this.field("commune_id").value = String(units.commune.id);
        this.setStatus(
            _t("Commune proposed: %(commune)s (you can change it above).", {
                commune: units.commune.name,
            })
        );
        this.scheduleSimilar();
    }

    // ---- Look-alike requests -----------------------------------------------------------

    scheduleSimilar() {
        clearTimeout(this.similarTimer);
        this.similarTimer = setTimeout(() => this.showSimilar(), SIMILAR_DELAY);
    }

    async showSimilar() {
        const params = {};
        for (const name of ["commune_id", "theme_id", "subject", "description", "latitude", "longitude"]) {
            params[name] = this.field(name).value;
        }
        const key = JSON.stringify(params);
        if (key === this.lastSimilar) {
            return;
        }
        this.lastSimilar = key;
        let result;
        try {
            result = await rpc("/complaints/similar", params);
        } catch {
            return;
        }
        const panel = this.field("similar");
        const list = this.field("similar_list");
        list.replaceChildren();
        const complaints = (result && result.complaints) || [];
        panel.classList.toggle("d-none", !complaints.length);
        for (const complaint of complaints) {
            list.append(this.similarItem(complaint));
        }
    }

    similarItem(complaint) {
        const item = document.createElement("li");
        item.className = "d-flex flex-wrap align-items-center gap-2 mb-1";
        const text = document.createElement("span");
        const parts = [complaint.number, complaint.kind, complaint.received_date];
        if (complaint.subject) {
            parts.push(`“${complaint.subject}”`);
        }
        if (complaint.distance_km !== false) {
            parts.push(_t("%(distance)s km away", { distance: complaint.distance_km }));
        }
        if (complaint.supporter_count) {
            parts.push(_t("%(count)s supporters", { count: complaint.supporter_count }));
        }
        text.textContent = parts.join(" · ");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-outline-secondary btn-sm";
        button.textContent = _t("Support this request");
        button.addEventListener("click", () => this.support(complaint.number));
        item.append(text, button);
        return item;
    }

    /** Post the support form (a page of its own answers). */
    support(number) {
        const email = this.field("citizen_email").value;
        const consent = this.field("consent");
        if (!email || !consent.checked) {
            this.field("similar_hint").textContent = _t(
                "To support a request, give your email address and tick the consent box below."
            );
            this.field(email ? "consent" : "citizen_email").focus();
            return;
        }
        const form = document.createElement("form");
        form.method = "post";
        form.action = "/complaints/support";
        const values = {
            csrf_token: this.el.querySelector("input[name=csrf_token]").value,
            number,
            email,
            consent: consent.value,
        };
        for (const [name, value] of Object.entries(values)) {
            const input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            input.value = value;
            form.append(input);
        }
        document.body.append(form);
        form.submit();
    }
}

registry.category("public.interactions").add("chikaya_portal.complaint_form", ChikayaComplaintForm);
