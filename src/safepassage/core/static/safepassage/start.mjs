// GOV.UK Frontend's components (menu toggle, error summary focus, ...): progressive enhancement only.
import { initAll } from "./build/govuk-frontend.min.js";

initAll();
