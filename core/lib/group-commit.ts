/**
 * Group commit: calls that arrive within `windowMs` of the first waiting one (or `max` of them, if
 * sooner) are handed to `flush` together, and each caller gets its own answer, in its place. A flush
 * that throws fails every call in it. Under load this turns many round trips (a transaction, a Redis
 * call) into one per batch; alone, a call waits `windowMs` at most. Batches may overlap: a new one
 * opens while the last is still flushing.
 */
export interface GroupCommitOptions {
  /** Most calls in one batch. */
  max: number;
  /** How long the first call of a batch waits for others to join it. */
  windowMs: number;
}

export function groupCommit<In, Out>(
  flush: (batch: In[]) => Promise<Out[]>,
  options: GroupCommitOptions,
): (item: In) => Promise<Out> {
  type Waiter = { item: In; resolve: (out: Out) => void; reject: (err: unknown) => void };
  let open: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  const close = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = open;
    open = [];
    void (async () => {
      try {
        const outs = await flush(batch.map((w) => w.item));
        if (outs.length !== batch.length) throw new Error(`flush answered ${outs.length} of ${batch.length}`);
        batch.forEach((w, i) => w.resolve(outs[i]!));
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
    })();
  };

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      open.push({ item, resolve, reject });
      if (open.length >= options.max) close();
      else timer ??= setTimeout(close, options.windowMs);
    });
}
