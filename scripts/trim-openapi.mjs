// Trims BigCommerce's public OpenAPI files down to the operations Backorder calls and writes them as
// JSON fixtures under test/fixtures/bigcommerce-openapi/, so tests never read the reference checkout.
//
//   node scripts/trim-openapi.mjs ../shared/bigcommerce-reference/openapi
//
// Keeps the listed paths and methods, their path-level parameters and every component they reach
// through `$ref` (transitively). References stay references. Examples and documentation-only `x-*`
// keys are dropped to keep the fixtures small; `x-nullable` and `x-required` stay because the
// validator reads `x-nullable`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = {
  repository: 'https://github.com/bigcommerce/docs',
  commit: '24f580ca',
  date: 'April 2026',
};

// Spec file → path key as the spec spells it (relative to its `servers` URL) → methods kept.
const KEEP = {
  'store_information.v2.yml': { '/store': ['get'] },
  'products_catalog.v3.yml': {
    '/catalog/products': ['get', 'put'],
    '/catalog/products/{product_id}': ['get'],
  },
  'product-variants_catalog.v3.yml': {
    '/catalog/products/{product_id}/variants': ['get'],
    '/catalog/variants': ['get', 'put'],
  },
  'inventory.v3.yml': {
    '/inventory/items': ['get'],
    '/inventory/adjustments/absolute': ['put'],
    '/inventory/adjustments/relative': ['post'],
  },
  'webhooks.v3.yml': {
    '/hooks': ['get', 'post'],
    '/hooks/{webhook_id}': ['get', 'put', 'delete'],
  },
  'orders.v2.oas2.yml': {
    '/orders': ['get'],
    '/orders/{order_id}': ['get', 'put'],
    '/orders/{order_id}/products': ['get'],
    '/orders/{order_id}/shipping_addresses': ['get'],
  },
  'scripts.v3.yml': {
    '/content/scripts': ['get', 'post'],
    '/content/scripts/{uuid}': ['delete'],
  },
};

// Where our own list spells a path parameter differently from the spec.
const RENAMED = [['/v3/hooks/{id}', '/v3/hooks/{webhook_id}']];

const DROPPED_KEYS = new Set(['example', 'examples']);
const KEPT_EXTENSIONS = new Set(['x-nullable', 'x-required']);
// Objects whose keys are names chosen by the spec author (a property may well be called `example`).
const NAME_MAPS = new Set(['properties', 'patternProperties', 'schemas', 'definitions', 'parameters']);

function loadYaml(file) {
  // js-yaml is not a direct dependency; it reaches node_modules through jest (istanbul). This is a
  // hand-run dev script, so borrowing it is fine; add `js-yaml` as a devDependency if it ever goes.
  const require = createRequire(import.meta.url);
  let yaml;
  try {
    yaml = require('js-yaml');
  } catch {
    throw new Error('No YAML parser found: run `npm install --save-dev js-yaml` and try again.');
  }
  const load = yaml.safeLoad ?? yaml.load; // js-yaml 3 vs 4
  return load(readFileSync(file, 'utf8'));
}

function pointerGet(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`External $ref not supported: ${ref}`);
  const tokens = ref
    .slice(2)
    .split('/')
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = doc;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !(token in node)) {
      throw new Error(`Unresolvable $ref: ${ref}`);
    }
    node = node[token];
  }
  return { node, tokens };
}

/** Every top-level component (`[section, name]`, e.g. `['schemas', 'Product']`) reachable from `roots`. */
function collectComponents(doc, roots) {
  const kept = new Map();
  const queue = [...roots];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) {
      queue.push(...node);
    } else if (node !== null && typeof node === 'object') {
      if (typeof node.$ref === 'string') {
        const { tokens } = pointerGet(doc, node.$ref);
        const [root, section, name] = tokens;
        if (root !== 'components' || section === undefined || name === undefined) {
          throw new Error(`$ref outside #/components/<section>/<name>: ${node.$ref}`);
        }
        const key = `${section}/${name}`;
        if (!kept.has(key)) {
          kept.set(key, [section, name]);
          queue.push(doc.components[section][name]);
        }
      }
      queue.push(...Object.values(node));
    }
  }
  return [...kept.values()];
}

