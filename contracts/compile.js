// compile.js compiles Solidity sources with the solc npm package (pinned in
// package.json; it bundles its compiler, so nothing is downloaded).
//
//   node compile.js FILE.sol...   prints {"solc": version, "contracts": {Name: {"abi": [...], "bin": "hex"}}}
//
// Settings are fixed here so that every machine produces the same bytecode.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node compile.js FILE.sol...\n');
  process.exit(2);
}
const sources = {};
for (const f of files) {
  sources[path.basename(f)] = { content: fs.readFileSync(f, 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
if (errors.length > 0) {
  for (const e of errors) process.stderr.write(e.formattedMessage + '\n');
  process.exit(1);
}
const contracts = {};
for (const src of Object.keys(out.contracts || {}).sort()) {
  for (const name of Object.keys(out.contracts[src]).sort()) {
    const c = out.contracts[src][name];
    contracts[name] = { abi: c.abi, bin: c.evm.bytecode.object };
  }
}
process.stdout.write(JSON.stringify({ solc: solc.version(), contracts }) + '\n');
