#!/usr/bin/env node
// The browser tests drive Debian's Chromium (playwright-core, never a downloaded browser). `npm test`
// runs this first: Chromium there, nothing said; missing, installed with apt-get as .ci/run does (as
// root, or through sudo when it needs no password), in one line; otherwise one line saying how.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

const DEBIAN = '/usr/bin/chromium';
const CHROMIUM = process.env.CHROMIUM_PATH || DEBIAN;
const fail = (line) => {
  process.stderr.write(`backorder: ${line}\n`);
  process.exit(1);
};
const missing = `the browser tests need Debian's Chromium (${DEBIAN}), which is not installed`;

if (executable(CHROMIUM)) process.exit(0);
// Someone else's browser (CHROMIUM_PATH) is theirs to install.
if (CHROMIUM !== DEBIAN)
  fail(`CHROMIUM_PATH is ${CHROMIUM}, which is not an executable: point it at Chromium, or unset it.`);
if (!succeeds('sh', ['-c', 'command -v apt-get']))
  fail(`${missing}, and this system has no apt-get: install Chromium and set CHROMIUM_PATH to it.`);
const root = process.getuid?.() === 0;
if (!root && !succeeds('sudo', ['-n', 'true']))
  fail(`${missing}: run "sudo apt-get install chromium" (installing it needs root).`);

process.stdout.write(`Installing Debian's Chromium for the browser tests (apt-get install chromium)…\n`);
const sudo = root ? '' : 'sudo ';
const install = spawnSync(
  'sh',
  [
    '-c',
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
if (install.status !== 0 || !executable(DEBIAN)) {
  const said = install.stderr?.trim().split('\n').pop();
  fail(`apt-get could not install chromium${said ? ` (${said})` : ''}: run "sudo apt-get install chromium".`);
}
