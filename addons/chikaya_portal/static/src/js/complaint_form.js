import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The filing form: narrows the province list to the chosen region and the commune list to
 * the chosen province (native <select>s, so keyboards and screen readers work as usual),
 * and moves the focus to the error summary when the server refused the form.
 *
 * Without JavaScript the lists are complete, grouped by their parent, and the server
 * checks that the commune is in the province and the province in the region.
 */
export class ChikayaComplaintForm extends Interaction {
    static selector = "#chikaya_complaint_form";
    dynamicContent = {
        "#chikaya_region_id": { "t-on-change": () => this.narrow("province") },
        "#chikaya_province_id": { "t-on-change": () => this.narrow("commune") },
    };

    setup() {
        this.lists = {
            province: this.makeList("#chikaya_province_id", "#chikaya_region_id"),
            commune: this.makeList("#chikaya_commune_id", "#chikaya_province_id"),
        };
    }

    start() {
        this.narrow("province");
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
}

registry.category("public.interactions").add("chikaya_portal.complaint_form", ChikayaComplaintForm);
