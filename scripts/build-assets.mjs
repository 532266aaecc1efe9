// Builds SafePassage's static assets from the packages that `npm ci` installed (run by `make install`):
// GOV.UK Frontend's Sass compiled with the project's settings and styles, and its JavaScript copied
// beside them, into src/safepassage/core/static/safepassage/build/ (not committed; WhiteNoise serves it).
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const core = join(root, "src", "safepassage", "core");
const out = join(core, "static", "safepassage", "build");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(core, "scss", "safepassage.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  // GOV.UK Frontend's own deprecation notices about Sass features it still uses are not ours to fix.
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "safepassage.css"), result.css);
copyFileSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`assets built in ${out}`);
