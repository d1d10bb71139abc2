import type { Store } from './store.js';

// The channel, reminder, summary and installation stores live beside a Store, on the same database connection, but
// are not part of its interface: open-store.ts registers each one with the Store it opened, and the code
// that needs one looks it up from the Store it was given. Weakly held, so a closed store is not kept alive.

export interface CompanionStores<T> {
  /** Called by open-store.ts for each store it opens. */
  register: (store: Store, companion: T) => void;
  /** The companion opened with this store; throws for a store not opened with openStore. */
  of: (store: Store) => T;
}

/** `what` names the companion in the error, e.g. "channel store". */
export function companionStores<T>(what: string): CompanionStores<T> {
  const companions = new WeakMap<Store, T>();
  return {
    register: (store, companion) => {
      companions.set(store, companion);
    },
    of: (store) => {
      const companion = companions.get(store);
      if (!companion) throw new Error(`This store was opened without its ${what} (open it with openStore)`);
      return companion;
    },
  };
}
