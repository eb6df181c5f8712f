import { registry } from "@web/core/registry";

const CSV =
    "Gebruikersnummer;Werknemer;Datum;Activiteit;Uren\n" +
    "123456789012;TW01;02/03/2026;2;3\n" +
    "123456789012;TW01;02/03/2026;2;3\n";

registry.category("web_tour.tours").add("servicecheque_staff_tour", {
    steps: () => [
        {
            content: "Open the encoded performance",
            trigger: ".o_data_row:has(.o_data_cell[name='hours']:contains('4')) .o_data_cell[name='date']",
            run: "click",
        },
        {
            content: "Validate it",
            trigger: ".o_form_view button[name='action_validate']",
            run: "click",
        },
        {
            content: "Validated: the button is gone",
            trigger: ".o_form_view:not(:has(button[name='action_validate'])) .o_statusbar_status",
        },
        {
            content: "Open the imports",
            trigger: "[data-menu-xmlid='servicecheque_prestations.sc_import_menu']",
            run: "click",
        },
        {
            content: "New import",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the issuer's file",
            trigger: ".o_field_widget[name='file'] input[type='file']:not(:visible)",
            run() {
                const input = this.anchor;
                const transfer = new DataTransfer();
                transfer.items.add(new File([CSV], "prestaties.csv", { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is attached",
            trigger: ".o_field_widget[name='file'] .o_clear_file_button",
        },
        {
            content: "Import",
            trigger: ".o_form_view button[name='action_queue']",
            run: "click",
        },
        {
            content: "Queued: the import button is gone",
            trigger: ".o_form_view:not(:has(button[name='action_queue'])) .o_statusbar_status",
        },
    ],
});
