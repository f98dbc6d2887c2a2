/**
 * All emulated stores, and their persistence: when `stateFile` is set, state is loaded at start and
 * saved (debounced, written to a temporary file then renamed) after every change.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EventData, EventScope } from './events';
import { DEMO_STORE_NAME, seedStore, type SeedName } from './seed';
import { EmulatedStore } from './store';
import type { PersistedState, StoreData } from './types';

export interface CreateStoreInput {
  hash: string;
  name?: string;
  timeZone?: string;
  /** ISO 3166-1 alpha-2 country of the store (default US). */
  country?: string;
  ownerEmail?: string;
  seed?: SeedName;
}

export interface StateOptions {
  stateFile?: string;
  saveDelayMs?: number;
  onEvent: (store: EmulatedStore, scope: EventScope, data: EventData) => void;
  log: (line: string) => void;
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Fresh store data with ids derived from the hash, so the same hash always gets the same ids. */
export function newStoreData(input: CreateStoreInput): StoreData {
  const h = digest(input.hash);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const ownerId = 1_000_000 + (parseInt(h.slice(8, 14), 16) % 9_000_000);
  return {
    hash: input.hash,
    storeId: 1_000_000 + (parseInt(h.slice(0, 8), 16) % 9_000_000),
    accountUuid: uuid,
    name: input.name ?? (input.seed === 'demo' ? DEMO_STORE_NAME : `Store ${input.hash}`),
    timeZone: input.timeZone ?? 'America/Chicago',
    country: input.country ?? 'US',
    owner: { id: ownerId, email: input.ownerEmail ?? `owner+${input.hash}@example.com` },
    createdAt: new Date().toISOString(),
    products: [],
    orders: [],
    hooks: [],
    scripts: [],
    accessTokens: [],
    nextIds: {
      product: 112,
      variant: 301,
      sku: 501,
      option: 101,
      optionValue: 151,
      order: 100,
      orderLine: 1,
      hook: 26_000_001,
    },
  };
}

export class EmulatorState {
  private readonly stores = new Map<string, EmulatedStore>();
  private saveTimer: NodeJS.Timeout | null = null;
  private loading = false;

  constructor(private readonly options: StateOptions) {}

  load(): void {
    const file = this.options.stateFile;
    if (!file || !existsSync(file)) return;
    let parsed: PersistedState;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot read state file ${file}: ${reason}`, { cause: err });
    }
    if (parsed.version !== 1 || !Array.isArray(parsed.stores))
      throw new Error(`unrecognised state file ${file}`);
    this.loading = true;
    for (const data of parsed.stores) this.stores.set(data.hash, this.wrap(data));
    this.loading = false;
    this.options.log(`loaded ${parsed.stores.length} store(s) from ${file}`);
  }

  create(input: CreateStoreInput): EmulatedStore {
    const existing = this.stores.get(input.hash);
    if (existing) return existing;
    if (!/^[a-z0-9]{1,64}$/.test(input.hash))
      throw new Error(
        `invalid store hash "${input.hash}": use lowercase letters and digits, as BigCommerce does`,
      );
    const store = this.wrap(newStoreData(input));
    this.loading = true;
    try {
      seedStore(store, input.seed ?? 'empty');
    } finally {
      this.loading = false;
    }
    this.stores.set(input.hash, store);
    this.scheduleSave();
    return store;
  }

  get(hash: string): EmulatedStore | undefined {
    return this.stores.get(hash);
  }

  all(): EmulatedStore[] {
    return [...this.stores.values()];
  }

  snapshot(): PersistedState {
    return { version: 1, stores: this.all().map((s) => s.data) };
  }

  scheduleSave(): void {
    if (!this.options.stateFile || this.loading) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), this.options.saveDelayMs ?? 200);
  }

  /** Writes any pending change now (used on close). */
  flush(): void {
    if (this.saveTimer) this.saveNow();
  }

  private saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const file = this.options.stateFile;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot()));
    renameSync(tmp, file);
  }

  private wrap(data: StoreData): EmulatedStore {
    return new EmulatedStore(data, {
      emit: (store, scope, event) => {
        if (!this.loading) this.options.onEvent(store, scope, event);
      },
      changed: () => this.scheduleSave(),
    });
  }
}
