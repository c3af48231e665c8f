import { registry } from "@web/core/registry";

/** The handlers' map draws their located complaints (one circle each). */
registry.category("web_tour.tours").add("chikaya_complaint_map_tour", {
    steps: () => [
        {
            content: "The map is drawn",
            trigger: ".o_chikaya_complaint_map .leaflet-container",
        },
        {
            content: "One circle per located complaint of the handler's collectivities",
            trigger: ".o_chikaya_complaint_map path.leaflet-interactive",
            run() {
                const circles = document.querySelectorAll(
                    ".o_chikaya_complaint_map path.leaflet-interactive"
                );
                if (circles.length !== 1) {
                    throw new Error(`expected 1 complaint on the map, found ${circles.length}`);
                }
            },
        },
    ],
});

/** The complaint's form shows its point on a small map (on the Location tab). */
registry.category("web_tour.tours").add("chikaya_complaint_point_tour", {
    steps: () => [
        {
            content: "Open the Location tab",
            trigger: ".o_notebook a[name=location]",
            run: "click",
        },
        {
            content: "The point is on the map",
            trigger: ".o_chikaya_point_map.leaflet-container .leaflet-marker-icon",
        },
    ],
});
