import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/core/utils/numbers";

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

    /** ``amount`` in the visitor's number format, with the note's currency symbol. */
    money(amount) {
        const number = formatFloat(amount, { digits: [false, 2] });
        const symbol = this.el.dataset.currencySymbol || "";
        if (!symbol) {
            return number;
        }
        return this.el.dataset.currencyPosition === "before"
            ? `${symbol}\u00a0${number}`
            : `${number}\u00a0${symbol}`;
    }

    refresh() {
        const kind = this.value("kind");
        const mode = this.value("mode");
        const isTrip = kind === "trip";
        this.el.querySelector(".o_dito_trip_fields").classList.toggle("d-none", !isTrip);
        this.el.querySelector(".o_dito_receipt_field").classList.toggle("d-none", kind !== "real_cost");
        const needsAmount = !isTrip || mode === "public_transport";
        this.el.querySelector(".o_dito_amount_field").classList.toggle("d-none", !needsAmount);
        // the amount's label says what this kind's amount is
        this.el.querySelector(".o_dito_label_activity").classList.toggle("d-none", kind !== "activity");
        this.el.querySelector(".o_dito_label_ticket").classList.toggle("d-none", !isTrip);
        this.el.querySelector(".o_dito_label_cost").classList.toggle("d-none", kind !== "real_cost");
        const count = parseInt(this.value("count") || "1", 10) || 1;
        const preview = this.el.querySelector(".o_dito_line_preview");
        if (needsAmount) {
            const amount = parseFloat((this.value("unit_amount") || "0").replace(",", ".")) || 0;
            const line = Math.round(amount * count * 100) / 100;
            const total = (parseFloat(this.el.dataset.total || "0") || 0) + line;
            preview.textContent = _t("This line: %(line)s — note total: %(total)s", {
                line: this.money(line),
                total: this.money(total),
            });
        } else {
            const km = parseFloat((this.value("km") || "0").replace(",", ".")) || 0;
            preview.textContent = _t("This line: %(km)s km at the legal rate per km", {
                km: formatFloat(km * count, { digits: [false, 1] }),
            });
        }
    }
}

registry.category("public.interactions").add("dito_expenses.expense_line_form", DitoExpenseLineForm);
