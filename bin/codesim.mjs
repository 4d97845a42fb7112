#!/usr/bin/env node
// Entry point: the bundled CLI (dist/bundle/main.js, one file: starts in about half the time of the per-module
// build), built by `npm install` through the `prepare` script; falls back to the TypeScript sources through tsx's
// loader when no build is present.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bundle/main.js', import.meta.url);
let main;
if (existsSync(built)) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
