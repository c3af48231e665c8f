import { registry } from "@web/core/registry";

/** A handler signs in: the web client opens their complaints' kanban, not Discuss. */
registry.category("web_tour.tours").add("chikaya_portal_home_handler_tour", {
    steps: () => [
        {
            content: "The complaints' kanban is open, with the handler's complaint",
            trigger: ".o_kanban_view .o_kanban_record:contains('Home: lamp post down')",
        },
        {
            content: "Not Discuss",
            trigger: "body:not(:has(.o-mail-Discuss))",
        },
    ],
});