function clean(node, parentKey) {
  if (Array.isArray(node)) return node.map((item) => clean(item));
  if (node === null || typeof node !== 'object') return node;
  const isNameMap = NAME_MAPS.has(parentKey);
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && DROPPED_KEYS.has(key)) continue;
    if (!isNameMap && key.startsWith('x-') && !KEPT_EXTENSIONS.has(key)) continue;
    out[key] = clean(value, isNameMap ? undefined : key);
  }
  return out;
}

function trim(doc, keep) {
  const paths = {};
  for (const [path, methods] of Object.entries(keep)) {
    const item = doc.paths?.[path];
    if (!item) throw new Error(`Path not in spec: ${path}`);
    paths[path] = {};
    if (item.parameters) paths[path].parameters = item.parameters;
    for (const method of methods) {
      if (!item[method]) throw new Error(`Method not in spec: ${method.toUpperCase()} ${path}`);
      paths[path][method] = item[method];
    }
  }
  const components = {};
  for (const [section, name] of collectComponents(doc, Object.values(paths))) {
    components[section] ??= {};
    components[section][name] = doc.components[section][name];
  }
  if (doc.components?.securitySchemes) components.securitySchemes = doc.components.securitySchemes;
  const sorted = Object.fromEntries(
    Object.entries(components).map(([section, entries]) => [
      section,
      Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))),
    ]),
  );
  return clean({
    openapi: doc.openapi,
    info: { title: doc.info?.title, version: doc.info?.version },
    servers: doc.servers,
    security: doc.security,
    paths,
    components: sorted,
  });
}

function basePath(doc) {
  const url = doc.servers?.[0]?.url ?? '';
  return url.replace(/^https:\/\/api\.bigcommerce\.com\/stores\/\{store_hash\}/, '');
}

function sourceNote(operations, today) {
  const lines = [
    '# BigCommerce OpenAPI fixtures',
    '',
    `Trimmed copies of BigCommerce's public OpenAPI files, from the developer-docs repository`,
    `[bigcommerce/docs](${SOURCE.repository}), commit \`${SOURCE.commit}\` (${SOURCE.date}), files`,
    '`reference/*.yml`. Trimmed on ' + `${today} by \`scripts/trim-openapi.mjs\`; do not edit by hand.`,
    '',
    'Each file keeps only the operations below, their path-level parameters and every component they',
    'reference (transitively; `$ref`s are kept as references). `example`, `examples` and `x-*` keys',
    'other than `x-nullable` and `x-required` are removed. All seven files are OpenAPI 3.0, including',
    '`orders.v2.oas2.yml` despite its name.',
    '',
    'Paths are relative to `https://api.bigcommerce.com/stores/{store_hash}`.',
    '',
    '| Operation | Fixture |',
    '| --- | --- |',
    ...operations.map(([op, file]) => `| \`${op}\` | \`${file}\` |`),
    '',
    'Path parameters spelled differently in the spec than in our client:',
    '',
    ...RENAMED.map(([ours, spec]) => `- \`${ours}\` is \`${spec}\` in the spec.`),
    '',
    'To refresh: `node scripts/trim-openapi.mjs <checkout of bigcommerce/docs>/reference`.',
    '',
  ];
  return lines.join('\n');
}

/** Writes `text` formatted with the project's Prettier config, so `prettier --check .` stays clean. */
async function writeFormatted(file, text) {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}

async function main() {
  const sourceDir = process.argv[2];
  if (!sourceDir) {
    console.error('usage: node scripts/trim-openapi.mjs <dir with BigCommerce reference/*.yml>');
    process.exit(2);
  }
  const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/bigcommerce-openapi');
  mkdirSync(outDir, { recursive: true });
  const operations = [];
  for (const [file, keep] of Object.entries(KEEP)) {
    const doc = loadYaml(join(sourceDir, file));
    const trimmed = trim(doc, keep);
    const outFile = file.replace(/\.yml$/, '.json');
    await writeFormatted(join(outDir, outFile), JSON.stringify(trimmed, null, 2));
    for (const [path, methods] of Object.entries(keep)) {
      for (const method of methods) {
        operations.push([`${method.toUpperCase()} ${basePath(doc)}${path}`, outFile]);
      }
    }
    console.log(`${outFile}: ${Object.keys(trimmed.paths).length} paths`);
  }
  const today = new Date().toISOString().slice(0, 10);
  await writeFormatted(join(outDir, 'SOURCE.md'), sourceNote(operations, today));
}

await main();
