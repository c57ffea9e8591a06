#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm ci` / `npm run build` into dist/).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`ssgan: ${entry} is missing; run \`npm run build\` first\n`);
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
