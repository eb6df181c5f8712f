import { registry } from "@web/core/registry";

function dayOfThisMonth(day) {
    const now = new Date();
    const month = String(now.getMonth() + 1).padStart(2, "0");
    return `${now.getFullYear()}-${month}-${String(day).padStart(2, "0")}`;
}

function setValue(selector, value) {
    return function () {
        const input = document.querySelector(selector);
        input.value = value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

/** The volunteer starts a note on the tour's budget under ``regime`` ("flat" or "real"). */
function newNote(regime) {
    return [
        {
            content: "Start a new note",
            trigger: "a.o_dito_new_note",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the budget",
            trigger: "select[name='budget_id']",
            run: "selectByLabel Tour Budget",
        },
        {
            content: `Regime: ${regime}`,
            trigger: `input#regime_${regime}`,
            run: "click",
        },
        {
            content: "Create the note",
            trigger: ".o_dito_note_header button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

/** The volunteer submits the note and signs it on its page. */
function submitAndSign() {
    return [
            {
                content: "Submit the note",
                trigger: ".o_dito_submit",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The signature form is there",
                trigger: ".o_dito_sign canvas.o_web_sign_signature",
                run: "canvasNotEmpty",
            },
            {
                content: "Sign",
                trigger: ".o_dito_sign .o_portal_sign_submit:enabled",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The note is signed",
                trigger: ".o_dito_signed",
            },
    ];
}

registry.category("web_tour.tours").add("dito_expense_volunteer_tour", {
    url: "/my/expenses",
    steps: () => [
        {
            content: "The banner says where a note signed now goes",
            trigger: ".o_dito_banner",
        },
        ...newNote("flat"),
        {
            content: "Describe the recurring activity",
            trigger: ".o_dito_line_form input[name='name']",
            run: "edit Reading to residents",
        },
        {
            content: "First day of the period",
            trigger: ".o_dito_line_form input[name='date_from']",
            run: setValue(".o_dito_line_form input[name='date_from']", dayOfThisMonth(1)),
        },
        {
            content: "Last day of the period",
            trigger: ".o_dito_line_form input[name='date_to']",
            run: setValue(".o_dito_line_form input[name='date_to']", dayOfThisMonth(28)),
        },
        {
            content: "Four times",
            trigger: ".o_dito_line_form input[name='count']",
            run: "edit 4",
        },
        {
            content: "Amount per time",
            trigger: ".o_dito_line_form input[name='unit_amount']",
            run: "edit 10",
        },
        {
            content: "The preview shows the line total as one types",
            trigger: ".o_dito_line_preview:contains('40.00')",
        },
        {
            content: "Add the activity",
            trigger: ".o_dito_add_line",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The activity is listed",
            trigger: ".o_dito_line:contains('Reading to residents')",
        },
        {
            content: "A trip now",
            trigger: ".o_dito_line_form select[name='kind']",
            run: "select trip",
        },
        {
            content: "From",
            trigger: ".o_dito_line_form input[name='origin']:not(:hidden)",
            run: "edit Home",
        },
        {
            content: "To",
            trigger: ".o_dito_line_form input[name='destination']",
            run: "edit Rest home",
        },
        {
            content: "Km",
            trigger: ".o_dito_line_form input[name='km']",
            run: "edit 5",
        },
        {
            content: "By bike",
            trigger: ".o_dito_line_form select[name='mode']",
            run: "select bike",
        },
        {
            content: "First day of the period",
            trigger: ".o_dito_line_form input[name='date_from']",
            run: setValue(".o_dito_line_form input[name='date_from']", dayOfThisMonth(1)),
        },
        {
            content: "Last day of the period",
            trigger: ".o_dito_line_form input[name='date_to']",
            run: setValue(".o_dito_line_form input[name='date_to']", dayOfThisMonth(28)),
        },
        {
            content: "Four times",
            trigger: ".o_dito_line_form input[name='count']",
            run: "edit 4",
        },
        {
            content: "Add the trip",
            trigger: ".o_dito_add_line",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The trip is listed",
            trigger: ".o_dito_line:contains('Rest home')",
        },
        ...submitAndSign(),
    ],
});

registry.category("web_tour.tours").add("dito_expense_holder_tour", {
    steps: () => [
        {
            content: "The review page shows the note",
            trigger: ".o_dito_review",
        },
        {
            content: "Approve",
            trigger: ".o_dito_approve",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The note is approved",
            trigger: ".o_dito_approved",
        },
    ],
});

function attachReceipt(selector) {
    return function () {
        const input = document.querySelector(selector);
        const transfer = new DataTransfer();
        transfer.items.add(new File(["%PDF-1.4\n% receipt\n"], "receipt.pdf", { type: "application/pdf" }));
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

/** A real-cost note: an activity, a public-transport trip and a real cost with its receipt. */
registry.category("web_tour.tours").add("dito_expense_volunteer_real_tour", {
    url: "/my/expenses",
    steps: () => [
        ...newNote("real"),
        {
            content: "An activity",
            trigger: ".o_dito_line_form input[name='name']",
            run: "edit Board meeting",
        },
        {
            content: "Its day",
            trigger: ".o_dito_line_form input[name='date_from']",
            run: setValue(".o_dito_line_form input[name='date_from']", dayOfThisMonth(2)),
        },
        {
            content: "Its amount is an amount per time",
            trigger: ".o_dito_line_form .o_dito_label_activity:not(.d-none)",
        },
        {
            content: "Amount",
            trigger: ".o_dito_line_form input[name='unit_amount']",
            run: "edit 15",
        },
        {
            content: "Add the activity",
            trigger: ".o_dito_add_line",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A public-transport trip",
            trigger: ".o_dito_line_form select[name='kind']",
            run: "select trip",
        },
        {
            content: "By train",
            trigger: ".o_dito_line_form select[name='mode']",
            run: "select public_transport",
        },
        {
            content: "The amount is the ticket's price",
            trigger: ".o_dito_line_form .o_dito_label_ticket:not(.d-none)",
        },
        {
            content: "From",
            trigger: ".o_dito_line_form input[name='origin']",
            run: "edit Gent",
        },
        {
            content: "To",
            trigger: ".o_dito_line_form input[name='destination']",
            run: "edit Brussel",
        },
        {
            content: "Km",
            trigger: ".o_dito_line_form input[name='km']",
            run: "edit 55",
        },
        {
            content: "Ticket",
            trigger: ".o_dito_line_form input[name='unit_amount']",
            run: "edit 9.80",
        },
        {
            content: "Its day",
            trigger: ".o_dito_line_form input[name='date_from']",
            run: setValue(".o_dito_line_form input[name='date_from']", dayOfThisMonth(2)),
        },
        {
            content: "Add the trip",
            trigger: ".o_dito_add_line",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A real cost",
            trigger: ".o_dito_line_form select[name='kind']",
            run: "select real_cost",
        },
        {
            content: "Its amount is the receipt's",
            trigger: ".o_dito_line_form .o_dito_label_cost:not(.d-none)",
        },
        {
            content: "What",
            trigger: ".o_dito_line_form input[name='name']",
            run: "edit Printer paper",
        },
        {
            content: "Its day",
            trigger: ".o_dito_line_form input[name='date_from']",
            run: setValue(".o_dito_line_form input[name='date_from']", dayOfThisMonth(3)),
        },
        {
            content: "Amount",
            trigger: ".o_dito_line_form input[name='unit_amount']",
            run: "edit 12.40",
        },
        {
            content: "The receipt",
            trigger: ".o_dito_line_form input[name='receipt']",
            run: attachReceipt(".o_dito_line_form input[name='receipt']"),
        },
        {
            content: "Add the real cost",
            trigger: ".o_dito_add_line",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The real cost is listed",
            trigger: ".o_dito_line:contains('Printer paper')",
        },
        ...submitAndSign(),
    ],
});

/** The holder reviews in the portal: approves the first note, refuses the second with a reason. */
registry.category("web_tour.tours").add("dito_expense_holder_portal_tour", {
    url: "/my/expenses",
    steps: () => [
        {
            content: "Open the first note to approve",
            trigger: "#to_review li:nth-child(1) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Approve",
            trigger: ".o_dito_approve",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The note is approved",
            trigger: ".o_dito_approved",
        },
        {
            content: "Back to the list",
            trigger: ".o_dito_approved",
            run() {
                window.location.href = "/my/expenses";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the other note",
            trigger: "#to_review li:nth-child(1) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Say why",
            trigger: "textarea[name='reason']",
            run: "edit The receipt is missing.",
        },
        {
            content: "Refuse",
            trigger: ".o_dito_refuse",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The note is refused",
            trigger: ".o_dito_refused",
        },
    ],
});

/**
 * The volunteer service closes and bills the month, pays it through the payment order
 * (confirm, pain.001 file, uploaded: the batch is paid), opens the register.
 */
registry.category("web_tour.tours").add("dito_expense_service_tour", {
    url: "/odoo/action-dito_expenses.dito_expense_batch_action",
    steps: () => [
        {
            content: "Open the month's batch (the latest first)",
            trigger: ".o_data_row:first-child .o_data_cell",
            run: "click",
        },
        {
            content: "Close it",
            trigger: "button[name='action_close']",
            run: "click",
        },
        {
            content: "Bill the approved notes",
            trigger: "button[name='action_bill']",
            run: "click",
        },
        {
            content: "Make the payment order of the unpaid bills",
            trigger: "button[name='action_payment_order']",
            // billing, confirming and uploading post moves: slow on a busy machine
            timeout: 60000,
            run: "click",
        },
        {
            content: "One line per bill; confirm the payments",
            trigger: ".o_field_widget[name='payment_line_ids'] .o_data_row",
            timeout: 60000,
            run() {
                const rows = document.querySelectorAll(
                    ".o_field_widget[name='payment_line_ids'] .o_data_row"
                );
                if (rows.length !== 1) {
                    throw new Error(`${rows.length} payment lines for one bill`);
                }
                document.querySelector("button[name='draft2open']").click();
            },
        },
        {
            content: "Generate the SEPA file",
            trigger: "button[name='open2generated']",
            timeout: 60000,
            run: "click",
        },
        {
            content: "The pain.001 file is made",
            trigger: ".o_form_view .o_field_widget[name='datas']:contains(.xml)",
            timeout: 60000,
        },
        {
            content: "Back to the payment order",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "The bank has the file",
            trigger: "button[name='generated2uploaded']",
            run: "click",
        },
        {
            content: "The order is uploaded",
            trigger: ".o_statusbar_status button[data-value='uploaded'].o_arrow_button_current",
            timeout: 60000,
        },
        {
            content: "Back to the batch",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "The batch is paid",
            trigger: ".o_statusbar_status button[data-value='paid'].o_arrow_button_current",
            timeout: 60000,
        },
        {
            content: "The yearly register",
            trigger: "[data-menu-xmlid='dito_expenses.dito_expense_register_menu']",
            run: "click",
        },
        {
            content: "Its year, without thousands separator",
            trigger: ".o_field_widget[name='year'] input",
            run() {
                const value = document.querySelector(".o_field_widget[name='year'] input").value;
                if (!/^20[0-9]{2}$/.test(value)) {
                    throw new Error(`The year reads ${value}`);
                }
            },
        },
    ],
});

/** Every portal page of the volunteer fits a 390 px wide phone (no horizontal scroll). */
function fits(content) {
    return {
        content,
        trigger: "body",
        run() {
            const width = document.documentElement.scrollWidth;
            if (width > window.innerWidth) {
                throw new Error(`${content}: ${width}px wide on a ${window.innerWidth}px screen`);
            }
        },
    };
}

registry.category("web_tour.tours").add("dito_expense_narrow_tour", {
    url: "/my",
    steps: () => [
        fits("Portal home"),
        {
            content: "Expense notes",
            trigger: "a[href='/my/expenses']",
            run: "click",
            expectUnloadPage: true,
        },
        fits("List"),
        {
            content: "A note",
            trigger: "a[href^='/my/expenses/']:not([href$='/new'])",
            run: "click",
            expectUnloadPage: true,
        },
        fits("Note with the line form"),
        {
            content: "A new note",
            trigger: ".breadcrumb a[href='/my/expenses']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "New note",
            trigger: "a.o_dito_new_note",
            run: "click",
            expectUnloadPage: true,
        },
        fits("New note form"),
    ],
});
