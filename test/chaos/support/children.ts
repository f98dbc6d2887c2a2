/**
 * Everything a fault run starts, so that all of it goes away at the end, pass or fail: child
 * processes (Redis, PostgreSQL, the app) and temporary folders. Jest gives a test no way to handle
 * Ctrl-C, so a detached watchdog (watchdog.js) holds the same list in a file and cleans up if the
 * run's process dies first.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Started } from '../../support/processes';

/** Each running child with the signal that ends it at once (PostgreSQL: SIGQUIT, which ends its backends too). */
const children = new Map<ChildProcess, NodeJS.Signals>();
const folders = new Set<string>();
let runs = 0;
/** The file the current run's watchdog reads; none between runs. */
let registry: string | undefined;

function record() {
  if (!registry) {
    registry = path.join(os.tmpdir(), `chaos-registry-${process.pid}-${++runs}.json`);
    spawn(process.execPath, [path.join(__dirname, 'watchdog.mjs'), String(process.pid), registry], {
      detached: true,
      stdio: 'ignore',
    }).unref();
  }
  const state = {
    children: [...children].map(([child, signal]) => ({ pid: child.pid, signal })),
    folders: [...folders],
  };
  writeFileSync(`${registry}.next`, JSON.stringify(state));
  renameSync(`${registry}.next`, registry);
}

/** Keeps `child` for the final clean-up (dropped again once it has exited). */
export function track(child: ChildProcess, hardSignal: NodeJS.Signals = 'SIGKILL'): ChildProcess {
  children.set(child, hardSignal);
  child.once('exit', () => {
    children.delete(child);
    record();
  });
  record();
  return child;
}

/** A temporary folder removed at the end. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `chaos-${prefix}-`));
  folders.add(dir);
  record();
  return dir;
}

/**
 * Spawns a service as `runApp` spawns the app, but any command, with stderr and stdout read as one
 * (PostgreSQL says it is ready on stderr), so `waitForOutput` works for it.
 */
export function spawnService(
  command: string,
  args: string[],
  options: SpawnOptions = {},
  hardSignal: NodeJS.Signals = 'SIGKILL',
): Started {
  const child = track(spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] }), hardSignal);
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => '', exited };
}

/** Resolves once `child` has exited, sending SIGKILL if `signal` did not do it within `graceMs`. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs = 10_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT'); // a paused process handles nothing else
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running (politely, then SIGKILL) and removes every temporary folder. */
export async function cleanUpAll(): Promise<void> {
  await Promise.all([...children.keys()].map((c) => stopChild(c, 'SIGTERM', 5000)));
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
  // The watchdog sees its list gone and exits.
  if (registry) rmSync(registry, { force: true });
  registry = undefined;
}
