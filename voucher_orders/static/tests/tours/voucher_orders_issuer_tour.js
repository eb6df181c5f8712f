import { registry } from "@web/core/registry";

/**
 * The issuer's accountant, in the back office: the bank's camt.053 file imported with
 * OCA's import wizard (Accounting → Import Statement); the voucher payments are matched
 * at once; the paid orders show as paid. (The test reads the file from the journal's
 * attachment, as an accountant would download it from the bank.)
 */
registry.category("web_tour.tours").add("voucher_orders_issuer_journey", {
    url: "/odoo",
    steps: () => [
        {
            content: "The apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
            timeout: 60000,
        },
        {
            content: "The Invoicing app",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
            timeout: 30000,
        },
        {
            content: "Accounting menu (the dashboard computes every journal's figures first)",
            trigger: ".o_menu_sections [data-menu-xmlid='account.menu_finance_entries']",
            run: "click",
            timeout: 60000,
        },
        {
            content: "Import Statement (OCA's wizard)",
            trigger:
                ".dropdown-menu [data-menu-xmlid='account_statement_import_file.account_statement_import_menu']",
            run: "click",
            timeout: 30000,
        },
        {
            content: "Choose the bank's camt.053 file",
            trigger: ".modal .o_field_widget[name='statement_file'] .o_select_file_button",
            timeout: 60000, // the file is downloaded from the server first
            async run({ anchor }) {
                const input = anchor
                    .closest(".o_field_widget")
                    .querySelector("input.o_input_file");
                const response = await fetch(
                    "/web/content/voucher_orders.tour_issuer_camt053?download=true"
                );
                const file = new File([await response.blob()], "camt053.xml", {
                    type: "application/xml",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name='statement_file'] input.o_input[readonly]",
            timeout: 30000,
        },
        {
            content: "Import it",
            trigger: ".modal button[name='import_file_button']",
            run: "click",
        },
        {
            content: "Two voucher payments matched, two to match by hand (in Dutch)",
            trigger: ".o_notification:contains('2 betaling'):contains('2 handmatig')",
            timeout: 60000, // the import matches the payments and posts the activities
        },
        {
            content: "The imported statement",
            trigger: ".o_list_view .o_data_row",
            timeout: 30000,
        },
        {
            content: "The voucher orders",
            trigger: "body",
            run() {
                window.location.href = "/odoo/action-voucher_orders.vo_order_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "The two orders whose invoice was paid are paid",
            trigger: ".o_list_view .o_data_row:contains('Tour bank 1'):contains('Betaald')",
            timeout: 30000,
        },
        {
            content: "... the second one too",
            trigger: ".o_list_view .o_data_row:contains('Tour bank 2'):contains('Betaald')",
        },
        {
            content: "The underpaid order still awaits its payment",
            trigger: ".o_list_view .o_data_row:contains('Tour bank 3'):not(:contains('Betaald'))",
        },
    ],
});
