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

registry.category("web_tour.tours").add("dito_expense_volunteer_tour", {
    url: "/my/expenses",
    steps: () => [
        {
            content: "The banner says where a note signed now goes",
            trigger: ".o_dito_banner",
        },
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
            content: "Flat-rate allowance",
            trigger: "input#regime_flat",
            run: "click",
        },
        {
            content: "Create the note",
            trigger: ".o_dito_note_header button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
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
