// electron-builder `beforePack` hook (electron-builder.yml): refuse to build an installer without the DuckDB native
// binding of its target platform and architecture. npm installs only the binding of the machine it runs on, and an
// installer with another platform's binding would open no ledger at all. Build each installer on its own OS
// (docs/packaging.md: the CI matrix), where `npm ci` installs the right binding.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // electron-builder's Arch enum, by value

/** The binding packages the target needs (@duckdb/node-bindings selects one of them at run time). */
function duckdbBindingsFor(platform, arch) {
  const archs = arch === 'universal' ? ['x64', 'arm64'] : [arch];
  return archs.map((a) => `@duckdb/node-bindings-${platform}-${a}`);
}

function missingBindings(root, platform, arch) {
  return duckdbBindingsFor(platform, arch).filter((pkg) => !existsSync(path.join(root, 'node_modules', pkg, 'duckdb.node')));
}

async function beforePack(context) {
  const platform = context.electronPlatformName; // linux, win32, darwin, mas
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const root = context.packager?.projectDir ?? process.cwd();
  const missing = missingBindings(root, platform === 'mas' ? 'darwin' : platform, arch);
  if (missing.length > 0) {
    throw new Error(
      `Steadywork: cannot build the ${platform}-${arch} installer here: node_modules/${missing.join(', node_modules/')} ` +
        `(DuckDB's native binding for that platform) is not installed; npm installs only this machine's ` +
        `(${process.platform}-${process.arch}). Build it on ${platform}-${arch} with \`npm ci && npm run dist\` ` +
        '(docs/packaging.md, "One installer per OS").',
    );
  }
}

module.exports = beforePack;
module.exports.default = beforePack;
module.exports.duckdbBindingsFor = duckdbBindingsFor;
module.exports.missingBindings = missingBindings;
