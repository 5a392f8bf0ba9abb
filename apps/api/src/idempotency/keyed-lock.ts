// One request at a time per key in this process: a second request with the same key waits for
// the first to answer and then finds its answer, instead of racing it to the store.
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The map holds only keys somebody is using or waiting for.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many keys are held or waited for (tests, metrics). */
  get size(): number {
    return this.tails.size;
  }
}
