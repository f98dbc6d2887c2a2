#!/usr/bin/env node
// Prints the gzipped size of the admin's initial JavaScript (the entry chunk and everything it imports
// statically; lazily loaded pages are not counted) and fails above the budget.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 350;
const dist = path.resolve(import.meta.dirname, '..', 'web', 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) visit(dep);
};
for (const [key] of entries) visit(key);

let raw = 0;
let gzip = 0;
const files = [...seen].map((key) => manifest[key].file).filter((f) => f.endsWith('.js'));
for (const file of files) {
  const bytes = readFileSync(path.join(dist, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry).length;
const kb = (n) => (n / 1024).toFixed(1);
console.log(
  `admin initial JS: ${kb(gzip)} KB gzip (${kb(raw)} KB raw, ${files.length} files; ${lazy} pages lazy-loaded); budget ${BUDGET_KB} KB gzip`,
);
if (gzip / 1024 > BUDGET_KB) {
  console.error(
    `The admin's initial JavaScript is over budget: ${kb(gzip)} KB > ${BUDGET_KB} KB gzip. Lazy-load more.`,
  );
  process.exit(1);
}
