import { registry } from "@web/core/registry";

/**
 * A handler opens the complaints: the kanban shows their commune's complaint (and not the
 * other commune's), the card opens the form, and "Start processing" moves it on.
 */
registry.category("web_tour.tours").add("chikaya_handler_kanban_tour", {
    steps: () => [
        {
            content: "The kanban is grouped by state and shows the handler's complaint",
            trigger: ".o_kanban_renderer .o_kanban_group .o_kanban_record:contains('Lamp post down in A')",
        },
        {
            content: "The other commune's complaint is not there",
            trigger: ".o_kanban_renderer:not(:has(.o_kanban_record:contains('Pothole in B')))",
        },
        {
            content: "Every legal state has its column, even an empty one",
            trigger: ".o_kanban_renderer .o_kanban_group:eq(5)",
        },
        {
            content: "Open the card",
            trigger: ".o_kanban_record:contains('Lamp post down in A')",
            run: "click",
        },
        {
            content: "Start processing",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_start']",
            run: "click",
        },
        {
            content: "Now in progress: the answer button is offered",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_answer']",
        },
        {
            content: "The list view shows the complaint too",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Lamp post down in A')",
        },
    ],
});
