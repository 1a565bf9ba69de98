// Validates Kubernetes objects against the schemas of their kind, offline: kubernetes-models for the built-in kinds,
// its third-party packages for Strimzi, CloudNativePG and the Prometheus operator (versions in package-lock.json).
// Types, formats, enums and required fields are checked; unknown fields are not (the schemas allow them): the deploy
// module's Java tests check those (docs/testing.md).
//
// usage: node validate.mjs [--json] file.yaml...   (multi-document YAML, e.g. kustomize build output)
// Prints each object's errors (--json: one JSON object per line, for the deploy module's tests) and exits 1 when an
// object is invalid or of a kind without a schema here (an apiVersion or kind nobody knows is an error, not a pass),
// 2 when a file cannot be read or parsed.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// API group → the package holding its models; groups not listed are Kubernetes' own (kubernetes-models).
const PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};
const API_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const json = process.argv.includes("--json");
const files = process.argv.slice(2).filter((arg) => arg !== "--json");
if (files.length === 0) {
  console.error("usage: node validate.mjs [--json] file.yaml...");
  process.exit(2);
}

async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion)) {
    return { error: `apiVersion ${JSON.stringify(apiVersion)} is not an API version` };
  }
  if (typeof kind !== "string" || !KIND.test(kind)) {
    return { error: `kind ${JSON.stringify(kind)} is not a kind` };
  }
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const pkg = PACKAGES[group] ?? (group === "" || !group.includes(".") || group.endsWith(".k8s.io") ? "kubernetes-models" : null);
  if (pkg === null) {
    return { error: `no schema for ${apiVersion} ${kind}: API group ${group} is not one validate.mjs knows` };
  }
  let model;
  try {
    model = (await import(`${pkg}/${apiVersion}/${kind}`))[kind];
  } catch {
    model = undefined;
  }
  // An index may export parts of a kind (DeploymentSpec): only a top-level model of this very kind counts.
  if (typeof model !== "function" || model.apiVersion !== apiVersion || model.kind !== kind) {
    return { error: `no schema for ${apiVersion} ${kind} in ${pkg}: an unknown kind, or a version it does not have` };
  }
  return { model };
}

function errorsOf(failure) {
  // kubernetes-models throws one error listing every schema violation, one per line.
  return String(failure?.message ?? failure).split("\n").map((line) => line.trim()).filter(Boolean);
}

let invalid = 0;
let valid = 0;
for (const file of files) {
  let documents;
  try {
    documents = parseAllDocuments(readFileSync(file, "utf8"));
  } catch (unreadable) {
    console.error(`${file}: cannot be read: ${unreadable.message}`);
    process.exit(2);
  }
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      console.error(`${file}: document ${index + 1} is not YAML: ${document.errors[0].message}`);
      process.exit(2);
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue;
    }
    const { apiVersion, kind } = object;
    const name = object.metadata?.name ?? null;
    const result = { file, document: index + 1, apiVersion: apiVersion ?? null, kind: kind ?? null, name, errors: [] };
    if (typeof object !== "object" || Array.isArray(object)) {
      result.errors.push("not a Kubernetes object (a mapping with apiVersion and kind)");
    } else {
      const { model, error } = await modelOf(apiVersion, kind);
      if (error) {
        result.errors.push(error);
      } else {
        try {
          new model(object).validate();
        } catch (failure) {
          result.errors.push(...errorsOf(failure));
        }
      }
    }
    if (result.errors.length > 0) {
      invalid++;
    } else {
      valid++;
    }
    if (json) {
      console.log(JSON.stringify(result));
    } else if (result.errors.length > 0) {
      console.log(`INVALID ${file} #${result.document}: ${apiVersion} ${kind} ${name}\n  ${result.errors.join("\n  ")}`);
    } else {
      console.log(`valid   ${file} #${result.document}: ${apiVersion} ${kind} ${name}`);
    }
  }
}
if (!json) {
  console.log(`${valid + invalid} objects: ${valid} valid, ${invalid} invalid`);
}
process.exitCode = invalid > 0 ? 1 : 0;
