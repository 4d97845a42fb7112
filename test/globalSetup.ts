/**
 * vitest global setup: (re)generate the trainer's WebAssembly module (src/train/kernelsWasm.generated.ts, git-ignored)
 * when it is missing or older than asm/trainKernels.ts, so that `npx vitest run …` works on a checkout where only
 * `npm install` — or nothing since an edit of the kernels — has run. `npm test` and `npm run build` do the same first.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/buildWasm.mjs', import.meta.url))], { stdio: 'inherit' });
}
