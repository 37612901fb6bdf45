// Progressive enhancement only: every page works without this file.
//
// `make assets` bundles this file with the GOV.UK Frontend components the pages use (esbuild,
// tree-shaken and minified) into directory/static/app.js: 18 KB instead of the 47 KB of GOV.UK
// Frontend's whole bundle, which keeps the results page under its 150 KB weight. A template that
// starts using another component with JavaScript (data-module="govuk-...") adds it here.
// Checkboxes and Radios are left out: their JavaScript only reveals conditional questions,
// which no page has.
import {
  Button,
  CharacterCount,
  ErrorSummary,
  NotificationBanner,
  ServiceNavigation,
  SkipLink,
  createAll,
  isSupported,
} from "govuk-frontend";

if (isSupported()) {
  for (const Component of [
    Button,
    CharacterCount,
    ErrorSummary,
    NotificationBanner,
    ServiceNavigation,
    SkipLink,
  ]) {
    createAll(Component);
  }
}

// "Print this page" buttons are hidden in the HTML and shown only where JavaScript can print.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The results page's filters start folded away, so that on a phone the results come first;
// where the filters fit beside the results (GOV.UK's desktop width), unfold them.
const filters = document.querySelector("[data-app-filters]");
if (filters && window.matchMedia("(min-width: 48.0625em)").matches) {
  filters.open = true;
}
