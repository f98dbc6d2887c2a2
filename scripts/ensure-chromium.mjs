#!/usr/bin/env node
// The browser tests drive Debian's Chromium (playwright-core, never a downloaded browser). `npm test`
// runs this first: Chromium there, nothing said; missing, installed with apt-get as .ci/run does (as
// root, or through sudo when it needs no password), in one line; otherwise one line saying how.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

if (executable(CHROMIUM)) process.exit(0);

const fail = (why) => {
  process.stderr.write(
    `backorder: the browser tests need Chromium at ${CHROMIUM} (${why}): install it with ` +
      `"sudo apt-get install chromium", or set CHROMIUM_PATH to one.\n`,
  );
  process.exit(1);
};

// Someone else's browser (CHROMIUM_PATH) is theirs to install.
if (process.env.CHROMIUM_PATH && CHROMIUM !== '/usr/bin/chromium') fail('not found');
if (!succeeds('sh', ['-c', 'command -v apt-get'])) fail('not installed, and this system has no apt-get');
const root = process.getuid?.() === 0;
if (!root && !succeeds('sudo', ['-n', 'true'])) fail('not installed, and installing it needs root');

process.stdout.write("Installing Debian's Chromium for the browser tests (apt-get install chromium)…\n");
const sudo = root ? '' : 'sudo ';
const install = spawnSync(
  'sh',
  [
    '-c',
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
if (install.status !== 0 || !executable(CHROMIUM)) {
  const said = install.stderr?.trim().split('\n').pop() ?? '';
  fail(`apt-get install chromium failed${said ? `: ${said}` : ''}`);
}
