import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("servicecheque_prestations_tour", {
    url: "/my/prestations",
    steps: () => [
        {
            content: "The wallet shows the balance",
            trigger: ".o_sc_wallet .o_sc_balance",
        },
        {
            content: "Confirm the first performance",
            trigger: ".o_sc_performance:first .o_sc_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Confirmed",
            trigger: ".o_sc_message",
        },
        {
            content: "Open the contest form of the other performance",
            trigger: ".o_sc_performance:has(.o_sc_confirm) .o_sc_contest",
            run: "click",
        },
        {
            content: "Say what is wrong",
            trigger: ".o_sc_contest_form.show textarea[name='reason']",
            run: "edit She left after two hours",
        },
        {
            content: "Send the contest",
            trigger: ".o_sc_contest_form.show .o_sc_contest_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Contest sent: the contested badge is shown",
            trigger: ".o_sc_message",
        },
        {
            content: "The contested performance has the warning colour",
            trigger: ".o_sc_status.text-bg-warning",
        },
    ],
});
