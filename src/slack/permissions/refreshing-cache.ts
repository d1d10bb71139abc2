import { LRUCache } from 'lru-cache';

// A cache that answers from what it last loaded, even when that is older than `freshMs`, and loads
// again in the background (stale-while-revalidate): a key asked about before never waits for a load.
// Only a key never loaded (or not loaded for `keepMs`) waits, and concurrent askers share that one load.
// A failed load is not remembered: the next ask tries again, and a failed refresh keeps the last value.

export interface RefreshingCacheOptions {
  max: number;
  /** How long a loaded value is answered without loading again. */
  freshMs: number;
  /** How long a value is kept at all, stale or not, since it was loaded: older, it is loaded again first. */
  keepMs: number;
  now?: () => number;
  /** A background refresh failed (the stale value stays). */
  onRefreshError?: (key: string, error: unknown) => void;
}

interface Entry<T> {
  loaded?: { value: T; at: number };
  loading?: Promise<T>;
}

export class RefreshingCache<T> {
  private readonly entries: LRUCache<string, Entry<T>>;
  private readonly now: () => number;

  constructor(private readonly options: RefreshingCacheOptions) {
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry<T>>({ max: options.max });
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key) ?? {};
    this.entries.set(key, entry);
    const age = entry.loaded ? this.now() - entry.loaded.at : Infinity;
    if (entry.loaded && age < this.options.keepMs) {
      if (age >= this.options.freshMs && !entry.loading) {
        this.load(entry, load).catch((error: unknown) => this.options.onRefreshError?.(key, error));
      }
      return Promise.resolve(entry.loaded.value);
    }
    return entry.loading ?? this.load(entry, load);
  }

  private load(entry: Entry<T>, load: () => Promise<T>): Promise<T> {
    const loading = load().then(
      (value) => {
        entry.loaded = { value, at: this.now() };
        entry.loading = undefined;
        return value;
      },
      (error: unknown) => {
        entry.loading = undefined;
        throw error;
      },
    );
    entry.loading = loading;
    return loading;
  }
}
