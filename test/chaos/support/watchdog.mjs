// Cleans up after a fault run that died without doing it itself (Ctrl-C, a killed jest: jest gives a
// test no way to handle signals). Started detached by children.ts with the run's pid and a registry
// file it keeps up to date; when that pid is gone, ends every process listed and removes every folder
// listed. It exits once the registry file is removed (the run cleaned up).
/* global setInterval, setTimeout */
import fs from 'node:fs';

const [parentPid, registry] = process.argv.slice(2);
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const signal = (pid, sig) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};

let cleaning = false;
setInterval(() => {
  if (cleaning) return;
  if (!fs.existsSync(registry)) process.exit(0);
  if (alive(Number(parentPid))) return;
  cleaning = true;
  let state = { children: [], folders: [] };
  try {
    state = JSON.parse(fs.readFileSync(registry, 'utf8'));
  } catch {
    // a half-written registry: the last whole one is not kept, so do what can be done
  }
  for (const child of state.children) {
    signal(child.pid, 'SIGCONT');
    signal(child.pid, child.signal);
  }
  setTimeout(() => {
    for (const child of state.children) signal(child.pid, 'SIGKILL');
    for (const folder of state.folders) fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(registry, { force: true });
    process.exit(0);
  }, 3000);
}, 500);
