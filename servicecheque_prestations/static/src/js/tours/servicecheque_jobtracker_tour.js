import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("servicecheque_jobtracker_tour", {
    url: "/my/jobtracker",
    steps: () => [
        {
            content: "Type a user number that is not one of my clients, with spaces",
            trigger: "input[name='user_number']",
            run: "edit 1234 5678 9013",
        },
        {
            content: "Choose ironing",
            trigger: "select[name='activity']",
            run: "select 3",
        },
        {
            content: "Three hours",
            trigger: "select[name='hours']",
            run: "select 3",
        },
        {
            content: "Next: the summary",
            trigger: ".o_sc_next",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The summary reads back the encoding; correct it",
            trigger: ".o_sc_summary_text:contains('123456789013')",
        },
        {
            content: "Correct",
            trigger: ".o_sc_summary_correct",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pick my client instead",
            trigger: "select[name='client']",
            run: "select 123456789012",
        },
        {
            content: "Clear the typed number",
            trigger: "input[name='user_number']",
            run: "clear",
        },
        {
            content: "Next",
            trigger: ".o_sc_next",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Summary for my client",
            trigger: ".o_sc_summary_text:contains('123456789012')",
        },
        {
            content: "Confirm (1)",
            trigger: ".o_sc_summary_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved: the notice (in the worker's language) and today's list",
            trigger: ".o_sc_message",
        },
        {
            content: "Today's list shows it",
            trigger: ".o_sc_today li:contains('3 h')",
        },
    ],
});
