import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The Tableau de Bord (client action "chikaya_dashboard.board").
 *
 * Everything shown comes from chikaya.dashboard.get_board / get_province_boards: the numbers
 * and, next to each, the domain of the complaints it counts. A click on a number opens
 * exactly those complaints, so the number and the list always agree.
 */
export class ChikayaBoard extends Component {
    static template = "chikaya_dashboard.Board";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            filters: { year: false, region_id: false, province_id: false, commune_id: false },
            tab: "board",
            board: null,
            provinces: null,
            loading: false,
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        const filters = { ...this.state.filters };
        const [board, provinces] = await Promise.all([
            this.orm.call("chikaya.dashboard", "get_board", [filters]),
            this.orm.call("chikaya.dashboard", "get_province_boards", [filters]),
        ]);
        this.state.board = board;
        this.state.provinces = provinces;
        this.state.filters = { ...board.filters };
        this.state.loading = false;
    }

    async onFilterChange(key, ev) {
        const value = ev.target.value ? parseInt(ev.target.value) : false;
        this.state.filters[key] = value;
        // A narrower unit belongs to the broader one: reset what is under the changed filter.
        if (key === "region_id") {
            this.state.filters.province_id = false;
            this.state.filters.commune_id = false;
        } else if (key === "province_id") {
            this.state.filters.commune_id = false;
        }
        await this.load();
    }

    async showProvince(provinceId) {
        this.state.filters.province_id = provinceId;
        this.state.filters.commune_id = false;
        this.state.tab = "board";
        await this.load();
    }

    openComplaints(domain, name) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: "chikaya.complaint",
            domain,
            views: [
                [false, "list"],
                [false, "kanban"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    cellTitle(row, column) {
        return `${row.label} · ${column.period_label} · ${column.label}`;
    }

    formatDays(value) {
        return value === null || value === undefined ? "–" : value.toFixed(2);
    }

    formatNumber(value) {
        return value === null || value === undefined ? "–" : String(value);
    }

    get periods() {
        const periods = [];
        for (const column of this.state.board.columns) {
            const last = periods.at(-1);
            if (last && last.label === column.period_label) {
                last.span += 1;
            } else {
                periods.push({ label: column.period_label, span: 1 });
            }
        }
        return periods;
    }

    get answeredLabel() {
        return _t("Answered complaints");
    }

    get maxThemeCount() {
        return Math.max(1, ...this.state.board.themes.map((t) => t.count));
    }

    get xlsxUrl() {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(this.state.filters)) {
            if (value) {
                params.set(key, value);
            }
        }
        return `/chikaya_dashboard/board.xlsx?${params.toString()}`;
    }

    get provinceRowKeys() {
        return ["received", "open", "past_30", "past_60"];
    }
}

registry.category("actions").add("chikaya_dashboard.board", ChikayaBoard);
