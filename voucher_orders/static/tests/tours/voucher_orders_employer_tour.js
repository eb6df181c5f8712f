import { registry } from "@web/core/registry";

/**
 * The employer's journey, as a client contact lives it, in the contact's language:
 * log in, add a beneficiary by hand and three from the Excel template, place an
 * order in three steps, open its invoice, then order again with the Excel order
 * form. Triggers use classes and links, never English words, so the tour runs
 * in Dutch, French and German alike; the test prepares the two Excel files in
 * the contact's language (attachments named by an XML id).
 */

async function attachFile(input, xmlid, name) {
    const response = await fetch(`/web/content/${xmlid}?download=true`);
    if (!response.ok) {
        throw new Error(`tour file ${xmlid}: HTTP ${response.status}`);
    }
    const blob = await response.blob();
    const file = new File([blob], name, {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
}

function acknowledgeWarnings() {
    return {
        content: "Step 2: acknowledge the warnings (when there are any)",
        trigger: ".o_vo_order_step2",
        run() {
            const checkbox = document.querySelector("input[name='acknowledge']");
            if (checkbox && !checkbox.checked) {
                checkbox.click();
            }
        },
    };
}

function stepsTwoAndThree(lines) {
    return [
        {
            content: `Step 2: ${lines} beneficiaries in the order`,
            trigger: `.o_vo_order_lines tbody:has(tr:nth-child(${lines})):not(:has(tr:nth-child(${lines + 1})))`,
        },
        acknowledgeWarnings(),
        {
            content: "Step 2: next",
            trigger: ".o_vo_step2_next",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Step 3: the totals",
            trigger: ".o_vo_order_totals",
        },
        {
            content: "Step 3: confirm the order",
            trigger: ".o_vo_order_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order awaits payment; its invoices carry the structured communication",
            trigger: ".o_vo_order_page .o_vo_order_invoices .o_vo_communication:contains('+++')",
        },
    ];
}

registry.category("web_tour.tours").add("voucher_orders_employer_journey", {
    url: "/web/login",
    steps: () => [
        // ---------------------------------------------------------------- login
        {
            content: "Log in: login",
            trigger: "form.oe_login_form input[name='login']",
            run: "edit vo_journey",
        },
        {
            content: "Log in: password",
            trigger: "form.oe_login_form input[name='password']",
            run: "edit vo_journey",
        },
        {
            content: "Log in",
            trigger: "form.oe_login_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        // -------------------------------------------------------- beneficiaries
        {
            content: "The portal home shows the beneficiaries tile",
            trigger: ".o_portal_index_card a[href='/my/beneficiaries']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The list has breadcrumbs back home",
            trigger: ".o_portal_submenu a[href='/my/home']",
        },
        {
            content: "Add a beneficiary",
            trigger: ".o_vo_beneficiary_add",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Last name",
            trigger: ".o_vo_beneficiary_form input[name='last_name']",
            run: "edit Peeters",
        },
        {
            content: "First name",
            trigger: ".o_vo_beneficiary_form input[name='first_name']",
            run: "edit Pieter",
        },
        {
            content: "National number, typed with dots and a dash",
            trigger: ".o_vo_beneficiary_form input[name='national_number']",
            run: "edit 90.05.17-123.31",
        },
        {
            content: "Save",
            trigger: ".o_vo_beneficiary_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the beneficiaries file (Excel template, in the contact's language)",
            trigger: "input#vo_upload",
            async run({ anchor }) {
                await attachFile(anchor, "voucher_orders.tour_journey_beneficiaries", "beneficiaries.xlsx");
            },
        },
        {
            content: "Check the file",
            trigger: ".o_vo_upload_check",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "No error: import the beneficiaries",
            trigger: ".o_vo_upload_report .o_vo_upload_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The import is done",
            trigger: ".o_vo_upload_applied",
        },
        {
            content: "Back home by the breadcrumbs",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        // ------------------------------------------------- order in three steps
        {
            content: "The orders tile",
            trigger: ".o_portal_index_card a[href='/my/voucher-orders']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Place an order",
            trigger: ".o_vo_order_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Step 1: your reference",
            trigger: ".o_vo_order_step1 input[name='reference']",
            run: "edit PO-2026-001",
        },
        {
            content: "Step 1: face value per day, with a decimal comma",
            trigger: ".o_vo_order_step1 input[name='face_value']",
            run: "edit 8,00",
        },
        {
            content: "Step 1: days worked",
            trigger: ".o_vo_order_step1 input[name='days']",
            run: "edit 20",
        },
        {
            content: "Step 1: next",
            trigger: ".o_vo_step1_next",
            run: "click",
            expectUnloadPage: true,
        },
        ...stepsTwoAndThree(4),
        // -------------------------------------------------------------- invoice
        {
            content: "Open the product invoice",
            trigger: ".o_vo_order_invoices a[href*='/my/invoices/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoice page: the invoice and its PDF",
            trigger: "#invoice_html",
        },
        {
            content: "The PDF can be downloaded",
            trigger: ".o_download_pdf a.o_download_btn",
        },
        // ---------------------------------------------------------- Excel order
        {
            content: "To the orders",
            trigger: "body",
            run() {
                window.location.href = "/my/voucher-orders";
            },
            expectUnloadPage: true,
        },
        {
            content: "The first order is in the list, awaiting payment",
            trigger: ".o_vo_order_row .o_vo_order_state.text-bg-warning",
        },
        {
            content: "Order with the Excel order form",
            trigger: ".o_vo_order_upload",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Your reference",
            trigger: ".o_vo_order_upload_form input[name='reference']",
            run: "edit PO-2026-002",
        },
        {
            content: "Choose the filled-in order form",
            trigger: ".o_vo_order_upload_form input#upload",
            async run({ anchor }) {
                await attachFile(anchor, "voucher_orders.tour_journey_order", "order.xlsx");
            },
        },
        {
            content: "Send the file",
            trigger: ".o_vo_order_upload_send",
            run: "click",
            expectUnloadPage: true,
        },
        ...stepsTwoAndThree(2),
    ],
});
