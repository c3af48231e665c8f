import { registry } from "@web/core/registry";

/**
 * A visitor places a pin on the filing form's map: the point's fields are filled and the
 * commune it falls in is proposed in the lists; they file an observation there. The
 * Python test checks the complaint's point and commune.
 */
registry.category("web_tour.tours").add("chikaya_portal_location_tour", {
    url: "/complaints/new",
    steps: () => [
        {
            content: "The map is drawn (Leaflet loaded)",
            trigger: "#chikaya_map.leaflet-container:not(.d-none)",
        },
        {
            content: "Place a pin in the middle of the map",
            trigger: "#chikaya_map",
            run: "click",
        },
        {
            content: "The point is filled in",
            trigger: "#chikaya_latitude:not(:empty)",
            run() {
                if (!document.querySelector("#chikaya_latitude").value) {
                    throw new Error("no latitude");
                }
            },
        },
        {
            content: "The commune is proposed",
            trigger: "#chikaya_location_status:not(:empty)",
            run() {
                if (!document.querySelector("#chikaya_commune_id").value) {
                    throw new Error("no commune proposed");
                }
            },
        },
        {
            content: "An observation",
            trigger: "#chikaya_kind_observation",
            run: "check",
        },
        {
            content: "Choose the theme",
            trigger: "#chikaya_theme_id",
            run: "selectByLabel Test lighting",
        },
        {
            content: "Subject",
            trigger: "#chikaya_subject",
            run: "edit Tour: pin on the map",
        },
        {
            content: "Description",
            trigger: "#chikaya_description",
            run: "edit The pin shows where the street light is out.",
        },
        {
            content: "Consent",
            trigger: "#chikaya_consent",
            run: "check",
        },
        {
            content: "Send",
            trigger: "#chikaya_complaint_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Confirmation",
            trigger: "#chikaya_tracking_number",
        },
    ],
});
