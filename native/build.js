#!/usr/bin/env node
/*
 * Builds the native addon with node-gyp at install. Never fails the install: where there is no
 * C compiler, Node headers or node-gyp, it prints one line and ssgan runs on plain wasm.
 * Plain JavaScript, because it runs before anything is compiled.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const log = path.join(here, 'build.log');

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package: the candidates above may still exist
  }
  return candidates.find((file) => file && fs.existsSync(file));
}

function main() {
  if (process.env.SSGAN_NATIVE === '0') return;
  const gyp = nodeGyp();
  if (!gyp) {
    console.log('ssgan: native kernels not built (node-gyp not found); training runs on plain wasm');
    return;
  }
  const args = [gyp, 'rebuild'];
  // Node's own headers, where installed, spare node-gyp a download this machine may not reach.
  const prefix = path.join(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const result = spawnSync(process.execPath, args, { cwd: here, encoding: 'utf8' });
  fs.writeFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`);
  if (result.status === 0) {
    console.log('ssgan: native kernels built (native/build/Release/ssgan_native.node)');
  } else {
    console.log(`ssgan: native kernels not built (see ${path.relative(process.cwd(), log)}); training runs on plain wasm`);
  }
}

main();
