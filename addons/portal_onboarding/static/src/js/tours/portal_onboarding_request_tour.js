import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("portal_onboarding_request_tour", {
    url: "/onboarding/test-workers",
    steps: () => [
        {
            content: "Fill in the name",
            trigger: "input[name='name']",
            run: "edit Tour Person",
        },
        {
            content: "Fill in the e-mail address",
            trigger: "input[name='email']",
            run: "edit tour.person@example.com",
        },
        {
            content: "Leave a phone number",
            trigger: "input[name='phone']",
            run: "edit +32 470 11 22 33",
        },
        {
            content: "Ask to be called in the afternoon",
            trigger: "select[name='call_time']",
            run: "select afternoon",
        },
        {
            content: "Send the request",
            trigger: "button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is confirmed",
            trigger: ".o_onboarding_request_received:contains('We have your request')",
        },
    ],
});
