import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Random bytes for UUIDv7 from a pool: crypto.getRandomValues per id (uuid's default) costs ~15 µs per append. */
const randomPool = Buffer.allocUnsafe(16 * 256);
let randomPos = randomPool.length;
export function newId(): string {
  if (randomPos >= randomPool.length) {
    randomFillSync(randomPool);
    randomPos = 0;
  }
  const random = randomPool.subarray(randomPos, randomPos + 16);
  randomPos += 16;
  return uuidv7({ random });
}
