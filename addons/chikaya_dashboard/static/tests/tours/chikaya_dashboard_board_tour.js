import { registry } from "@web/core/registry";

/**
 * axe-core audit of the board's own markup (WCAG 2.1 A/AA; serious and critical violations
 * fail). window.chikayaAxeCheck audits the whole document, whose web client shell (navbar,
 * viewport meta) is Odoo's and outside this module, so the board is audited on its own.
 */
async function auditBoard(label) {
    const result = await window.axe.run(document.querySelector(".o_chikaya_board"), {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        resultTypes: ["violations"],
    });
    const bad = result.violations.filter((v) => ["serious", "critical"].includes(v.impact));
    if (bad.length) {
        const lines = bad.map(
            (v) => `${v.impact} ${v.id}: ${v.help} -> ` +
                v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | ")
        );
        throw new Error(`axe found violations on ${label}:\n${lines.join("\n")}`);
    }
}

/**
 * The manager opens the Tableau de Bord, chooses 2025, clicks "Total complaints received /
 * current year / web portal" (2 complaints of the crafted data set, received on 31 December
 * 2025) and lands on the list of exactly those 2 complaints.
 */
registry.category("web_tour.tours").add("chikaya_dashboard_board_tour", {
    steps: () => [
        {
            content: "The board is there, with its four rows and the XLSX button",
            trigger: ".o_chikaya_board_table tbody tr:nth-child(4)",
        },
        {
            trigger: ".o_chikaya_board_xlsx[href^='/chikaya_dashboard/board.xlsx']",
        },
        {
            content: "Accessibility audit of the board",
            trigger: ".o_chikaya_board_table",
            run: async () => {
                await auditBoard("Tableau de Bord");
            },
        },
        {
            content: "The per-province tab",
            trigger: ".o_chikaya_tab_provinces",
            run: "click",
        },
        {
            trigger: ".o_chikaya_province_table",
            run: async () => {
                await auditBoard("per-province table");
            },
        },
        {
            trigger: ".o_chikaya_tab_board",
            run: "click",
        },
        {
            content: "Choose the year 2025",
            trigger: "select#chikaya_board_year",
            run: "select 2025",
        },
        {
            content: "The board is reloaded for 2025",
            trigger: ".o_chikaya_board_table[data-year='2025'] tbody tr[data-row='received']",
        },
        {
            content: "Its first period (the current year) is 2025, its second the years before",
            trigger:
                ".o_chikaya_board_table[data-year='2025'] thead th.o_chikaya_period:nth-of-type(1):contains('2025')",
        },
        {
            trigger:
                ".o_chikaya_board_table[data-year='2025'] thead th.o_chikaya_period:nth-of-type(2):contains('2025')",
        },
        {
            trigger:
                ".o_chikaya_board_table[data-year='2025'] thead th[data-column='current_portal']",
        },
        {
            content: "Click the number of complaints received in 2025 on the web portal",
            trigger:
                ".o_chikaya_board_table[data-year='2025'] tr[data-row='received'] td[data-column='current_portal'] button.o_chikaya_cell:text('2')",
            run: "click",
        },
        {
            content: "The list shows exactly those two complaints",
            trigger: ".o_list_view .o_data_row:eq(1)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:eq(2)))",
        },
    ],
});
