/**
 * Large work buffers kept for reuse within a thread (the verifier's read buffer, the PostgreSQL rows writer's output).
 * A new buffer costs a page fault for each 4 KiB the first time it is filled, and faults are dear on a virtual
 * machine: measured, a new 4 MiB read buffer per station cost about 0.6 s of kernel CPU when verifying 1M events in
 * 50 stations (`steadywork verify`: 1.3–1.5 s of kernel CPU before, 0.7–0.9 s after).
 *
 * A buffer is given back only when nothing refers to it any more (its user has finished); at most MAX_SPARE are kept.
 */
const spare: Buffer[] = [];
const MAX_SPARE = 2;

/** A buffer of exactly `size` bytes (contents undefined): a spare one of that size, or a new one. */
export function takeBuffer(size: number): Buffer {
  const i = spare.findIndex((b) => b.length === size);
  return i === -1 ? Buffer.allocUnsafe(size) : (spare.splice(i, 1)[0] as Buffer);
}

/** Keep `buf` for the next takeBuffer of its size (its user no longer reads or writes it). */
export function giveBackBuffer(buf: Buffer): void {
  if (spare.length < MAX_SPARE && !spare.includes(buf)) spare.push(buf);
}
