#!/usr/bin/env node
// The installed `codesim` command (package.json "bin"). A CommonJS file, because Node starts one a few ms sooner
// than an ES module and one-shot `codesim eval` runs in loops are start-up bound (issue 10 item 12): eval runs
// from its code-cached bundle through dist/bundle/evalEntry.cjs (src/cli/evalEntry.ts). Every other command, and
// eval without a build, goes through bin/codesim.mjs (the bundled ES module CLI, or the sources through tsx).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'bundle');
if (process.argv[2] === 'eval' && existsSync(join(bundle, 'evalEntry.cjs')) && existsSync(join(bundle, 'eval.cjs'))) {
  require(join(bundle, 'evalEntry.cjs'))
    .runEval(join(bundle, 'eval.cjs'), process.argv.slice(3))
    .then((code) => {
      process.exitCode = code;
    });
} else {
  import('./codesim.mjs');
}
