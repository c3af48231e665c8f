import { registry } from "@web/core/registry";

/**
 * A signed-in citizen answers a request for information from /my/complaints, with a text
 * and a PDF file (the Python test creates the complaint, then checks its state and message).
 */
registry.category("web_tour.tours").add("chikaya_portal_followup_reply", {
    url: "/my/complaints",
    steps: () => [
        {
            content: "Open the complaint waiting for information",
            trigger: "tr[data-complaint-number] a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request for information is shown",
            trigger: "#chikaya_complaint_detail #chikaya_info_request",
        },
        {
            content: "Write the reply",
            trigger: "#chikaya_reply_message",
            run: "edit The lamp post is in front of number 12, rue des Orangers.",
        },
        {
            content: "Attach a PDF",
            trigger: "#chikaya_reply_attachments",
            run() {
                const input = document.querySelector("#chikaya_reply_attachments");
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["%PDF-1.4\n% tour proof\n"], "proof.pdf", {
                        type: "application/pdf",
                    })
                );
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Send the reply",
            trigger: "#chikaya_reply_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The reply was sent; the complaint is back in progress",
            trigger: "#chikaya_followup_done",
        },
        {
            content: "No reply form any more",
            trigger: "#chikaya_complaint_detail[data-complaint-state=in_progress]",
        },
    ],
});
