import { registry } from "@web/core/registry";

// A small PDF ("%PDF-1.4 ... %%EOF"): the server recognises it by its first bytes.
const PDF_BASE64 = "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK";

async function attachFile(input, name, type, base64) {
    const blob = await (await fetch(`data:${type};base64,${base64}`)).blob();
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File([blob], name, { type }));
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/**
 * An anonymous citizen files a complaint with a photo of the letter, reads the
 * confirmation, then follows the link to the tracking page. `commune` is the commune's
 * label in the page's language; `subject` tells the Python test which complaint to check.
 */
function filingSteps({ commune, subject }) {
    return [
        {
            content: "Choose a complaint (réclamation)",
            trigger: "#chikaya_kind_reclamation",
            run: "check",
        },
        {
            content: "Choose the region",
            trigger: "#chikaya_region_id",
            run: "selectByLabel Région Test",
        },
        {
            // The whole country is loaded, one group of provinces per region: after the
            // choice only one group is left, the one holding Province Test (test data, same
            // label in every language).
            content: "The provinces are narrowed to the region",
            trigger:
                "#chikaya_province_id:has(optgroup option:contains(Province Test)):not(:has(optgroup ~ optgroup))",
        },
        {
            content: "Choose the province",
            trigger: "#chikaya_province_id",
            run: "selectByLabel Province Test",
        },
        {
            content: "The communes are narrowed to the province: C (other province) is gone",
            trigger:
                "#chikaya_commune_id:has(option:contains(Commune B)):not(:has(option:contains(Commune C))):not(:has(optgroup ~ optgroup))",
        },
        {
            content: "Choose the commune",
            trigger: "#chikaya_commune_id",
            run: `selectByLabel ${commune}`,
        },
        {
            content: "Choose the theme",
            trigger: "#chikaya_theme_id",
            run: "selectByLabel Test lighting",
        },
        {
            content: "Subject",
            trigger: "#chikaya_subject",
            run: `edit ${subject}`,
        },
        {
            content: "Description",
            trigger: "#chikaya_description",
            run: "edit The street light in front of number 7 has been out for ten days.",
        },
        {
            content: "Attach the letter (a PDF)",
            trigger: "#chikaya_attachments",
            run: async () => {
                await attachFile(
                    document.querySelector("#chikaya_attachments"),
                    "letter.pdf",
                    "application/pdf",
                    PDF_BASE64
                );
            },
        },
        { content: "Name", trigger: "#chikaya_citizen_name", run: "edit Youssef Tour" },
        { content: "ID type", trigger: "#chikaya_citizen_id_type", run: "select cin" },
        { content: "ID number", trigger: "#chikaya_citizen_id_number", run: "edit K98765" },
        { content: "Email", trigger: "#chikaya_citizen_email", run: "edit youssef.tour@example.ma" },
        { content: "Phone", trigger: "#chikaya_citizen_phone", run: "edit 0661234567" },
        { content: "Consent", trigger: "#chikaya_consent", run: "check" },
        {
            content: "Send",
            trigger: "#chikaya_complaint_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation shows the tracking number and the access code",
            trigger: "#chikaya_tracking_number:contains(CHK-)",
        },
        {
            content: "The access code is there",
            trigger: "#chikaya_access_code:not(:empty)",
        },
        {
            content: "Follow the request",
            trigger: "#chikaya_track_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint opens on the tracking page",
            trigger: "#chikaya_complaint_detail[data-complaint-number^='CHK-']",
        },
    ];
}

registry.category("web_tour.tours").add("chikaya_portal_filing_tour", {
    steps: () => filingSteps({ commune: "Commune A", subject: "Tour: street light out" }),
});

registry.category("web_tour.tours").add("chikaya_portal_filing_ar_tour", {
    steps: () => [
        {
            content: "The page is in Arabic, right to left",
            trigger: "html[dir=rtl][lang^=ar]",
        },
        ...filingSteps({ commune: "جماعة أ", subject: "Tour AR: street light out" }),
        {
            content: "Still in Arabic on the tracking page",
            trigger: "html[dir=rtl][lang^=ar]",
        },
    ],
});

/**
 * Accessibility of the form with the server's error messages shown: submit it empty, then
 * audit the page the server sends back.
 */
registry.category("web_tour.tours").add("chikaya_portal_filing_errors_tour", {
    steps: () => [
        {
            content: "Send the empty form",
            trigger: "#chikaya_complaint_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The error summary is shown",
            trigger: "#chikaya_form_errors[role=alert]",
        },
        {
            content: "Each field in error is marked and described",
            trigger: "#chikaya_subject[aria-invalid=true][aria-describedby~=chikaya_subject_error]",
        },
        {
            content: "Audit the form with its errors",
            trigger: "#chikaya_form_errors",
            run: async () => {
                await window.chikayaAxeCheck("form with errors");
            },
        },
    ],
});

/** Accessibility of the confirmation page: file an anonymous observation, then audit. */
registry.category("web_tour.tours").add("chikaya_portal_filing_confirmation_tour", {
    steps: () => [
        { content: "An observation", trigger: "#chikaya_kind_observation", run: "check" },
        { content: "Region", trigger: "#chikaya_region_id", run: "selectByLabel Région Test" },
        { content: "Province", trigger: "#chikaya_province_id", run: "selectByLabel Province Test" },
        { content: "Commune", trigger: "#chikaya_commune_id", run: "selectByLabel Commune B" },
        { content: "Theme", trigger: "#chikaya_theme_id", run: "selectByLabel Test lighting" },
        { content: "Subject", trigger: "#chikaya_subject", run: "edit Tour: audit observation" },
        { content: "Description", trigger: "#chikaya_description", run: "edit A bench is broken." },
        { content: "Consent", trigger: "#chikaya_consent", run: "check" },
        {
            content: "Send",
            trigger: "#chikaya_complaint_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Audit the confirmation",
            trigger: "#chikaya_tracking_number:contains(CHK-)",
            run: async () => {
                await window.chikayaAxeCheck("confirmation");
            },
        },
    ],
});
