import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";

/**
 * The "add a line" form of a volunteer's expense note: shows the fields of the
 * chosen kind and previews the line's amount and the note's new total as the
 * volunteer types (the server computes the final amount with the legal rates).
 */
export class DitoExpenseLineForm extends Interaction {
    static selector = ".o_dito_line_form";
    dynamicContent = {
        ".o_dito_kind": { "t-on-change": this.refresh },
        ".o_dito_mode": { "t-on-change": this.refresh },
        "input": { "t-on-input": this.refresh },
    };

    setup() {
        this.refresh();
    }

    value(name) {
        const input = this.el.querySelector(`[name='${name}']`);
        return input ? input.value : "";
    }

    refresh() {
        const kind = this.value("kind");
        const mode = this.value("mode");
        const isTrip = kind === "trip";
        this.el.querySelector(".o_dito_trip_fields").classList.toggle("d-none", !isTrip);
        this.el.querySelector(".o_dito_receipt_field").classList.toggle("d-none", kind !== "real_cost");
        const needsAmount = !isTrip || mode === "public_transport";
        this.el.querySelector(".o_dito_amount_field").classList.toggle("d-none", !needsAmount);
        const count = parseInt(this.value("count") || "1", 10) || 1;
        const preview = this.el.querySelector(".o_dito_line_preview");
        if (needsAmount) {
            const amount = parseFloat((this.value("unit_amount") || "0").replace(",", ".")) || 0;
            const line = Math.round(amount * count * 100) / 100;
            const total = (parseFloat(this.el.dataset.total || "0") || 0) + line;
            preview.textContent = _t("This line: %(line)s — note total: %(total)s", {
                line: line.toFixed(2),
                total: total.toFixed(2),
            });
        } else {
            const km = parseFloat((this.value("km") || "0").replace(",", ".")) || 0;
            preview.textContent = _t("This line: %(km)s km at the legal rate per km", {
                km: (km * count).toFixed(1),
            });
        }
    }
}

registry.category("public.interactions").add("dito_expenses.expense_line_form", DitoExpenseLineForm);
