#!/usr/bin/env node
// `npm run build` (and so `npm start`): the server code (tsc into dist/) and the admin (Vite into
// web/dist/), each only when its inputs changed since its last build. A build that succeeds leaves a
// stamp, the hash of its inputs, in its output folder; the same inputs again keep that output.
// `node scripts/build.mjs web` builds the admin alone; `--force` builds whatever the stamps say.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const args = process.argv.slice(2);
const force = args.includes('--force');
const only = args.find((a) => !a.startsWith('--'));

const STEPS = {
  server: {
    what: 'server',
    out: 'dist',
    // The first file `npm start` runs: no stamp counts without it.
    product: 'dist/app/main.js',
    inputs: ['core', 'server', 'jobs', 'app', 'emulator', 'bench', 'tsconfig.json', 'tsconfig.build.json'],
    run: [[bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json']],
  },
  web: {
    what: 'admin',
    out: 'web/dist',
    product: 'web/dist/index.html',
    // The admin imports the admin contract from core/ and nothing else outside web/.
    inputs: ['web', 'core/contract', 'scripts/bundle-size.mjs'],
    run: [
      [bin('vite', 'bin/vite.js'), 'build', '--config', 'web/vite.config.mjs'],
      ['scripts/bundle-size.mjs'],
    ],
  },
};
const COMMON_INPUTS = ['package-lock.json', 'scripts/build.mjs'];
const STAMP = '.build-inputs';
const SKIP = new Set(['node_modules', 'dist', '.vite']);

/** Every file under the inputs, in a fixed order, hashed with its path. */
function hashOf(inputs) {
  const hash = createHash('sha256');
  const visit = (rel) => {
    const abs = path.join(root, rel);
    const entries = readdirSync(abs, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (SKIP.has(entry.name)) continue;
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile()) hash.update(`${child}\0`).update(readFileSync(path.join(root, child)));
    }
  };
  for (const input of [...inputs, ...COMMON_INPUTS].sort()) {
    const abs = path.join(root, input);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) visit(input);
    else hash.update(`${input}\0`).update(readFileSync(abs));
  }
  return hash.digest('hex');
}

const kept = [];
for (const [name, step] of Object.entries(STEPS)) {
  if (only && only !== name) continue;
  const stamp = path.join(root, step.out, STAMP);
  const inputs = hashOf(step.inputs);
  const built =
    existsSync(path.join(root, step.product)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs;
  if (built && !force) {
    kept.push(`the ${step.what} (${step.out}/)`);
    continue;
  }
  for (const [script, ...rest] of step.run) {
    const run = spawnSync(process.execPath, [script, ...rest], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  writeFileSync(stamp, inputs);
}
if (kept.length > 0) console.log(`build: kept ${kept.join(' and ')}: sources unchanged since the last build`);
