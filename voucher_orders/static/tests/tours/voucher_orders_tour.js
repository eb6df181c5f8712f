import { registry } from "@web/core/registry";

async function attachTourFile(input) {
    const response = await fetch("/voucher_orders/static/tests/tour_beneficiaries.xlsx");
    const blob = await response.blob();
    const file = new File([blob], "beneficiaries.xlsx", {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
}

registry.category("web_tour.tours").add("voucher_orders_client_tour", {
    url: "/my/beneficiaries",
    steps: () => [
        {
            content: "Choose the filled-in Excel template",
            trigger: "input#vo_upload",
            async run({ anchor }) {
                await attachTourFile(anchor);
            },
        },
        {
            content: "Check the file (dry run)",
            trigger: ".o_vo_upload_check",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Three beneficiaries to add, no error",
            trigger: ".o_vo_upload_report:contains('3 to add')",
        },
        {
            content: "Import them",
            trigger: ".o_vo_upload_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The import is done",
            trigger: ".o_vo_upload_applied:contains('3 beneficiaries added')",
        },
        {
            content: "Go to the orders",
            trigger: ".o_vo_upload_report a[href='/my/beneficiaries']",
            run() {
                window.location.href = "/my/voucher-orders/new";
            },
            expectUnloadPage: true,
        },
        {
            content: "Step 1: the meal voucher contract",
            trigger: ".o_vo_order_step1 select[name='contract_id']",
            run: "selectByLabel Meal vouchers",
        },
        {
            content: "Step 1: a reference",
            trigger: ".o_vo_order_step1 input[name='reference']",
            run: "edit Tour order",
        },
        {
            content: "Step 1: the face value",
            trigger: ".o_vo_order_step1 input[name='face_value']",
            run: "edit 8.00",
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
        {
            content: "Step 2: the beneficiaries with their cards to order",
            trigger: ".o_vo_order_lines:contains('Tina')",
        },
        {
            content: "Step 2: acknowledge the warnings",
            trigger: "input[name='acknowledge']",
            run: "check",
        },
        {
            content: "Step 2: next",
            trigger: ".o_vo_step2_next",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Step 3: totals",
            trigger: ".o_vo_order_totals:contains('Product invoice')",
        },
        {
            content: "Step 3: confirm",
            trigger: ".o_vo_order_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order awaits payment, with its invoices",
            trigger: ".o_vo_order_page .o_vo_order_invoices:contains('+++')",
        },
    ],
});
