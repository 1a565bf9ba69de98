// Installs the validation tools exactly as package-lock.json pins them (npm ci), unless node_modules already holds
// that lock file's install: the deploy module's build runs this before its tests (deploy/pom.xml).
// usage: node install.mjs [npm executable]
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const npm = process.argv[2] ?? "npm";
const stamp = "node_modules/.installed-lock.sha256";
const lock = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");

if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === lock) {
  console.log("deploy/validation: node_modules is current (package-lock.json " + lock.slice(0, 12) + ")");
  process.exit(0);
}
console.log("deploy/validation: npm ci (package-lock.json " + lock.slice(0, 12) + ")");
const ci = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { stdio: "inherit" });
if (ci.error) {
  console.error(`deploy/validation: cannot run ${npm} (${ci.error.message}): the deploy module needs Node.js and npm`);
  process.exit(1);
}
if (ci.status !== 0) {
  process.exit(ci.status ?? 1);
}
writeFileSync(stamp, lock + "\n");
